import { chromiumForFile, serveDist, waitForPool, finishedRows } from './helpers.mjs';
import { test } from 'node:test';
const openPage = chromiumForFile();
const server = serveDist({ host: 'headers-file' });
test('shots', async () => {
  for (const [name, q, w] of [['sched-desk', 'demo=schedule&autorun=1', 1280], ['cpu-desk', 'demo=cpu-scheduling&stream=4&autorun=1', 1280], ['cpu-phone', 'demo=cpu-scheduling&autorun=1', 390], ['sched-phone', 'demo=schedule&autorun=1', 390]]) {
    const { page, errors } = await openPage(`${server.url}?${q}`);
    await page.setViewportSize({ width: w, height: 900 });
    await waitForPool(page, 'ready');
    const rows = await finishedRows(page);
    console.log(name, JSON.stringify(rows));
    await page.screenshot({ path: `/tmp/${name}.png`, fullPage: true });
    console.log('errors', errors);
    await page.close();
  }
});
