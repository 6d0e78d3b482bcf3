// The course book (dist/course/, built by scripts/build-book.sh through Trunk's hook), in headless
// Chromium, on a host that applies dist/_headers and on one that sends no headers (GitHub
// Pages, where parlab's service worker isolates each framed demo): every chapter opens, every
// embedded demo loads, waits for Run, then runs on threads as its lesson says (correctly, or with
// the bug it is there to show) and sizes its frame to its content; the book follows its theme
// into the frames; the instructors' parameter sheet names exactly the built demos; and no link of
// the app or the book is broken.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, builtDemos, chromiumForFile, courseChapters, finishedRows, serveDist, waitForPool } from './helpers.mjs';

const openPage = chromiumForFile();

/** The chapters in SUMMARY.md order, as the book's pages (`map.html`, …). */

/** Every embedded demo of `page`: scrolled into view (they load lazily), finished, checked. */
async function checkDemos(page, chapter) {
  const frames = page.locator('iframe.parlab-embed');
  const count = await frames.count();
  const demos = [];
  for (let i = 0; i < count; i += 1) {
    const element = frames.nth(i);
    await element.scrollIntoViewIfNeeded();
    const frame = page.frameLocator('iframe.parlab-embed').nth(i);
    await waitForPool(frame, 'ready', 60_000);
    const src = await element.getAttribute('src');
    // An exercise's demo waits for the student's Run (after their prediction).
    assert.equal(new URL(src, page.url()).searchParams.get('autorun'), null, `${chapter} demo ${i + 1}: no autorun`);
    const poolSize = await frame.locator('[data-testid=isolation]').getAttribute('data-pool-size');
    // The CPU-scheduling simulation and the levels compute nothing in parallel: their pages start one worker.
    const fewest = /demo=(cpu-scheduling|levels)/.test(src) ? 1 : 2;
    assert.ok(Number(poolSize) >= fewest, `${chapter} demo ${i + 1}: threads`);
    if (src.includes('demo=levels')) {
      // A level is played, not run: its first move is made with the first thread's button.
      assert.equal(await frame.locator('[data-testid=thread-program] li.current').count() >= 2, true, `${chapter} demo ${i + 1}: every thread's next line marked`);
      await frame.locator('[data-testid=step-thread][data-thread="0"]').click();
      await frame.locator('[data-testid=undo]:not([disabled])').waitFor();
    } else {
      assert.equal(await frame.getByTestId('result-row').count(), 0, `${chapter} demo ${i + 1}: nothing ran before Run`);
      await frame.getByTestId('run').click();
      const query = new URL(src, page.url()).searchParams;
      const bug = query.get('demo') === 'producer-consumer' ? query.get('bug') : null;
      // The f(x) chapter's "break it" exercise: an f that divides by zero at x = 5000.
      const fault = query.get('workload') === 'custom' && query.get('f').includes('// (x - 5000)');
      const rows = fault ? [] : await finishedRows(frame);
      if (fault) {
        await frame.getByTestId('error').waitFor({ timeout: 60_000 });
        assert.match(await frame.getByTestId('error').textContent(), /division by zero in f for x = 5000/, `${chapter} demo ${i + 1}: the fault`);
        assert.equal(await frame.getByTestId('result-row').count(), 0, `${chapter} demo ${i + 1}: nothing timed`);
      } else if (bug === 'notify-one') {
        // The lesson is the deadlock: every thread asleep on the Condition, caught; only the sequential row.
        assert.equal(await frame.getByTestId('deadlock').getAttribute('data-kind'), 'nobody-to-notify', `${chapter} demo ${i + 1}: caught`);
        assert.deepEqual(rows.map((r) => [r.variant, r.correct]), [['sequential', 'true']], `${chapter} demo ${i + 1}: rows`);
      } else {
        assert.ok(rows.length >= 2, `${chapter} demo ${i + 1}: ${rows.length} rows`);
        for (const row of rows) {
          // The lessons' wrong rows: the race's lost updates, and if-wait's takes from an empty buffer.
          const wrong = (query.get('demo') === 'race' && row.variant === 'unsynchronized') || (bug === 'if-wait' && row.variant === 'parallel' && Number(row.emptyTakes) > 0);
          assert.ok(row.correct === 'true' || wrong, `${chapter} demo ${i + 1}: ${row.variant} correct`);
        }
        if (bug === 'if-wait') assert.ok(Number(rows.find((r) => r.variant === 'parallel')?.emptyTakes) > 0, `${chapter} demo ${i + 1}: empty takes`);
      }
    }
    // The frame is as tall as its content (parlab posts its height; embed.js applies it). The
    // framed page may be isolated in an agent cluster of its own, so each side is read by itself.
    const heights = async () => [await element.evaluate((e) => e.clientHeight), await frame.locator('html').evaluate((e) => e.getBoundingClientRect().height)];
    for (let tries = 0; ; tries += 1) {
      const [outer, inner] = await heights();
      if (Math.abs(outer - inner) <= 1) break;
      assert.ok(tries < 50, `${chapter} demo ${i + 1}: the frame is ${outer} px tall, its content ${inner} px`);
      await page.waitForTimeout(200);
    }
    demos.push(new URL(src, page.url()).searchParams.get('demo'));
  }
  return demos;
}

