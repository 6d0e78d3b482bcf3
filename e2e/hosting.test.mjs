// Where a course or a docs page puts parlab, in headless Chromium: a host that applies
// dist/_headers, a host without headers (GitHub Pages) under a sub-path, and parlab framed in a
// plain course page of the same site and of another site (127.0.0.1 vs localhost). Each case
// asserts threads where the browser allows them, otherwise the banner's reason; counts the page
// loads (at most one reload); and reports the time from navigation to a ready pool.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS, DIST, chromiumForFile, tamperedDist } from './helpers.mjs';
import { coursePageHtml, serve, serveHtml } from './server.mjs';

const openPage = chromiumForFile();
/** Two chapters a student visits online, then reopens offline. */
const CHAPTERS = ['map.html', 'races.html'];
const RUN = '?demo=map&n=2000000&workload=collatz&chunk=20000&threads=2&repeats=1&autorun=1';
const measured = [];

/** In `scope` (a page or a frame locator): the settled banner's data and the finished rows. */
async function settledRun(scope) {
  await scope.locator('[data-testid=isolation]:not([data-state=starting])').waitFor({ timeout: 30_000 });
  await scope.locator('[data-testid=result-row]').first().waitFor({ timeout: 120_000 });
  await scope.locator('[data-testid=progress][data-running=false]').waitFor({ timeout: 120_000 });
  const banner = await scope.locator('[data-testid=isolation]').evaluate((e) => ({ ...e.dataset }));
  const rows = Object.fromEntries(
    (await scope.locator('[data-testid=result-row]').evaluateAll((els) => els.map((e) => ({ ...e.dataset })))).map((r) => [r.variant, r]),
  );
  return { banner, rows };
}

function expectThreads({ banner, rows }) {
  assert.equal(banner.state, 'ready', JSON.stringify(banner));
  assert.ok(Number(banner.poolSize) >= 2, `pool of ${banner.poolSize}`);
  assert.equal(rows.sequential.correct, 'true');
  assert.equal(rows.parallel.correct, 'true');
  assert.ok(Number(rows.parallel.threads) >= 2);
}

function expectSequential({ banner, rows }, reason) {
  assert.equal(banner.state, 'not-isolated', JSON.stringify(banner));
  assert.equal(banner.route, 'none');
  assert.equal(banner.reason, reason);
  assert.deepEqual(Object.keys(rows), ['sequential']);
  assert.equal(rows.sequential.correct, 'true');
}

/** Opens a course page on `parentHost` framing parlab from `server`; returns the pieces. */
async function framed(server, parentHost, query = RUN) {
  const course = await serveHtml(coursePageHtml(`${server.url}${query}&embed=1`), { hostname: parentHost });
  const began = Date.now();
  const { page, errors } = await openPage(course.url);
  const frame = page.frameLocator('#parlab');
  return { course, page, errors, frame, began };
}

async function readyAfter(scope, began) {
  await scope.locator('[data-testid=isolation][data-state=ready]').waitFor({ timeout: 30_000 }).catch(() => {});
  return Date.now() - began;
}

/** One row of the closing table: the wall time from navigation and the page's own reading. */
function record(name, { banner }, loads, wallMs) {
  measured.push({ name, threads: banner.poolSize, loads, wallMs, pageMs: banner.readyAtMs });
}

