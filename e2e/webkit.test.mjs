// WebKit, Safari's engine: WebKitGTK's MiniBrowser driven over WebDriver under Xvfb, the
// release build served with dist/_headers. Two configurations:
// - Safari-like: shared memory on for isolated pages (as Safari has it): map, sort and the
//   philosophers run on the thread pool, a forced deadlock is caught, Cancel stops a run;
// - WebKitGTK's default (GNOME Web): isolated, but no SharedArrayBuffer: every demo's autorun
//   completes sequentially, and the banner says why in words a person can act on.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, DIST, tamperedDist } from './helpers.mjs';
import { serve } from './server.mjs';
import { launchWebKit } from './webdriver.mjs';

const ROWS = `return [...document.querySelectorAll('[data-testid=result-row]')].map((e) => ({ ...e.dataset }));`;
const DONE = `const p = document.querySelector('[data-testid=progress]');
  return document.querySelector('[data-testid=result-row]') && p && p.dataset.running === 'false';`;
const BANNER = `const b = document.querySelector('[data-testid=isolation]');
  return b && b.dataset.state !== 'starting' && { ...b.dataset, text: b.textContent };`;

const COLLATZ = 'def f(x):\n    steps = 0\n    while x > 1:\n        if x % 2 == 0:\n            x = x // 2\n        else:\n            x = 3 * x + 1\n        steps += 1\n    return steps\n';

/** Opens `query`, waits for the banner to settle and the autorun to finish; returns both. */
async function autorun(browser, server, query) {
  await browser.goto(`${server.url}${query}&autorun=1`);
  const banner = await browser.waitFor(BANNER, { what: 'isolation banner settled' });
  try {
    await browser.waitFor(DONE, { timeout: 120_000, what: `the autorun of ${query}` });
  } catch (error) {
    // What the page showed when it did not finish, for the next person reading the failure.
    const name = `webkit-stuck-${query.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`;
    await writeFile(join(ARTIFACTS, name), await browser.screenshot()).catch(() => {});
    const said = await browser.evaluate(`return ['progress', 'error'].map((id) => document.querySelector(\`[data-testid=\${id}]\`)?.textContent);`).catch(() => ['?', '?']);
    throw new Error(`${error.message}; the progress line said: ${said[0]}; the error: ${said[1] ?? 'none'} (screenshot ${name})`);
  }
  return { banner, rows: Object.fromEntries((await browser.evaluate(ROWS)).map((r) => [r.variant, r])) };
}

function suite(name, sharedMemory, body) {
  describe(name, () => {
    const context = {};
    before(async () => {
      await mkdir(ARTIFACTS, { recursive: true });
      context.browser = await launchWebKit({ sharedMemory });
      context.server = await serve(DIST, { host: 'headers-file' });
      console.log(`  WebKitGTK ${context.browser.browserVersion}${sharedMemory ? ', shared memory on' : ''}`);
    });
    after(async () => {
      await context.browser?.close();
      await context.server?.close();
    });
    body(context);
  });
}

