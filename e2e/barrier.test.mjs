// The barrier demo over its contract, in headless Chromium: the three rows bit-equal, the
// timeline of sweeps and barrier waits, Cancel in every variant, bad values, and no pool.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, cancelDuringEachVariant, chromiumForFile, finishedRows, serveDist, waitForPool } from './helpers.mjs';

const openPage = chromiumForFile();
const VARIANTS = ['sequential', 'barrier', 'spawn-per-step'];

describe('barrier demo', () => {
  const server = serveDist({ host: 'headers-file' });

  test('three rows, all bit-equal; the timeline shows every thread sweeping and waiting at the barrier', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=barrier&n=400000&steps=100&threads=2&repeats=2&autorun=1`);
    const rows = await finishedRows(page);
    assert.deepEqual(rows.map((r) => r.variant), VARIANTS);
    for (const row of rows) {
      assert.equal(row.correct, 'true', row.variant);
      assert.equal(row.threads, row.variant === 'sequential' ? '1' : '2', row.variant);
      assert.equal(row.runs, '2', row.variant);
      assert.ok(Number(row.ms) > 0, row.variant);
    }
    assert.match(await page.getByTestId('verdict').textContent(), /bit for bit/);
    const timeline = page.getByTestId('barrier-timeline');
    // 40 recorded sweeps per thread, each followed by a wait.
    const bars = await timeline.locator('rect[data-thread]').evaluateAll((els) => els.map((e) => ({
      thread: e.dataset.thread, wait: e.classList.contains('wait'), began: Number(e.dataset.beganMs), ended: Number(e.dataset.endedMs),
    })));
    for (const thread of ['0', '1']) {
      const mine = bars.filter((b) => b.thread === thread);
      assert.equal(mine.filter((b) => !b.wait).length, 40, `thread ${thread}: sweeps`);
      assert.equal(mine.filter((b) => b.wait).length, 40, `thread ${thread}: waits`);
      for (const bar of mine) assert.ok(bar.ended >= bar.began, `thread ${thread}: a bar ends after it begins`);
    }
    // A barrier: no thread begins sweep s + 1 before every thread has arrived from sweep s.
    // Each worker reads its own clock (timeOrigin + now, coarsened to 5 µs in an isolated page),
    // so two workers' times may disagree by a few µs (seen: 5 µs): allowed 50 µs, against
    // sweeps of 200,000 cells (0.6 – 1 ms each here).
    const sweeps = (thread) => bars.filter((b) => b.thread === thread && !b.wait).sort((a, b) => a.began - b.began);
    const [zero, one] = [sweeps('0'), sweeps('1')];
    let earliest = -Infinity;
    for (let s = 0; s + 1 < 40; s += 1) {
      const allArrived = Math.max(zero[s].ended, one[s].ended);
      const early = allArrived - Math.min(zero[s + 1].began, one[s + 1].began);
      earliest = Math.max(earliest, early);
      assert.ok(early <= 0.05, `sweep ${s + 1} began ${early.toFixed(3)} ms before sweep ${s} ended everywhere`);
    }
    const shortest = Math.min(...bars.filter((b) => !b.wait).map((b) => b.ended - b.began));
    console.log(`  clocks: at most ${earliest.toFixed(3)} ms between the last arrival and the first start; shortest sweep ${shortest.toFixed(2)} ms`);
    assert.ok(shortest > 0.2, 'the sweeps are long enough for the check to mean something');
    const waits = await page.locator('[data-testid=barrier-waits] tr[data-thread]').evaluateAll((els) => els.map((e) => Number(e.dataset.waitMs)));
    assert.equal(waits.length, 2);
    for (const ms of waits) assert.ok(ms >= 0);
    console.log(`  ${rows.map((r) => `${r.variant} ${r.ms} ms`).join(', ')}; waits ${waits.map((w) => `${w.toFixed(1)} ms`).join(', ')}`);
    await page.screenshot({ path: join(ARTIFACTS, 'barrier.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Cancel stops the run in every variant; then a run on the same pool completes', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=barrier&n=1000000&steps=2000&repeats=1`);
    await waitForPool(page, 'ready');
    const measured = await cancelDuringEachVariant(page, VARIANTS);
    for (const [i, m] of measured.entries()) {
      assert.ok(m.fraction < (i + 1) / VARIANTS.length, `the click landed after ${m.variant} (fraction ${m.fraction})`);
      assert.ok(m.cancelled, `${m.variant}: the page says the run was cancelled`);
    }
    assert.equal(await page.getByTestId('result-row').count(), 0);
    console.log(`  cancel, click to stopped: ${measured.map((m) => `${m.variant} ${m.ms} ms`).join(', ')}`);
    await page.getByTestId('input-steps').fill('20');
    await page.getByTestId('input-steps').press('Enter');
    await page.getByTestId('run').click();
    const rows = await finishedRows(page);
    assert.deepEqual(rows.map((r) => [r.variant, r.correct]), VARIANTS.map((v) => [v, 'true']));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('bad values are explained and clamped, and do not autorun', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=barrier&n=10&steps=99999&threads=0&autorun=1`);
    await waitForPool(page, 'ready');
    const problems = page.locator('section.problems li');
    assert.deepEqual(await problems.evaluateAll((els) => els.map((e) => e.dataset.param)), ['n', 'steps', 'threads']);
    assert.equal(await page.getByTestId('input-steps').inputValue(), '10000');
    await page.waitForTimeout(300);
    assert.equal(await page.getByTestId('result-row').count(), 0, 'no autorun with problems');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('barrier demo without threads', () => {
  const server = serveDist({ host: 'plain' });

  test('Run explains that the demo needs the pool', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=barrier`, { serviceWorkers: false });
    await waitForPool(page, 'not-isolated');
    await page.getByTestId('run').click();
    assert.match(await page.getByTestId('notice').textContent(), /needs the thread pool/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
