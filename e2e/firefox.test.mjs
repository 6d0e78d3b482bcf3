// Firefox ESR, driven over WebDriver. One threaded build: parallel where the host applies
// dist/_headers, parallel through parlab's service worker on a host without headers, and a
// sequential page that says why inside a frame of a page that is not isolated (Firefox has no
// Document-Isolation-Policy).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS, DIST, tamperedDist } from './helpers.mjs';
import { chapterPageHtml, coursePageHtml, serve, serveHtml } from './server.mjs';
import { launchFirefox } from './webdriver.mjs';

const ROWS = `return [...document.querySelectorAll('[data-testid=result-row]')].map((e) => ({ ...e.dataset }));`;
const DONE = `const p = document.querySelector('[data-testid=progress]');
  return document.querySelector('[data-testid=result-row]') && p && p.dataset.running === 'false';`;
const BANNER = `const b = document.querySelector('[data-testid=isolation]');
  return b && b.dataset.state !== 'starting' && { ...b.dataset };`;
const RUN = '?n=2000000&workload=collatz&chunk=20000&repeats=2&autorun=1';

let firefox;
before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  firefox = await launchFirefox();
  console.log(`  Firefox ${firefox.browserVersion}`);
});
after(async () => firefox?.close());

/** Waits for the banner to settle and the autorun to finish; returns both. */
async function settledRun() {
  const banner = await firefox.waitFor(BANNER, { what: 'isolation banner settled' });
  await firefox.waitFor(DONE, { timeout: 120_000, what: 'result rows' });
  const rows = Object.fromEntries((await firefox.evaluate(ROWS)).map((r) => [r.variant, r]));
  return { banner, rows };
}