describe('top level', () => {
  test('a host applying dist/_headers: isolated by its headers, no reload', async () => {
    const server = await serve(DIST, { host: 'headers-file' });
    try {
      const began = Date.now();
      const { page, errors } = await openPage(`${server.url}${RUN}`);
      const readyMs = await readyAfter(page, began);
      const run = await settledRun(page);
      expectThreads(run);
      assert.equal(run.banner.route, 'headers');
      assert.equal(await page.evaluate(() => crossOriginIsolated), true);
      assert.equal(server.documents, 1);
      assert.deepEqual(errors, []);
      record('_headers host, top level', run, server.documents, readyMs);
      await page.close();
    } finally {
      await server.close();
    }
  });

  test('a host that compresses with gzip (the benchmark\'s slow-link host): the wasm arrives gzipped and runs', async () => {
    const server = await serve(DIST, { host: 'headers-file', gzip: true });
    try {
      const { page, errors } = await openPage('about:blank');
      const encodings = new Map();
      page.on('response', (response) => encodings.set(new URL(response.url()).pathname.split('.').pop(), response.headers()['content-encoding']));
      await page.goto(`${server.url}${RUN}`);
      const run = await settledRun(page);
      expectThreads(run);
      assert.equal(encodings.get('wasm'), 'gzip');
      assert.equal(encodings.get('js'), 'gzip');
      assert.deepEqual(errors, []);
      await page.close();
    } finally {
      await server.close();
    }
  });

  test('a host without headers, under a sub-path: the service worker isolates it with exactly one reload', async () => {
    const server = await serve(DIST, { host: 'plain', base: '/course/parlab/' });
    try {
      const began = Date.now();
      const { page, errors } = await openPage(`${server.url}${RUN}`);
      const readyMs = await readyAfter(page, began);
      const run = await settledRun(page);
      expectThreads(run);
      assert.equal(run.banner.route, 'service-worker');
      assert.equal(server.documents, 2, 'one load and one reload');
      const scope = await page.evaluate(() => navigator.serviceWorker.controller && navigator.serviceWorker.ready.then((r) => r.scope));
      assert.equal(new URL(scope).pathname, '/course/parlab/');
      assert.equal(new URL(page.url()).searchParams.get('n'), '2000000', 'the reload kept the parameters');
      // Later visits are served by the worker straight away: no further reload.
      await page.reload();
      await page.locator('[data-testid=isolation][data-state=ready]').waitFor({ timeout: 30_000 });
      assert.equal(server.documents, 3);
      assert.deepEqual(errors, []);
      record('header-less host (sub-path), top level', run, 2, readyMs);
      await page.close();
    } finally {
      await server.close();
    }
  });

  test('offline after one visit: the worker serves the visited demo and two chapters from its cache, which runs and says so; a part never loaded is missing and the page says so', async () => {
    const server = await serve(DIST, { host: 'plain' });
    try {
      const { page, errors } = await openPage(`${server.url}?demo=map&n=300000&repeats=1&autorun=1`);
      await settledRun(page);
      assert.equal(await page.getByTestId('offline').count(), 0, 'online: no offline notice');
      for (const chapter of CHAPTERS) {
        await page.goto(`${server.url}course/${chapter}`);
        await page.locator('iframe.parlab-embed').first().scrollIntoViewIfNeeded();
        await page.frameLocator('iframe.parlab-embed').first().locator('[data-testid=isolation][data-state=ready]').waitFor({ timeout: 60_000 });
      }
      const caches = await page.evaluate(() => caches.keys());
      assert.equal(caches.filter((name) => name.startsWith('parlab-')).length, 1, `one cache, this build's: ${caches}`);
      await page.context().setOffline(true);
      try {
        await page.goto(`${server.url}?demo=map&n=200000&repeats=1&autorun=1`);
        const run = await settledRun(page);
        expectThreads(run);
        assert.equal(run.banner.route, 'service-worker');
        assert.match(await page.getByTestId('offline').textContent(), /Offline: parlab runs from the copy this browser kept/);
        for (const chapter of CHAPTERS) {
          await page.goto(`${server.url}course/${chapter}`);
          await page.locator('main h1').first().waitFor();
          assert.match(await page.getByTestId('offline').textContent(), /Offline: this chapter is the copy this browser kept/);
          const frame = page.frameLocator('iframe.parlab-embed').first();
          await page.locator('iframe.parlab-embed').first().scrollIntoViewIfNeeded();
          await frame.locator('[data-testid=isolation][data-state=ready]').waitFor({ timeout: 60_000 });
          await frame.getByTestId('run').click();
          await frame.locator('[data-testid=result-row]').first().waitFor({ timeout: 120_000 });
          await frame.locator('[data-testid=progress][data-running=false]').waitFor({ timeout: 120_000 });
          const rows = await frame.locator('[data-testid=result-row]').evaluateAll((els) => els.map((e) => ({ ...e.dataset })));
          // The races chapter's first demo shows lost updates on purpose.
          for (const row of rows) assert.ok(row.correct === 'true' || row.variant === 'unsynchronized', `${chapter}: ${row.variant}`);
        }
        // A demo of a part of the app never loaded online is not in the copy: the page says so.
        await page.goto(`${server.url}?demo=schedule`);
        const failed = page.getByTestId('start-failed');
        await failed.waitFor();
        assert.match(await failed.textContent(), /parlab is offline, and this browser did not keep the (WebAssembly|JavaScript) of this demo/);
      } finally {
        await page.context().setOffline(false);
      }
      // Only what the browser reports about the network being gone, nothing of parlab's own.
      assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e)), []);
      await page.close();
    } finally {
      await server.close();
    }
  });

  test('a new deploy is picked up: its worker takes over, deletes the old copy, and the next load is the new build; a tab open before it keeps working', async () => {
    const { dir, remove } = await tamperedDist('none');
    const server = await serve(dir, { host: 'plain' });
    try {
      const { page: open, errors: openErrors } = await openPage(`${server.url}?demo=map&n=100000&repeats=1&autorun=1`);
      await settledRun(open);
      const { page, errors } = await openPage(`${server.url}?demo=map&n=100000&repeats=1&autorun=1`);
      await settledRun(page);
      const parlabCaches = () => page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith('parlab-')));
      const [before] = await parlabCaches();
      assert.match(before, /^parlab-[0-9a-f]{16}$/);
      // The next deploy: another index.html, so another build name in the worker.
      const sw = join(dir, 'sw.js');
      await writeFile(sw, (await readFile(sw, 'utf8')).replace(/const BUILD = '([0-9a-f]+)';/, "const BUILD = '$1next';"));
      const index = join(dir, 'index.html');
      await writeFile(index, (await readFile(index, 'utf8')).replace('</head>', '<meta name="deploy" content="next"></head>'));
      await page.reload();
      // The new worker installs on that navigation, takes over and deletes the old copy; the
      // next load fills the new one.
      for (let tries = 0; (await parlabCaches()).includes(before); tries += 1) {
        assert.ok(tries < 150, `caches after the deploy: ${await parlabCaches()}`);
        await page.waitForTimeout(200);
      }
      await page.reload();
      await settledRun(page);
      assert.deepEqual(await parlabCaches(), [`${before}next`], 'only the new build is kept');
      assert.equal(await page.locator('meta[name=deploy]').getAttribute('content'), 'next', 'the page is the new build');
      // The tab opened before the deploy holds the old build whole: it runs on, unmixed.
      const lastRun = await open.getByTestId('results').getAttribute('data-run-start');
      await open.getByTestId('run').click();
      await open.waitForFunction((t) => document.querySelector('[data-testid=results]')?.dataset.runStart !== t, lastRun, { timeout: 120_000 });
      const { rows } = await settledRun(open);
      for (const row of Object.values(rows)) assert.equal(row.correct, 'true', row.variant);
      assert.equal(await open.locator('meta[name=deploy]').count(), 0, 'the open tab is still the old build');
      assert.deepEqual(errors, []);
      assert.deepEqual(openErrors, []);
      await page.close();
      await open.close();
    } finally {
      await server.close();
      await remove();
    }
  });

  test('no headers and no service worker: sequential, reason service-worker-unavailable, no reload', async () => {
    const server = await serve(DIST, { host: 'plain' });
    try {
      const { page, errors } = await openPage(`${server.url}${RUN}`, { serviceWorkers: false });
      const run = await settledRun(page);
      expectSequential(run, 'service-worker-unavailable');
      assert.match(await page.getByTestId('isolation').textContent(), /service worker/);
      assert.equal(server.documents, 1);
      assert.deepEqual(errors, []);
      record('header-less host, no service worker', run, 1, null);
      await page.close();
    } finally {
      await server.close();
    }
  });

  test('the service worker served this tab once already and isolation failed: no-headers, no further reload', async () => {
    const server = await serve(DIST, { host: 'plain' });
    try {
      const { page, errors } = await openPage('about:blank');
      // As after a reload that did not help (a forced reload bypasses the worker): the tab's mark is set.
      await page.addInitScript(() => sessionStorage.setItem('parlab:isolation-reload', 'earlier'));
      await page.goto(`${server.url}?demo=map&n=300000&repeats=1&autorun=1`);
      const run = await settledRun(page);
      expectSequential(run, 'no-headers');
      assert.match(await page.getByTestId('isolation').textContent(), /normal reload/);
      assert.equal(server.documents, 1, 'no second reload in this tab');
      assert.deepEqual(errors, []);
      await page.close();
    } finally {
      await server.close();
    }
  });

  test('isolated, but the pool cannot start: reason pool-failed, sequential still works', async () => {
    const server = await serve(DIST, { host: 'headers-file' });
    try {
      const { page } = await openPage('about:blank');
      await page.addInitScript(() => {
        window.Worker = class { constructor() { throw new Error('Web Workers are disabled here'); } };
      });
      await page.goto(`${server.url}?demo=map&n=100000&repeats=1&autorun=1`);
      const run = await settledRun(page);
      assert.equal(run.banner.state, 'failed');
      assert.equal(run.banner.reason, 'pool-failed');
      assert.equal(run.banner.route, 'headers');
      assert.match(await page.getByTestId('isolation').textContent(), /Web Workers are disabled here/);
      assert.equal(run.rows.sequential.correct, 'true');
      await page.close();
    } finally {
      await server.close();
    }
  });
});

