// The task-graph demo over its contract, in headless Chromium. The timings are read against
// work, span and Brent's bounds with margins a busy 2-core machine keeps, on the fastest repeat
// of each variant (as W and S come from each task's fastest sequential time; a machine busy
// with other work slows some repeats, never speeds one up): a chain's speedup stays under 1.3
// (it has no parallelism to use), and a tree of sums takes at least 0.9 × the lower bound
// max(W/k, S) (its median) and, in the run drawn, at most Brent's greedy bound computed from that
// run's own task times, with a margin for the scheduler's own cost (a lock, a queue and a
// wake-up per task, which Brent's bound leaves out).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, cancelTimedInPage, chromiumForFile, rowsByVariant, serveDist, waitForPool } from './helpers.mjs';

const openPage = chromiumForFile();
const problemParams = (page) => page.locator('section.problems li').evaluateAll((els) => els.map((e) => e.dataset.param));
const nodes = (page, testid) => page.getByTestId(testid).locator('g.task').evaluateAll((els) =>
  els.map((e) => ({ task: e.dataset.task, state: e.dataset.state, thread: e.dataset.thread, critical: e.classList.contains('critical') })));
const bars = (page) => page.getByTestId('task-gantt').locator('rect[data-task]').evaluateAll((els) =>
  els.map((e) => ({ task: e.dataset.task, thread: Number(e.dataset.thread), began: Number(e.dataset.beganMs), ended: Number(e.dataset.endedMs) })));

