// Run history: the last runs in this browser, kept across a reload, compared side by side,
// re-opened by their link, cleared; foreign data in storage is ignored with a notice.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumForFile, finishedRows, serveDist, waitForPool } from './helpers.mjs';

const openPage = chromiumForFile();

describe('run history', () => {
  const server = serveDist({ host: 'headers-file' });

  test('two runs are kept across a reload, compared side by side, re-opened and cleared', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map&n=100000&workload=collatz&repeats=1&threads=1`);
    await page.evaluate(() => localStorage.clear());
    await waitForPool(page, 'ready');
    await page.getByTestId('run').click();
    await finishedRows(page);
    await page.getByTestId('input-threads').fill('2');
    await page.getByTestId('input-threads').press('Enter');
    await page.getByTestId('run').click();
    await page.locator('[data-testid=history][data-entries="2"]').waitFor();
    const newest = await finishedRows(page);
    await page.reload();
    const history = page.getByTestId('history');
    await page.locator('[data-testid=history][data-entries="2"]').waitFor();
    const items = history.locator('li');
    await items.nth(0).locator('input[type=checkbox]').check();
    await items.nth(1).locator('input[type=checkbox]').check();
    await page.getByTestId('history-compare').click();
    const comparison = page.getByTestId('history-comparison');
    assert.equal(await comparison.locator('thead th').count(), 3, 'a column per run');
    assert.deepEqual(await comparison.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.variant)), ['sequential', 'parallel']);
    const parallel = await comparison.locator('tr[data-variant=parallel] td').allTextContents();
    assert.match(parallel[0], /k = 2/, 'the newest run first');
    assert.match(parallel[1], /k = 1/);
    const marks = await comparison.locator('tr[data-variant] td:first-of-type').evaluateAll((cells) => cells.map((c) => c.dataset.quality));
    assert.deepEqual(marks, newest.map((r) => r.quality), 'each kept median keeps its quality mark');
    const reopen = await items.nth(1).locator('a.reopen').getAttribute('href');
    assert.match(reopen, /threads=1/);
    await page.getByTestId('history-clear').click();
    assert.equal(await history.getAttribute('data-entries'), '0');
    await page.reload();
    assert.equal(await page.getByTestId('history').getAttribute('data-entries'), '0');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('unreadable or foreign data in storage is ignored with a notice, and the next run is kept', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=race&n=10000&repeats=1`);
    await page.evaluate(() => localStorage.setItem('parlab:history:v1', '{not json'));
    await page.reload();
    await waitForPool(page, 'ready');
    await page.getByTestId('history-notice').waitFor();
    await page.evaluate(() => localStorage.setItem('parlab:history:v1', JSON.stringify([{ at: 1, demo: 'race', query: 'demo=race', figures: [] }, { hello: 'world' }])));
    await page.reload();
    await page.getByTestId('history-notice').waitFor();
    assert.equal(await page.getByTestId('history').getAttribute('data-entries'), '1');
    await page.getByTestId('run').click();
    await finishedRows(page);
    await page.locator('[data-testid=history][data-entries="2"]').waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });
});
