// Issue 33, in headless Chromium: defaults that stay put and links that are exact.
// A busy machine is made, not waited for: the test hook `parlab.test.busy-measurement` (in
// sessionStorage before the page loads) gives the page's first measurement its figure; the
// measurement still happens when it would (the pool ready, then 1.5 s) and lands the same way.
// No figure is seeded (`measure: true`), so the banner shows a measured figure only once that
// measurement has landed, and the tests wait for it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, chromiumForFile, finishedRows, serveDist, waitForPool } from './helpers.mjs';

const openPage = chromiumForFile();
const paramsOf = (url) => Object.fromEntries(new URL(url).searchParams);

/** Opens `query` on a machine whose first measurement says `free` cores' worth were free. */
async function openBusy(server, query, free = '1.1') {
  const { page, errors } = await openPage('about:blank', { measure: true });
  await page.addInitScript((value) => sessionStorage.setItem('parlab.test.busy-measurement', value), free);
  await page.goto(`${server.url}?${query}`);
  await waitForPool(page, 'ready');
  return { page, errors };
}

/** Waits until the measurement has landed; returns the banner's data and text. */
async function landed(page) {
  const banner = page.locator('[data-testid=isolation][data-measured-parallelism]');
  await banner.waitFor({ timeout: 30_000 });
  return banner.evaluate((e) => ({ ...e.dataset, text: e.textContent }));
}

describe('defaults that stay put', () => {
  const server = serveDist({ host: 'headers-file' });

  test('a busy measurement (1.1 of 2 cores free) leaves the default k at the pool and says so', async () => {
    const { page, errors } = await openBusy(server, 'demo=map&n=200000&workload=collatz&repeats=1');
    const pool = Number(await page.getByTestId('isolation').getAttribute('data-pool-size'));
    const reported = await page.evaluate(() => navigator.hardwareConcurrency);
    assert.ok(reported >= 2, `this test needs a device that reports 2 cores or more, not ${reported}`);
    assert.equal(pool, Math.min(reported, 32), 'the pool: one thread per reported core');
    const banner = await landed(page);
    assert.equal(banner.measuredParallelism, '1');
    assert.equal(banner.freeCores, '1.1');
    assert.equal(banner.busy, 'true');
    assert.match(banner.text, new RegExp(`measured: about 1: your machine was busy, or has fewer cores than it reports: 1\\.1 of ${pool} cores were free`));
    assert.match(banner.text, new RegExp(`The default k stays ${pool}`));
    assert.equal(await page.getByTestId('input-threads').inputValue(), String(pool), 'k did not follow the measurement down');
    assert.doesNotMatch(await page.locator('section.controls').textContent(), /is more than the/, 'the default k is not called oversubscribed');
    // The figure is kept for the session, unrounded, and a reload keeps k too.
    assert.equal(await page.evaluate(() => sessionStorage.getItem('parlab.measured-parallelism')), `${reported}/1/1.10/${pool}`);
    await page.reload();
    await waitForPool(page, 'ready');
    assert.equal(await page.getByTestId('isolation').getAttribute('data-free-cores'), '1.1');
    assert.equal(await page.getByTestId('input-threads').inputValue(), String(pool));
    await page.screenshot({ path: join(ARTIFACTS, 'busy-banner.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('race after a busy measurement: k = 2, and the unsynchronized row runs on two threads', async () => {
    const { page, errors } = await openBusy(server, 'demo=race&n=1000000&window=20&repeats=1');
    await landed(page);
    assert.equal(await page.getByTestId('input-threads').inputValue(), '2');
    await page.getByTestId('run').click();
    const rows = await finishedRows(page);
    const unsynchronized = rows.find((r) => r.variant === 'unsynchronized');
    assert.equal(unsynchronized.threads, '2');
    assert.ok(Number(unsynchronized.final) <= Number(unsynchronized.expected));
    const verdict = await page.getByTestId('verdict').textContent();
    assert.doesNotMatch(verdict, /On one thread nothing races/);
    assert.match(verdict, /Unsynchronized lost/);
    assert.match(await page.getByTestId('busy-note').textContent(), /^When the cores were measured, your machine was busy, or has fewer cores than it reports: 1\.1 of \d+ cores were free\.$/);
    console.log(`  busy race: unsynchronized lost ${unsynchronized.lost} of ${unsynchronized.expected}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a map run after a busy measurement says in its verdict that the machine was busy', async () => {
    const { page, errors } = await openBusy(server, 'demo=map&n=100000&workload=collatz&repeats=1');
    await landed(page);
    await page.getByTestId('run').click();
    await finishedRows(page);
    const verdict = await page.getByTestId('verdict').textContent();
    assert.match(verdict, new RegExp(`When the cores were measured, your machine was busy, or has fewer cores than it reports: 1\\.1 of \\d+ cores were free\\.`));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a measurement that is not busy says so plainly', async () => {
    const { page, errors } = await openBusy(server, 'demo=map', '2');
    const banner = await landed(page);
    assert.equal(banner.busy, 'false');
    assert.doesNotMatch(banner.text, /busy/);
    assert.match(banner.text, new RegExp(`reports ${banner.cores} logical cores; measured: ${banner.measuredParallelism}\\.`));
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('exact links', () => {
  const server = serveDist({ host: 'headers-file' });

  test('the share link keeps threads, also when it is the default', async () => {
    const query = 'demo=race&n=1000000&threads=2&window=0&repeats=1';
    const { page, errors } = await openPage(`${server.url}?${query}`);
    await page.getByTestId('share').click();
    const link = paramsOf(await page.getByTestId('share-link').inputValue());
    assert.deepEqual(link, paramsOf(`${server.url}?${query}`));
    const iframe = await page.getByTestId('share-iframe').inputValue();
    assert.match(iframe, /threads=2/);
    // The second, separately named choice leaves threads out, and only threads.
    const adaptive = paramsOf(await page.getByTestId('share-link-adaptive').inputValue());
    const { threads, ...rest } = link;
    assert.equal(threads, '2');
    assert.deepEqual(adaptive, rest);
    assert.match(await page.locator('label[for=share-link-adaptive-text]').textContent(), /visitor's cores/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a page opened without threads shares the k it shows; a demo without threads offers no adaptive link', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map&n=300000`);
    await waitForPool(page, 'ready');
    const k = await page.getByTestId('input-threads').inputValue();
    await page.getByTestId('share').click();
    assert.equal(paramsOf(await page.getByTestId('share-link').inputValue()).threads, k);
    await page.goto(`${server.url}?demo=philosophers&philosophers=5`);
    await page.getByTestId('share').click();
    await page.getByTestId('share-link').waitFor();
    assert.equal(await page.getByTestId('share-link-adaptive').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a value that cannot be read is reported at its field, and the field keeps the previous value', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map&n=300000`);
    await waitForPool(page, 'ready');
    await page.getByTestId('input-n').fill('abc');
    await page.getByTestId('input-n').press('Enter');
    const problem = page.getByTestId('problem-n');
    await problem.waitFor();
    assert.match(await problem.textContent(), /abc/);
    assert.equal(await page.getByTestId('input-n').inputValue(), '300,000');
    assert.equal(paramsOf(page.url()).n, '300000');
    const label = await page.getByTestId('input-n').evaluate((input) => input.closest('label').textContent);
    assert.match(label, /abc/, 'the message is inside the field\'s label, read with it');
    assert.equal(await page.getByTestId('problem-chunk').count(), 0);
    await page.getByTestId('input-n').fill('400000');
    await page.getByTestId('input-n').press('Enter');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('n') === '400000');
    assert.equal(await page.getByTestId('problem-n').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