describe('Firefox ESR', () => {
  test('a host applying dist/_headers: isolated by the headers, parallel and correct', async () => {
    const server = await serve(DIST, { host: 'headers-file' });
    try {
      const began = Date.now();
      await firefox.goto(`${server.url}${RUN}`);
      const { banner, rows } = await settledRun();
      assert.equal(await firefox.evaluate('return crossOriginIsolated;'), true);
      assert.equal(banner.state, 'ready');
      assert.equal(banner.route, 'headers');
      assert.ok(Number(banner.poolSize) >= 2, `pool of ${banner.poolSize}`);
      assert.equal(rows.sequential.correct, 'true');
      assert.equal(rows.parallel.correct, 'true');
      // Firefox gives the page Web Locks: the run was kept apart (and the page stayed in view).
      for (const row of Object.values(rows)) assert.ok(['clean', 'noisy'].includes(row.quality), `${row.variant}: ${row.quality}`);
      const interval = await firefox.evaluate(`const r = document.querySelector('[data-testid=results]').dataset; return [Number(r.runStart), Number(r.runEnd)];`);
      assert.ok(interval[0] > 1e12 && interval[1] > interval[0], `computing interval ${interval}`);
      const used = Number(await firefox.evaluate(`return document.querySelector('[data-testid=chunk-map]').dataset.threadsUsed;`));
      assert.ok(used > 1, `chunk map shows ${used} thread(s)`);
      assert.equal(server.documents, 1);
      console.log(`  Firefox, _headers host: pool ${banner.poolSize} ready at ${banner.readyAtMs} ms; collatz 2M sequential ${rows.sequential.ms} ms, parallel ${rows.parallel.ms} ms (${Date.now() - began} ms to results)`);
      await writeFile(join(ARTIFACTS, 'firefox-isolated.png'), await firefox.screenshot());
    } finally {
      await server.close();
    }
  });

  test('the scheduling lab: six schedules of the Mandelbrot rows, every task correct, the picture whole; the seed\'s CPU schedule', async () => {
    const server = await serve(DIST, { host: 'headers-file' });
    try {
      await firefox.goto(`${server.url}?demo=schedule&work=mandelbrot&tasks=256&threads=2&repeats=1&autorun=1`);
      const { banner, rows } = await settledRun();
      assert.equal(banner.state, 'ready');
      assert.deepEqual(Object.keys(rows), ['sequential', 'block', 'cyclic', 'dynamic', 'guided', 'stealing']);
      for (const row of Object.values(rows)) assert.equal(row.correct, 'true', row.variant);
      assert.equal(await firefox.evaluate(`return document.querySelector('[data-testid=mandelbrot-picture]').dataset.rows;`), '256');
      await firefox.goto(`${server.url}?demo=cpu-scheduling&autorun=1`);
      const cpu = await settledRun();
      for (const row of Object.values(cpu.rows)) assert.equal(row.correct, 'true', row.variant);
      const gantt = await firefox.evaluate(`return [...document.querySelectorAll('[data-testid=gantt] rect[data-job]')].map((r) => [r.dataset.job, r.dataset.start, r.dataset.end].join(':'));`);
      assert.deepEqual(gantt, ['1:0:10', '3:10:18', '2:18:23']);
      console.log(`  Firefox schedule: ${Object.values(rows).map((r) => `${r.variant} ${r.ms} ms (imbalance ${r.imbalance})`).join(', ')}`);
    } finally {
      await server.close();
    }
  });

  test('your own f: compiled in the page, on the pool threads, the same outputs as the built-in; a fault names x', async () => {
    const server = await serve(DIST, { host: 'headers-file' });
    const collatz = 'def f(x):\n    steps = 0\n    while x > 1:\n        if x % 2 == 0:\n            x = x // 2\n        else:\n            x = 3 * x + 1\n        steps += 1\n    return steps\n';
    const digest = "return document.querySelector('[data-testid=results]').dataset.outputDigest;";
    try {
      await firefox.goto(`${server.url}?demo=map&workload=collatz&n=300000&threads=2&repeats=1&autorun=1`);
      await settledRun();
      const builtIn = await firefox.evaluate(digest);
      // Firefox compiles no module bytes held in shared memory: the page copies them out first.
      await firefox.goto(`${server.url}?demo=map&workload=custom&n=300000&threads=2&repeats=1&autorun=1&f=${encodeURIComponent(collatz)}`);
      const { banner, rows } = await settledRun();
      assert.equal(banner.state, 'ready');
      assert.equal(await firefox.evaluate(digest), builtIn);
      assert.equal(rows.parallel.correct, 'true');
      assert.ok(Number(rows.parallel.compileMs) > 0);
      await firefox.goto(`${server.url}?demo=map&workload=custom&n=1000&threads=2&repeats=1&autorun=1&f=${encodeURIComponent('def f(x):\n    return 10 // (x - 321)\n')}`);
      const error = await firefox.waitFor("return document.querySelector('[data-testid=error]')?.textContent;", { what: 'the fault' });
      assert.match(error, /division by zero in f for x = 321/);
      console.log(`  Firefox custom collatz 300k: sequential ${rows.sequential.ms} ms, parallel ${rows.parallel.ms} ms, compile ${rows.parallel.compileMs} ms`);
    } finally {
      await server.close();
    }
  });

  test('waiting and task graphs: every io variant and every graph task correct; a level replays to its win', async () => {
    const server = await serve(DIST, { host: 'headers-file' });
    try {
      await firefox.goto(`${server.url}?demo=io&tasks=8&compute=200&wait=20&threads=2&repeats=1&autorun=1`);
      const io = await settledRun();
      assert.equal(io.banner.state, 'ready');
      assert.deepEqual(Object.keys(io.rows), ['sequential', 'threads', 'python-threads', 'event-loop', 'event-loop-blocking', 'loop+pool']);
      for (const row of Object.values(io.rows)) assert.equal(row.correct, 'true', row.variant);
      await firefox.goto(`${server.url}?demo=taskgraph&graph=tree-sum&size=16&cost=200&threads=2&repeats=1&autorun=1`);
      const graph = await settledRun();
      assert.deepEqual(Object.keys(graph.rows), ['sequential', 'scheduled']);
      for (const row of Object.values(graph.rows)) assert.equal(row.correct, 'true', row.variant);
      await firefox.goto(`${server.url}?demo=levels&level=lost-update&moves=0,0,1,0,1,1`);
      await firefox.waitFor("return document.querySelector('[data-testid=level-won]')?.dataset.level === 'lost-update';", { what: 'the level won' });
      await firefox.goto(`${server.url}?demo=levels&level=lost-update-fixed`);
      await firefox.waitFor("return document.querySelector('[data-testid=level-proof]')?.dataset.safe === 'true';", { what: 'the fixed twin proved' });
      console.log(`  Firefox io: ${Object.values(io.rows).map((r) => `${r.variant} ${r.ms} ms`).join(', ')}; tree-sum ${graph.rows.sequential.ms} → ${graph.rows.scheduled.ms} ms`);
    } finally {
      await server.close();
    }
  });

  test('a host without headers, under a sub-path: the service worker isolates it after one reload', async () => {
    const server = await serve(DIST, { host: 'plain', base: '/course/parlab/' });
    try {
      await firefox.goto(`${server.url}${RUN}`);
      const { banner, rows } = await settledRun();
      assert.equal(await firefox.evaluate('return crossOriginIsolated;'), true);
      assert.equal(banner.route, 'service-worker');
      assert.ok(Number(banner.poolSize) >= 2, `pool of ${banner.poolSize}`);
      assert.equal(rows.parallel.correct, 'true');
      assert.equal(server.documents, 2, 'one load and exactly one reload');
      console.log(`  Firefox, header-less host: pool ${banner.poolSize} ready at ${banner.readyAtMs} ms after the reload`);
    } finally {
      await server.close();
    }
  });

  test('no headers and no service worker: the same build runs sequentially and says why', async () => {
    const server = await serve(DIST, { host: 'plain', serviceWorker: false });
    try {
      await firefox.goto(`${server.url}?n=1000000&workload=collatz&repeats=2&autorun=1`);
      const { banner, rows } = await settledRun();
      assert.equal(await firefox.evaluate('return crossOriginIsolated;'), false);
      assert.equal(banner.state, 'not-isolated');
      assert.equal(banner.reason, 'service-worker-unavailable');
      assert.deepEqual(Object.keys(rows), ['sequential']);
      assert.equal(rows.sequential.correct, 'true');
      assert.equal(server.documents, 1);
      await writeFile(join(ARTIFACTS, 'firefox-not-isolated.png'), await firefox.screenshot());
    } finally {
      await server.close();
    }
  });

  test('three autorunning frames of one chapter (same site) compute one after another', async () => {
    const server = await serve(DIST, { host: 'plain', hostname: 'localhost' });
    const query = '?n=1000000&workload=collatz&repeats=2&embed=1&autorun=1';
    const chapter = await serveHtml(chapterPageHtml([0, 1, 2].map(() => `${server.url}${query}`)), { hostname: 'localhost' });
    try {
      await firefox.goto(chapter.url);
      const runs = [];
      for (const i of [0, 1, 2]) {
        await firefox.switchToFrame(`#parlab-${i}`);
        const { rows } = await settledRun();
        for (const row of Object.values(rows)) {
          assert.equal(row.correct, 'true', row.variant);
          assert.notEqual(row.quality, 'overlapped', `frame ${i}, ${row.variant}: the lock was not taken`);
        }
        runs.push(await firefox.evaluate(`const r = document.querySelector('[data-testid=results]').dataset; return { start: Number(r.runStart), end: Number(r.runEnd) };`));
        await firefox.switchToFrame(null);
      }
      runs.sort((a, b) => a.start - b.start);
      for (let i = 1; i < runs.length; i += 1) assert.ok(runs[i].start >= runs[i - 1].end, `overlap: ${JSON.stringify(runs)}`);
      console.log(`  Firefox, chapter of three frames: computing ${runs.map((r) => `${Math.round(r.start - runs[0].start)}–${Math.round(r.end - runs[0].start)}`).join(', ')} ms`);
    } finally {
      await chapter.close();
      await server.close();
    }
  });

  for (const file of ['wasm', 'js']) {
    test(`the ${file} changed after the build: Subresource Integrity refuses it, start-failed says so`, async () => {
      const copy = await tamperedDist(file);
      const server = await serve(copy.dir, { host: 'headers-file' });
      try {
        await firefox.goto(`${server.url}?demo=map&n=300000&repeats=1`);
        const message = await firefox.waitFor(
          `const f = document.querySelector('[data-testid=start-failed]'); return f && getComputedStyle(f).visibility === 'visible' && f.textContent;`,
          { timeout: 30_000, what: 'the start-failed message' },
        );
        assert.match(message.replace(/\s+/g, ' '), /do not match each other.*reload the page/);
        assert.equal(await firefox.evaluate(`return document.querySelectorAll('[data-testid=isolation]').length;`), 0, 'no app');
      } finally {
        await server.close();
        await copy.remove();
      }
    });
  }

  // Firefox isolates a frame only inside an isolated page, so each of these is the framed fallback.
  const FRAMES = [
    { host: 'headers-file', parent: '127.0.0.1', what: 'another site, host applying dist/_headers' },
    { host: 'plain', parent: '127.0.0.1', what: 'another site, host without headers' },
    { host: 'plain', parent: 'localhost', what: 'the same site, host without headers' },
  ];
  for (const { host, parent, what } of FRAMES) {
    test(`framed in a course page (${what}): sequential, reason "embedded", resize messages`, async () => {
      const server = await serve(DIST, { host, hostname: 'localhost' });
      const course = await serveHtml(coursePageHtml(`${server.url}?n=1000000&workload=collatz&repeats=1&embed=1&autorun=1`), { hostname: parent });
      try {
        await firefox.goto(course.url);
        await firefox.switchToFrame('#parlab');
        const { banner, rows } = await settledRun();
        assert.equal(banner.state, 'not-isolated');
        assert.equal(banner.route, 'none');
        assert.equal(banner.reason, 'embedded');
        assert.equal(rows.sequential.correct, 'true');
        assert.ok(server.documents <= 2, `${server.documents} page loads`);
        const height = await firefox.evaluate('return Math.ceil(document.documentElement.getBoundingClientRect().height);');
        await firefox.switchToFrame(null);
        const resizes = await firefox.waitFor(`const r = window.parlabResizes; return r.length && r.at(-1).height === ${height} && r;`, { what: `a resize message of ${height} px` });
        assert.ok(resizes.every((r) => r.origin === new URL(server.url).origin));
        console.log(`  Firefox, ${what}: 0 threads, reason embedded, ${server.documents} page load(s)`);
        if (host === 'headers-file') await writeFile(join(ARTIFACTS, 'firefox-embedded.png'), await firefox.screenshot());
      } finally {
        await course.close();
        await server.close();
      }
    });
  }
});
