// Never a blank page, in headless Chromium: the plain-HTML first paint while the wasm loads, a
// browser that grants less memory than parlab asks for (or none), and parlab in a sandboxed
// frame of a docs page on another site. Each case ends in a working page or a readable message.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, DIST, chromiumForFile, rowsByVariant, waitForPool } from './helpers.mjs';
import { serve, serveHtml } from './server.mjs';

const openPage = chromiumForFile();

/** An init script: the browser refuses a shared memory whose maximum is above `pages` (64 KiB each). */
const refuseSharedMemoryAbove = (pages) => `(() => {
  const Native = WebAssembly.Memory;
  const Limited = function (descriptor) {
    if (descriptor?.shared && (descriptor.maximum ?? 0) > ${pages}) throw new RangeError('Out of memory');
    return new Native(descriptor);
  };
  Limited.prototype = Native.prototype;
  WebAssembly.Memory = Limited;
})();`;

async function openWithMemory(url, pages) {
  const { page, errors } = await openPage('about:blank');
  await page.addInitScript({ content: refuseSharedMemoryAbove(pages) });
  await page.goto(url);
  return { page, errors };
}

describe('a browser that grants less memory', () => {
  for (const [pages, mb] of [[16384, 1024], [4096, 256]]) {
    test(`${mb} MiB: the page starts, map runs on the pool, a larger n gets a message naming the memory`, async () => {
      const server = await serve(DIST, { host: 'headers-file' });
      try {
        const { page, errors } = await openWithMemory(`${server.url}?demo=map&n=2000000&workload=collatz&chunk=20000&repeats=1&autorun=1`, pages);
        await waitForPool(page, 'ready');
        const banner = page.getByTestId('isolation');
        assert.equal(await banner.getAttribute('data-memory-mb'), String(mb));
        assert.match(await banner.textContent(), new RegExp(`gave parlab ${mb} MiB of memory`));
        const rows = await rowsByVariant(page);
        assert.equal(rows.sequential.correct, 'true');
        assert.equal(rows.parallel.correct, 'true');
        assert.ok(Number(rows.parallel.threads) >= 2);
        await page.getByTestId('input-n').fill('50M');
        await page.getByTestId('input-n').press('Enter');
        const problem = page.locator('section.problems li[data-param=n]');
        await problem.waitFor();
        assert.match(await problem.textContent(), new RegExp(`more than fits in the ${mb} MiB of memory this browser gave parlab`));
        assert.deepEqual(errors, []);
        await page.close();
      } finally {
        await server.close();
      }
    });
  }

  test('no shared memory at all: start-failed says why, with a link to a tab of its own', async () => {
    const server = await serve(DIST, { host: 'headers-file' });
    try {
      const { page } = await openWithMemory(`${server.url}?demo=sort&n=1M&embed=1`, 0);
      const failed = page.getByTestId('start-failed');
      await failed.waitFor({ state: 'visible', timeout: 10_000 });
      assert.match(await failed.textContent(), /refused parlab the memory it needs/);
      const link = new URL(await failed.locator('a').getAttribute('href'));
      assert.equal(link.searchParams.get('demo'), 'sort');
      assert.equal(link.searchParams.get('embed'), null);
      assert.equal(await page.getByTestId('loading').isVisible(), false);
      await page.screenshot({ path: join(ARTIFACTS, 'start-failed-memory.png') });
      await page.close();
    } finally {
      await server.close();
    }
  });
});

describe('a browser without WebAssembly SIMD', () => {
  test('start-failed names SIMD and the browsers that have it, never a compile error; a browser with it says so in the banner', async () => {
    const server = await serve(DIST, { host: 'headers-file' });
    try {
      const { page: withSimd } = await openPage(`${server.url}?demo=map&n=1000`);
      await waitForPool(withSimd, 'ready');
      const banner = withSimd.getByTestId('isolation');
      assert.equal(await banner.getAttribute('data-simd'), 'true');
      assert.match(await banner.textContent(), /WebAssembly SIMD on: 128-bit vectors/);
      await withSimd.close();

      const { page } = await openPage('about:blank');
      // As a browser without SIMD answers: the probe module does not validate.
      await page.addInitScript(() => { WebAssembly.validate = () => false; });
      await page.goto(`${server.url}?demo=map&n=1000`);
      const failed = page.getByTestId('start-failed');
      await failed.waitFor({ state: 'visible', timeout: 10_000 });
      assert.match(await failed.textContent(), /no SIMD \(128-bit vectors\), which parlab is built with\. Chrome and Edge 91, Firefox 89 and Safari 16\.4/);
      assert.doesNotMatch(await failed.textContent(), /CompileError|could not be compiled/);
      await page.screenshot({ path: join(ARTIFACTS, 'start-failed-simd.png') });
      await page.close();
    } finally {
      await server.close();
    }
  });
});

