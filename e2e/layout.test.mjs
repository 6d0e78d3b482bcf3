// Nothing jumps (issue 33), in headless Chromium: from navigation until the pool is ready and
// the cores have been measured, the layout shifts of every demo's page add up to at most 0.1
// (Lighthouse's "good"), at desktop and at phone size. The measurement is the page's own, made
// when it would be; its figure is fixed by the test hook, so a busy machine cannot change the
// text it shows.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { builtDemos, chromiumForFile, serveDist, waitForPool } from './helpers.mjs';

const openPage = chromiumForFile();
const DEMOS = await builtDemos();
const SIZES = [[1350, 900], [390, 844]];

describe('layout shift', () => {
  const server = serveDist({ host: 'headers-file' });

  for (const [width, height] of SIZES) {
    test(`${width} px wide: every demo's shifts from load to the measured cores add up to at most 0.1`, async () => {
      const scores = [];
      for (const demo of DEMOS) {
        const { page, errors } = await openPage('about:blank', { measure: true });
        await page.setViewportSize({ width, height });
        await page.addInitScript(() => {
          sessionStorage.setItem('parlab.test.busy-measurement', String(navigator.hardwareConcurrency));
          window.layoutShifts = [];
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.layoutShifts.push(entry.value);
          }).observe({ type: 'layout-shift', buffered: true });
        });
        await page.goto(`${server.url}?demo=${demo}`);
        await waitForPool(page, 'ready');
        await page.locator('[data-testid=isolation][data-measured-parallelism]').waitFor({ timeout: 30_000 });
        // The frame after the last change, so its shift (if any) has been reported.
        await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
        const total = await page.evaluate(() => window.layoutShifts.reduce((sum, value) => sum + value, 0));
        scores.push(`${demo} ${total.toFixed(3)}`);
        assert.ok(total <= 0.1, `${demo} at ${width} px: layout shifts add up to ${total.toFixed(3)}`);
        assert.deepEqual(errors, []);
        await page.close();
      }
      console.log(`  ${width} px: ${scores.join(', ')}`);
    });
  }
});