suite('WebKit, Safari-like (shared memory for isolated pages)', true, (context) => {
  test('map, sort and the philosophers run on the thread pool and are correct', async () => {
    const { browser, server } = context;
    const map = await autorun(browser, server, '?demo=map&n=2000000&workload=collatz&repeats=2');
    assert.equal(map.banner.state, 'ready', map.banner.text);
    assert.ok(Number(map.banner.poolSize) >= 2, `pool of ${map.banner.poolSize}`);
    assert.deepEqual(Object.keys(map.rows), ['sequential', 'parallel']);
    for (const row of Object.values(map.rows)) assert.equal(row.correct, 'true', row.variant);
    await writeFile(join(ARTIFACTS, 'webkit-map.png'), await browser.screenshot());
    const sort = await autorun(browser, server, '?demo=sort&n=1000000&repeats=1');
    assert.equal(Object.keys(sort.rows).length, 7);
    for (const row of Object.values(sort.rows)) assert.equal(row.correct, 'true', row.variant);
    const dinner = await autorun(browser, server, '?demo=philosophers&strategy=ordered&meals=10');
    for (const row of Object.values(dinner.rows)) assert.equal(row.correct, 'true', row.variant);
    console.log(`  WebKit: pool ${map.banner.poolSize}; collatz 2M ${map.rows.sequential.ms} → ${map.rows.parallel.ms} ms`);
  });

  test('your own f: compiled in the page, on the pool threads, the same outputs as the built-in', async () => {
    const { browser, server } = context;
    const digest = "return document.querySelector('[data-testid=results]').dataset.outputDigest;";
    await autorun(browser, server, '?demo=map&workload=collatz&n=300000&threads=2&repeats=1');
    const builtIn = await browser.evaluate(digest);
    const custom = await autorun(browser, server, `?demo=map&workload=custom&n=300000&threads=2&repeats=1&f=${encodeURIComponent(COLLATZ)}`);
    assert.equal(custom.banner.state, 'ready', custom.banner.text);
    assert.equal(await browser.evaluate(digest), builtIn);
    assert.equal(custom.rows.parallel.correct, 'true');
    console.log(`  WebKit custom collatz 300k: ${custom.rows.sequential.ms} → ${custom.rows.parallel.ms} ms, compile ${custom.rows.parallel.compileMs} ms`);
  });

  test('the scheduling lab: six schedules of the Mandelbrot rows, every task correct, the picture whole; the seed\'s CPU schedule', async () => {
    const { browser, server } = context;
    const lab = await autorun(browser, server, '?demo=schedule&work=mandelbrot&tasks=256&threads=2&repeats=1');
    assert.equal(lab.banner.state, 'ready', lab.banner.text);
    assert.deepEqual(Object.keys(lab.rows), ['sequential', 'block', 'cyclic', 'dynamic', 'guided', 'stealing']);
    for (const row of Object.values(lab.rows)) assert.equal(row.correct, 'true', row.variant);
    assert.equal(await browser.evaluate(`return document.querySelector('[data-testid=mandelbrot-picture]').dataset.rows;`), '256');
    const cpu = await autorun(browser, server, '?demo=cpu-scheduling');
    for (const row of Object.values(cpu.rows)) assert.equal(row.correct, 'true', row.variant);
    const gantt = await browser.evaluate(`return [...document.querySelectorAll('[data-testid=gantt] rect[data-job]')].map((r) => [r.dataset.job, r.dataset.start, r.dataset.end].join(':'));`);
    assert.deepEqual(gantt, ['1:0:10', '3:10:18', '2:18:23']);
    console.log(`  WebKit schedule: ${Object.values(lab.rows).map((r) => `${r.variant} ${r.ms} ms (imbalance ${r.imbalance})`).join(', ')}`);
  });

  test('waiting and task graphs: every io variant and every graph task correct; a level replays to its win', async () => {
    const { browser, server } = context;
    const io = await autorun(browser, server, '?demo=io&tasks=8&compute=200&wait=20&threads=2&repeats=1');
    assert.equal(io.banner.state, 'ready', io.banner.text);
    assert.deepEqual(Object.keys(io.rows), ['sequential', 'threads', 'python-threads', 'event-loop', 'event-loop-blocking', 'loop+pool']);
    for (const row of Object.values(io.rows)) assert.equal(row.correct, 'true', row.variant);
    const graph = await autorun(browser, server, '?demo=taskgraph&graph=tree-sum&size=16&cost=200&threads=2&repeats=1');
    assert.deepEqual(Object.keys(graph.rows), ['sequential', 'scheduled']);
    for (const row of Object.values(graph.rows)) assert.equal(row.correct, 'true', row.variant);
    await browser.goto(`${server.url}?demo=levels&level=lost-update&moves=0,0,1,0,1,1`);
    await browser.waitFor("return document.querySelector('[data-testid=level-won]')?.dataset.level === 'lost-update';", { what: 'the level won' });
    await browser.goto(`${server.url}?demo=levels&level=lost-update-fixed`);
    await browser.waitFor("return document.querySelector('[data-testid=level-proof]')?.dataset.safe === 'true';", { what: 'the fixed twin proved' });
    console.log(`  WebKit io: ${Object.values(io.rows).map((r) => `${r.variant} ${r.ms} ms`).join(', ')}; tree-sum ${graph.rows.sequential.ms} → ${graph.rows.scheduled.ms} ms`);
  });

  test('the parallelism is measured, not read from the reported core count', async () => {
    const { browser, server } = context;
    await browser.goto(`${server.url}?demo=map`);
    const banner = await browser.waitFor(`const b = document.querySelector('[data-testid=isolation][data-measured-parallelism]');
      return b && { ...b.dataset, text: b.textContent };`, { timeout: 30_000, what: 'the measured parallelism' });
    const [reported, measured, cpus] = [Number(banner.cores), Number(banner.measuredParallelism), availableParallelism()];
    console.log(`  WebKit reports ${reported} cores; measured ${measured}; this machine has ${cpus} CPUs`);
    assert.ok(measured >= 1 && measured <= reported, `measured ${measured}`);
    if (reported > cpus) {
      assert.ok(measured < reported, `measured ${measured}: below the reported ${reported} on ${cpus} CPUs`);
      assert.match(banner.text, new RegExp(`reports ${reported} logical cores; measured: about ${measured}: your machine was busy, or has fewer cores than it reports`));
      const k = await browser.evaluate(`return document.querySelector('[data-testid=input-threads]').value;`);
      assert.equal(k, banner.poolSize, 'the default k stays the pool from the reported cores');
    }
  });

  test('a forced deadlock is caught with its cycle, and Cancel stops a long run', async () => {
    const { browser, server } = context;
    await autorun(browser, server, '?demo=philosophers&strategy=naive&force-deadlock=1&philosophers=5');
    const cycle = await browser.evaluate(`return document.querySelector('[data-testid=deadlock]')?.dataset.cycle;`);
    assert.equal(cycle, '0,1,2,3,4');
    await browser.goto(`${server.url}?demo=map&n=50000000&workload=collatz&repeats=5`);
    // A script's click on a disabled button does nothing: wait until Run can be pressed.
    await browser.waitFor(`return document.querySelector('[data-testid=isolation][data-state=ready]') && !document.querySelector('[data-testid=run]').disabled;`, { what: 'the pool' });
    await browser.evaluate(`document.querySelector('[data-testid=run]').click();`);
    await browser.waitFor(`return Number(document.querySelector('[data-testid=progress]').dataset.fraction) > 0;`, { what: 'the run under way' });
    await browser.evaluate(`document.querySelector('[data-testid=cancel]').click();`);
    const notice = await browser.waitFor(`return document.querySelector('[data-testid=progress]').dataset.running === 'false' && document.querySelector('[data-testid=notice]')?.textContent;`, { timeout: 10_000, what: 'the run cancelled' });
    assert.match(notice, /Cancelled after/);
  });
});

