// End-to-end tests of the dining philosophers demo in headless Chromium.
import { describe, test } from 'node:test';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { ARTIFACTS, chromiumForFile, serveDist, rowsByVariant as finishedRows } from './helpers.mjs';

const STRATEGIES = ['naive', 'ordered', 'waiter', 'chandy-misra', 'try-back-off'];

const openPage = chromiumForFile();

describe('dining philosophers demo', () => {
  const server = serveDist({ host: 'headers-file' });

  for (const strategy of STRATEGIES) {
    test(`strategy=${strategy}&autorun=1: both dinners pass the checker`, async () => {
      const { page, errors } = await openPage(`${server.url}?demo=philosophers&philosophers=5&meals=10&think=1&eat=1&strategy=${strategy}&autorun=1`);
      const rows = await finishedRows(page);
      assert.equal(rows.sequential.correct, 'true');
      assert.equal(rows.parallel.correct, 'true');
      assert.equal(rows.parallel.threads, '5');
      if (strategy !== 'naive') {
        assert.equal(rows.parallel.ending, 'finished');
        assert.equal(rows.sequential.ending, 'finished');
        assert.equal(await page.getByTestId('deadlock').count(), 0);
      }
      assert.equal(await page.locator('[data-testid=dinner-ring] g.philosopher').count(), 5);
      const banner = await page.getByTestId('isolation').evaluate((e) => ({ ...e.dataset, text: e.textContent }));
      if (Number(banner.poolSize) > Number(banner.cores)) {
        // A pool larger than the cores says why.
        assert.match(banner.text, new RegExp(`${banner.poolSize} threads on ${banner.cores} cores?: one for each philosopher and one for the watchdog`));
      }
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  test('forced deadlock: detected with its cycle, shown, and the threads come back for the next dinner', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=philosophers&philosophers=5&meals=10&strategy=naive&force-deadlock=1&autorun=1`);
    const rows = await finishedRows(page);
    assert.equal(rows.parallel.ending, 'deadlock');
    assert.equal(rows.parallel.correct, 'true');
    const deadlock = page.getByTestId('deadlock');
    assert.equal(await deadlock.getAttribute('data-cycle'), '0,1,2,3,4');
    assert.equal(await deadlock.getAttribute('data-source'), 'threads');
    assert.equal(await page.locator('[data-testid=dinner-ring] g.in-cycle').count(), 5);
    await page.screenshot({ path: join(ARTIFACTS, 'philosophers-deadlock.png'), fullPage: true });
    // The replay scrubs back to the start, where no cycle is drawn yet, and plays from there.
    await page.getByTestId('replay-scrubber').fill('0');
    assert.equal(await page.locator('[data-testid=dinner-ring] g.in-cycle').count(), 0);
    await page.getByTestId('replay-play').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=replay-scrubber]').value) > 0, null, { timeout: 10_000 });
    assert.equal(await page.getByTestId('replay-play').textContent(), 'Pause');
    await page.getByTestId('replay-play').click();
    assert.equal(await page.getByTestId('replay-play').textContent(), 'Play');
    // Every thread returned: the same five philosophers (five threads at once, on the pool of
    // six the page started for N = 5) dine again, to the end.
    await page.getByTestId('input-force-deadlock').uncheck();
    await page.getByTestId('input-strategy').selectOption('ordered');
    await page.getByTestId('run').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=result-row][data-variant=parallel]')?.dataset.ending === 'finished', null, { timeout: 120_000 });
    const after = await finishedRows(page);
    assert.equal(after.parallel.ending, 'finished');
    assert.equal(after.parallel.correct, 'true');
    assert.equal(await page.getByTestId('deadlock').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('N past the pool: the page offers a larger pool, and 16 philosophers dine on it', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=philosophers&philosophers=5&meals=3&think=1&eat=1&strategy=ordered`);
    const banner = page.locator('[data-testid=isolation][data-state=ready]');
    await banner.waitFor();
    const pool = Number(await banner.getAttribute('data-pool-size'));
    // A pool for N = 5 (five philosophers and the watchdog), or one per core where there are more.
    assert.ok(pool >= 6 && pool < 17, `pool of ${pool}`);
    assert.equal(await page.getByTestId('grow-pool').count(), 0);
    await page.getByTestId('input-philosophers').fill('16');
    await page.getByTestId('input-philosophers').press('Enter');
    const notice = page.getByTestId('grow-pool');
    assert.match(await notice.textContent(), /N = 16 \(a thread for each philosopher and one for the watchdog\) needs 17 workers/);
    // Run cannot make this dinner on the smaller pool, and says what to do.
    await page.getByTestId('run').click();
    assert.match(await page.getByTestId('notice').textContent(), /needs more workers than this page started/);
    assert.equal(await page.getByTestId('result-row').count(), 0);
    await page.getByTestId('grow-pool-button').click();
    await page.locator('[data-testid=isolation][data-state=ready][data-pool-size="17"]').waitFor();
    assert.equal(await page.getByTestId('grow-pool').count(), 0);
    await page.getByTestId('run').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=result-row][data-variant=parallel]')?.dataset.threads === '16', null, { timeout: 120_000 });
    const rows = await finishedRows(page);
    assert.equal(rows.parallel.ending, 'finished');
    assert.equal(rows.parallel.correct, 'true');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('forcing does not deadlock the ordered strategy', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=philosophers&philosophers=6&meals=5&strategy=ordered&force-deadlock=1&autorun=1`);
    const rows = await finishedRows(page);
    assert.equal(rows.parallel.ending, 'finished');
    assert.equal(rows.sequential.ending, 'finished');
    assert.equal(await page.getByTestId('deadlock').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('compare all strategies: one row each, naive forced into deadlock, the rest finish', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=philosophers&philosophers=5&meals=5&think=1&eat=1&force-deadlock=1`);
    await page.locator('[data-testid=isolation][data-state=ready]').waitFor({ timeout: 30_000 });
    await page.getByTestId('sweep').click();
    await page.getByTestId('strategy-comparison').waitFor({ timeout: 120_000 });
    const rows = await page.locator('[data-testid=strategy-comparison] tbody tr').evaluateAll((els) => els.map((e) => ({ ...e.dataset })));
    assert.deepEqual(rows.map((r) => r.strategy), STRATEGIES);
    assert.equal(rows[0].ending, 'deadlock');
    assert.ok(rows.slice(1).every((r) => r.ending === 'finished'));
    assert.ok(rows.every((r) => r.correct === 'true'));
    await page.screenshot({ path: join(ARTIFACTS, 'philosophers-comparison.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('cancel during the threads\' dinner (the second half) keeps nothing and says so', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=philosophers&philosophers=5&meals=100&think=5&eat=5`);
    await page.locator('[data-testid=isolation][data-state=ready]').waitFor({ timeout: 30_000 });
    await page.getByTestId('run').click();
    // The simulation is the first half of the progress, the threads the second.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=progress]').dataset.fraction) > 0.6, null, { timeout: 120_000 });
    await page.getByTestId('cancel').click();
    await page.locator('[data-testid=progress][data-running=false]').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('notice').textContent(), /Cancelled/);
    assert.equal(await page.getByTestId('result-row').count(), 0);
    assert.doesNotMatch(await page.getByTestId('progress').textContent(), /Done/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('cancel stops a long dinner and the next one runs', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=philosophers&philosophers=8&meals=1000&think=5&eat=5`);
    await page.locator('[data-testid=isolation][data-state=ready]').waitFor({ timeout: 30_000 });
    await page.getByTestId('run').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=progress]').dataset.fraction) > 0.01, null, { timeout: 60_000 });
    await page.getByTestId('cancel').click();
    await page.locator('[data-testid=progress][data-running=false]').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('notice').textContent(), /Cancelled/);
    await page.getByTestId('input-meals').fill('3');
    await page.getByTestId('input-meals').press('Enter');
    await page.getByTestId('run').click();
    const rows = await finishedRows(page);
    assert.equal(rows.parallel.ending, 'finished');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
