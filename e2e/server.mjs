// Static hosts for dist/, emulated the way the tests need them, so the page is seen exactly as a
// visitor of such a host would see it:
//   host 'headers-file': applies dist/_headers the way Netlify and Cloudflare Pages do (the file
//                        is read and matched per path; nothing here names a header);
//   host 'plain':        sends no headers of its own (GitHub Pages); `serviceWorker: false`
//                        also leaves sw.js out, like a deploy without it.
// `base` mounts dist/ under a sub-path (a project site, `user.github.io/repo/`), and `hostname`
// names the address in the returned URL (`localhost` vs `127.0.0.1` are different sites).
// `gzip: true` compresses what a browser accepts gzipped, and lets the browser keep files for
// 10 minutes, as GitHub Pages does (the benchmark's slow-link load time is measured against it;
// otherwise nothing is cached, so a test always sees the dist/ it built).
// Every server counts the page loads it served (`documents`), so tests can count reloads.
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/**
 * Netlify's `_headers` format: a line without indentation is a path pattern (`*` matches
 * anything), the indented `Name: value` lines under it are its headers, `#` starts a comment.
 */
export function parseHeadersFile(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const pattern = line.trim().split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
      rules.push({ matches: new RegExp(`^${pattern}$`), headers: [] });
    } else {
      const at = line.indexOf(':');
      if (at < 0 || !rules.length) throw new Error(`_headers: cannot read "${line}"`);
      rules.at(-1).headers.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
    }
  }
  return {
    /** The headers for a site path (`/index.html`), in file order. */
    for: (path) => rules.filter((rule) => rule.matches.test(path)).flatMap((rule) => rule.headers),
  };
}

/** Serves `root` on a free loopback port; resolves to { url, documents, close }. */
export async function serve(root, { host, base = '/', hostname = '127.0.0.1', serviceWorker = true, gzip = false }) {
  if (host !== 'headers-file' && host !== 'plain') throw new Error(`unknown host kind ${host}`);
  const dir = resolve(root);
  const headersFile = host === 'headers-file' ? parseHeadersFile(await readFile(join(dir, '_headers'), 'utf8')) : null;
  let documents = 0;
  /** Compressed bodies by file, made once: dist/ does not change while it is served. */
  const gzipped = new Map();
  const server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    if (!pathname.startsWith(base)) return res.writeHead(404).end();
    const sitePath = `/${pathname.slice(base.length)}`;
    let file = normalize(join(dir, sitePath));
    if (!file.startsWith(dir) || (!serviceWorker && sitePath === '/sw.js')) {
      return res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      let body = await readFile(file);
      if (file.endsWith('index.html') && req.method === 'GET') documents += 1;
      const compress = gzip && extname(file) in TYPES && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
      if (compress) {
        if (!gzipped.has(file)) gzipped.set(file, gzipSync(body, { level: 9 }));
        body = gzipped.get(file);
      }
      const headers = {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': String(body.length),
        'Cache-Control': gzip ? 'max-age=600' : 'no-store',
        ...(compress ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
      };
      res.writeHead(200, [...Object.entries(headers), ...(headersFile?.for(sitePath) ?? [])].flat());
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  return {
    url: `http://${hostname}:${port}${base}`,
    get documents() { return documents; },
    close: () => closeNow(server),
  };
}

/** One HTML page of another site (no headers, not isolated), e.g. a course page with a frame; `requested` lists every path asked of it. */
export async function serveHtml(html, { hostname = '127.0.0.1' } = {}) {
  const requested = [];
  const server = createServer((req, res) => {
    requested.push(req.url);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(html);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  return { url: `http://${hostname}:${port}/`, requested, close: () => closeNow(server) };
}

/** Closes `server` without waiting for the browser's idle or preconnected sockets to time out. */
function closeNow(server) {
  const closed = new Promise((done) => server.close(done));
  server.closeAllConnections();
  return closed;
}

// `node server.mjs [dir] [--plain] [--base=/repo/]`: serve by hand, e.g. to look at dist/.
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const host = args.includes('--plain') ? 'plain' : 'headers-file';
  const base = args.find((a) => a.startsWith('--base='))?.slice('--base='.length) ?? '/';
  const [dir = '../dist'] = args.filter((a) => !a.startsWith('--'));
  const { url } = await serve(dir, { host, base });
  console.log(`serving ${dir} at ${url} (${host === 'plain' ? 'no headers' : 'with dist/_headers'})`);
}

/**
 * A plain course page that embeds `src` the way the README tells a docs author to, and keeps
 * what parlab posts to it: `window.parlabResizes` ({ origin, height } each), and the frame is
 * sized to the last height.
 */
export function coursePageHtml(src) {
  const attribute = src.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lecture 3: chunk sizes</title>
<style>
  body { font-family: Georgia, serif; max-width: 860px; margin: 2rem auto; padding: 0 1rem; color: #222; background: #fdfcf8; }
  iframe { display: block; width: 100%; border: 1px solid #bbb; border-radius: 6px; }
</style></head>
<body>
  <h1>Lecture 3: Pool.map and chunk sizes</h1>
  <p>Before we look at the numbers, press <em>Run</em> below and watch the chunk map fill.</p>
  <iframe id="parlab" src="${attribute}" title="parlab: map vs Pool.map" height="600" allow="cross-origin-isolated"></iframe>
  <p>Which chunk size kept every thread busy until the end?</p>
  <script>
    window.parlabResizes = [];
    addEventListener('message', (event) => {
      if (event.data?.type !== 'parlab:resize') return;
      window.parlabResizes.push({ origin: event.origin, height: event.data.height });
      document.getElementById('parlab').style.height = event.data.height + 'px';
    });
  </script>
</body></html>`;
}

/**
 * A course chapter that embeds several parlab demos, one iframe per `srcs` entry (ids `parlab-0`,
 * `parlab-1`, …), the way a chapter with several exercises does.
 */
export function chapterPageHtml(srcs) {
  const frames = srcs.map((src, i) => {
    const attribute = src.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
    return `  <h2>Exercise ${i + 1}</h2>\n  <iframe id="parlab-${i}" src="${attribute}" title="parlab: exercise ${i + 1}" height="500" allow="cross-origin-isolated"></iframe>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Chapter 2: map in parallel</title>
<style>
  body { font-family: Georgia, serif; max-width: 860px; margin: 2rem auto; padding: 0 1rem; }
  iframe { display: block; width: 100%; border: 1px solid #bbb; }
</style></head>
<body>
  <h1>Chapter 2: map in parallel</h1>
${frames.join('\n')}
</body></html>`;
}
