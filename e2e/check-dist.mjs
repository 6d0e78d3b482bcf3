// Run before the tests (npm's pretest): the tests drive dist/, so a dist/ older than the
// sources would test code that is no longer there. Refuses it with what to do instead.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['crates', 'www', 'index.html', 'Trunk.toml', 'Cargo.toml', 'Cargo.lock', 'rust-toolchain.toml', '.cargo'];

async function newest(path) {
  const info = await stat(path).catch(() => null);
  if (!info) return { mtime: 0, path };
  if (!info.isDirectory()) return { mtime: info.mtimeMs, path };
  let best = { mtime: 0, path };
  for (const entry of await readdir(path)) {
    if (entry === 'target') continue;
    const found = await newest(join(path, entry));
    if (found.mtime > best.mtime) best = found;
  }
  return best;
}

const built = await stat(join(ROOT, 'dist', 'index.html')).catch(() => null);
if (!built) {
  console.error('dist/ has not been built: run `source scripts/env.sh && trunk build --release` (scripts/test.sh does both).');
  process.exit(1);
}
let source = { mtime: 0, path: '' };
for (const path of SOURCES) {
  const found = await newest(join(ROOT, path));
  if (found.mtime > source.mtime) source = found;
}
if (source.mtime > built.mtimeMs) {
  console.error(`dist/ is older than ${source.path.slice(ROOT.length)}: the tests would run an old build. Rebuild with \`source scripts/env.sh && trunk build --release\` (scripts/test.sh does).`);
  process.exit(1);
}
