// parlab's start-up, before any wasm loads. Trunk writes the tag that runs it (Trunk.toml's
// `pattern_script`), with the hashed names of the wasm-bindgen glue and the wasm module in its
// data attributes. It is a file, not an inline script, so the Content-Security-Policy needs no
// 'unsafe-inline' and no hash that changes with every build.
//
// 1. Threads need cross-origin isolation. Where the host sends the headers, the page is isolated
//    already. Where it cannot (GitHub Pages), parlab's own service worker (sw.js) adds them: it is
//    registered here, and the page reloads once so the worker serves it. Never more than once per
//    tab, even when isolation still fails.
// 2. It records how the page got isolated, or why not, in `window.parlabStart` ({ route, reason }),
//    which the app shows in its `isolation` banner (data-route, data-reason).
// 3. In a frame, it tells the parent the page's height ({ type: 'parlab:resize', height }), and
//    nothing else; it listens to no message.

const RELOAD_KEY = 'parlab:isolation-reload';
const SERVICE_WORKER_WAIT_MS = 4000;
const appTag = document.querySelector('script[data-parlab-js]');
const framed = isFramed();

if (framed) reportHeightToParent();
const start = await isolation();
if (start) {
  window.parlabStart = start;
  await loadApp();
}

/** { route, reason }, or null when the page is about to reload under the service worker. */
async function isolation() {
  if (window.crossOriginIsolated) {
    return { route: navigator.serviceWorker?.controller ? 'service-worker' : 'headers', reason: null };
  }
  const worker = await isolateWithServiceWorker();
  if (worker === 'reloading') return null;
  const reason = framed ? 'embedded' : worker === 'unavailable' ? 'service-worker-unavailable' : 'no-headers';
  return { route: 'none', reason, serviceWorker: worker };
}

/**
 * Registers sw.js and reloads once so it serves the page with the isolation headers.
 * Resolves to 'reloading', 'unavailable' (cannot register: file://, private windows, a browser or
 * setting that refuses), 'no-effect' (it served this page, yet the page is not isolated) or
 * 'reloaded-before' (this tab reloaded for it once already; not again).
 */
async function isolateWithServiceWorker() {
  if (!navigator.serviceWorker || !window.isSecureContext) return 'unavailable';
  let reloadedBefore;
  try {
    reloadedBefore = sessionStorage.getItem(RELOAD_KEY) !== null;
  } catch {
    return 'unavailable'; // no storage to remember the reload by: never risk a loop
  }
  // Whether the worker served this very page (asked now: it may take control while we wait).
  const servedByWorker = Boolean(navigator.serviceWorker.controller);
  try {
    await navigator.serviceWorker.register(new URL('./sw.js', import.meta.url), { updateViaCache: 'none' });
    const active = await Promise.race([navigator.serviceWorker.ready, sleep(SERVICE_WORKER_WAIT_MS)]);
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

async function loadApp() {
  try {
    const bindings = await import(appTag.dataset.parlabJs);
    await bindings.default({ module_or_path: appTag.dataset.parlabWasm });
    window.wasmBindings = bindings;
  } catch (error) {
    showStartFailure(error);
  }
}

/** A visible message instead of a blank page when the app itself cannot start. */
function showStartFailure(error) {
  const banner = document.createElement('div');
  banner.className = 'fatal';
  banner.setAttribute('role', 'alert');
  banner.dataset.testid = 'error';
  banner.textContent =
    `parlab could not start: ${error?.message ?? error}. ` +
    'It needs a browser with WebAssembly and module scripts; reload the page to try again.';
  document.body.prepend(banner);
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
