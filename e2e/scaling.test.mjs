// What the numbers teach (issue 14), in headless Chromium: threads past the cores (the pool is
// started that large, or grown by loading the page again), the crossover sweep over n with its
// break-even, and the course's own MapCompare figures beside a map run.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, chromiumForFile, finishedRows, serveDist, waitForPool } from './helpers.mjs';

const RUN_TIMEOUT = 180_000;
const openPage = chromiumForFile();
const poolSize = async (page) => Number(await page.getByTestId('isolation').getAttribute('data-pool-size'));
const cores = (page) => page.evaluate(() => navigator.hardwareConcurrency);

async function sweep(page) {
  await page.getByTestId('sweep').click();
  await page.locator('[data-testid=progress][data-running=true]').waitFor({ timeout: 10_000 }).catch(() => {});
  await page.locator('[data-testid=progress][data-running=false]').waitFor({ timeout: RUN_TIMEOUT });
}

describe('what the numbers teach', () => {
  const server = serveDist({ host: 'headers-file' });

  test('a link asking for 4 × the cores starts that pool, and the sweep draws every k past the cores', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map&n=300000&workload=collatz&repeats=1`);
    await waitForPool(page, 'ready');
    const c = await cores(page);
    const most = Math.min(4 * c, 64);
    assert.equal(await page.getByTestId('input-threads').getAttribute('max'), String(most));
    await page.goto(`${server.url}?demo=map&n=300000&workload=collatz&repeats=1&threads=${most}`);
    await waitForPool(page, 'ready');
    assert.equal(await poolSize(page), most, 'the pool is as large as the k asked for');
    assert.equal(await page.getByTestId('grow-pool').count(), 0);
    await sweep(page);
    const points = await page.locator('[data-testid=sweep-chart] circle.point').evaluateAll((els) => els.map((e) => Number(e.dataset.threads)));
    assert.deepEqual(points, Array.from({ length: most }, (_, i) => i + 1));
    assert.equal(await page.locator('[data-testid=sweep-chart] circle.wrong').count(), 0);
    assert.equal(await page.getByTestId('sweep-chart').getAttribute('data-cores'), String(c));
    const verdict = await page.getByTestId('oversubscription-verdict').textContent();
    assert.match(verdict, new RegExp(`Past the ${c} cores|More threads than the ${c} cores`));
    console.log(`  ${verdict}`);
    await page.screenshot({ path: join(ARTIFACTS, 'oversubscription-sweep.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('more threads than the pool: the page says so and grows the pool by loading again', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=sort&n=100000&repeats=1`);
    await waitForPool(page, 'ready');
    const c = await cores(page);
    assert.equal(await poolSize(page), c);
    await page.getByTestId('input-threads').fill(String(2 * c));
    await page.getByTestId('input-threads').dispatchEvent('change');
    const notice = page.getByTestId('grow-pool');
    await notice.waitFor();
    assert.equal(await notice.getAttribute('data-pool-size'), String(c));
    assert.match(await notice.textContent(), new RegExp(`T = ${2 * c} needs ${2 * c} workers`));
    await page.getByTestId('grow-pool-button').click();
    await page.waitForURL(/threads=/);
    await waitForPool(page, 'ready');
    assert.equal(await poolSize(page), 2 * c, 'the page came back with a pool that large');
    assert.equal(await page.getByTestId('grow-pool').count(), 0);
    assert.match(await page.getByTestId('isolation').textContent(), /\d+ ms/, 'the banner shows what starting it cost');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('sweep=n on map draws the speedup against n, with the break-even when there is one', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map&sweep=n&n=200000&workload=collatz&repeats=1&threads=2`);
    await waitForPool(page, 'ready');
    assert.equal(await page.getByTestId('input-sweep').inputValue(), 'n');
    assert.match(await page.getByTestId('sweep').textContent(), /Sweep n = 1,000…200,000/);
    await sweep(page);
    const chart = page.getByTestId('crossover-chart');
    const ns = await chart.locator('circle.point').evaluateAll((els) => els.map((e) => Number(e.dataset.n)));
    assert.deepEqual(ns, [1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000]);
    assert.equal(await page.getByTestId('size-sweep-results').getAttribute('data-correct'), 'true');
    const speedups = await chart.locator('circle.point').evaluateAll((els) => els.map((e) => Number(e.dataset.speedup)));
    const breakEven = await chart.getAttribute('data-break-even-n');
    const verdict = await page.getByTestId('crossover-verdict').textContent();
    console.log(`  map collatz, k = 2: speedups ${speedups.map((s) => s.toFixed(2)).join(' ')}; break-even ${breakEven}`);
    if (breakEven !== null) {
      assert.ok(Number(breakEven) >= 1000 && Number(breakEven) <= 200000, breakEven);
      assert.match(verdict, /paid off above about n =/);
      assert.ok(speedups.at(-1) >= 1, 'the last point is above 1 when a break-even is marked');
    } else {
      assert.match(verdict, /never paid off|already at n = 1,000/);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'crossover-map.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('sweep=n on sort times sequential against chunks+kway at every size, all correct', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=sort&sweep=n&n=50000&repeats=1&threads=2`);
    await waitForPool(page, 'ready');
    await sweep(page);
    const ns = await page.locator('[data-testid=crossover-chart] circle.point').evaluateAll((els) => els.map((e) => Number(e.dataset.n)));
    assert.deepEqual(ns, [1000, 2000, 5000, 10000, 20000, 50000]);
    assert.equal(await page.getByTestId('size-sweep-results').getAttribute('data-correct'), 'true');
    assert.match(await page.getByTestId('size-sweep-results').textContent(), /chunks\+kway, k = 2/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a squaring map run shows the course's figures beside its own, says when n differs, and other work shows none", async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map&n=100000&repeats=1&autorun=1`);
    const row = page.getByTestId('reference-row');
    await row.waitFor({ timeout: RUN_TIMEOUT });
    const text = await row.textContent();
    assert.match(text, /the course's machine, Python/);
    assert.match(text, /10,000,000/);
    assert.match(text, /3983\.71 ms/);
    assert.match(text, /2615\.993 ms/);
    assert.match(text, /1\.52×/);
    assert.match(await page.locator('table.reference').textContent(), /this run: Rust, \d+ threads/);
    assert.match(await page.locator('table.reference caption').textContent(), /set n = 10M to compare like with like/);
    // The course squared its numbers: other work is not put beside its figures.
    await page.goto(`${server.url}?demo=map&n=100000&workload=collatz&repeats=1&autorun=1`);
    await finishedRows(page);
    assert.equal(await page.getByTestId('reference-row').count(), 0, 'no course figures beside collatz');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('threads beyond 4 × the cores are clamped with a message naming the limit', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map&threads=999`);
    await waitForPool(page, 'ready');
    const c = await cores(page);
    const most = Math.min(4 * c, 64);
    assert.match(await page.getByTestId('error').textContent(), new RegExp(`threads = 999 is more than the ${most} threads parlab starts`));
    assert.equal(await page.getByTestId('input-threads').inputValue(), String(most));
    assert.equal(await poolSize(page), most);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
