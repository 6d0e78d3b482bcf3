// The three places that send parlab's headers must agree: dist/_headers (Netlify, Cloudflare
// Pages), Trunk.toml's [serve.headers] (the first command's server) and sw.js (hosts without
// header control). And the CSP must stay strict: only parlab's own origin, 'wasm-unsafe-eval'
// and the blob worker of the `js` sort; frame-ancestors open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DIST } from './helpers.mjs';
import { parseHeadersFile } from './server.mjs';

const ROOT = join(DIST, '..');
const sorted = (pairs) => Object.fromEntries([...pairs].sort(([a], [b]) => a.localeCompare(b)));

async function fromHeadersFile() {
  return sorted(parseHeadersFile(await readFile(join(DIST, '_headers'), 'utf8')).for('/index.html'));
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

test('dist/_headers, Trunk.toml and sw.js send the same headers', async () => {
  const file = await fromHeadersFile();
  assert.deepEqual(await fromTrunkToml(), file);
  assert.deepEqual(await fromServiceWorker(), file);
  for (const name of ['Cross-Origin-Opener-Policy', 'Cross-Origin-Embedder-Policy', 'Document-Isolation-Policy', 'Content-Security-Policy']) {
    assert.ok(file[name], `${name} is sent`);
  }
});

test('the Content-Security-Policy allows only what parlab needs', async () => {
  const csp = Object.fromEntries(
    (await fromHeadersFile())['Content-Security-Policy'].split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]),
  );
  const allowed = new Set(["'self'", "'none'", "'wasm-unsafe-eval'", 'blob:']);
  for (const [name, values] of Object.entries(csp)) {
    for (const value of values) assert.ok(allowed.has(value), `${name} allows ${value}`);
  }
  assert.deepEqual(csp['default-src'], ["'self'"]);
  assert.deepEqual(csp['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(csp['worker-src'], ["'self'", 'blob:']);
  assert.deepEqual(csp['style-src'], ["'self'"]);
  assert.equal(csp['frame-ancestors'], undefined, 'embedding stays open');
});

test('dist/index.html has no inline script and starts through boot.js', async () => {
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length >= 1);
  for (const [, attributes, body] of scripts) {
    assert.equal(body.trim(), '', `inline script: ${body.slice(0, 80)}`);
    assert.match(attributes, /src="\.\/boot\.js"/);
  }
  assert.doesNotMatch(html, /\sstyle=/, 'no inline style attribute');
});
