// parlab's service worker: cross-origin isolation for hosts that cannot send headers (GitHub
// Pages and the like). It re-serves the site's own responses with the same isolation and
// security headers `_headers` sends, so the page gets SharedArrayBuffer and its thread pool.
//
// What it never does: cache anything (every request goes to the network, so a new deploy is
// never served stale), touch another origin's response, or rewrite anything but GET.
// `boot.js` registers it, reloads the page once so it takes control, and skips it where the
// page is isolated already. `e2e/headers.test.mjs` checks that the built file's headers equal `_headers`.

// The headers, from www/_headers (their one source), written in at build time.
const ISOLATION_HEADERS = {}; // written by scripts/headers.sh from www/_headers

// A new version takes over at once. It does not claim open pages: their responses came without
// its headers, so only a reload (boot.js does one) gets a page isolated.
self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // A request the browser may only answer from its cache cannot be forwarded (Chromium bug 823392).
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(fetch(request).then(withIsolationHeaders));
});

/** The same response with the isolation headers added; redirects and opaque answers as they are. */
function withIsolationHeaders(response) {
  if (response.type !== 'basic') return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
