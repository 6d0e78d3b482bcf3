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

/** The sha256 sources of every inline script and style attribute in the built course book. */
async function bookInlineHashes() {
  const dir = join(DIST, 'course');
  const hash = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
  const scripts = new Set();
  const styles = new Set();
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.html'))) {
    const html = await readFile(join(dir, file), 'utf8');
    for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      if (!/\bsrc=/.test(attributes)) scripts.add(hash(body));
    }
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
  // Exactly the book's inline code, by hash: nothing else runs inline, and the book is not
  // broken by a hash that went stale (a new mdBook or book.toml: paste these into www/_headers, then run
  // scripts/headers.sh --trunk-toml and rebuild).
  assert.deepEqual(csp['script-src'].filter(isHash).sort(), book.scripts, `the book's inline scripts: ${book.scripts.join(' ')}`);
  assert.deepEqual(csp['style-src'].filter(isHash).sort(), book.styles, `the book's style attributes: ${book.styles.join(' ')}`);
  assert.equal(csp['frame-ancestors'], undefined, 'embedding stays open');
});

test('dist/index.html has no inline script and starts through boot.js', async () => {
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length >= 1);
  for (const [, attributes, body] of scripts) assert.equal(body.trim(), '', `inline script: ${body.slice(0, 80)}`);
  // boot.js starts the page; from-disk.js, a classic script, only speaks on a file: page.
  assert.deepEqual(scripts.map(([, attributes]) => attributes.match(/src="([^"]+)"/)?.[1]), ['./boot.js', './from-disk.js']);
  assert.doesNotMatch(html, /\sstyle=/, 'no inline style attribute');
});

test('dist/index.html carries the integrity hashes of the final glue, snippets and wasm', async () => {
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  const tag = html.match(/<script\b[^>]*data-parlab-js="([^"]+)"[^>]*data-parlab-wasm="([^"]+)"/);
  assert.ok(tag, 'boot.js is handed the glue and the wasm');
  const links = [...html.matchAll(/<link\b([^>]*)>/g)].map(([, attributes]) => Object.fromEntries(
    [...attributes.matchAll(/([a-z-]+)="([^"]*)"/g)].map(([, name, value]) => [name, value]),
  ));
  const checked = links.filter((link) => ['modulepreload', 'preload'].includes(link.rel));
  for (const wanted of [tag[1], tag[2]]) {
    assert.ok(checked.some((link) => link.href === wanted), `${wanted} has a (module)preload link`);
  }
  const files = new Set((await readdir(DIST)).filter((f) => f.endsWith('.js') || f.endsWith('.wasm')).map((f) => `./${f}`));
  assert.ok(checked.length >= 3, 'the glue, its snippets and the wasm');
  for (const link of checked) {
    assert.match(link.integrity ?? '', /^sha384-/, `${link.href} has an integrity hash`);
    const bytes = await readFile(join(DIST, link.href));
    assert.equal(link.integrity, `sha384-${createHash('sha384').update(bytes).digest('base64')}`, `${link.href}: the hash of the file in dist/`);
    files.delete(link.href);
  }
  // Nothing else parlab loads as code is listed without a hash: boot.js, sw.js and embed.js are
  // the entry points (the page's own script, the worker, the course book's), and from-disk.js
  // must run from a file: page, where a hash (a CORS check) would stop it.
  assert.deepEqual([...files].sort(), ['./boot.js', './embed.js', './from-disk.js', './sw.js']);
});
