// Firefox ESR, driven over WebDriver: the one threaded build must run parallel when the page is
// isolated and still load and run sequentially when it is not.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launchFirefox } from './webdriver.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const DIST = join(HERE, '..', 'dist');
const ARTIFACTS = join(HERE, 'artifacts');

const ROWS = `return [...document.querySelectorAll('[data-testid=result-row]')].map((e) => ({ ...e.dataset }));`;
const DONE = `const p = document.querySelector('[data-testid=progress]');
  return document.querySelector('[data-testid=result-row]') && p && p.dataset.running === 'false';`;

let firefox;
before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  firefox = await launchFirefox();
  console.log(`  Firefox ${firefox.browserVersion}`);
});
after(async () => firefox?.close());

describe('Firefox ESR', () => {
  test('isolated: the pool starts and a map run is parallel and correct', async () => {
    const server = await serve(DIST, { isolated: true });
    try {
      await firefox.goto(`${server.url}?n=2000000&workload=collatz&chunk=20000&repeats=2&autorun=1`);
      assert.equal(await firefox.evaluate('return crossOriginIsolated;'), true);
      await firefox.waitFor(`return document.querySelector('[data-testid=isolation][data-state=ready]');`, { what: 'pool ready' });
      const pool = Number(await firefox.evaluate(`return document.querySelector('[data-testid=isolation]').dataset.poolSize;`));
      assert.ok(pool >= 2, `pool of ${pool}`);
      await firefox.waitFor(DONE, { timeout: 120_000, what: 'result rows' });
      const rows = Object.fromEntries((await firefox.evaluate(ROWS)).map((r) => [r.variant, r]));
      assert.equal(rows.sequential.correct, 'true');
      assert.equal(rows.parallel.correct, 'true');
      const used = Number(await firefox.evaluate(`return document.querySelector('[data-testid=chunk-map]').dataset.threadsUsed;`));
      assert.ok(used > 1, `chunk map shows ${used} thread(s)`);
      console.log(`  Firefox collatz n=2M: sequential ${rows.sequential.ms} ms, parallel ${rows.parallel.ms} ms`);
      await writeFile(join(ARTIFACTS, 'firefox-isolated.png'), await firefox.screenshot());
    } finally {
      await server.close();
    }
  });

  test('not isolated: the same build loads, says why parallel is off, and runs sequentially', async () => {
    const server = await serve(DIST, { isolated: false });
    try {
      await firefox.goto(`${server.url}?n=1000000&workload=collatz&repeats=2&autorun=1`);
      assert.equal(await firefox.evaluate('return crossOriginIsolated;'), false);
      await firefox.waitFor(`return document.querySelector('[data-testid=isolation][data-state=not-isolated][data-threads-available=false]');`, { what: 'not-isolated banner' });
      await firefox.waitFor(DONE, { timeout: 120_000, what: 'result rows' });
      const rows = await firefox.evaluate(ROWS);
      assert.deepEqual(rows.map((r) => r.variant), ['sequential']);
      assert.equal(rows[0].correct, 'true');
      await writeFile(join(ARTIFACTS, 'firefox-not-isolated.png'), await firefox.screenshot());
    } finally {
      await server.close();
    }
  });
});
