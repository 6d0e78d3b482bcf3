// End-to-end tests of the map demo, as a person uses it: the release dist/ served over HTTP on
// localhost, in headless Chromium, with and without cross-origin isolation.
import { describe, test } from 'node:test';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { ARTIFACTS, cancelTimedInPage, chromiumForFile, serveDist, rowsByVariant as resultRows, waitForPool } from './helpers.mjs';

const RUN_TIMEOUT = 120_000;
const openPage = chromiumForFile();
const isolation = (page) => page.getByTestId('isolation');

async function screenshot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

describe('cross-origin isolated (a host that applies dist/_headers)', () => {
  const server = serveDist({ host: 'headers-file' });

  test('the pool starts with at least 2 threads and the page is isolated', async () => {
    const { page, errors } = await openPage(server.url);
    await waitForPool(page, 'ready');
    assert.equal(await page.evaluate(() => crossOriginIsolated), true);
    assert.equal(await isolation(page).getAttribute('data-threads-available'), 'true');
    assert.ok(Number(await isolation(page).getAttribute('data-pool-size')) >= 2);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a run from the controls: both variants correct, chunk map shows more than one thread, URL updated', async () => {
    const { page, errors } = await openPage(server.url);
    await waitForPool(page, 'ready');
    await page.getByTestId('input-n').fill('3,000,000');
    await page.getByTestId('input-n').press('Enter');
    await page.getByTestId('input-workload').selectOption('collatz');
    await page.getByTestId('input-chunk').fill('20000');
    await page.getByTestId('input-chunk').press('Enter');
    await page.getByTestId('run').click();
    const rows = await resultRows(page);
    assert.equal(rows.sequential.correct, 'true');
    assert.equal(rows.parallel.correct, 'true');
    assert.equal(rows.sequential.threads, '1');
    assert.ok(Number(rows.parallel.threads) >= 2);
    assert.ok(Number(rows.sequential.ms) > 0 && Number(rows.parallel.ms) > 0);
    const used = Number(await page.getByTestId('chunk-map').getAttribute('data-threads-used'));
    assert.ok(used > 1, `chunk map shows ${used} thread(s)`);
    assert.equal(await page.getByTestId('chunk-map').getAttribute('data-chunks'), '150');
    const query = new URL(page.url()).searchParams;
    assert.equal(query.get('n'), '3000000');
    assert.equal(query.get('workload'), 'collatz');
    assert.equal(query.get('chunk'), '20000');
    console.log(`  collatz n=3M: sequential ${rows.sequential.ms} ms, parallel ${rows.parallel.ms} ms on ${rows.parallel.threads} threads`);
    await screenshot(page, 'isolated-ui-run');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('editing a control after a run keeps the results on screen', async () => {
    const { page, errors } = await openPage(`${server.url}?n=200000&workload=collatz&repeats=1&autorun=1`);
    await resultRows(page);
    await page.getByTestId('input-repeats').fill('2');
    await page.getByTestId('input-repeats').press('Enter');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('repeats') === '2');
    assert.equal(await page.getByTestId('result-row').count(), 2, 'the results of the run before the edit stay');
    assert.equal(await page.getByTestId('input-repeats').inputValue(), '2');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('?autorun=1 runs once on load with the URL parameters', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map&n=2000000&workload=square&threads=2&chunk=auto&repeats=2&autorun=1`);
    const rows = await resultRows(page);
    assert.equal(rows.sequential.correct, 'true');
    assert.equal(rows.parallel.correct, 'true');
    assert.equal(rows.parallel.threads, '2');
    assert.equal(await page.getByTestId('input-n').inputValue(), '2,000,000');
    // square beside the memory bus: STREAM's triad measured after the run, at the same k.
    const memory = page.getByTestId('bandwidth');
    await memory.waitFor();
    for (const name of ['squareGbs', 'triadGbs', 'copyGbs']) {
      const gbs = Number(await memory.evaluate((e, key) => e.dataset[key], name));
      assert.ok(gbs > 0 && Number.isFinite(gbs), `${name} ${gbs}`);
    }
    assert.equal(await memory.getAttribute('data-threads'), '2');
    assert.match(await memory.textContent(), /square moved .* GB\/s on 2 threads.*this device's memory gives about .* GB\/s/);
    await screenshot(page, 'isolated-autorun');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the sweep measures k = 1 … pool size against the ideal line', async () => {
    const { page, errors } = await openPage(`${server.url}?n=1000000&workload=collatz&repeats=1`);
    await waitForPool(page, 'ready');
    const pool = Number(await isolation(page).getAttribute('data-pool-size'));
    await page.getByTestId('sweep').click();
    await page.getByTestId('sweep-chart').waitFor({ timeout: RUN_TIMEOUT });
    const points = await page.locator('[data-testid=sweep-chart] circle.point').evaluateAll((els) => els.map((e) => Number(e.dataset.threads)));
    assert.deepEqual(points, Array.from({ length: pool }, (_, i) => i + 1));
    assert.equal(await page.locator('[data-testid=sweep-chart] circle.wrong').count(), 0);
    await screenshot(page, 'isolated-sweep');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('gil=1: a python-threads row, correct, and a timeline whose threads never hold the GIL at once', async () => {
    const { page, errors } = await openPage(`${server.url}?n=2000000&workload=collatz&repeats=2&gil=1&switch=2&autorun=1`);
    const rows = await resultRows(page);
    assert.deepEqual(Object.keys(rows), ['sequential', 'parallel', 'python-threads']);
    assert.equal(rows['python-threads'].correct, 'true');
    assert.ok(Number(rows['python-threads'].threads) >= 2);
    const spans = await page.locator('[data-testid=gil-timeline] rect[data-thread]').evaluateAll((els) =>
      els.map((e) => ({ thread: e.dataset.thread, began: Number(e.dataset.beganMs), ended: Number(e.dataset.endedMs) })));
    spans.sort((a, b) => a.began - b.began);
    assert.ok(new Set(spans.map((s) => s.thread)).size >= 2, 'more than one thread held the GIL');
    let handovers = 0;
    for (let i = 1; i < spans.length; i += 1) {
      // Each worker reads its own clock (timeOrigin + now()), so allow 0.1 ms between them.
      assert.ok(spans[i].began >= spans[i - 1].ended - 0.1,
        `two threads held the GIL at once: ${JSON.stringify(spans[i - 1])} and ${JSON.stringify(spans[i])}`);
      if (spans[i].thread !== spans[i - 1].thread) handovers += 1;
    }
    assert.ok(handovers >= 5, `${handovers} hand-overs`);
    assert.match(await page.getByTestId('gil-reading').textContent(), /multiprocessing\.Pool/);
    console.log(`  gil: sequential ${rows.sequential.ms} ms, parallel ${rows.parallel.ms} ms, python-threads ${rows['python-threads'].ms} ms, ${spans.length} spans, ${handovers} hand-overs`);
    await screenshot(page, 'map-gil');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('messages=1: a message-passing row checked against the Rust output, with copying and computing apart', async () => {
    const copyShare = {};
    for (const workload of ['square', 'collatz', 'matvec']) {
      const { page, errors } = await openPage(`${server.url}?n=1000000&workload=${workload}&repeats=2&messages=1&autorun=1`);
      const rows = await resultRows(page);
      assert.deepEqual(Object.keys(rows), ['sequential', 'parallel', 'message-passing'], workload);
      assert.equal(rows['message-passing'].correct, 'true', `${workload}: every value equals the Rust output`);
      assert.equal(rows['message-passing'].runs, '2');
      const view = page.getByTestId('message-passing');
      const [copy, compute] = [Number(await view.getAttribute('data-copy-ms')), Number(await view.getAttribute('data-compute-ms'))];
      assert.ok(copy > 0 && compute > 0, `${workload}: copy ${copy} ms, compute ${compute} ms`);
      copyShare[workload] = copy / (copy + compute);
      const lanes = await page.locator('[data-testid=message-timeline] rect[data-thread]').evaluateAll((els) => els.map((e) => ({
        worker: e.dataset.thread, copy: e.dataset.kind === 'copy', began: Number(e.dataset.beganMs), ended: Number(e.dataset.endedMs),
      })));
      assert.ok(new Set(lanes.map((l) => l.worker)).size >= 2, `${workload}: more than one worker`);
      assert.ok(lanes.some((l) => l.copy) && lanes.some((l) => !l.copy), `${workload}: copying and computing both drawn`);
      for (const lane of lanes) assert.ok(lane.ended >= lane.began, `${workload}: a bar ends after it begins`);
      console.log(`  messages, ${workload} 1M: sequential ${rows.sequential.ms}, threads ${rows.parallel.ms}, message passing ${rows['message-passing'].ms} ms; copying ${(100 * copyShare[workload]).toFixed(0)} %`);
      if (workload === 'square') await screenshot(page, 'map-messages');
      assert.deepEqual(errors, []);
      await page.close();
    }
    // The lesson: a cheap function is mostly copying, an expensive one mostly computing.
    assert.ok(copyShare.square > copyShare.collatz, JSON.stringify(copyShare));
  });

  test('messages=1: Cancel stops the message-passing workers, and the next run succeeds', async () => {
    const { page, errors } = await openPage(`${server.url}?n=20000000&workload=collatz&repeats=3&messages=1`);
    await waitForPool(page, 'ready');
    await page.getByTestId('run').click();
    // The message-passing part is the last third of the progress.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=progress]').dataset.fraction) > 0.7, null, { timeout: 120_000 });
    const { ms } = await cancelTimedInPage(page);
    console.log(`  messages: cancelled ${ms} ms after the click`);
    assert.match(await page.getByTestId('notice').textContent(), /Cancelled/);
    await page.getByTestId('input-n').fill('300000');
    await page.getByTestId('input-n').press('Enter');
    await page.getByTestId('run').click();
    const rows = await resultRows(page);
    assert.equal(rows['message-passing'].correct, 'true');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('workload=matvec: y = A·x by row blocks, correct, with the matrix shape', async () => {
    const { page, errors } = await openPage(`${server.url}?n=1000000&workload=matvec&repeats=2&autorun=1`);
    const rows = await resultRows(page);
    assert.equal(rows.sequential.correct, 'true');
    assert.equal(rows.parallel.correct, 'true');
    assert.match(await page.getByTestId('results').locator('h3').first().textContent(), /A is 1,000,000 × 64/);
    assert.match(await page.locator('section.code').textContent(), /31 \* i \+ 17 \* j/);
    console.log(`  matvec n=1M: sequential ${rows.sequential.ms} ms, parallel ${rows.parallel.ms} ms`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Cancel stops a long run, the page says so, and the next run succeeds', async () => {
    const { page, errors } = await openPage(`${server.url}?n=50000000&workload=collatz&repeats=5`);
    await waitForPool(page, 'ready');
    await page.getByTestId('run').click();
    const progress = page.getByTestId('progress');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=progress]').dataset.fraction) > 0.01, null, { timeout: 30_000 });
    const first = Number(await progress.getAttribute('data-fraction'));
    await page.waitForFunction((f) => Number(document.querySelector('[data-testid=progress]').dataset.fraction) > f, first, { timeout: 30_000 });
    await screenshot(page, 'cancel-running');
    const { ms } = await cancelTimedInPage(page);
    console.log(`  cancel: the page showed the run stopped ${ms} ms after the click`);
    assert.match(await page.getByTestId('notice').textContent(), /Cancelled/);
    assert.equal(await page.getByTestId('result-row').count(), 0);
    await page.getByTestId('input-n').fill('500000');
    await page.getByTestId('input-n').press('Enter');
    await page.getByTestId('run').click();
    const rows = await resultRows(page);
    assert.equal(rows.sequential.correct, 'true');
    assert.equal(rows.parallel.correct, 'true');
    await screenshot(page, 'cancel-then-run');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('hostile URL parameters: a clear message, no autorun, and the page keeps working', async () => {
    const hostile = '?demo=nope&n=-5&workload=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&threads=NaN&chunk=0&repeats=1e9&autorun=1&extra=1';
    const { page, errors } = await openPage(server.url + hostile);
    await waitForPool(page, 'ready');
    const message = page.locator('section.problems[data-testid=error]');
    await message.waitFor();
    const text = await message.textContent();
    for (const param of ['demo', 'n', 'workload', 'threads', 'chunk', 'repeats', 'extra']) {
      assert.equal(await message.locator(`li[data-param=${param}]`).count(), 1, `a message about ${param}`);
    }
    assert.match(text, /Autorun was skipped/);
    assert.equal(await page.locator('img').count(), 0, 'markup in a parameter is shown as text, never inserted');
    // An autorun would have started by now (the pool is ready) and still be running at n = 10 M.
    await page.waitForTimeout(500);
    assert.equal(await page.getByTestId('progress').getAttribute('data-running'), 'false', 'no autorun');
    assert.equal(await page.getByTestId('result-row').count(), 0);
    await screenshot(page, 'hostile-params');
    await page.getByTestId('input-n').fill('200000');
    await page.getByTestId('input-n').press('Enter');
    await page.getByTestId('run').click();
    const rows = await resultRows(page);
    assert.equal(rows.sequential.correct, 'true');
    assert.equal(rows.parallel.correct, 'true');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a bad value typed into a control is explained and replaced', async () => {
    const { page, errors } = await openPage(`${server.url}?n=1000`);
    await waitForPool(page, 'ready');
    await page.getByTestId('input-n').fill('999999999999');
    await page.getByTestId('input-n').press('Enter');
    await page.locator('section.problems[data-testid=error] li[data-param=n]').waitFor();
    assert.equal(await page.getByTestId('input-n').inputValue(), '50,000,000');
    await page.getByTestId('input-threads').fill('0');
    await page.getByTestId('input-threads').press('Enter');
    await page.locator('section.problems[data-testid=error] li[data-param=threads]').waitFor();
    assert.equal(await page.getByTestId('input-threads').inputValue(), '1');
    assert.equal(new URL(page.url()).searchParams.get('threads'), '1');
    await screenshot(page, 'bad-input');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('crashes are shown, not hidden', () => {
  const server = serveDist({ host: 'headers-file' });

  test('a panic on the UI thread shows a visible error', async () => {
    const { page } = await openPage(server.url);
    await waitForPool(page, 'ready');
    await page.evaluate(() => { try { window.wasmBindings.parlabSimulatePanic(false); } catch { /* the trap */ } });
    const fatal = page.locator('#fatal[data-testid=error]');
    await fatal.waitFor({ state: 'visible' });
    assert.match(await fatal.textContent(), /simulated panic on the UI thread.*Reload/s);
    await screenshot(page, 'panic-ui-thread');
    await page.close();
  });

  test('a panic on a worker thread shows a visible error, during a run or at the next Run', async () => {
    for (const when of ['during', 'before']) {
      const { page } = await openPage(`${server.url}?n=50000000&workload=collatz`);
      await waitForPool(page, 'ready');
      if (when === 'during') {
        await page.getByTestId('run').click();
        await page.locator('[data-testid=progress][data-running=true]').waitFor();
      }
      // During a run, the run's own kernel panics at its next check on a pool thread.
      await page.evaluate(() => window.wasmBindings.parlabSimulatePanic(true));
      if (when === 'before') {
        // The panic lands on an idle pool thread; nothing polls while idle, so the next Run finds it.
        await page.waitForTimeout(300);
        await page.getByTestId('run').click();
      }
      const message = page.locator('.notice[data-testid=error]');
      await message.waitFor({ state: 'visible', timeout: 10_000 });
      assert.match(await message.textContent(), /worker thread crashed.*simulated panic on a worker thread.*reload/s, when);
      await page.locator('[data-testid=progress][data-running=false]').waitFor();
      assert.equal(await page.getByTestId('status').textContent(), 'Crashed', when);
      // A crashed run is never reported as cancelled (it was, with Chromium 156, issue 27).
      assert.equal(await page.getByTestId('notice').count(), 0, when);
      await page.close();
    }
  });
});

describe('not isolated (no headers, a browser without service workers)', () => {
  const server = serveDist({ host: 'plain' });

  test('the page says parallel is unavailable and why, and a sequential run works', async () => {
    const { page, errors } = await openPage(`${server.url}?n=2000000&workload=collatz&repeats=2&autorun=1`, { serviceWorkers: false });
    await waitForPool(page, 'not-isolated');
    assert.equal(await page.evaluate(() => crossOriginIsolated), false);
    assert.equal(await isolation(page).getAttribute('data-threads-available'), 'false');
    assert.equal(await isolation(page).getAttribute('data-pool-size'), '0');
    assert.match(await isolation(page).textContent(), /Cross-Origin-Embedder-Policy/);
    assert.equal(await isolation(page).getAttribute('data-route'), 'none');
    assert.equal(await isolation(page).getAttribute('data-reason'), 'service-worker-unavailable');
    const rows = await resultRows(page);
    assert.deepEqual(Object.keys(rows), ['sequential']);
    assert.equal(rows.sequential.correct, 'true');
    assert.equal(await page.getByTestId('sweep').isDisabled(), true);
    await screenshot(page, 'not-isolated');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('without threads a long run still leaves the page responsive and can be cancelled', async () => {
    const { page, errors } = await openPage(`${server.url}?n=50000000&workload=collatz`, { serviceWorkers: false });
    await waitForPool(page, 'not-isolated');
    await page.getByTestId('run').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=progress]').dataset.fraction) > 0.005, null, { timeout: 30_000 });
    // The UI thread is computing in slices: it must answer a script within a second, or fail
    // the test rather than hang it.
    const answer = page.evaluate(() => document.querySelector('[data-testid=progress]').dataset.running);
    const frozen = new Promise((_, reject) => setTimeout(() => reject(new Error('the page did not answer within 1 s')), 1000));
    assert.equal(await Promise.race([answer, frozen]), 'true');
    await page.getByTestId('cancel').click();
    await page.locator('[data-testid=progress][data-running=false]').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('notice').textContent(), /Cancelled/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