suite('WebKit, files changed after the build', true, (context) => {
  for (const file of ['wasm', 'js']) {
    test(`the ${file}: Subresource Integrity refuses it, start-failed says so`, async () => {
      const copy = await tamperedDist(file);
      const server = await serve(copy.dir, { host: 'headers-file' });
      try {
        await context.browser.goto(`${server.url}?demo=map&n=300000&repeats=1`);
        const message = await context.browser.waitFor(
          `const f = document.querySelector('[data-testid=start-failed]'); return f && getComputedStyle(f).visibility === 'visible' && f.textContent;`,
          { timeout: 30_000, what: 'the start-failed message' },
        );
        assert.match(message.replace(/\s+/g, ' '), /do not match each other.*reload the page/);
        assert.equal(await context.browser.evaluate(`return document.querySelectorAll('[data-testid=isolation]').length;`), 0, 'no app');
      } finally {
        await server.close();
        await copy.remove();
      }
    });
  }
});

suite('WebKit, default (isolated, but no shared memory)', false, (context) => {
  // The custom f on the page's own thread: its module imports memory that is not shared.
  const custom = `?demo=map&workload=custom&n=100000&repeats=1&f=${encodeURIComponent(COLLATZ)}`;
  for (const query of ['?demo=map&n=1000000', '?demo=sort&n=200000&repeats=1', '?demo=philosophers&meals=5', custom]) {
    test(`${query}: the autorun completes sequentially, and the banner says why`, async () => {
      const { browser, server } = context;
      const { banner, rows } = await autorun(browser, server, query);
      assert.equal(await browser.evaluate('return crossOriginIsolated && typeof SharedArrayBuffer;'), 'undefined');
      assert.equal(banner.reason, 'pool-failed');
      assert.match(banner.text, /gives it no shared memory \(SharedArrayBuffer\).*Chrome, Edge, Firefox and Safari/);
      assert.doesNotMatch(banner.text, /cloned\.\./, 'no raw exception');
      assert.doesNotMatch(banner.text, /Reloading the page may help/, 'a reload cannot give shared memory');
      assert.ok(Object.keys(rows).length >= 1);
      for (const row of Object.values(rows)) assert.ok(row.correct === 'true' || row.variant === 'unsynchronized', `${row.variant} correct`);
      if (query === '?demo=map&n=1000000') await writeFile(join(ARTIFACTS, 'webkit-no-shared-memory.png'), await browser.screenshot());
    });
  }

  test('?demo=race: the demo that needs threads says so, and its step-through still works', async () => {
    const { browser, server } = context;
    await browser.goto(`${server.url}?demo=race&n=100000&repeats=1&autorun=1`);
    const banner = await browser.waitFor(BANNER, { what: 'isolation banner settled' });
    assert.equal(banner.reason, 'pool-failed');
    const notice = await browser.waitFor(`return document.querySelector('[data-testid=notice]')?.textContent;`, { what: 'the notice' });
    assert.match(notice, /needs the thread pool/);
    await browser.evaluate(`document.querySelector('[data-testid=step-thread-0]').click();`);
    const state = await browser.waitFor(`return document.querySelector('[data-testid=step-state]')?.getAttribute('data-local-0');`, { what: 'a step taken' });
    assert.equal(state, '0');
  });
});
