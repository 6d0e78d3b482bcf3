// Waiting vs computing over its contract, in headless Chromium. The margins are chosen so no
// machine speed closes them: with 16 tasks of 0.2 ms computing and 50 ms waiting, sequential
// sleeps 800 ms at least, while the loop (and 16 Python threads) overlap the waits in about
// 50–100 ms: a factor of 3 is far more than k = 2 threads could explain.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, cancelTimedInPage, chromiumForFile, finishedRows, rowsByVariant, serveDist, waitForPool } from './helpers.mjs';

const openPage = chromiumForFile();
const VARIANTS = ['sequential', 'threads', 'python-threads', 'event-loop', 'event-loop-blocking', 'loop+pool'];
const problemParams = (page) => page.locator('section.problems li').evaluateAll((els) => els.map((e) => e.dataset.param));

describe('waiting vs computing', () => {
  const server = serveDist({ host: 'headers-file' });

  test('wait ≫ compute: the loop and the GIL-bound threads overlap the waits, the blocking sleep stalls the loop, the lanes show all three states', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=io&tasks=16&compute=200&wait=50&threads=2&repeats=1&autorun=1`);
    await page.setViewportSize({ width: 1280, height: 900 });
    const rows = await rowsByVariant(page);
    assert.deepEqual(Object.keys(rows), VARIANTS);
    for (const row of Object.values(rows)) {
      assert.equal(row.correct, 'true', row.variant);
      const share = Number(row.waitShare);
      assert.ok(share >= 0 && share <= 1, `${row.variant}: wait share ${row.waitShare}`);
      assert.equal('maxLagMs' in row, ['event-loop', 'event-loop-blocking', 'loop+pool'].includes(row.variant), `${row.variant}: data-max-lag-ms`);
    }
    const ms = (v) => Number(rows[v].ms);
    console.log(`  ${VARIANTS.map((v) => `${v} ${rows[v].ms} ms (${rows[v].threads} threads, wait share ${rows[v].waitShare}${rows[v].maxLagMs ? `, lag ${rows[v].maxLagMs}` : ''})`).join(', ')}`);
    assert.ok(ms('sequential') >= 800, `sequential sleeps 16 × 50 ms: ${ms('sequential')}`);
    for (const variant of ['event-loop', 'python-threads']) {
      assert.ok(ms('sequential') / ms(variant) >= 3, `${variant}: ${ms(variant)} ms against sequential ${ms('sequential')} ms`);
    }
    assert.ok(ms('event-loop-blocking') >= 800, `the blocking sleep serialises: ${ms('event-loop-blocking')}`);
    assert.ok(Number(rows['event-loop-blocking'].maxLagMs) >= 50, `the blocked loop's lag ${rows['event-loop-blocking'].maxLagMs}`);
    assert.match(await page.getByTestId('verdict').textContent(), /^Waiting overlaps/);

    const lanes = page.getByTestId('io-lanes');
    assert.deepEqual(await lanes.locator('figure.lanes').evaluateAll((els) => els.map((e) => e.dataset.variant)), VARIANTS);
    const kinds = await lanes.locator('rect[data-lane]').evaluateAll((els) => [...new Set(els.map((e) => e.dataset.kind))].sort());
    assert.deepEqual(kinds, ['compute', 'ready', 'wait']);
    for (const span of await lanes.locator('rect[data-lane]').evaluateAll((els) => els.map((e) => [Number(e.dataset.beganMs), Number(e.dataset.endedMs)]))) {
      assert.ok(span[1] >= span[0], `a span ends after it begins (µs, rounded): ${span}`);
    }
    assert.deepEqual(await page.getByTestId('io-lanes-legend').locator('[data-kind]').evaluateAll((els) => els.map((e) => e.dataset.kind)), ['compute', 'wait', 'ready']);
    const lag = await page.locator('[data-testid=loop-lag] g[data-variant]').evaluateAll((els) => els.map((e) => [e.dataset.variant, Number(e.dataset.maxLagMs)]));
    assert.deepEqual(lag.map(([v]) => v), ['event-loop', 'event-loop-blocking', 'loop+pool']);
    await page.screenshot({ path: join(ARTIFACTS, 'io-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(ARTIFACTS, 'io-390.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('no waiting: the Python threads take turns at the GIL, about 1× sequential', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=io&tasks=16&compute=5000&wait=0&threads=2&repeats=3&autorun=1`);
    const rows = await rowsByVariant(page);
    // The fastest of three repeats: a busy machine slows a repeat, never speeds one up.
    const speedup = Number(rows.sequential.minMs) / Number(rows['python-threads'].minMs);
    console.log(`  fastest: sequential ${rows.sequential.minMs} ms, python-threads ${rows['python-threads'].minMs} ms (${speedup.toFixed(2)}×), event-loop ${rows['event-loop'].minMs} ms`);
    assert.ok(speedup < 1.5, `python-threads ${speedup.toFixed(2)}× with nothing to wait for`);
    assert.match(await page.getByTestId('verdict').textContent(), /^Computing does not overlap/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Sweep the wait share: three variants at 0 … 99 % waiting, the loop climbing; Cancel stops a long run', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=io&tasks=8&compute=500&wait=5&threads=2&repeats=3`);
    await waitForPool(page, 'ready');
    await page.getByTestId('sweep').click();
    const chart = page.getByTestId('wait-sweep-chart');
    await chart.waitFor({ timeout: 120_000 });
    const points = await chart.locator('circle.point').evaluateAll((els) => els.map((e) => ({ variant: e.dataset.variant, share: Number(e.dataset.waitShare), speedup: Number(e.dataset.speedup), correct: e.dataset.correct })));
    assert.equal(points.length, 18);
    for (const p of points) assert.equal(p.correct, 'true', `${p.variant} at ${p.share} %`);
    const at = (variant, share) => points.find((p) => p.variant === variant && p.share === share).speedup;
    console.log(`  event-loop ${at('event-loop', 0).toFixed(2)}× at 0 %, ${at('event-loop', 99).toFixed(2)}× at 99 %; threads ${at('threads', 0).toFixed(2)}× / ${at('threads', 99).toFixed(2)}×`);
    assert.ok(at('event-loop', 99) > 2 * at('event-loop', 0), 'the loop gains as the waiting grows');

    await page.getByTestId('input-wait').fill('1000');
    await page.getByTestId('input-wait').press('Enter');
    await page.getByTestId('run').click();
    await page.waitForTimeout(500);
    const { ms } = await cancelTimedInPage(page);
    assert.notEqual(ms, null, 'the run was still going when Cancel was clicked');
    assert.match(await page.getByTestId('notice').textContent(), /Cancelled/);
    console.log(`  cancel, click to stopped: ${ms} ms`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a wait over 1,000 ms names the limit and nothing runs', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=io&tasks=0&wait=5000&autorun=1`);
    await waitForPool(page, 'ready');
    assert.deepEqual(await problemParams(page), ['tasks', 'wait']);
    assert.match(await page.getByTestId('problem-wait').textContent(), /at most wait = 1,000/);
    await page.waitForTimeout(300);
    assert.equal(await page.getByTestId('result-row').count(), 0, 'no autorun with problems');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('waiting vs computing without threads', () => {
  const server = serveDist({ host: 'plain' });

  test('the event loop alone runs, on the page\'s own thread, overlapping the waits; the others say why not', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=io&tasks=10&compute=200&wait=50&repeats=1`, { serviceWorkers: false });
    await waitForPool(page, 'not-isolated');
    assert.match(await page.getByTestId('without-threads').textContent(), /only the event loop runs.*block a thread while they wait/);
    await page.getByTestId('run').click();
    const rows = await rowsByVariant(page);
    assert.deepEqual(Object.keys(rows), ['event-loop']);
    const loop = rows['event-loop'];
    assert.equal(loop.correct, 'true');
    assert.equal(loop.threads, '1');
    // Ten 50 ms waits one after another would take 500 ms: on the loop they overlap.
    assert.ok(Number(loop.ms) < 250, `event-loop ${loop.ms} ms`);
    assert.match(await page.getByTestId('verdict').textContent(), /Without threads only the event loop runs/);
    assert.equal(await page.getByTestId('sweep').isDisabled(), true, 'the sweep compares threads that block: it needs the pool');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