describe('task graphs', () => {
  const server = serveDist({ host: 'headers-file' });

  test('chain: the span is the work and threads do not help', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=taskgraph&graph=chain&size=40&cost=500&threads=2&repeats=5&autorun=1`);
    const rows = await rowsByVariant(page);
    assert.deepEqual(Object.keys(rows), ['sequential', 'scheduled']);
    const s = rows.scheduled;
    for (const row of Object.values(rows)) assert.equal(row.correct, 'true', row.variant);
    assert.equal(s.tasks, '40');
    assert.equal(s.cancelled, '0');
    const [work, span] = [Number(s.workMs), Number(s.spanMs)];
    assert.ok(span >= 0.8 * work && span <= work + 1e-6, `span ${span} against work ${work}`);
    const speedup = Number(rows.sequential.minMs) / Number(s.minMs);
    assert.ok(speedup < 1.3, `a chain's speedup ${speedup.toFixed(2)}`);
    const graph = await nodes(page, 'task-graph');
    assert.equal(graph.length, 40);
    assert.ok(graph.every((n) => n.critical && n.state === 'done'), 'every step is on the critical path');
    assert.match(await page.getByTestId('verdict').textContent(), /span limits it/);
    console.log(`  chain: W ${work} ms, S ${span} ms, fastest sequential ${rows.sequential.minMs} ms, scheduled ${s.minMs} ms (speedup ${speedup.toFixed(2)}; medians ${rows.sequential.ms}, ${s.ms} ms)`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('tree-sum: T_k within Brent\'s bounds, every task once, after its inputs, on k threads', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=taskgraph&graph=tree-sum&size=64&cost=500&threads=2&repeats=5&autorun=1`);
    const rows = await rowsByVariant(page);
    const s = rows.scheduled;
    assert.equal(s.correct, 'true');
    assert.equal(s.threads, '2');
    const [median, fastest, low, high] = [Number(s.ms), Number(s.minMs), Number(s.boundLowMs), Number(s.boundHighMs)];
    console.log(`  tree-sum 64: W ${s.workMs} ms, S ${s.spanMs} ms, bounds ${low} … ${high} ms, T_2 ${median} ms (fastest ${fastest} ms), sequential ${rows.sequential.ms} ms`);
    assert.ok(low > 0 && low <= high, `${low} … ${high}`);
    assert.ok(median >= 0.9 * low, `T_2 ${median} against the lower bound ${low}`);
    const gantt = await bars(page);
    assert.equal(gantt.length, 127, 'one bar per task');
    // Brent's greedy bound on the run drawn, with that run's own task times: W' / k + S',
    // whatever else the machine was doing (a busy machine slows tasks, and W' and S' with them).
    // The margin is the scheduler's own cost per task (a lock, a queue, a wake-up).
    const took = Object.fromEntries(gantt.map((b) => [b.task, b.ended - b.began]));
    const pathTo = (level, i) => (level === 0 ? took[`leaf-${i}`] : took[`sum-${level}-${i}`] + Math.max(pathTo(level - 1, 2 * i), pathTo(level - 1, 2 * i + 1)));
    const [workRun, spanRun] = [gantt.reduce((sum, b) => sum + b.ended - b.began, 0), pathTo(6, 0)];
    const wall = Math.max(...gantt.map((b) => b.ended)) - Math.min(...gantt.map((b) => b.began));
    console.log(`  the run drawn: ${wall.toFixed(1)} ms against W'/2 + S' = ${(workRun / 2 + spanRun).toFixed(1)} ms (W' ${workRun.toFixed(1)}, S' ${spanRun.toFixed(1)}); fastest T_2 ${fastest} ms against ${high} ms from the sequential times`);
    assert.ok(wall >= Math.max(workRun / 2, spanRun) * 0.99, `${wall} ms is under its own lower bound`);
    assert.ok(wall <= 1.25 * (workRun / 2 + spanRun) + 2, `${wall} ms against its own greedy bound ${workRun / 2 + spanRun}`);
    assert.deepEqual(new Set(gantt.map((b) => b.thread)), new Set([0, 1]));
    const ended = Object.fromEntries(gantt.map((b) => [b.task, b.ended]));
    // sum-1-i adds leaf-2i and leaf-2i+1: it began after both had ended.
    for (let i = 0; i < 32; i += 1) {
      const began = gantt.find((b) => b.task === `sum-1-${i}`).began;
      assert.ok(began >= Math.max(ended[`leaf-${2 * i}`], ended[`leaf-${2 * i + 1}`]) - 0.05, `sum-1-${i}`);
    }
    const graph = await nodes(page, 'task-graph');
    assert.equal(graph.filter((n) => n.critical).length, 7, 'a leaf and six levels of sums');
    await page.screenshot({ path: join(ARTIFACTS, 'taskgraph.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('fail=: the task raises, its descendants are cancelled and never run, the error names both', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=taskgraph&graph=tree-sum&size=16&cost=100&threads=2&repeats=2&fail=sum-1-1&autorun=1`);
    const rows = await rowsByVariant(page);
    // sum-1-1 feeds sum-2-0, sum-3-0 and sum-4-0.
    assert.equal(rows.scheduled.cancelled, '3');
    assert.equal(rows.scheduled.correct, 'true');
    const error = page.getByTestId('error');
    assert.equal(await error.getAttribute('data-task'), 'sum-1-1');
    assert.match(await error.textContent(), /sum-1-1.*3 tasks/);
    const graph = Object.fromEntries((await nodes(page, 'task-graph')).map((n) => [n.task, n]));
    assert.equal(graph['sum-1-1'].state, 'failed');
    for (const task of ['sum-2-0', 'sum-3-0', 'sum-4-0']) {
      assert.equal(graph[task].state, 'cancelled', task);
      assert.equal(graph[task].thread, undefined, task);
    }
    assert.equal(graph['sum-2-1'].state, 'done', 'the other branch goes on');
    const ran = new Set((await bars(page)).map((b) => b.task));
    assert.equal(ran.size, 31 - 3);
    for (const task of ['sum-2-0', 'sum-3-0', 'sum-4-0']) assert.ok(!ran.has(task), `${task} has no bar`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Cancel mid-run: pending tasks are cancelled, running ones finish, the page says how many', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=taskgraph&graph=wavefront&size=40&cost=2000&threads=2&repeats=5`);
    await waitForPool(page, 'ready');
    await page.getByTestId('run').click();
    await page.locator('[data-testid=live-graph]:not([data-done="0"])').waitFor();
    const { ms } = await cancelTimedInPage(page);
    assert.notEqual(ms, null, 'the run was still going when Cancel was clicked');
    assert.match(await page.getByTestId('notice').textContent(), /Cancelled/);
    const counts = page.getByTestId('cancel-counts');
    const [cancelled, finished] = [Number(await counts.getAttribute('data-cancelled')), Number(await counts.getAttribute('data-finished'))];
    assert.ok(cancelled > 0 && finished <= 2, `cancelled ${cancelled}, finished ${finished}`);
    assert.match(await counts.textContent(), new RegExp(`Cancel stopped ${cancelled.toLocaleString('en')} task`));
    assert.equal(await page.getByTestId('live-graph').count(), 0);
    console.log(`  cancel: ${cancelled} cancelled, ${finished} finished, stopped in ${ms} ms`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('bad values name their limit and nothing runs', async () => {
    for (const [query, params, words] of [
      ['graph=tree-sum&size=8&fail=cell-1-1', ['fail'], /not a task of the tree-sum graph of size 8/],
      ['graph=wavefront&size=65', ['size'], /4,096 tasks/],
      ['graph=ring', ['graph'], /ring/],
    ]) {
      const { page, errors } = await openPage(`${server.url}?demo=taskgraph&${query}&autorun=1`);
      await waitForPool(page, 'ready');
      assert.deepEqual(await problemParams(page), params, query);
      assert.match(await page.getByTestId('error').textContent(), words, query);
      assert.equal(await page.getByTestId('result-row').count(), 0, query);
      assert.deepEqual(errors, []);
      await page.close();
    }
  });
});
