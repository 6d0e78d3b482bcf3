// The measured parallelism, in headless Chromium: the page measures how many threads the device
// really runs at once instead of trusting navigator.hardwareConcurrency, shows it in the banner
// and uses it for the sweep's core mark and the notes, never for the default k (the pool from
// the reported cores); Measure again repeats it. (WebKit, which reports 4 cores on a 2-CPU
// machine, is checked in webkit.test.mjs; a faked busy measurement in defaults.test.mjs.)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, chromiumForFile, serveDist, waitForPool } from './helpers.mjs';

const openPage = chromiumForFile();
const MEASURED = '[data-testid=isolation][data-measured-parallelism]';

async function measured(page) {
  const banner = page.locator(MEASURED);
  await banner.waitFor({ timeout: 30_000 });
  return banner.evaluate((e) => ({ ...e.dataset, text: e.textContent }));
}

describe('measured parallelism', () => {
  const server = serveDist({ host: 'headers-file' });

  test('the banner shows the measured figure, between 1 and the reported count', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map`, { measure: true });
    await waitForPool(page, 'ready');
    const banner = await measured(page);
    const [reported, found] = [Number(banner.cores), Number(banner.measuredParallelism)];
    assert.ok(Number.isInteger(found) && found >= 1 && found <= reported, `measured ${found} of ${reported}`);
    assert.match(banner.text, found === reported ? /measured: \d/ : /measured: about \d/);
    // The default k is the pool from the reported cores, whatever was measured.
    assert.equal(await page.getByTestId('input-threads').inputValue(), banner.poolSize);
    await page.screenshot({ path: join(ARTIFACTS, 'cores-banner.png') });
    console.log(`  Chromium: reports ${reported} cores, measured ${found}`);
    assert.deepEqual(errors, []);
  });

  test('a measurement below the count sets the sweep mark, never the default k nor a note that calls it oversubscribed', async () => {
    // A device that reports 4 cores (like WebKit on this machine): the measurement happens on
    // the real cores, so it is at most 2 here.
    const { page, errors } = await openPage(`${server.url}?demo=map&n=200000&workload=collatz&repeats=1`, { measure: true });
    await waitForPool(page, 'ready');
    const before = await measured(page);
    await page.evaluate(() => sessionStorage.setItem('parlab.measured-parallelism', `${navigator.hardwareConcurrency}/1`));
    await page.reload();
    await waitForPool(page, 'ready');
    // Kept for the session: a reload measures nothing, the figure is there at once.
    const banner = await page.getByTestId('isolation').evaluate((e) => ({ ...e.dataset, text: e.textContent }));
    assert.equal(banner.measuredParallelism, '1', 'the session figure is used at once');
    if (Number(before.cores) > 1) {
      assert.match(banner.text, /reports \d+ logical cores; measured: about 1: your machine was busy, or has fewer cores than it reports: 1\.0 of \d+ cores were free/);
      assert.equal(await page.getByTestId('input-threads').inputValue(), banner.poolSize, 'the default k stays the pool');
      assert.equal(await page.locator('.controls .note').count(), 0, 'k = the reported cores is not called more than the cores');
      await page.getByTestId('sweep').click();
      await page.getByTestId('sweep-chart').waitFor({ timeout: 60_000 });
      assert.equal(await page.getByTestId('sweep-chart').getAttribute('data-cores'), '1');
    }
    // Measure again replaces it with a real figure.
    await page.locator('[data-testid=progress][data-running=false]').waitFor({ timeout: 60_000 });
    await page.getByTestId('measure-cores').click();
    await page.locator('[data-testid=measure-cores][disabled]').waitFor({ timeout: 5_000 }).catch(() => {});
    await page.locator('[data-testid=measure-cores]:not([disabled])').waitFor({ timeout: 30_000 });
    const again = Number(await page.getByTestId('isolation').getAttribute('data-measured-parallelism'));
    assert.ok(again >= 1 && again <= Number(before.cores), `measured again: ${again}`);
    assert.match(await page.evaluate(() => sessionStorage.getItem('parlab.measured-parallelism')), new RegExp(`^${before.cores}/${again}/\\d+\\.\\d\\d/\\d+$`));
    assert.deepEqual(errors, []);
  });
});
