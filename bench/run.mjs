// The benchmark (not a test): times parlab's demos in headless Chromium on the release dist/,
// served cross-origin isolated, and writes bench/report.md and bench/report.json.
// Run it with scripts/bench.sh, which builds dist/ first.
import { execFileSync } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CHROMIUM, launch } from '../e2e/browser.mjs';
import { serve } from '../e2e/server.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const DIST = join(HERE, '..', 'dist');
const REPEATS = Number(process.env.BENCH_REPEATS ?? 7);
const SIZES = (process.env.BENCH_SIZES ?? '1000000,10000000').split(',').map(Number);
const WORKLOADS = ['square', 'collatz'];

async function wasmSizes() {
  const wasm = (await readdir(DIST)).find((f) => f.endsWith('.wasm'));
  const bytes = await readFile(join(DIST, wasm));
  return { file: wasm, raw: (await stat(join(DIST, wasm))).size, gzip: gzipSync(bytes, { level: 9 }).length };
}

async function mapRun(context, url, workload, n) {
  const page = await context.newPage();
  await page.goto(`${url}?demo=map&n=${n}&workload=${workload}&repeats=${REPEATS}&autorun=1`);
  await page.locator('[data-testid=isolation][data-state=ready]').waitFor({ timeout: 30_000 });
  const poolSize = Number(await page.getByTestId('isolation').getAttribute('data-pool-size'));
  await page.getByTestId('result-row').first().waitFor({ timeout: 600_000 });
  await page.locator('[data-testid=progress][data-running=false]').waitFor({ timeout: 600_000 });
  const rows = await page.getByTestId('result-row').evaluateAll((els) => els.map((e) => ({ ...e.dataset })));
  await page.close();
  const pick = (variant) => {
    const r = rows.find((row) => row.variant === variant);
    return { threads: Number(r.threads), median_ms: Number(r.ms), min_ms: Number(r.minMs), max_ms: Number(r.maxMs), runs: Number(r.runs), correct: r.correct === 'true' };
  };
  return { workload, n, pool_size: poolSize, sequential: pick('sequential'), parallel: pick('parallel') };
}

const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

const server = await serve(DIST, { isolated: true });
const browser = await launch();
const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  browser: execFileSync(CHROMIUM, ['--version']).toString().trim(),
  date: new Date().toISOString(),
};
const results = [];
try {
  for (const n of SIZES) {
    for (const workload of WORKLOADS) {
      const result = await mapRun(browser.context, server.url, workload, n);
      console.log(`map ${workload} n=${n}: sequential ${fmt(result.sequential.median_ms)} ms, parallel ${fmt(result.parallel.median_ms)} ms (k=${result.parallel.threads})`);
      results.push(result);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
const sizes = await wasmSizes();
const report = { machine, wasm: sizes, repeats: REPEATS, map: results };
await writeFile(join(HERE, 'report.json'), JSON.stringify(report, null, 2) + '\n');

const lines = [
  '# parlab benchmark report',
  '',
  `Machine: ${machine.cores} cores, ${machine.cpu}; ${machine.browser}, headless; ${machine.date}.`,
  `Build: ${sizes.file}, ${(sizes.raw / 1024).toFixed(0)} KiB raw, ${(sizes.gzip / 1024).toFixed(0)} KiB gzip -9.`,
  `Each figure is the median of ${REPEATS} runs after an untimed warm-up, with min – max.`,
  '',
  '## map vs Pool.map',
  '',
  '| workload | n | sequential ms | parallel ms (k) | speedup | correct |',
  '|---|---:|---:|---:|---:|---|',
  ...results.map((r) => `| ${r.workload} | ${r.n.toLocaleString('en')} | ${fmt(r.sequential.median_ms)} (${fmt(r.sequential.min_ms)} – ${fmt(r.sequential.max_ms)}) | ${fmt(r.parallel.median_ms)} (${fmt(r.parallel.min_ms)} – ${fmt(r.parallel.max_ms)}) (k=${r.parallel.threads}) | ${(r.sequential.median_ms / r.parallel.median_ms).toFixed(2)}× | ${r.sequential.correct && r.parallel.correct ? 'yes' : 'NO'} |`),
  '',
];
await writeFile(join(HERE, 'report.md'), lines.join('\n'));
console.log(lines.join('\n'));
