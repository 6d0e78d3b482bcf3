// The producer–consumer demo over its contract, in headless Chromium: every item exactly once
// and in order, the occupancy and the lanes, the capacity sweep, a hold-lock deadlock caught
// and then a normal run on the same pool, Cancel, bad values; the same buffer on a Condition,
// its if-wait bug (empty takes counted) and its notify-one bug (every thread asleep, caught).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, chromiumForFile, finishedRows, serveDist, waitForPool } from './helpers.mjs';

const openPage = chromiumForFile();

describe('producer-consumer demo', () => {
  const server = serveDist({ host: 'headers-file' });

  test('two rows, both correct; occupancy within the capacity; lanes show work and waits', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=producer-consumer&producers=2&consumers=3&capacity=4&items=300&produce=100&consume=300&autorun=1`);
    const rows = await finishedRows(page);
    assert.deepEqual(rows.map((r) => [r.variant, r.threads, r.correct]), [['sequential', '1', 'true'], ['parallel', '5', 'true']]);
    assert.match(await page.getByTestId('verdict').textContent(), /exactly once, in the order/);
    const chart = page.getByTestId('occupancy-chart');
    assert.equal(await chart.getAttribute('data-capacity'), '4');
    assert.ok(Number(await chart.getAttribute('data-samples')) >= 600, 'a sample per put and per take');
    const throughput = page.getByTestId('throughput');
    const [measured, bound] = [Number(await throughput.getAttribute('data-items-per-s')), Number(await throughput.getAttribute('data-bound-items-per-s'))];
    assert.ok(measured > 0 && bound > 0, `${measured} items/s against a bound of ${bound}`);
    const lanes = page.getByTestId('thread-lanes');
    const labels = await lanes.locator('.lane-label').allTextContents();
    for (const name of ['p0', 'p1', 'c0', 'c1', 'c2']) assert.ok(labels.includes(name), `a lane for ${name}`);
    const kinds = await lanes.locator('rect.wait').evaluateAll((els) => [...new Set(els.map((e) => e.dataset.kind))]);
    // Slow consumers: the producers wait for free slots.
    assert.ok(kinds.includes('waiting-full'), `wait kinds drawn: ${kinds}`);
    assert.equal(await page.getByTestId('deadlock').count(), 0);
    // The legend is drawn from the same table as the bars: each entry's swatch has the colour of
    // the bars of its kind, and no two states share a colour.
    const fills = await page.evaluate(() => {
      const fill = (e) => getComputedStyle(e).fill;
      const lanes = document.querySelector('[data-testid=thread-lanes]');
      const entries = [...document.querySelectorAll('[data-testid=thread-lanes-legend] .legend-item')];
      return entries.map((item) => {
        const kind = item.dataset.kind;
        const bar = kind === 'work' ? lanes.querySelector('rect.work') : lanes.querySelector(`rect.wait[data-kind="${kind}"]`);
        return { kind, legend: fill(item.querySelector('rect')), drawn: bar && fill(bar) };
      });
    });
    assert.deepEqual(fills.map((f) => f.kind).slice(0, 2), ['work', 'waiting-full'], JSON.stringify(fills));
    for (const f of fills) assert.equal(f.legend, f.drawn, `${f.kind}: legend ${f.legend}, bars ${f.drawn}`);
    assert.equal(new Set(fills.map((f) => f.legend)).size, fills.length, `one colour per state: ${JSON.stringify(fills)}`);
    // The run's two charts share one time axis.
    assert.equal(await chart.getAttribute('data-end-ms'), await lanes.getAttribute('data-end-ms'));
    console.log(`  ${rows.map((r) => `${r.variant} ${r.ms} ms`).join(', ')}; ${measured} items/s, bound ${bound}; waits: ${kinds.join(', ')}`);
    await page.screenshot({ path: join(ARTIFACTS, 'producer-consumer.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('hold-lock: the deadlock is caught with its cycle, then a normal run works on the same pool', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=producer-consumer&producers=2&consumers=2&items=200&bug=hold-lock&autorun=1`);
    const rows = await finishedRows(page);
    assert.deepEqual(rows.map((r) => r.variant), ['sequential'], 'no parallel row after a deadlock');
    const deadlock = page.getByTestId('deadlock');
    const cycle = (await deadlock.getAttribute('data-cycle')).split(',');
    assert.ok(cycle.some((t) => t.startsWith('c')) && cycle.some((t) => t.startsWith('p')), `cycle ${cycle}`);
    assert.match(await deadlock.textContent(), /holding the lock, waits for an item/);
    console.log(`  deadlock cycle ${cycle.join(' → ')}: ${await deadlock.textContent()}`);
    await page.getByTestId('input-bug').selectOption('none');
    await page.getByTestId('run').click();
    await page.locator('[data-testid=result-row][data-variant=parallel]').waitFor({ timeout: 60_000 });
    const after = await finishedRows(page);
    assert.deepEqual(after.map((r) => [r.variant, r.correct]), [['sequential', 'true'], ['parallel', 'true']]);
    assert.equal(await page.getByTestId('deadlock').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('sync=condition: every item exactly once and in order, rows marked, the Condition code shown', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=producer-consumer&sync=condition&producers=2&consumers=3&capacity=4&items=300&produce=100&consume=100&autorun=1`);
    const rows = await finishedRows(page);
    assert.deepEqual(rows.map((r) => [r.variant, r.correct, r.sync]), [['sequential', 'true', 'condition'], ['parallel', 'true', 'condition']]);
    assert.ok(rows.every((r) => r.emptyTakes === undefined), 'empty takes are counted only with if-wait');
    assert.match(await page.getByTestId('verdict').textContent(), /exactly once, in the order/);
    assert.equal(await page.getByTestId('input-sync').inputValue(), 'condition');
    const bugs = await page.getByTestId('input-bug').locator('option').evaluateAll((els) => els.map((e) => e.value));
    assert.deepEqual(bugs, ['none', 'if-wait', 'notify-one'], 'the bugs of the Condition version');
    const code = await page.locator('section.code').textContent();
    assert.match(code, /while len\(buffer\) == capacity:/);
    assert.match(code, /fn consume_with_condition\(/);
    assert.equal(await page.getByTestId('deadlock').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('bug=if-wait: woken consumers take from an empty buffer, counted, and the row is marked incorrect', async () => {
    // Three consumers asleep on an empty buffer; each put's notify_all wakes them all, and all but
    // the first find it empty again.
    const { page, errors } = await openPage(`${server.url}?demo=producer-consumer&sync=condition&bug=if-wait&producers=1&consumers=3&capacity=1&items=300&produce=200&consume=50&autorun=1`);
    const rows = await finishedRows(page);
    const parallel = rows.find((r) => r.variant === 'parallel');
    assert.ok(parallel, 'the run ends: no deadlock');
    assert.equal(parallel.sync, 'condition');
    assert.equal(parallel.correct, 'false');
    assert.ok(Number(parallel.emptyTakes) > 0, `empty takes: ${parallel.emptyTakes}`);
    const verdict = await page.getByTestId('verdict').textContent();
    assert.match(verdict, /found the buffer empty/);
    assert.match(verdict, /exactly once/, 'the empty takes took nothing');
    assert.match(verdict, /Wait with while/);
    console.log(`  ${parallel.emptyTakes} empty takes: ${verdict}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('bug=notify-one: every thread ends up asleep on the condition, the watchdog catches it and names them', async () => {
    // Capacity 1: a producer's notify() that wakes a producer (or a consumer's a consumer) is
    // spent on a thread that goes back to sleep; within the first items every thread sleeps.
    const { page, errors } = await openPage(`${server.url}?demo=producer-consumer&sync=condition&bug=notify-one&producers=2&consumers=3&capacity=1&items=2000&produce=20&consume=20&autorun=1`);
    const rows = await finishedRows(page);
    assert.deepEqual(rows.map((r) => r.variant), ['sequential'], 'no parallel row after a deadlock');
    const deadlock = page.getByTestId('deadlock');
    assert.equal(await deadlock.getAttribute('data-kind'), 'nobody-to-notify');
    const waiting = (await deadlock.getAttribute('data-cycle')).split(',');
    assert.ok(waiting.some((t) => t.startsWith('c')) && waiting.every((t) => /^[pc]\d$/.test(t)), `waiting: ${waiting}`);
    const text = await deadlock.textContent();
    assert.match(text, /sleeps on the condition/);
    assert.match(text, /notify_all\(\) wakes both sides/);
    console.log(`  asleep on the condition: ${waiting.join(', ')}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a bug of the other version is a parameter problem that names the fix', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=producer-consumer&sync=semaphores&bug=if-wait&autorun=1`);
    await waitForPool(page, 'ready');
    const problem = page.locator('section.problems li[data-param=bug]');
    assert.match(await problem.textContent(), /add sync=condition/);
    assert.equal(await page.getByTestId('input-bug').inputValue(), 'none');
    const bugs = await page.getByTestId('input-bug').locator('option').evaluateAll((els) => els.map((e) => e.value));
    assert.deepEqual(bugs, ['none', 'hold-lock']);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the capacity sweep measures 1 … 1024 and says where throughput stopped growing', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=producer-consumer&items=100&produce=50&consume=50`);
    await waitForPool(page, 'ready');
    await page.getByTestId('sweep').click();
    const sweep = page.getByTestId('capacity-sweep');
    await sweep.waitFor({ timeout: 120_000 });
    const points = await sweep.locator('tr[data-capacity]').evaluateAll((els) => els.map((e) => ({ ...e.dataset })));
    assert.deepEqual(points.map((p) => Number(p.capacity)), [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
    for (const p of points) assert.equal(p.correct, 'true', `capacity ${p.capacity}`);
    assert.ok(Number(await sweep.getAttribute('data-enough-capacity')) >= 1);
    console.log(`  items/s by capacity: ${points.map((p) => `${p.capacity}: ${p.itemsPerS}`).join(', ')}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Cancel stops a long run within moments, and nothing of it is kept', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=producer-consumer&producers=4&consumers=4&items=100000&produce=500&consume=500`);
    await waitForPool(page, 'ready');
    await page.getByTestId('run').click();
    // Into the threaded run: past the sequential half.
    await page.waitForFunction(() => document.querySelector('[data-testid=progress]').dataset.running === 'true', null, { timeout: 30_000 });
    await page.waitForTimeout(1500);
    const ms = await page.evaluate(() => new Promise((resolve) => {
      const progress = document.querySelector('[data-testid=progress]');
      const clicked = performance.now();
      new MutationObserver((_, observer) => {
        if (progress.dataset.running === 'false') { observer.disconnect(); resolve(Math.round(performance.now() - clicked)); }
      }).observe(progress, { attributes: true });
      document.querySelector('[data-testid=cancel]').click();
    }));
    assert.match(await page.getByTestId('notice').textContent(), /Cancelled/);
    assert.equal(await page.getByTestId('result-row').count(), 0);
    console.log(`  cancel, click to stopped: ${ms} ms`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('bad values are explained and clamped, and do not autorun', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=producer-consumer&producers=20&consumers=0&capacity=5000&bug=sometimes&autorun=1`);
    await waitForPool(page, 'ready');
    const problems = page.locator('section.problems li');
    assert.deepEqual(await problems.evaluateAll((els) => els.map((e) => e.dataset.param)), ['producers', 'consumers', 'capacity', 'bug']);
    assert.equal(await page.getByTestId('input-producers').inputValue(), '8');
    assert.equal(await page.getByTestId('input-capacity').inputValue(), '1024');
    await page.waitForTimeout(300);
    assert.equal(await page.getByTestId('result-row').count(), 0, 'no autorun with problems');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
