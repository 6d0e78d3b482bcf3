// What the end-to-end tests share: a page that records console errors, and waiting for the pool
// and for a run to finish.
import { after, before } from 'node:test';
import { appendFile, cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './browser.mjs';
import { serve } from './server.mjs';
const RUN_TIMEOUT = 120_000;

/**
 * Opens `url` in a new page of `browser`; `errors` collects console errors, uncaught ones and
 * Content-Security-Policy violations (in every frame). `serviceWorkers: false` gives the page a
 * browser without service workers (as file:// pages and some private windows are).
 *
 * A page measures the device's parallelism once per browser tab, a second of work on its pool
 * shortly after start-up. Every test opens a new tab, so unless `measure` is set the tab starts
 * with the figure a session would have kept (the reported core count): the measurement is
 * tested on its own (cores.test.mjs), and does not add its burst to every other test's page.
 */
export async function openPage(browser, url, { serviceWorkers = true, measure = false } = {}) {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.exposeBinding('reportCspViolation', (_source, text) => errors.push(`CSP violation: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.reportCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  if (!serviceWorkers) await page.addInitScript(() => { delete Navigator.prototype.serviceWorker; });
  if (!measure) {
    await page.addInitScript(() => {
      const cores = navigator.hardwareConcurrency;
      try { sessionStorage.setItem('parlab.measured-parallelism', `${cores}/${cores}`); } catch { /* an opaque origin */ }
    });
  }
  await page.goto(url);
  return { page, errors };
}

/**
 * Waits until the isolation banner of `scope` (a page, frame or frame locator) reaches `state`
 * (`ready`, `not-isolated`, …). A banner that settles on another state fails at once, with what
 * it says: a pool that did not start is reported as such, not as a later missing result.
 */
export async function waitForPool(scope, state, timeout = 30_000) {
  const banner = scope.locator('[data-testid=isolation]');
  const settled = state === 'starting' ? `[data-state=${state}]` : ':not([data-state=starting])';
  await scope.locator(`[data-testid=isolation]${settled}`).waitFor({ timeout });
  const reached = await banner.getAttribute('data-state');
  if (reached !== state) throw new Error(`the banner is ${reached}, not ${state}: ${(await banner.textContent()).trim()}`);
}

/** Waits for result rows and the end of the run; returns the rows' data attributes in order. */
export async function finishedRows(page) {
  await page.getByTestId('result-row').first().waitFor({ timeout: RUN_TIMEOUT });
  await page.locator('[data-testid=progress][data-running=false]').waitFor({ timeout: RUN_TIMEOUT });
  return page.getByTestId('result-row').evaluateAll((els) => els.map((e) => ({ ...e.dataset })));
}

/** Like [`finishedRows`], keyed by `data-variant`. */
export async function rowsByVariant(page) {
  return Object.fromEntries((await finishedRows(page)).map((r) => [r.variant, r]));
}

/** Where the tests find the built app and put their screenshots. */
export const DIST = fileURLToPath(new URL('../dist', import.meta.url));

/** The course book's chapters, in its order, as the built pages' names (`map.html`). */
export async function courseChapters() {
  const summary = await readFile(join(DIST, '..', 'course', 'src', 'SUMMARY.md'), 'utf8');
  return [...summary.matchAll(/\]\(\.?\/?([^)]+)\.md\)/g)].map((m) => `${m[1]}.html`);
}
export const ARTIFACTS = fileURLToPath(new URL('./artifacts', import.meta.url));

/** One headless Chromium for the test file; returns `openPage(url, options)` on it. */
export function chromiumForFile() {
  let browser;
  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launch();
  });
  after(async () => browser?.close());
  return (url, options) => openPage(browser, url, options);
}

/**
 * The demos the built page offers, in tab order (`demo=` names), read from its demo tabs: the
 * registry is the one list of demos, and the tests take theirs from the build.
 */
export async function builtDemos() {
  const server = await serve(DIST, { host: 'headers-file' });
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.locator('a.demo-tab').first().waitFor();
    const hrefs = await page.locator('a.demo-tab').evaluateAll((tabs) => tabs.map((tab) => tab.href));
    return hrefs.map((href) => new URL(href).searchParams.get('demo'));
  } finally {
    await browser.close();
    await server.close();
  }
}

/** dist/ served for the enclosing `describe` by an emulated host (see server.mjs). */
export function serveDist(options) {
  let server;
  before(async () => { server = await serve(DIST, options); });
  after(async () => server?.close());
  return { get url() { return server.url; }, get documents() { return server.documents; } };
}

/**
 * On a page whose run goes through `variants` in order, each doing the same share of the work:
 * for each variant, starts a run, waits until that variant is under way (by the progress
 * fraction) and clicks Cancel. Returns, per variant, the fraction at the click and the
 * milliseconds from the click until the page showed the run stopped.
 */
export async function cancelDuringEachVariant(page, variants) {
  const measured = [];
  for (const [i, variant] of variants.entries()) {
    await page.getByTestId('run').click();
    const low = (i + 0.25) / variants.length;
    await page.waitForFunction((f) => Number(document.querySelector('[data-testid=progress]').dataset.fraction) >= f, low, { timeout: RUN_TIMEOUT, polling: 10 });
    const { fraction, ms } = await cancelTimedInPage(page);
    const notice = ms === null ? '' : await page.getByTestId('notice').textContent();
    measured.push({ variant, fraction, ms, cancelled: /Cancelled/.test(notice) });
  }
  return measured;
}

/**
 * Clicks Cancel from inside the page and resolves once the progress bar says the run stopped:
 * the progress fraction at the click and the milliseconds in between, as the page saw them
 * (no test-driver round trips counted). `ms` is null when the run had ended before the click.
 */
export function cancelTimedInPage(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const progress = document.querySelector('[data-testid=progress]');
    const fraction = Number(progress.dataset.fraction);
    if (progress.dataset.running !== 'true') {
      resolve({ fraction, ms: null });
      return;
    }
    const clicked = performance.now();
    new MutationObserver((_, observer) => {
      if (progress.dataset.running === 'false') {
        observer.disconnect();
        resolve({ fraction, ms: Math.round(performance.now() - clicked) });
      }
    }).observe(progress, { attributes: true });
    document.querySelector('[data-testid=cancel]').click();
  }));
}

/**
 * A copy of dist/ (without the course book) in which one file no longer matches the page:
 * `wasm` changes one byte of the module (a letter of a message in its data, so it would still
 * compile and run), `js` adds a comment to the wasm-bindgen glue (it would still run). Only
 * Subresource Integrity can tell; `none` changes nothing. Both are part-core's files, which a
 * map page loads. Resolves to { dir, remove }.
 */
export async function tamperedDist(file) {
  const dir = await mkdtemp(join(tmpdir(), `parlab-tampered-${file}-`));
  await cp(DIST, dir, { recursive: true, filter: (source) => source !== join(DIST, 'course') });
  const names = await readdir(dir);
  if (file === 'wasm') {
    const path = join(dir, names.find((name) => /^parlab-web-[0-9a-f]+_bg\.wasm$/.test(name)));
    const bytes = await readFile(path);
    const at = bytes.indexOf('Cancelled');
    if (at < 0) throw new Error('no "Cancelled" in the wasm to change');
    bytes[at] = 'K'.charCodeAt(0);
    await writeFile(path, bytes);
  } else if (file === 'js') {
    const path = join(dir, names.find((name) => /^parlab-web-[0-9a-f]+\.js$/.test(name)));
    await appendFile(path, '\n// changed after the build\n');
  } else if (file !== 'none') {
    throw new Error(`cannot tamper with ${file}`);
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
