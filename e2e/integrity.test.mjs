// Subresource Integrity, in headless Chromium: the page loads the wasm-bindgen glue and the wasm
// only if they are the files it was built with (the hashes Trunk wrote into dist/index.html). A
// copy of dist/ with one byte of the wasm changed, or a line added to the glue, refuses to start
// with the plain-HTML start-failed message, never a blank page and never the app. The untouched
// copy, served the same way, starts: what fails is the check, not the copy.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, chromiumForFile, tamperedDist } from './helpers.mjs';
import { serve } from './server.mjs';

const openPage = chromiumForFile();

/** Opens the copy of dist/ in `dir` on `host`; resolves to what the page ended up showing. */
async function outcome(dir, host) {
  const server = await serve(dir, { host });
  try {
    const { page, errors } = await openPage(`${server.url}?demo=map&n=300000&repeats=1`);
    const shown = await Promise.race([
      page.getByTestId('start-failed').waitFor({ state: 'visible', timeout: 30_000 }).then(() => 'start-failed'),
      page.getByTestId('isolation').waitFor({ timeout: 30_000 }).then(() => 'app'),
    ]);
    const result = {
      shown,
      message: shown === 'start-failed' ? (await page.getByTestId('start-failed').textContent()).replace(/\s+/g, ' ') : '',
      app: await page.getByTestId('isolation').count(),
      loadingVisible: await page.getByTestId('loading').isVisible(),
      documents: server.documents,
      errors,
      page,
    };
    return result;
  } finally {
    await server.close();
  }
}

describe('a file that does not match the page', () => {
  for (const [file, host] of [['wasm', 'headers-file'], ['wasm', 'plain'], ['js', 'headers-file']]) {
    test(`the ${file} changed after the build, host ${host}: start-failed says the files do not match, no app`, async () => {
      const copy = await tamperedDist(file);
      try {
        const seen = await outcome(copy.dir, host);
        assert.equal(seen.shown, 'start-failed');
        assert.match(seen.message, /do not match/);
        assert.match(seen.message, new RegExp(`its ${file === 'wasm' ? 'WebAssembly' : 'JavaScript'} is not the file this page was built with`));
        assert.match(seen.message, /reload the page/);
        assert.equal(seen.app, 0, 'the app did not mount');
        assert.equal(seen.loadingVisible, false);
        // The browser says why in the console too: the integrity check, not a network error.
        assert.ok(seen.errors.some((e) => /integrity/i.test(e)), seen.errors.join('\n'));
        await seen.page.screenshot({ path: join(ARTIFACTS, `integrity-${file}-${host}.png`) });
        await seen.page.close();
      } finally {
        await copy.remove();
      }
    });
  }

  test('the same copy with nothing changed starts', async () => {
    const copy = await tamperedDist('none');
    try {
      const seen = await outcome(copy.dir, 'headers-file');
      assert.equal(seen.shown, 'app', seen.message);
      assert.deepEqual(seen.errors, []);
      await seen.page.close();
    } finally {
      await copy.remove();
    }
  });
});
