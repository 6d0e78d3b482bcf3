// parlab's headers have one source, www/_headers; the places that send them must equal it:
// dist/_headers (Netlify, Cloudflare Pages; a copy), Trunk.toml's [serve.headers] (`trunk serve`;
// written by scripts/headers.sh --trunk-toml) and dist/sw.js (hosts without header control;
// written in at build time). The CSP must stay strict: only parlab's own origin,
// 'wasm-unsafe-eval' and the blob worker of the `js` sort, and the course book's inline code by
// hash; frame-ancestors open. And dist/index.html carries the Subresource Integrity hashes of
// the final glue, snippets and wasm, which boot.js checks them against.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DIST } from './helpers.mjs';
import { parseHeadersFile } from './server.mjs';

const ROOT = join(DIST, '..');
const sorted = (pairs) => Object.fromEntries([...pairs].sort(([a], [b]) => a.localeCompare(b)));

async function fromHeadersFile(dir = DIST) {
  return sorted(parseHeadersFile(await readFile(join(dir, '_headers'), 'utf8')).for('/index.html'));
}

async function fromTrunkToml() {
  const toml = await readFile(join(ROOT, 'Trunk.toml'), 'utf8');
  const section = toml.split('[serve.headers]')[1].split(/^\[/m)[0];
  return sorted([...section.matchAll(/^"([^"]+)"\s*=\s*"([^"]*)"$/gm)].map((m) => [m[1], m[2]]));
}

async function fromServiceWorker() {
  const source = await readFile(join(DIST, 'sw.js'), 'utf8');
  const literal = source.match(/const ISOLATION_HEADERS = (\{[\s\S]*?\n\});/)[1];
  return sorted(Object.entries(new Function(`return ${literal};`)()));
}

test('dist/_headers, Trunk.toml and the built sw.js send exactly the headers of www/_headers', async () => {
  const file = await fromHeadersFile(join(ROOT, 'www'));
  assert.deepEqual(await fromHeadersFile(), file, 'dist/_headers: rebuild');
  assert.deepEqual(await fromTrunkToml(), file, "Trunk.toml's [serve.headers]: run scripts/headers.sh --trunk-toml");
  assert.deepEqual(await fromServiceWorker(), file, 'dist/sw.js: rebuild (scripts/headers.sh writes them in)');
  for (const name of ['Cross-Origin-Opener-Policy', 'Cross-Origin-Embedder-Policy', 'Document-Isolation-Policy', 'Content-Security-Policy']) {
    assert.ok(file[name], `${name} is sent`);
  }
});

/** The inline scripts of `html` that run (not a JSON data block), as [attributes, body]. */
const inlineScripts = (html) => [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
  .filter(([, attributes]) => !/\bsrc=/.test(attributes) && !/type="application\/json"/.test(attributes))
  .map(([, attributes, body]) => [attributes, body]);

/**
 * The sha256 sources of every inline script and style attribute in the built page (its part
 * picker) and course book.
 */
async function bookInlineHashes() {
  const dir = join(DIST, 'course');
  const hash = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
  const scripts = new Set();
  const styles = new Set();
  for (const [, body] of inlineScripts(await readFile(join(DIST, 'index.html'), 'utf8'))) scripts.add(hash(body));
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.html'))) {
    const html = await readFile(join(dir, file), 'utf8');
    for (const [, body] of inlineScripts(html)) scripts.add(hash(body));
    for (const [, style] of html.matchAll(/\sstyle="([^"]*)"/g)) styles.add(hash(style));
  }
  // mdBook's search sets this style attribute from its script (searcher.js).
  const searcher = (await readdir(dir)).find((f) => /^searcher(-[0-9a-f]+)?\.js$/.test(f));
  for (const [, style] of (await readFile(join(dir, searcher), 'utf8')).matchAll(/setAttribute\('style', '([^']*)'\)/g)) styles.add(hash(style));
  return { scripts: [...scripts].sort(), styles: [...styles].sort() };
}

test('the Content-Security-Policy allows only what parlab and its course book need', async () => {
  const csp = Object.fromEntries(
    (await fromHeadersFile())['Content-Security-Policy'].split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]),
  );
  const book = await bookInlineHashes();
  const isHash = (value) => value.startsWith("'sha256-");
  const allowed = new Set(["'self'", "'none'", "'wasm-unsafe-eval'", 'blob:', "'unsafe-hashes'", 'data:']);
  for (const [name, values] of Object.entries(csp)) {
    for (const value of values.filter((v) => !isHash(v))) assert.ok(allowed.has(value), `${name} allows ${value}`);
  }
  assert.deepEqual(csp['default-src'], ["'self'"]);
  assert.deepEqual(csp['script-src'].filter((v) => !isHash(v)), ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(csp['worker-src'], ["'self'", 'blob:']);
  assert.deepEqual(csp['img-src'], ["'self'", 'data:'], "the book's icons are data: SVGs");
  assert.deepEqual(csp['style-src'].filter((v) => !isHash(v)), ["'self'", "'unsafe-hashes'"]);
  // Exactly the page's and the book's inline code, by hash: nothing else runs inline, and neither
  // is broken by a hash that went stale (an edit of index.html's script, a new mdBook or book.toml:
  // paste these into www/_headers, then run scripts/headers.sh --trunk-toml and rebuild).
  assert.deepEqual(csp['script-src'].filter(isHash).sort(), book.scripts, `the page's and the book's inline scripts: ${book.scripts.join(' ')}`);
  assert.deepEqual(csp['style-src'].filter(isHash).sort(), book.styles, `the book's style attributes: ${book.styles.join(' ')}`);
  assert.equal(csp['frame-ancestors'], undefined, 'embedding stays open');
});

test('dist/index.html runs one inline script, the part picker, and starts through boot.js', async () => {
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  const inline = inlineScripts(html);
  assert.equal(inline.length, 1, 'the part picker');
  assert.match(inline[0][1], /parlab-parts/);
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(([, attributes]) => /\bsrc=/.test(attributes));
  // boot.js starts the page; from-disk.js, a classic script, only speaks on a file: page.
  assert.deepEqual(scripts.map(([, attributes]) => attributes.match(/src="([^"]+)"/)?.[1]), ['./boot.js', './from-disk.js']);
  for (const [, , body] of scripts) assert.equal(body.trim(), '');
  assert.doesNotMatch(html, /\sstyle=/, 'no inline style attribute');
});

/** index.html's manifest of the app's parts (scripts/parts.sh). */
async function parts() {
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  return JSON.parse(html.match(/<script id="parlab-parts" type="application\/json">([^<]*)<\/script>/)[1]).parts;
}

test('every demo is in one part, and each part lists its glue, snippets and wasm with their integrity hashes', async () => {
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  assert.doesNotMatch(html, /<link rel="(module)?preload"/, "no part's files are preloaded before the picker chose the page's part");
  const all = await parts();
  assert.deepEqual(all.map((p) => p.name).slice(0, 1), ['core'], 'core first: a page without a known demo loads it');
  const demos = all.flatMap((p) => p.demos).sort();
  assert.equal(new Set(demos).size, demos.length, 'no demo in two parts');
  assert.ok(demos.includes('map') && demos.includes('taskgraph'), demos.join(' '));
  const files = new Set((await readdir(DIST)).filter((f) => f.endsWith('.js') || f.endsWith('.wasm')).map((f) => `./${f}`));
  for (const part of all) {
    assert.ok(part.files.some((f) => f.rel === 'modulepreload' && f.href === part.js), `${part.name}: its glue`);
    assert.ok(part.files.some((f) => f.rel === 'preload' && f.href === part.wasm), `${part.name}: its wasm`);
    assert.ok(part.files.length >= 3, `${part.name}: the glue, its snippets and the wasm`);
    for (const file of part.files) {
      const bytes = await readFile(join(DIST, file.href));
      assert.equal(file.integrity, `sha384-${createHash('sha384').update(bytes).digest('base64')}`, `${file.href}: the hash of the file in dist/`);
      files.delete(file.href);
    }
  }
  // Nothing else parlab loads as code is listed without a hash: boot.js, sw.js and embed.js are
  // the entry points (the page's own script, the worker, the course book's), and from-disk.js
  // must run from a file: page, where a hash (a CORS check) would stop it.
  assert.deepEqual([...files].sort(), ['./boot.js', './embed.js', './from-disk.js', './sw.js']);
});
