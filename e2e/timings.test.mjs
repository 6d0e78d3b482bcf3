// Honest timings, in headless Chromium: one timed run at a time across every parlab frame and
// tab of an origin (Web Locks), waited for visibly and cancellable while waiting; a quality mark
// on every result row; and each results panel's computing interval on the clock all frames and
// tabs share.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, chromiumForFile, finishedRows, serveDist, waitForPool } from './helpers.mjs';
import { chapterPageHtml, serve, serveHtml } from './server.mjs';

const openPage = chromiumForFile();
const SHORT = 'demo=map&n=1000000&workload=collatz&threads=2&repeats=2';
const LONG = 'demo=map&n=12000000&workload=collatz&threads=2&repeats=2';

/** The results panel's computing interval, epoch milliseconds. */
async function interval(scope) {
  const results = scope.locator('[data-testid=results]');
  return { start: Number(await results.getAttribute('data-run-start')), end: Number(await results.getAttribute('data-run-end')) };
}

/** Resolves once `page`'s run is under way (computing, not waiting). */
async function computing(page) {
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=progress]')?.dataset.fraction) > 0, null, { timeout: 60_000, polling: 20 });
}

/**
 * Serves dist/ on `localhost` and a chapter page on `parent` framing `frames` autorunning copies
 * of SHORT; opens it (after `init`, an init script for every frame, if given) and hands the
 * page to `check`; closes everything after.
 */
async function inChapter({ frames, parent, init }, check) {
  const site = await serve(DIST, { host: 'headers-file', hostname: 'localhost' });
  const chapter = await serveHtml(chapterPageHtml(Array.from({ length: frames }, () => `${site.url}?${SHORT}&autorun=1&embed=1`)), { hostname: parent });
  const { page, errors } = await openPage('about:blank');
  try {
    if (init) await page.addInitScript(init);
    await page.goto(chapter.url);
    await check(page);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    await chapter.close();
    await site.close();
  }
}

/** A long autorun in one tab and, once it computes, Run clicked in a second: both tabs. */
async function secondTabWaiting(server) {
  const first = await openPage(`${server.url}?${LONG}&autorun=1`);
  const second = await openPage(`${server.url}?${SHORT}`);
  await computing(first.page);
  await second.page.locator('[data-testid=isolation][data-state=ready]').waitFor({ timeout: 30_000 });
  await second.page.getByTestId('run').click();
  await second.page.getByTestId('run-waiting').waitFor({ timeout: 5_000 });
  return { first, second };
}

