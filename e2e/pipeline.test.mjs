// The pipeline demo over its contract, in headless Chromium: three rows with the sequential
// sum, the stage lanes and the channels' depth, the bottleneck named, Cancel, and bad workers.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, cancelTimedInPage, chromiumForFile, finishedRows, serveDist, waitForPool } from './helpers.mjs';

const openPage = chromiumForFile();

describe('pipeline demo', () => {
  const server = serveDist({ host: 'headers-file' });

  test('three rows with the sequential sum; a lane per stage worker; the depth of every channel', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=pipeline&n=300000&workers=1,2,1,1&capacity=2&autorun=1`);
    const rows = await finishedRows(page);
    assert.deepEqual(rows.map((r) => [r.variant, r.threads, r.correct]),
      [['sequential', '1', 'true'], ['pipeline', '5', 'true'], ['data-parallel', '5', 'true']]);
    assert.match(await page.getByTestId('verdict').textContent(), /Every sum equals the sequential one/);
    const labels = await page.getByTestId('stage-lanes').locator('.lane-label').allTextContents();
    for (const name of ['generate 0', 'transform 0', 'transform 1', 'filter 0', 'sum 0']) {
      assert.ok(labels.includes(name), `a lane for ${name}: ${labels}`);
    }
    const queues = page.locator('.queue');
    assert.deepEqual(await queues.evaluateAll((els) => els.map((e) => e.dataset.queue)),
      ['generate-transform', 'transform-filter', 'filter-sum']);
    const axisEnd = await page.getByTestId('stage-lanes').getAttribute('data-end-ms');
    for (const chart of await page.getByTestId('queue-depth').all()) {
      assert.equal(await chart.getAttribute('data-capacity'), '2');
      assert.ok(Number(await chart.getAttribute('data-samples')) > 10);
      assert.equal(await chart.getAttribute('data-end-ms'), axisEnd, 'the lanes and every channel share one time axis');
    }
    const load = page.getByTestId('stage-load');
    const bottleneck = await load.getAttribute('data-bottleneck');
    assert.ok(['generate', 'transform', 'filter', 'sum'].includes(bottleneck));
    assert.match(await load.textContent(), new RegExp(`${bottleneck} [0-9.,]+ ms \\(the bottleneck\\)`));
    console.log(`  ${rows.map((r) => `${r.variant} ${r.ms} ms`).join(', ')}; bottleneck ${bottleneck}`);
    await page.screenshot({ path: join(ARTIFACTS, 'pipeline.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('one worker per stage: transform is the bottleneck, and the stage before it waits for room', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=pipeline&n=300000&workers=1,1,1,1&capacity=2&autorun=1`);
    await finishedRows(page);
    assert.equal(await page.getByTestId('stage-load').getAttribute('data-bottleneck'), 'transform');
    const kinds = await page.getByTestId('stage-lanes').locator('rect.wait')
      .evaluateAll((els) => els.map((e) => `${e.dataset.thread}:${e.dataset.kind}`));
    assert.ok(kinds.includes('0:waiting-full'), `generate waited for room: ${[...new Set(kinds)]}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Cancel stops a long run, and the next run works on the same pool', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=pipeline&n=20000000`);
    await waitForPool(page, 'ready');
    await page.getByTestId('run').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=progress]').dataset.fraction) > 0.02, null, { timeout: 60_000 });
    const { ms } = await cancelTimedInPage(page);
    console.log(`  cancelled ${ms} ms after the click`);
    assert.match(await page.getByTestId('notice').textContent(), /Cancelled/);
    await page.getByTestId('input-n').fill('100000');
    await page.getByTestId('input-n').press('Enter');
    await page.getByTestId('run').click();
    const rows = await finishedRows(page);
    assert.deepEqual(rows.map((r) => r.correct), ['true', 'true', 'true']);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('bad workers get a message naming what is wrong, and the default', async () => {
    for (const [workers, why] of [['1,2,1', /one count per stage/], ['1,0,1,1', /transform stage needs 1 … 8 workers/], ['8,8,8,8', /at most 16/]]) {
      const { page } = await openPage(`${server.url}?demo=pipeline&workers=${workers}`);
      const problem = page.locator('[data-testid=error] li[data-param=workers]');
      assert.match(await problem.textContent(), why);
      assert.match(await problem.textContent(), /Using 1,2,1,1/);
      assert.equal(await page.getByTestId('input-workers').inputValue(), '1,2,1,1');
      await page.close();
    }
  });
});
