// The scheduling lab and the CPU-scheduling simulation over their contract, in headless
// Chromium. The lab's speeds are the benchmark's to report; here the schedules themselves are
// checked: who ran which task, every result against the sequential one, and imbalance (the
// busiest thread's working time ÷ the mean), which the default view makes 1.6 or so for block
// and close to 1 for the others: a margin no busy machine closes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, cancelTimedInPage, chromiumForFile, finishedRows, rowsByVariant, serveDist, waitForPool } from './helpers.mjs';

const openPage = chromiumForFile();
const VARIANTS = ['sequential', 'block', 'cyclic', 'dynamic', 'guided', 'stealing'];
const problemParams = (page) => page.locator('section.problems li').evaluateAll((els) => els.map((e) => e.dataset.param));

describe('scheduling lab', () => {
  const server = serveDist({ host: 'headers-file' });

  test('mandelbrot on 2 threads: every row correct, block lopsided where cyclic and dynamic are not, the picture whole, the lanes as defined', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=schedule&work=mandelbrot&tasks=512&threads=2&chunk=1&repeats=2&autorun=1`);
    const rows = await rowsByVariant(page);
    assert.deepEqual(Object.keys(rows), VARIANTS);
    for (const row of Object.values(rows)) {
      assert.equal(row.correct, 'true', row.variant);
      assert.equal(row.threads, row.variant === 'sequential' ? '1' : '2', row.variant);
      assert.ok(Number(row.boundMs) > 0, row.variant);
      assert.ok(Number(row.idlePct) >= 0 && Number(row.idlePct) <= 100, row.variant);
      assert.equal('moved' in row, ['dynamic', 'guided', 'stealing'].includes(row.variant), `${row.variant}: data-moved`);
    }
    const imbalance = (v) => Number(rows[v].imbalance);
    assert.ok(imbalance('block') >= 1.3, `block's imbalance ${imbalance('block')}`);
    assert.ok(imbalance('cyclic') < imbalance('block'), `cyclic ${imbalance('cyclic')} against block ${imbalance('block')}`);
    assert.ok(imbalance('dynamic') < imbalance('block'), `dynamic ${imbalance('dynamic')} against block ${imbalance('block')}`);
    console.log(`  ${VARIANTS.map((v) => `${v} ${rows[v].ms} ms (imbalance ${rows[v].imbalance})`).join(', ')}`);

    // The lanes: every variant ran every task once; block and cyclic handed them out as defined.
    const lanes = page.getByTestId('schedule-timeline');
    const tasksOf = (variant) => lanes.locator(`g[data-variant=${variant}] rect[data-thread]`).evaluateAll((els) =>
      els.map((e) => ({ task: Number(e.dataset.task), thread: Number(e.dataset.thread), began: Number(e.dataset.beganMs), ended: Number(e.dataset.endedMs) })));
    for (const variant of VARIANTS) {
      const tasks = await tasksOf(variant);
      assert.deepEqual(tasks.map((t) => t.task).sort((a, b) => a - b), [...Array(512).keys()], `${variant}: each task once`);
      for (const t of tasks) assert.ok(t.ended >= t.began, `${variant}: task ${t.task} ends after it begins`);
    }
    for (const t of await tasksOf('block')) assert.equal(t.thread, t.task < 256 ? 0 : 1, `block: task ${t.task}`);
    for (const t of await tasksOf('cyclic')) assert.equal(t.thread, t.task % 2, `cyclic: task ${t.task}`);

    const picture = page.getByTestId('mandelbrot-picture');
    assert.equal(await picture.getAttribute('data-rows'), '512');
    assert.equal(await picture.getAttribute('data-variant'), 'block');
    assert.equal(await picture.getAttribute('data-threads-used'), '2');
    assert.equal(await picture.locator('canvas').getAttribute('height'), '512');
    await picture.getByRole('button', { name: 'cyclic' }).click();
    await page.locator('[data-testid=mandelbrot-picture][data-variant=cyclic]').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'schedule.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('while a run computes, its tasks fill in by thread; Cancel stops it; the next run completes', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=schedule&work=mandelbrot&tasks=1024&threads=2&repeats=25`);
    await waitForPool(page, 'ready');
    await page.getByTestId('run').click();
    await page.locator('[data-testid=live-picture]:not([data-done="0"])').waitFor();
    const { ms } = await cancelTimedInPage(page);
    assert.notEqual(ms, null, 'the run was still going when Cancel was clicked');
    assert.match(await page.getByTestId('notice').textContent(), /Cancelled/);
    assert.equal(await page.getByTestId('live-picture').count(), 0, 'the live picture goes with the run');
    assert.equal(await page.getByTestId('result-row').count(), 0);
    console.log(`  cancel, click to stopped: ${ms} ms`);
    await page.getByTestId('input-tasks').fill('64');
    await page.getByTestId('input-tasks').press('Enter');
    await page.getByTestId('input-repeats').fill('1');
    await page.getByTestId('input-repeats').press('Enter');
    await page.getByTestId('run').click();
    const rows = await finishedRows(page);
    assert.deepEqual(rows.map((r) => [r.variant, r.correct]), VARIANTS.map((v) => [v, 'true']));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Sweep chunk times dynamic at chunk 1, 2, 4 … tasks ÷ k and marks the best; Cancel stops a sweep', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=schedule&work=uniform&tasks=2000&threads=2&repeats=1`);
    await waitForPool(page, 'ready');
    await page.getByTestId('sweep').click();
    const chart = page.getByTestId('chunk-sweep-chart');
    await chart.waitFor({ timeout: 120_000 });
    const points = await chart.locator('circle.point').evaluateAll((els) => els.map((e) => ({ chunk: Number(e.dataset.chunk), ms: Number(e.dataset.ms), correct: e.dataset.correct })));
    assert.deepEqual(points.map((p) => p.chunk), [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000]);
    for (const p of points) {
      assert.ok(p.ms > 0, `chunk ${p.chunk}`);
      assert.equal(p.correct, 'true', `chunk ${p.chunk}`);
    }
    const best = Number(await chart.getAttribute('data-best-chunk'));
    assert.equal(best, points.reduce((a, b) => (b.ms < a.ms ? b : a)).chunk, 'the best is the fastest point');
    console.log(`  uniform, 2,000 tasks: ${points.map((p) => `${p.chunk}: ${p.ms.toFixed(1)}`).join(', ')} ms; best ${best}`);
    await page.getByTestId('input-tasks').fill('100000');
    await page.getByTestId('input-tasks').press('Enter');
    await page.getByTestId('input-repeats').fill('25');
    await page.getByTestId('input-repeats').press('Enter');
    await page.getByTestId('sweep').click();
    await page.locator('[data-testid=live-picture]:not([data-done="0"])').waitFor();
    const { ms } = await cancelTimedInPage(page);
    assert.notEqual(ms, null, 'the sweep was still going when Cancel was clicked');
    assert.match(await page.getByTestId('notice').textContent(), /Cancelled/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('bad values name their limit and nothing runs', async () => {
    for (const [query, params] of [
      ['tasks=0&chunk=0', ['tasks', 'chunk']],
      ['tasks=999999999', ['tasks']],
      ['tasks=100&chunk=101', ['chunk']],
    ]) {
      const { page, errors } = await openPage(`${server.url}?demo=schedule&work=uniform&${query}&autorun=1`);
      await waitForPool(page, 'ready');
      assert.deepEqual(await problemParams(page), params, query);
      const text = await page.getByTestId('error').textContent();
      if (query.includes('chunk=101')) assert.match(text, /at most chunk = 100/);
      if (query.includes('999999999')) assert.match(text, /100,000/);
      await page.waitForTimeout(300);
      assert.equal(await page.getByTestId('result-row').count(), 0, `${query}: no autorun with problems`);
      assert.deepEqual(errors, []);
      await page.close();
    }
  });
});

describe('CPU scheduling', () => {
  const server = serveDist({ host: 'headers-file' });
  const gantt = (page) => page.locator('[data-testid=gantt] rect[data-job]').evaluateAll((els) =>
    els.map((e) => [e.dataset.job, Number(e.dataset.start), Number(e.dataset.end)]));
  const waiting = (page) => page.locator('[data-testid=waiting-table] tr[data-job]').evaluateAll((els) =>
    els.map((e) => [e.dataset.job, e.dataset.waiting, e.dataset.turnaround ?? null]));

  test("the course's table by priority: 0–10 job 1, 10–18 job 3, 18–23 job 2", async () => {
    const { page, errors } = await openPage(`${server.url}?demo=cpu-scheduling&autorun=1`);
    const rows = await finishedRows(page);
    assert.deepEqual(rows.map((r) => r.variant), ['fcfs', 'sjf', 'priority', 'priority-preemptive', 'round-robin', 'priority-aging']);
    for (const row of rows) assert.equal(row.correct, 'true', row.variant);
    assert.deepEqual(await gantt(page), [['1', 0, 10], ['3', 10, 18], ['2', 18, 23]]);
    assert.deepEqual(await waiting(page), [['1', '0', '10'], ['2', '18', '23'], ['3', '10', '18']]);
    assert.equal(await page.getByTestId('starvation').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a stream of urgent jobs starves job 2 under priority; aging and round-robin let it run', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=cpu-scheduling&stream=4&policy=priority&autorun=1`);
    await finishedRows(page);
    const starvation = page.getByTestId('starvation');
    assert.equal(await starvation.getAttribute('data-job'), '2');
    assert.match(await starvation.textContent(), /job 2 waited \d+ ticks and has not run/);
    await page.screenshot({ path: join(ARTIFACTS, 'cpu-scheduling-starved.png'), fullPage: true });
    for (const policy of ['priority-aging', 'round-robin']) {
      await page.getByTestId('input-policy').selectOption(policy);
      const query = new URL(page.url()).searchParams;
      assert.deepEqual([query.get('jobs'), query.get('policy'), query.get('stream')], ['1:0:10:2,2:0:5:0,3:0:8:1', policy, '4'], 'the URL holds the state');
      await page.getByTestId('run').click();
      await page.locator(`[data-testid=result-row][data-variant=${policy}].chosen`).waitFor();
      await page.locator('[data-testid=progress][data-running=false]').waitFor();
      assert.equal(await page.getByTestId('starvation').count(), 0, policy);
      assert.ok((await gantt(page)).some(([job]) => job === '2'), `${policy}: job 2 ran`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a malformed jobs= names the bad entry, keeps the table, and nothing runs', async () => {
    for (const [jobs, named] of [
      ['1:0:10:2,2:0', /entry 2 “2:0”/],
      ['1:0:10:2,1:0:5:0', /1:0:5:0/],
      ['1:0:-3:2', /1:0:-3:2/],
      [Array.from({ length: 27 }, (_, i) => `j${i}:0:1:0`).join(','), /26/],
    ]) {
      const { page, errors } = await openPage(`${server.url}?demo=cpu-scheduling&jobs=${encodeURIComponent(jobs)}&autorun=1`);
      await waitForPool(page, 'ready');
      assert.deepEqual(await problemParams(page), ['jobs'], jobs);
      assert.match(await page.getByTestId('problem-jobs').textContent(), named, jobs);
      assert.equal(await page.getByTestId('input-jobs').inputValue(), '1:0:10:2,2:0:5:0,3:0:8:1', `${jobs}: the default table kept`);
      await page.waitForTimeout(300);
      assert.equal(await page.getByTestId('result-row').count(), 0, `${jobs}: no autorun with problems`);
      assert.deepEqual(errors, []);
      await page.close();
    }
  });
});
