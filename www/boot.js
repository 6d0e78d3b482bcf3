// parlab's start-up, before any wasm runs. Trunk writes the tag that runs it (Trunk.toml's
// `pattern_script`), with the hashed names of the wasm-bindgen glue and the wasm module in its
// data attributes. It is a file, not an inline script, so the Content-Security-Policy needs no
// 'unsafe-inline' and no hash that changes with every build.
//
// 1. Threads need cross-origin isolation. Where the host sends the headers, the page is isolated
//    already. Where it cannot (GitHub Pages), parlab's own service worker (sw.js) adds them: it is
//    registered here, and the page reloads once so the worker serves it. Never more than once per
//    tab, even when isolation still fails.
// 2. It loads the glue and the wasm with Subresource Integrity, with the hashes Trunk wrote into
//    its `<link rel="(module)preload" integrity>` tags, of the final files in dist/: the glue and
//    its snippets are fetched with `fetch(url, { integrity })` before the glue is imported, the
//    wasm is fetched that way and compiled. A file that does not match refuses to start,
//    with a message. It shows the wasm's size in the page's plain-HTML first paint (#boot) while
//    it arrives, and creates the shared memory itself: the maximum the module declares, else the
//    largest smaller one this browser grants (phones refuse 2 GiB).
// 3. It records all that in `window.parlabStart` ({ route, reason, memoryMb, declaredMemoryMb }),
//    which the app shows in its `isolation` banner; the app removes #boot just before it mounts.
// 4. When nothing can start, #boot says why in plain HTML, with a link to the page in a tab of
//    its own (where scripts do not even run, a CSS-delayed message in index.html says so).
// 5. In a frame, it tells the parent the page's height ({ type: 'parlab:resize', height }), and
//    nothing else; it listens to no message.

const RELOAD_KEY = 'parlab:isolation-reload';
const SERVICE_WORKER_WAIT_MS = 4000;
/** If the module has not finished starting this long after it arrived, say so. */
const START_WAIT_MS = 30_000;
const WASM_PAGE = 65536;
/** Smaller maxima to try, in wasm pages: 1 GiB, 512 MiB, 256 MiB. */
const FALLBACK_MAXIMA = [16384, 8192, 4096];

/**
 * A module of one function with two SIMD instructions (i8x16.splat, i8x16.popcnt), the test
 * wasm-feature-detect uses: parlab is built with WebAssembly SIMD, which a browser without it
 * cannot compile, so such a browser is told why, in words, rather than shown a compile error.
 */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
const NO_SIMD = "This browser's WebAssembly has no SIMD (128-bit vectors), which parlab is built with. " +
  'Chrome and Edge 91, Firefox 89 and Safari 16.4 or newer have it: update this browser, or open parlab in one of those.';