describe('framed in a course page', () => {
  // parent: the course page's host name; `localhost` is the same site as parlab, `127.0.0.1` another.
  const FRAMES = [
    { host: 'headers-file', parent: '127.0.0.1', name: '_headers host, cross-site frame', expect: 'threads', route: 'headers', loads: 1 },
    { host: 'plain', parent: '127.0.0.1', name: 'header-less host, cross-site frame', expect: 'embedded', loads: 1 },
    { host: 'plain', parent: 'localhost', name: 'header-less host, same-site frame', expect: 'threads', route: 'service-worker', loads: 2 },
    { host: 'headers-file', parent: 'localhost', name: '_headers host, same-site frame', expect: 'threads', route: 'headers', loads: 1 },
  ];
  for (const { host, parent, name, expect, route, loads } of FRAMES) {
    test(`${name}: ${expect === 'threads' ? `threads (${route})` : 'sequential, reason embedded'}, ${loads} page load(s)`, async () => {
      const server = await serve(DIST, { host, hostname: 'localhost' });
      const { course, page, errors, frame, began } = await framed(server, parent);
      try {
        const readyMs = expect === 'threads' ? await readyAfter(frame, began) : null;
        const run = await settledRun(frame);
        if (expect === 'threads') {
          expectThreads(run);
          assert.equal(run.banner.route, route);
        } else {
          expectSequential(run, 'embedded');
          const advice = frame.locator('[data-testid=isolation] a');
          assert.match(await advice.textContent(), /own tab/);
          assert.equal(new URL(await advice.getAttribute('href')).searchParams.get('embed'), null);
        }
        assert.equal(server.documents, loads);
        // The parent, sizing the frame from parlab's messages alone, shows all of it: no scroll
        // bar inside the frame, and no empty band below its content.
        const height = await frame.locator('html').evaluate((html) => Math.ceil(html.getBoundingClientRect().height));
        await page.waitForFunction((h) => window.parlabResizes.at(-1)?.height === h, height, { timeout: 10_000 });
        const resizes = await page.evaluate(() => window.parlabResizes);
        assert.ok(resizes.every((r) => r.origin === new URL(server.url).origin), JSON.stringify(resizes));
        assert.ok(height > 600, `embedded page height ${height}`);
        const inside = await frame.locator('html').evaluate((html) => ({
          scrolls: html.scrollHeight > html.clientHeight, content: document.body.getBoundingClientRect().bottom, view: innerHeight,
        }));
        assert.equal(inside.scrolls, false, JSON.stringify(inside));
        assert.ok(inside.view - inside.content < 40, `empty band below the content: ${JSON.stringify(inside)}`);
        assert.deepEqual(errors, []);
        if (parent === '127.0.0.1') {
          await page.screenshot({ path: join(ARTIFACTS, `embedded-${host}-cross-site.png`), fullPage: true });
        }
        record(name, run, server.documents, readyMs);
        await page.close();
      } finally {
        await course.close();
        await server.close();
      }
    });
  }

  test('a parent posting wasm_bindgen_worker_init to the frame makes it import nothing', async () => {
    const server = await serve(DIST, { host: 'plain', hostname: 'localhost' });
    const { course, page, errors, frame } = await framed(server, '127.0.0.1', '?demo=map&n=300000&repeats=1&autorun=1');
    try {
      await settledRun(frame);
      // wasm-bindgen-rayon's helper, imported into the page, would import `mainJS` from this message.
      await page.evaluate((bait) => {
        document.getElementById('parlab').contentWindow.postMessage({ type: 'wasm_bindgen_worker_init', mainJS: bait }, '*');
      }, `${course.url}attacker.js`);
      await page.waitForTimeout(1000);
      assert.deepEqual(course.requested.filter((path) => path.includes('attacker')), []);
      assert.equal(await frame.getByTestId('run').isEnabled(), true, 'the page still works');
      assert.deepEqual(errors, []);
      await page.close();
    } finally {
      await course.close();
      await server.close();
    }
  });

  test('measured: threads and time from navigation to a ready pool', () => {
    for (const m of measured) {
      const ready = m.wallMs === null ? 'no pool' : `pool ready ${m.wallMs} ms after navigation (page's own clock: ${m.pageMs} ms after its last load)`;
      console.log(`  ${m.name}: ${m.threads} threads, ${m.loads} page load(s), ${ready}`);
    }
    assert.ok(measured.length >= 7);
  });
});
