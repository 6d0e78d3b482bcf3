// parlab's service worker: cross-origin isolation for hosts that cannot send headers (GitHub
// Pages and the like), and the site kept for offline use once visited. It re-serves the site's
// own responses with the same isolation and security headers `_headers` sends, so the page gets
// SharedArrayBuffer and its thread pool.
//
// Network first: every request goes to the network while there is one, so a new deploy is never
// served stale; each answer is kept in this build's cache. Without a network the kept answer is
// served (a page with any query gets its page as kept), so a visited demo or chapter opens and
// runs in a classroom that lost its connection. The cache is named after the build; a new
// build's worker deletes the others when it takes over, so old and new files are never mixed.
// A page served from the cache can ask (`parlab:from-cache?`) and is told so. It never touches
// another origin's response, or anything but GET.
// `boot.js` registers it, reloads the page once so it takes control, and skips it where the
// page is isolated already. `e2e/headers.test.mjs` checks that the built file's headers equal `_headers`.

// The headers, from www/_headers (their one source), written in at build time.
const ISOLATION_HEADERS = {}; // written by scripts/headers.sh from www/_headers
const BUILD = 'unbuilt'; // written by scripts/headers.sh: a hash of the built index.html
const CACHE = `parlab-${BUILD}`;

/** The pages (clients) this worker served from the cache. */
const servedFromCache = new Set();

// A new version takes over at once. It does not claim open pages: their responses came without
// its headers, so only a reload (boot.js does one) gets a page isolated.
self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((names) =>
    Promise.all(names.filter((name) => name.startsWith('parlab-') && name !== CACHE).map((name) => caches.delete(name)))));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // A request the browser may only answer from its cache cannot be forwarded (Chromium bug 823392).
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(networkFirst(event));
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'parlab:from-cache?') {
    event.source?.postMessage({ type: 'parlab:from-cache', fromCache: servedFromCache.has(event.source.id) });
  }
});

async function networkFirst(event) {
  const request = event.request;
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic' && !request.headers.has('range')) {
      const copy = response.clone();
      event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)).catch(() => {}));
    }
    return withIsolationHeaders(response);
  } catch (error) {
    const cache = await caches.open(CACHE);
    const kept = (await cache.match(request)) ?? (request.mode === 'navigate' ? await cache.match(request, { ignoreSearch: true }) : undefined);
    if (!kept) throw error;
    if (request.mode === 'navigate' && event.resultingClientId) servedFromCache.add(event.resultingClientId);
    return withIsolationHeaders(kept);
  }
}

/** The same response with the isolation headers added; redirects and opaque answers as they are. */
function withIsolationHeaders(response) {
  if (response.type !== 'basic' && response.type !== 'default') return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
