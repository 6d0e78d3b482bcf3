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

async function sortRun(context, url, n) {
  const page = await context.newPage();
  await page.goto(`${url}?demo=sort&n=${n}&dist=uniform&seed=42&repeats=${REPEATS}&autorun=1`);
  await page.locator('[data-testid=isolation][data-state=ready]').waitFor({ timeout: 30_000 });
  await page.getByTestId('result-row').first().waitFor({ timeout: 600_000 });
  await page.locator('[data-testid=progress][data-running=false]').waitFor({ timeout: 600_000 });
  const rows = await page.getByTestId('result-row').evaluateAll((els) => els.map((e) => ({ ...e.dataset })));
  await page.close();
  return rows.map((r) => ({ variant: r.variant, n, threads: Number(r.threads), median_ms: Number(r.ms), min_ms: Number(r.minMs), max_ms: Number(r.maxMs), runs: Number(r.runs), correct: r.correct === 'true' }));
}

/** The same kernels natively (release build, rayon's default pool), for comparison. */
function nativeRun() {
  const env = { ...process.env };
  delete env.CARGO_UNSTABLE_BUILD_STD;
  const out = execFileSync('cargo', ['run', '--release', '--quiet', '--locked', '-p', 'parlab-kernels', '--example', 'native_bench', '--', String(REPEATS), SIZES.join(',')], { cwd: join(HERE, '..'), env, maxBuffer: 1 << 24 });
  return JSON.parse(out.toString());
}

const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const range = (t) => `${fmt(t.median_ms)} (${fmt(t.min_ms)} – ${fmt(t.max_ms)})`;

const server = await serve(DIST, { isolated: true });
const browser = await launch();
const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  browser: execFileSync(CHROMIUM, ['--version']).toString().trim(),
  date: new Date().toISOString(),
};
const results = [];
const sorts = [];
try {
  for (const n of SIZES) {
    for (const workload of WORKLOADS) {
      const result = await mapRun(browser.context, server.url, workload, n);
      console.log(`map ${workload} n=${n}: sequential ${fmt(result.sequential.median_ms)} ms, parallel ${fmt(result.parallel.median_ms)} ms (k=${result.parallel.threads})`);
      results.push(result);
    }
    const rows = await sortRun(browser.context, server.url, n);
    console.log(`sort n=${n}: ${rows.map((r) => `${r.variant} ${fmt(r.median_ms)} ms`).join(', ')}`);
    sorts.push(...rows);
  }
} finally {
  await browser.close();
  await server.close();
}
console.log('native run of the same kernels…');
const native = nativeRun();
const sizes = await wasmSizes();
const report = { machine, wasm: sizes, repeats: REPEATS, map: results, sort: sorts, native };
const nativeMap = (workload, n) => native.map.find((r) => r.workload === workload && r.n === n);
const nativeSort = (variant, n) => native.sort.find((r) => r.variant === variant && r.n === n)?.timing;
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
  'Browser (Chromium) and native (same kernels, release build, rayon default pool of ' + native.pool_threads + ' threads); milliseconds.',
  '',
  '| workload | n | browser sequential | browser parallel (k) | browser speedup | native sequential | native parallel | native speedup | correct |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ...results.map((r) => {
    const nat = nativeMap(r.workload, r.n);
    return `| ${r.workload} | ${r.n.toLocaleString('en')} | ${range(r.sequential)} | ${range(r.parallel)} (k=${r.parallel.threads}) | ${(r.sequential.median_ms / r.parallel.median_ms).toFixed(2)}× | ${fmt(nat.sequential.median_ms)} | ${fmt(nat.parallel.median_ms)} | ${(nat.sequential.median_ms / nat.parallel.median_ms).toFixed(2)}× | ${r.sequential.correct && r.parallel.correct && nat.sequential.correct && nat.parallel.correct ? 'yes' : 'NO'} |`;
  }),
  '',
  '## sort (uniform random u32, seed 42)',
  '',
  '| variant | n | threads | browser ms | browser vs sequential | native ms | native vs sequential | correct |',
  '|---|---:|---:|---:|---:|---:|---:|---|',
  ...sorts.map((r) => {
    const seq = sorts.find((s) => s.variant === 'sequential' && s.n === r.n);
    const nat = nativeSort(r.variant, r.n);
    const natSeq = nativeSort('sequential', r.n);
    const natCells = nat ? `${fmt(nat.median_ms)} | ${(natSeq.median_ms / nat.median_ms).toFixed(2)}×` : '– | –';
    return `| ${r.variant} | ${r.n.toLocaleString('en')} | ${r.threads} | ${range(r)} | ${(seq.median_ms / r.median_ms).toFixed(2)}× | ${natCells} | ${r.correct && (!nat || nat.correct) ? 'yes' : 'NO'} |`;
  }),
  '',
];
await writeFile(join(HERE, 'report.md'), lines.join('\n'));
console.log(lines.join('\n'));