function simdSupported() {
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

/** A failure to start, worded for the person who sees it. */
class StartError extends Error {}

const appTag = document.querySelector('script[data-parlab-js]');
const boot = document.getElementById('boot');
boot?.classList.add('script-running');
const framed = isFramed();

ignoreWorkerInitMessages();
if (framed) reportHeightToParent();
setFullPageLinks();
try {
  const start = await isolation();
  if (start) {
    window.parlabStart = start;
    await loadApp(start);
  }
} catch (error) {
  showStartFailure(error instanceof StartError ? error.message : `parlab's start-up failed: ${error?.message ?? error}.`);
}

/** { route, reason }, or null when the page is about to reload under the service worker. */
async function isolation() {
  if (window.crossOriginIsolated) {
    const workerUrl = new URL('./sw.js', import.meta.url).href;
    const controller = serviceWorkerController();
    if (controller?.scriptURL !== workerUrl) return { route: 'headers', reason: null };
    return { route: 'service-worker', reason: null, fromCache: await servedFromCache(controller) };
  }
  const worker = await isolateWithServiceWorker();
  if (worker === 'reloading') return null;
  const reason = framed ? 'embedded' : worker === 'unavailable' ? 'service-worker-unavailable' : 'no-headers';
  return { route: 'none', reason, serviceWorker: worker };
}

/**
 * Registers sw.js and reloads once so it serves the page with the isolation headers.
 * Resolves to 'reloading', 'unavailable' (cannot register, or not within 4 s: private windows,
 * a sandboxed frame, a browser or setting that refuses), 'headers-not-enough' (the host sends the
 * headers itself), 'no-effect' (it served this page, yet the page is not isolated) or
 * 'reloaded-before' (this tab reloaded for it once already; not again).
 */
async function isolateWithServiceWorker() {
  let container;
  let reloadedBefore;
  try {
    // Both throw in a sandboxed frame (an opaque origin has neither).
    container = navigator.serviceWorker;
    reloadedBefore = sessionStorage.getItem(RELOAD_KEY) !== null;
  } catch {
    return 'unavailable';
  }
  if (!container || !window.isSecureContext) return 'unavailable';
  // A host that sends the headers already: the worker cannot add anything (the page is in a
  // frame, or the browser is too old), so no worker and no reload.
  if (await hostSendsIsolationHeaders()) return 'headers-not-enough';
  // Whether parlab's worker served this very page (asked now: it may take control while we
  // wait). Another worker of the same site (user.github.io/other-repo) does not count.
  const workerUrl = new URL('./sw.js', import.meta.url).href;
  const servedByWorker = container.controller?.scriptURL === workerUrl;
  try {
    const registered = container.register(workerUrl, { updateViaCache: 'none' }).then(() => container.ready);
    const active = await Promise.race([registered, sleep(SERVICE_WORKER_WAIT_MS)]);
    if (!active) return 'unavailable';
  } catch {
    return 'unavailable';
  }
  if (servedByWorker) return 'no-effect';
  if (reloadedBefore) return 'reloaded-before';
  try {
    sessionStorage.setItem(RELOAD_KEY, new Date().toISOString());
  } catch {
    return 'unavailable';
  }
  location.reload();
  return 'reloading';
}

/**
 * Whether the host itself sends Cross-Origin-Embedder-Policy (asked with HEAD, which sw.js lets
 * through untouched, so a worker's headers do not count).
 */
async function hostSendsIsolationHeaders() {
  try {
    const response = await fetch(location.href, { method: 'HEAD', cache: 'no-store' });
    return response.headers.has('Cross-Origin-Embedder-Policy');
  } catch {
    return false;
  }
}

async function loadApp(start) {
  if (!simdSupported()) throw new StartError(NO_SIMD);
  const [bindings, wasm] = await Promise.all([
    importChecked(appTag.dataset.parlabJs),
    fetchWasm(appTag.dataset.parlabWasm),
  ]);
  const limits = memoryImport(wasm.bytes);
  const granted = limits?.shared ? grantMemory(limits) : undefined;
  if (granted) {
    start.memoryMb = (granted.maximum * WASM_PAGE) / 2 ** 20;
    start.declaredMemoryMb = (limits.maximum * WASM_PAGE) / 2 ** 20;
  }
  setProgress('Starting…');
  const started = bindings.default({ module_or_path: wasm.module, memory: granted?.memory });
  const stalled = sleep(START_WAIT_MS).then(() => 'stalled');
  const outcome = await Promise.race([started, stalled]).catch((error) => {
    throw new StartError(`parlab's WebAssembly would not start (${error.message}). This browser may not support WebAssembly threads.`);
  });
  if (outcome === 'stalled') {
    throw new StartError(`parlab's WebAssembly arrived but did not start within ${START_WAIT_MS / 1000} s.`);
  }
  window.wasmBindings = bindings;
}

/**
 * The wasm-bindgen glue, imported once it and the snippets it imports have passed their
 * integrity check: each is fetched with the hash of its modulepreload link first (Chromium does
 * not let a failed modulepreload fail the import: it fetches the module again, unchecked).
 */
async function importChecked(js) {
  const modules = [...document.querySelectorAll('link[rel=modulepreload][integrity]')].map((link) => link.href);
  const failed = await Promise.all(modules.map((url) => fetch(url, { integrity: integrityOf(url) }).then(() => null, () => url)));
  for (const url of failed.filter(Boolean)) {
    if (await filesDoNotMatch(url)) throw new StartError(mismatch('JavaScript'));
  }
  if (failed.some(Boolean)) throw new StartError(notFetched('JavaScript', ''));
  return import(js).catch((error) => {
    throw new StartError(`parlab's JavaScript could not be loaded (${error.message}).`);
  });
}

/**
 * The module and its bytes (to read the memory it imports), fetched with its integrity hash: the
 * browser hands the bytes over only once all have arrived and match. Its size is shown in #boot
 * meanwhile (asked with HEAD: a fetch with integrity gives no progress).
 */
async function fetchWasm(url) {
  showWasmSize(url);
  let response;
  try {
    response = await fetch(url, { integrity: integrityOf(url) });
  } catch (error) {
    if (await filesDoNotMatch(url)) throw new StartError(mismatch('WebAssembly'));
    throw new StartError(notFetched('WebAssembly', ` (${error.message})`));
  }
  if (!response.ok) throw new StartError(`parlab's WebAssembly could not be fetched (HTTP ${response.status}).`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  setProgress('Compiling parlab’s WebAssembly…');
  try {
    return { module: await WebAssembly.compile(bytes), bytes };
  } catch (error) {
    throw new StartError(`parlab's WebAssembly could not be compiled (${error.message}). This browser may be too old for it.`);
  }
}

/** "Loading parlab: 858 KB of WebAssembly…", once a HEAD request tells the size. */
async function showWasmSize(url) {
  setProgress('Loading parlab’s WebAssembly…');
  try {
    const head = await fetch(url, { method: 'HEAD' });
    // A compressed response's length is not the size of the module.
    const encoded = (head.headers.get('Content-Encoding') ?? 'identity') !== 'identity';
    const total = encoded ? 0 : Number(head.headers.get('Content-Length')) || 0;
    // Grouped by hand: the first toLocaleString() of a page loads the locale data, measured at
    // 50 ms of the UI thread here.
    const kb = String(Math.round(total / 1024)).replace(/\B(?=(\d{3})+$)/g, ',');
    const line = boot?.querySelector('.boot-progress');
    if (total && line?.textContent === 'Loading parlab’s WebAssembly…') setProgress(`Loading parlab: ${kb} KB of WebAssembly…`);
  } catch {
    // The size is a nicety; the download goes on without it.
  }
}

/**
 * The integrity hash Trunk wrote for `url` (relative to this page) into its preload or
 * modulepreload link, of the file as it is in dist/; '' (no check) if there is none.
 */
function integrityOf(url) {
  const wanted = new URL(url, document.baseURI).href;
  const link = [...document.querySelectorAll('link[integrity]')].find((l) => l.href === wanted);
  return link?.integrity ?? '';
}

/**
 * Whether `url` failed its integrity check: it is served, but not with the bytes this page was
 * built with (asked again with and without the hash, past any cache).
 */
async function filesDoNotMatch(url) {
  const integrity = integrityOf(url);
  if (!integrity) return false;
  try {
    await fetch(url, { integrity, cache: 'no-store' });
    return false;
  } catch {
    try {
      return (await fetch(url, { cache: 'no-store' })).ok;
    } catch {
      return false;
    }
  }
}

/**
 * Why parlab's `what` could not be fetched. Offline, the service worker has only what this
 * browser loaded before: a demo in a part of the app never opened online (see index.html's
 * parts) is not there.
 */
function notFetched(what, detail) {
  if (window.parlabStart?.fromCache) {
    return `parlab is offline, and this browser did not keep the ${what} of this demo: it keeps what it loaded while online, and this demo's part of parlab was never opened here. Open it once while online, or go back to a demo you opened before.`;
  }
  return `parlab's ${what} could not be fetched${detail}: the host refused it to this page, or the network is down.`;
}

function mismatch(what) {
  return `parlab's files on this server do not match each other: its ${what} is not the file this page was built with ` +
    '(its Subresource Integrity check failed). The site may be in the middle of an update: reload the page in a minute. ' +
    'If this stays, the host (or something between it and you) changed the file.';
}

/**
 * The shared memory for the module: its declared maximum, else the largest of
 * FALLBACK_MAXIMA this browser grants. A smaller maximum still satisfies the import.
 */
function grantMemory({ initial, maximum }) {
  const maxima = [maximum, ...FALLBACK_MAXIMA.filter((m) => m < maximum && m >= initial)];
  let refusal;
  for (const candidate of maxima) {
    try {
      return { memory: new WebAssembly.Memory({ initial, maximum: candidate, shared: true }), maximum: candidate };
    } catch (error) {
      refusal = error;
    }
  }
  const smallest = (maxima.at(-1) * WASM_PAGE) / 2 ** 20;
  throw new StartError(
    `this browser refused parlab the memory it needs (${refusal?.message ?? refusal}; asked for ${smallest} MiB at the least). ` +
      'Close other tabs and reload, or use a device with more memory.',
  );
}

/**
 * The limits of the module's imported memory, read from its import section (the wasm binary
 * format: sections of id + size, imports of module name, field name, kind, type).
 */
function memoryImport(bytes) {
  let at = 8; // magic and version
  const byte = () => bytes[at++];
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const b = byte();
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
  };
  const skip = (length) => {
    at += length;
  };
  const name = () => skip(leb()); // leb() moves `at` first, so `at += leb()` would lose its bytes
  const limits = () => {
    const flags = byte();
    const initial = leb();
    const maximum = flags & 1 ? leb() : undefined;
    return { initial, maximum, shared: Boolean(flags & 2) };
  };
  while (at < bytes.length) {
    const id = byte();
    const size = leb();
    if (id !== 2) {
      skip(size);
      continue;
    }
    for (let count = leb(); count > 0; count--) {
      name();
      name();
      const kind = byte();
      if (kind === 0) leb(); // function: type index
      else if (kind === 1) { byte(); limits(); } // table: element type, limits
      else if (kind === 2) return limits(); // memory
      else if (kind === 3) { byte(); byte(); } // global: value type, mutability
      else if (kind === 4) { byte(); leb(); } // tag: attribute, type index
      else return null;
    }
    return null;
  }
  return null;
}

function setProgress(text) {
  const line = boot?.querySelector('.boot-progress');
  if (line) line.textContent = text;
}

/** #boot's message for a page that cannot start, drawn without wasm. */
function showStartFailure(message) {
  if (!boot) return;
  boot.querySelector('.boot-reason').textContent = message;
  boot.classList.add('failed');
}

/**
 * The page's links "in its own tab" lead to this state as a full page (without embed). A frame
 * sandboxed without allow-popups cannot open them, so there the address is shown to copy too.
 */
function setFullPageLinks() {
  const url = new URL(location.href);
  url.searchParams.delete('embed');
  for (const link of document.querySelectorAll('a.boot-open')) {
    link.href = url.href;
    if (self.origin === 'null') {
      const address = document.createElement('code');
      address.className = 'boot-address';
      address.textContent = url.href;
      link.after(' (from a sandboxed frame the link may not open: copy this address) ', address);
    }
  }
}

/**
 * Whether sw.js served this page from its offline cache (the network was gone): asked, with a
 * short wait, since an older worker does not answer.
 */
function servedFromCache(controller) {
  return new Promise((resolve) => {
    const container = navigator.serviceWorker;
    const done = (fromCache) => {
      container.removeEventListener('message', onMessage);
      resolve(fromCache);
    };
    const onMessage = (event) => {
      if (event.data?.type === 'parlab:from-cache') done(Boolean(event.data.fromCache));
    };
    container.addEventListener('message', onMessage);
    container.startMessages();
    controller.postMessage({ type: 'parlab:from-cache?' });
    setTimeout(() => done(false), 500);
  });
}

function serviceWorkerController() {
  try {
    return navigator.serviceWorker?.controller ?? null;
  } catch {
    return null;
  }
}

/**
 * wasm-bindgen-rayon's worker helper is imported into this page too, and there it would take a
 * `{ type: 'wasm_bindgen_worker_init', mainJS }` message from anyone who can post to this window
 * (a parent frame) and import that script. Pool workers get that message on their own port,
 * never through the window, so the page drops it before any listener sees it.
 */
function ignoreWorkerInitMessages() {
  window.addEventListener('message', (event) => {
    if (event.data?.type === 'wasm_bindgen_worker_init') event.stopImmediatePropagation();
  }, true);
}

function reportHeightToParent() {
  let last = -1;
  const send = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'parlab:resize', height }, '*');
  };
  new ResizeObserver(send).observe(document.documentElement);
}

function isFramed() {
  try {
    return window.self !== window.top;
  } catch {
    return true;
  }
}

function sleep(ms) {
  return new Promise((done) => setTimeout(() => done(null), ms));
}
