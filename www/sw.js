// parlab's service worker: cross-origin isolation for hosts that cannot send headers (GitHub
// Pages and the like). It re-serves the site's own responses with the same isolation and
// security headers `_headers` sends, so the page gets SharedArrayBuffer and its thread pool.
//
// What it never does: cache anything (every request goes to the network, so a new deploy is
// never served stale), touch another origin's response, or rewrite anything but GET.
// `boot.js` registers it, reloads the page once so it takes control, and skips it where the
// page is isolated already. `e2e/headers.test.mjs` checks these headers equal `_headers`.

const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Access-Control-Allow-Origin': '*',
  'Document-Isolation-Policy': 'isolate-and-require-corp',
  'Content-Security-Policy':
    "default-src 'self'; " +
    "script-src 'self' 'wasm-unsafe-eval' " +
    // The course book's inline scripts (mdBook's theme and sidebar set-up), by hash.
    "'sha256-8vnQX7+vHcAt3ELB02aOu4MJIM+256eIdW2+xkLr5ac=' 'sha256-BuChz52GVMz8nc76A+SoFZTTc+l8J0PvArPG3PF9GAE=' 'sha256-Pbfl9uMTY2JMFZwr4Ol8GebT7ot1bov8/sHWDl8tMJk=' 'sha256-hUieISHgkH9L9TvFL56OaYGRIotlrUT+99yGhnYAXdE=' 'sha256-ibXps1oghJmN9ryreKgE0sW4LqwdziCl0b4QWX4lCLs=' 'sha256-YlxDKoPAZmvRO5IjQJNpK/buNQZ0Yi3IIDfYlKvN0XE=' 'sha256-tfEJ/YfqYjU9aZS6UEEgiJaDf5e22x26b18fPaUXGuM='; " +
    "worker-src 'self' blob:; " +
    // The course book's style attributes, by hash.
    "style-src 'self' 'unsafe-hashes' 'sha256-CGXxaj0DmoXwah0xVFENUQ9ibw0TQPsFwXrIP8xMjvc=' 'sha256-GwBMUOkilxWV/vOwWStLnfQBQ7rYfHT7o40jQLKt1fI=' 'sha256-matwEc6givhWX0+jiSfM1+E5UMk8/UGLdl902bjFBmY='; " +
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'",
};

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