describe('a sandboxed frame (sandbox="allow-scripts") in a docs page on another site', () => {
  for (const host of ['headers-file', 'plain']) {
    test(`host ${host}: the frame runs a demo or says why it cannot, never blank`, async () => {
      const server = await serve(DIST, { host, hostname: 'localhost' });
      const docs = await serveHtml(`<!doctype html><title>Docs</title><h1>Docs</h1>
        <iframe id="parlab" sandbox="allow-scripts" width="800" height="700"
                src="${server.url}?demo=map&amp;n=300000&amp;workload=collatz&amp;repeats=1&amp;embed=1&amp;autorun=1"></iframe>`);
      try {
        const { page } = await openPage(docs.url);
        const frame = page.frameLocator('#parlab');
        const outcome = await Promise.race([
          frame.locator('[data-testid=result-row]').first().waitFor({ timeout: 30_000 }).then(() => 'ran'),
          frame.getByTestId('start-failed').waitFor({ state: 'visible', timeout: 30_000 }).then(() => 'start-failed'),
        ]);
        if (outcome === 'ran') {
          await frame.locator('[data-testid=progress][data-running=false]').waitFor({ timeout: 30_000 });
          const rows = await frame.getByTestId('result-row').evaluateAll((els) => els.map((e) => ({ ...e.dataset })));
          assert.ok(rows.length >= 1 && rows.every((r) => r.correct === 'true'), JSON.stringify(rows));
          const banner = frame.getByTestId('isolation');
          assert.equal(await banner.getAttribute('data-threads-available'), 'false');
          assert.match(await banner.textContent(), /own tab/);
          // No allow-popups: the link may not open, so the address is there to copy.
          const address = await banner.locator('code.address').textContent();
          assert.equal(new URL(address).searchParams.get('embed'), null);
          assert.equal(new URL(address).searchParams.get('demo'), 'map');
        } else {
          assert.match(await frame.getByTestId('start-failed').textContent(), /could not start/);
          // With no script at all the link is href="": this very page, in a tab of its own.
          const href = await frame.locator('[data-testid=start-failed] a').evaluate((a) => a.href);
          assert.equal(new URL(href).searchParams.get('demo'), 'map');
        }
        console.log(`  sandboxed frame, host ${host}: ${outcome}`);
        assert.equal(host === 'headers-file' ? 'ran' : 'start-failed', outcome, 'what the headers allow');
        await page.screenshot({ path: join(ARTIFACTS, `sandboxed-${host}.png`) });
        await page.close();
      } finally {
        await docs.close();
        await server.close();
      }
    });
  }
});

describe('first paint', () => {
  test('on a slow link, text and the download size appear before the wasm has arrived', async () => {
    const server = await serve(DIST, { host: 'headers-file' });
    try {
      const { page } = await openPage('about:blank');
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 100_000,
      });
      const began = Date.now();
      await page.goto(`${server.url}?demo=map`, { waitUntil: 'commit' });
      await page.getByText('Sequential vs parallel, on real threads in your browser').first().waitFor({ timeout: 10_000 });
      const firstText = Date.now() - began;
      const loading = page.getByTestId('loading');
      await page.waitForFunction(() => /KB of WebAssembly/.test(document.querySelector('[data-testid=loading]')?.textContent ?? ''), null, { timeout: 20_000 });
      assert.equal(await page.getByTestId('isolation').count(), 0, 'the app has not mounted yet');
      const progress = await loading.textContent();
      await page.getByTestId('isolation').waitFor({ timeout: 60_000 });
      const mounted = Date.now() - began;
      assert.equal(await page.locator('#boot').count(), 0, 'the app replaced the first paint');
      console.log(`  slow link: text after ${firstText} ms ("${progress}"), app after ${mounted} ms`);
      await page.close();
    } finally {
      await server.close();
    }
  });
});

describe('opened from disk (file:)', () => {
  test('the page says at once how to serve the folder, without waiting for the fallback', async () => {
    const { page, errors } = await openPage(`file://${join(DIST, 'index.html')}?demo=map`);
    // `from-disk` is set by the page's classic script; the CSS-only fallback would not set it.
    await page.locator('#boot.failed.from-disk').waitFor({ state: 'attached' });
    const message = page.getByTestId('start-failed');
    assert.equal(await message.isVisible(), true);
    assert.match(await message.textContent(), /opened from disk.*python3 -m http\.server 8000/s);
    assert.equal(await page.getByTestId('loading').isVisible(), false, 'no "Loading parlab…" left standing');
    await page.screenshot({ path: join(ARTIFACTS, 'from-disk.png') });
    // A module script blocked from disk is the browser's own console error, the case itself.
    assert.ok(errors.every((e) => /CORS|origin 'null'|module script|Failed to load/i.test(e)), errors.join('\n'));
    await page.close();
  });
});