for (const host of ['headers-file', 'plain']) {
  describe(`the course book, ${host === 'plain' ? 'host without headers (service worker)' : 'host applying dist/_headers'}`, () => {
    const server = serveDist({ host });

    test('every chapter opens; every embedded demo waits for Run, then runs correctly on threads; what to look for stays shut until opened', async () => {
      const seen = [];
      for (const chapter of await courseChapters()) {
        const { page, errors } = await openPage(`${server.url}course/${chapter}`);
        await page.locator('main h1').first().waitFor();
        const reveals = page.locator('details.reveal');
        assert.equal(await reveals.count(), await page.locator('iframe.parlab-embed').count(), `${chapter}: one reveal per exercise`);
        assert.equal(await page.locator('details.reveal[open]').count(), 0, `${chapter}: answers shut`);
        const demos = await checkDemos(page, chapter);
        seen.push(`${chapter}: ${demos.join(', ') || 'no demo'}`);
        if (host === 'headers-file' && ['map.html', 'philosophers.html'].includes(chapter)) {
          await page.screenshot({ path: join(ARTIFACTS, `course-${chapter.replace('.html', '')}.png`), fullPage: true });
        }
        assert.deepEqual(errors, [], chapter);
        await page.close();
      }
      console.log(`  ${seen.join('\n  ')}`);
      assert.ok(seen.filter((s) => !s.endsWith('no demo')).length >= 5, 'a demo in every lesson');
    });
  });
}

describe('the course book and the app together', () => {
  const server = serveDist({ host: 'headers-file' });

  test('an embedded demo follows the book’s dark theme, loading once with it', async () => {
    const { page, errors } = await openPage('about:blank');
    await page.addInitScript(() => localStorage.setItem('mdbook-theme', 'coal'));
    const loads = [];
    page.on('framenavigated', (f) => { if (f !== page.mainFrame()) loads.push(f.url()); });
    await page.goto(`${server.url}course/why-parallel.html`);
    const frame = page.locator('iframe.parlab-embed').first();
    await frame.scrollIntoViewIfNeeded();
    await page.frameLocator('iframe.parlab-embed').first().locator('html[data-theme=dark]').waitFor({ timeout: 60_000 });
    assert.equal(new URL(await frame.getAttribute('src'), page.url()).searchParams.get('theme'), 'dark');
    // embed.js gives the frame its address with the theme in it, so it never loads without.
    const parlabLoads = loads.filter((url) => url.includes('embed=1'));
    assert.ok(parlabLoads.length >= 1, 'the frame loaded');
    assert.deepEqual(parlabLoads.filter((url) => new URL(url).searchParams.get('theme') !== 'dark'), [], 'no load without the theme');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the instructors’ parameter sheet has rows for every demo the build offers, and only those', async () => {
    const { page, errors } = await openPage(`${server.url}course/instructors.html`);
    await page.locator('main h1').first().waitFor();
    const sheet = page.locator('main table').filter({ has: page.locator('th', { hasText: 'parameter' }) });
    const rows = await sheet.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
    const demos = new Set(rows.map(([demo]) => demo).filter((demo) => demo !== 'every demo'));
    assert.deepEqual([...demos].sort(), [...(await builtDemos())].sort());
    for (const key of ['autorun', 'embed', 'theme']) assert.ok(rows.some(([demo, param]) => demo === 'every demo' && param === key), key);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('search works in the book', async () => {
    const { page, errors } = await openPage(`${server.url}course/introduction.html`);
    await page.keyboard.press('s');
    // mdBook's search reads key presses, not an input event.
    await page.locator('#mdbook-searchbar').pressSequentially('Amdahl');
    const results = page.locator('#mdbook-searchresults li');
    await results.first().waitFor();
    assert.ok(await results.count() >= 2, 'Amdahl is in more than one chapter');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('every link of the app and the book leads somewhere (no 404)', async () => {
    const origin = new URL(server.url).origin;
    const pages = [...(await builtDemos()).map((d) => `${server.url}?demo=${d}`), `${server.url}course/`, ...(await courseChapters()).map((c) => `${server.url}course/${c}`), `${server.url}course/toc.html`];
    const links = new Map();
    for (const url of pages) {
      const { page } = await openPage(url);
      await page.waitForLoadState('load');
      if (!url.includes('/course/')) await page.getByTestId('lesson').waitFor();
      for (const href of await page.locator('a[href]').evaluateAll((anchors) => anchors.map((a) => a.href))) {
        const target = new URL(href);
        target.hash = '';
        if (target.origin === origin && !links.has(target.href)) links.set(target.href, url);
      }
      await page.close();
    }
    const broken = [];
    for (const [href, from] of links) {
      const response = await fetch(href);
      if (!response.ok) broken.push(`${href} (${response.status}, linked from ${from})`);
    }
    console.log(`  ${links.size} distinct links followed`);
    assert.ok(links.size >= 20, `${links.size} links`);
    assert.deepEqual(broken, []);
  });
});