describe('one timed run at a time', () => {
  const server = serveDist({ host: 'headers-file' });

  // The chapter on the same site as parlab, as the course book is: a browser that blocks a
  // cross-site frame's storage also denies it Web Locks (see the next test).
  test('three autorunning frames in one chapter run one after another, all correct', async () => {
    // In every frame: remember whether it ever showed that it waits for another run.
    const init = () => {
      new MutationObserver(() => {
        if (document.querySelector('[data-testid=run-waiting]')) window.parlabSawWaiting = true;
      }).observe(document, { childList: true, subtree: true });
    };
    await inChapter({ frames: 3, parent: 'localhost', init }, async (page) => {
      const runs = [];
      for (const frame of [0, 1, 2].map((i) => page.frameLocator(`#parlab-${i}`))) {
        const rows = await finishedRows(frame);
        assert.deepEqual(rows.map((r) => r.variant), ['sequential', 'parallel']);
        for (const row of rows) {
          assert.equal(row.correct, 'true', row.variant);
          assert.ok(['clean', 'noisy'].includes(row.quality), `${row.variant}: kept apart and in view, yet ${row.quality}`);
        }
        runs.push(await interval(frame));
      }
      runs.sort((a, b) => a.start - b.start);
      for (const run of runs) assert.ok(run.start > 1e12 && run.end > run.start, JSON.stringify(run));
      for (let i = 1; i < runs.length; i += 1) {
        assert.ok(runs[i].start >= runs[i - 1].end, `run ${i} began ${(runs[i - 1].end - runs[i].start).toFixed(1)} ms before the one before it ended`);
      }
      const waited = await Promise.all(page.frames().filter((f) => f !== page.mainFrame()).map((f) => f.evaluate(() => window.parlabSawWaiting === true)));
      assert.ok(waited.filter(Boolean).length >= 2, `frames that waited: ${waited}`);
    });
  });

  test('a frame from another site is marked overlapped exactly when the browser denies it Web Locks', async () => {
    await inChapter({ frames: 1, parent: '127.0.0.1' }, async (page) => {
      const frame = page.frameLocator('#parlab-0');
      const rows = await finishedRows(frame);
      const locks = await page.frames()[1].evaluate(() => navigator.locks.request('parlab-test-probe', () => 'granted').catch((e) => e.name));
      for (const row of rows) {
        assert.equal(row.correct, 'true', row.variant);
        assert.equal(row.quality === 'overlapped', locks !== 'granted', `${row.variant}: ${row.quality} with Web Locks ${locks}`);
      }
      if (locks !== 'granted') assert.match(await frame.getByTestId('quality-advice').textContent(), /could not be kept apart.*another site/);
    });
  });

  test('a run started in a second tab waits for the first, says so, then runs', async () => {
    const { first, second } = await secondTabWaiting(server);
    const waiting = second.page.getByTestId('run-waiting');
    assert.match(await waiting.textContent(), /another parlab demo on this page or in another tab is running/);
    assert.equal(await second.page.getByTestId('status').textContent(), 'Waiting…');
    const secondRows = await finishedRows(second.page);
    const firstRows = await finishedRows(first.page);
    assert.ok(await waiting.count() === 0, 'the waiting note is gone once the run ran');
    for (const row of [...firstRows, ...secondRows]) {
      assert.equal(row.correct, 'true', row.variant);
      assert.notEqual(row.quality, 'overlapped', row.variant);
    }
    const [a, b] = [await interval(first.page), await interval(second.page)];
    assert.ok(b.start >= a.end, `the second tab computed from ${b.start}, the first until ${a.end}`);
    assert.deepEqual([...first.errors, ...second.errors], []);
    await first.page.close();
    await second.page.close();
  });

  test('Cancel while waiting ends the wait; the other run is unaffected and the lock is free after', async () => {
    const { first, second } = await secondTabWaiting(server);
    await second.page.getByTestId('cancel').click();
    await second.page.locator('[data-testid=progress][data-running=false]').waitFor({ timeout: 5_000 });
    assert.equal(await second.page.getByTestId('run-waiting').count(), 0);
    assert.match(await second.page.getByTestId('notice').textContent(), /Cancelled while waiting.*nothing ran/);
    assert.equal(await second.page.getByTestId('results').count(), 0, 'nothing of the cancelled run is shown');
    assert.equal(await first.page.locator('[data-testid=progress]').getAttribute('data-running'), 'true', 'the first run goes on');
    for (const row of await finishedRows(first.page)) assert.equal(row.correct, 'true', row.variant);
    // The cancelled wait left nothing behind: the next run takes the lock at once.
    await second.page.getByTestId('run').click();
    const rows = await finishedRows(second.page);
    assert.deepEqual(rows.map((r) => r.correct), ['true', 'true']);
    assert.deepEqual([...first.errors, ...second.errors], []);
    await first.page.close();
    await second.page.close();
  });
});

describe('the quality mark', () => {
  const server = serveDist({ host: 'headers-file' });

  test('a run during which the page was hidden is marked hidden, with what to do', async () => {
    const { page, errors } = await openPage(`${server.url}?${LONG}&autorun=1`);
    await waitForPool(page, 'ready');
    await computing(page);
    // Hide the page the way the browser tells it: `document.hidden` and a visibilitychange event.
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.waitForTimeout(100);
    await page.evaluate(() => {
      delete document.hidden;
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const rows = await finishedRows(page);
    assert.deepEqual(rows.map((r) => r.quality), ['hidden', 'hidden']);
    assert.match(await page.getByTestId('quality-advice').textContent(), /hidden during the run.*run again/);
    assert.deepEqual(errors, []);
    // A run in view is not marked hidden.
    await page.getByTestId('run').click();
    await page.locator('[data-testid=progress][data-running=true]').waitFor();
    for (const row of await finishedRows(page)) assert.notEqual(row.quality, 'hidden', row.variant);
    await page.close();
  });

  test('without Web Locks the run goes ahead, marked overlapped, and says it could not be kept apart', async () => {
    const { page, errors } = await openPage('about:blank');
    await page.addInitScript(() => { delete Navigator.prototype.locks; });
    await page.goto(`${server.url}?${SHORT}&autorun=1`);
    const rows = await finishedRows(page);
    assert.deepEqual(rows.map((r) => [r.correct, r.quality]), [['true', 'overlapped'], ['true', 'overlapped']]);
    assert.match(await page.getByTestId('quality-advice').textContent(), /could not be kept apart/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
