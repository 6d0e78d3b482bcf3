// The race demo over its contract, in headless Chromium: seven ways to share one counter on 2
// threads and on 1, and the step-through driven by clicks to a lost update.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, cancelDuringEachVariant, chromiumForFile, finishedRows, serveDist, waitForPool } from './helpers.mjs';

const openPage = chromiumForFile();
const VARIANTS = ['sequential', 'unsynchronized', 'mutex', 'atomic', 'adjacent-slots', 'padded-slots', 'local'];

describe('race demo', () => {
  const server = serveDist({ host: 'headers-file' });

  for (const threads of [2, 1]) {
    test(`threads=${threads}: every variant's row, the safe ones exact, unsynchronized honest about its losses`, async () => {
      const { page, errors } = await openPage(`${server.url}?demo=race&n=2000000&threads=${threads}&window=20&repeats=1&autorun=1`);
      const rows = await finishedRows(page);
      assert.deepEqual(rows.map((r) => r.variant), VARIANTS);
      for (const row of rows) {
        const [final, expected, lost] = [Number(row.final), Number(row.expected), Number(row.lost)];
        assert.equal(expected, 2_000_000);
        assert.equal(lost, expected - final, row.variant);
        assert.equal(row.correct, String(lost === 0), row.variant);
        assert.ok(Number(row.ms) > 0, row.variant);
        if (row.variant !== 'unsynchronized' || threads === 1) {
          assert.equal(final, expected, `${row.variant} must count exactly`);
        } else {
          assert.ok(final <= expected);
          console.log(`  unsynchronized on 2 threads lost ${lost} of ${expected} updates`);
        }
        assert.equal(row.threads, row.variant === 'sequential' ? '1' : String(threads));
      }
      // Why the slot variants cost more here than natively: one store of each kind, timed, and
      // the padded slots' place in the page's memory, read from the run itself.
      const costs = await page.getByTestId('store-costs').evaluate((e) => ({ ...e.dataset }));
      for (const key of ['plainNs', 'atomicStoreNs', 'atomicAddNs']) assert.ok(Number(costs[key]) > 0 && Number.isFinite(Number(costs[key])), `${key} ${costs[key]}`);
      assert.match(await page.getByTestId('store-costs').textContent(), /In WebAssembly every atomic store is sequentially consistent/);
      const padded = rows.find((r) => r.variant === 'padded-slots');
      const adjacent = rows.find((r) => r.variant === 'adjacent-slots');
      if (threads === 2) {
        assert.deepEqual([padded.slotStride, padded.slotLineOffset], ['128', '0'], 'each padded slot alone on its line');
        assert.equal(adjacent.slotStride, '8');
      } else {
        assert.equal(padded.slotStride, undefined, 'one thread has one slot');
      }
      console.log(`  threads=${threads}: ${rows.map((r) => `${r.variant} ${r.ms} ms`).join(', ')}; stores ${costs.plainNs} / ${costs.atomicStoreNs} / ${costs.atomicAddNs} ns`);
      if (threads === 2) await page.screenshot({ path: join(ARTIFACTS, 'race.png'), fullPage: true });
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  test('Cancel stops the run in every variant, and nothing of it is kept', async () => {
    // window=50 makes every variant last seconds, so the twice-a-second progress lets the test
    // click while that variant runs.
    const { page, errors } = await openPage(`${server.url}?demo=race&n=10000000&window=50&repeats=3`);
    await waitForPool(page, 'ready');
    const measured = await cancelDuringEachVariant(page, VARIANTS);
    for (const [i, m] of measured.entries()) {
      assert.ok(m.fraction < (i + 1) / VARIANTS.length, `the click landed after ${m.variant} (fraction ${m.fraction})`);
      assert.ok(m.cancelled, `${m.variant}: the page says the run was cancelled`);
    }
    assert.equal(await page.getByTestId('result-row').count(), 0);
    console.log(`  cancel, click to stopped: ${measured.map((m) => `${m.variant} ${m.ms} ms`).join(', ')}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the step-through, clicked to a lost update, then reset', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=race`);
    const state = page.getByTestId('step-state');
    for (const thread of [0, 1]) await page.getByTestId(`step-thread-${thread}`).click();
    const attributes = (e) => ['data-shared', 'data-local-0', 'data-local-1'].map((name) => e.getAttribute(name));
    assert.deepEqual(await state.evaluate(attributes), ['0', '0', '0']);
    for (const thread of [0, 1, 0, 1]) await page.getByTestId(`step-thread-${thread}`).click();
    assert.equal(await state.getAttribute('data-shared'), '1');
    assert.match(await state.textContent(), /one update was lost/);
    assert.equal(await page.getByTestId('step-thread-0').isDisabled(), true);
    await page.getByTestId('step-reset').click();
    assert.equal(await state.getAttribute('data-shared'), '0');
    assert.equal(await state.getAttribute('data-local-0'), null);
    // One thread all the way, then the other: both updates count.
    for (const thread of [0, 0, 0, 1, 1, 1]) await page.getByTestId(`step-thread-${thread}`).click();
    assert.equal(await state.getAttribute('data-shared'), '2');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('bad values are explained and clamped', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=race&n=1e12&window=5000&threads=0&autorun=1`);
    await waitForPool(page, 'ready');
    const problems = page.locator('section.problems li');
    assert.deepEqual(await problems.evaluateAll((els) => els.map((e) => e.dataset.param)), ['n', 'window', 'threads']);
    assert.equal(await page.getByTestId('input-window').inputValue(), '1000');
    await page.waitForTimeout(300);
    assert.equal(await page.getByTestId('progress').getAttribute('data-running'), 'false', 'no autorun with problems');
    assert.equal(await page.getByTestId('result-row').count(), 0, 'no autorun with problems');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('race demo without threads', () => {
  const server = serveDist({ host: 'plain' });

  test('Run explains that the race needs the pool; the step-through still works', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=race&n=100000`, { serviceWorkers: false });
    await waitForPool(page, 'not-isolated');
    await page.getByTestId('run').click();
    assert.match(await page.getByTestId('notice').textContent(), /needs the thread pool/);
    await page.getByTestId('step-thread-1').click();
    assert.equal(await page.getByTestId('step-state').getAttribute('data-local-1'), '0');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
