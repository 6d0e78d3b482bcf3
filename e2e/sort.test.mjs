// End-to-end tests of the sort demo in headless Chromium against the release dist/.
import { describe, test } from 'node:test';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { ARTIFACTS, chromiumForFile, serveDist, finishedRows, waitForPool } from './helpers.mjs';

const VARIANTS = ['sequential', 'chunks+kway', 'chunks+tree', 'chunks+split-merge', 'chunks+radix', 'rayon', 'js'];

const openPage = chromiumForFile();

describe('sort demo', () => {
  const server = serveDist({ host: 'headers-file' });

  for (const dist of ['uniform', 'few-unique', 'nearly-sorted']) {
    test(`?demo=sort&dist=${dist}&autorun=1: every variant correct, timeline and strips drawn`, async () => {
      const { page, errors } = await openPage(`${server.url}?demo=sort&n=1000000&dist=${dist}&threads=2&seed=7&repeats=2&autorun=1`);
      const rows = await finishedRows(page);
      assert.deepEqual(rows.map((r) => r.variant), VARIANTS);
      for (const row of rows) {
        assert.equal(row.correct, 'true', `${row.variant} correct`);
        assert.ok(Number(row.ms) > 0, `${row.variant} timed`);
      }
      assert.equal(rows.find((r) => r.variant === 'chunks+tree').threads, '2');
      assert.equal(rows.find((r) => r.variant === 'js').threads, '1');
      // The phase timeline: one block per Rust variant; the k-way merge is one bar on one thread.
      const timeline = page.getByTestId('phase-timeline');
      assert.equal(await timeline.getAttribute('data-rows'), '6');
      assert.ok(await timeline.locator('[data-variant="chunks+kway"] rect').count() >= 3);
      // The value strips: input, after the chunk sort, after each merge round.
      const strips = page.getByTestId('value-strips');
      assert.ok(Number(await strips.getAttribute('data-strips')) >= 3);
      // Each strip is a canvas, one pixel column per sample: the input's columns vary, the
      // sorted array's last strip runs from dark (small) to yellow (large).
      const columns = await strips.locator('canvas').evaluateAll((canvases) => canvases.map((c) => {
        const pixels = c.getContext('2d').getImageData(0, 0, c.width, 1).data;
        return { width: c.width, distinct: new Set(Array.from({ length: c.width }, (_, i) => pixels[4 * i] * 65536 + pixels[4 * i + 1] * 256 + pixels[4 * i + 2])).size, first: pixels[0], lastGreen: pixels[4 * (c.width - 1) + 1] };
      }));
      assert.equal(columns[0].width, 600);
      assert.ok(columns[0].distinct > 10, 'the input strip is drawn');
      const final = columns[columns.length - 1];
      assert.ok(final.first < 100 && final.lastGreen > 150, `the sorted strip runs dark to yellow: ${JSON.stringify(final)}`);
      const verdict = await page.getByTestId('verdict').textContent();
      assert.match(verdict, /Amdahl/);
      if (dist === 'uniform') await page.screenshot({ path: join(ARTIFACTS, 'sort-autorun.png'), fullPage: true });
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  test('the sweep draws every parallel variant for k = 1 … pool size with the Amdahl line', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=sort&n=500000&repeats=1`);
    await page.locator('[data-testid=isolation][data-state=ready]').waitFor({ timeout: 30_000 });
    const pool = Number(await page.getByTestId('isolation').getAttribute('data-pool-size'));
    await page.getByTestId('sweep').click();
    await page.getByTestId('sweep-chart').waitFor({ timeout: 120_000 });
    for (const variant of ['chunks+kway', 'chunks+tree', 'chunks+split-merge', 'chunks+radix', 'rayon']) {
      const points = page.locator(`[data-testid=sweep-chart] g[data-series="${variant}"] circle.point`);
      assert.equal(await points.count(), pool, variant);
    }
    assert.equal(await page.locator('[data-testid=sweep-chart] circle.wrong').count(), 0);
    assert.equal(await page.getByTestId('amdahl-line').count(), 1);
    await page.screenshot({ path: join(ARTIFACTS, 'sort-sweep.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('cancel during a long sort run, then a run that succeeds', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=sort&n=20000000&repeats=10`);
    await page.locator('[data-testid=isolation][data-state=ready]').waitFor({ timeout: 30_000 });
    await page.getByTestId('run').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=progress]').dataset.fraction) > 0.02, null, { timeout: 60_000 });
    await page.getByTestId('cancel').click();
    await page.locator('[data-testid=progress][data-running=false]').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('notice').textContent(), /Cancelled/);
    await page.getByTestId('input-n').fill('100000');
    await page.getByTestId('input-n').press('Enter');
    await page.getByTestId('run').click();
    const rows = await finishedRows(page);
    assert.equal(rows.length, VARIANTS.length);
    assert.ok(rows.every((r) => r.correct === 'true'));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a size beyond the memory limit is refused with a message before anything is allocated', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=sort&n=500000000&autorun=1`);
    const message = page.locator('section.problems[data-testid=error] li[data-param=n]');
    await message.waitFor();
    assert.match(await message.textContent(), /100,000,000/);
    assert.equal(await page.getByTestId('input-n').inputValue(), '100,000,000');
    // An autorun would have started by now and still be running at n = 100 M.
    await waitForPool(page, 'ready');
    await page.waitForTimeout(300);
    assert.equal(await page.getByTestId('progress').getAttribute('data-running'), 'false', 'no autorun after a refused value');
    assert.equal(await page.getByTestId('result-row').count(), 0, 'no autorun after a refused value');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('sort demo without isolation (no headers, no service worker)', () => {
  const server = serveDist({ host: 'plain' });

  test('sequential and js run and agree', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=sort&n=300000&repeats=2&autorun=1`, { serviceWorkers: false });
    const rows = await finishedRows(page);
    assert.deepEqual(rows.map((r) => r.variant), ['sequential', 'js']);
    assert.ok(rows.every((r) => r.correct === 'true'));
    assert.deepEqual(errors, []);
    await page.close();
  });
});
