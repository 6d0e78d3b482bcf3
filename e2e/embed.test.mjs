// embed=1 and Share, in headless Chromium, on every demo: the compact layout, "Open in a new
// tab", no horizontal scrolling from 360 to 800 px, and share texts that parse back to the state
// on the screen, copied or (when the clipboard is refused) selected for a manual copy.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, chromiumForFile, finishedRows, serveDist } from './helpers.mjs';

const openPage = chromiumForFile();
const DEMOS = {
  map: 'demo=map&n=300000&workload=collatz&threads=2&chunk=5000&repeats=1',
  sort: 'demo=sort&n=200000&dist=few-unique&threads=2&seed=7&repeats=1',
  philosophers: 'demo=philosophers&philosophers=5&meals=3&strategy=waiter&force-deadlock=0&seed=3&think=1&eat=1&jitter=1',
};
const paramsOf = (url) => Object.fromEntries(new URL(url).searchParams);
const without = (object, ...keys) => Object.fromEntries(Object.entries(object).filter(([k]) => !keys.includes(k)));
/** The page's state as a shared link carries it: every parameter, `threads` included (issue 33). */
async function sharedState(_page, params) {
  return params;
}

describe('embed=1', () => {
  const server = serveDist({ host: 'headers-file' });

  for (const [demo, query] of Object.entries(DEMOS)) {
    test(`${demo}: compact, open-full reproduces the state, no horizontal scroll from 360 to 800 px`, async () => {
      const { page, errors } = await openPage(`${server.url}?${query}&embed=1&autorun=1`);
      await finishedRows(page);
      for (const gone of ['header.top', 'nav.demos', 'footer']) assert.equal(await page.locator(gone).count(), 0, gone);
      assert.equal(await page.locator('.intro').isVisible(), false);
      assert.match(await page.locator('.embed-bar h1').textContent(), /^parlab · /);
      const openFull = page.getByTestId('open-full');
      assert.equal(await openFull.isVisible(), true);
      assert.equal(await openFull.getAttribute('target'), '_blank');
      const full = paramsOf(await openFull.getAttribute('href'));
      assert.deepEqual(full, await sharedState(page, without(paramsOf(page.url()), 'embed', 'autorun')));
      assert.equal(paramsOf(page.url()).embed, '1', 'the page URL keeps embed=1');
      for (const width of [360, 480, 640, 800]) {
        await page.setViewportSize({ width, height: 800 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${demo} at ${width} px scrolls sideways by ${overflow} px`);
        if (width === 360) await page.screenshot({ path: join(ARTIFACTS, `embed-${demo}-360.png`), fullPage: true });
      }
      assert.equal(await openFull.isVisible(), true, 'open-full stays visible at 800 px');
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  test('a bad embed value is reported like any bad parameter, and the full layout is used', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map&embed=maybe`);
    await page.locator('section.problems li[data-param=embed]').waitFor();
    assert.match(await page.locator('li[data-param=embed]').textContent(), /embed “maybe” is not 1 or 0/);
    assert.equal(await page.locator('header.top').count(), 1);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('Share', () => {
  const server = serveDist({ host: 'headers-file' });

  for (const [demo, query] of Object.entries(DEMOS)) {
    test(`${demo}: link, iframe and Markdown reproduce the state; autorun is a choice`, async () => {
      const { page, errors } = await openPage(`${server.url}?${query}`);
      await page.getByTestId('share').click();
      const state = await sharedState(page, paramsOf(page.url()));
      const link = await page.getByTestId('share-link').inputValue();
      assert.deepEqual(paramsOf(link), state);
      assert.equal(new URL(link).pathname, new URL(page.url()).pathname);
      const iframe = await page.evaluate((html) => {
        const frame = new DOMParser().parseFromString(html, 'text/html').querySelector('iframe');
        return frame && Object.fromEntries([...frame.attributes].map((a) => [a.name, a.value]));
      }, await page.getByTestId('share-iframe').inputValue());
      assert.ok(iframe, 'the snippet is an iframe');
      assert.deepEqual(paramsOf(iframe.src), { ...state, embed: '1' });
      assert.equal(iframe.allow, 'cross-origin-isolated');
      assert.equal(iframe.loading, 'lazy');
      assert.match(iframe.title, /^parlab — /);
      assert.ok(iframe.width && iframe.height);
      const markdown = await page.getByTestId('share-markdown').inputValue();
      const [, title, target] = markdown.match(/^\[([^\]]+)\]\(([^)]+)\)$/);
      assert.equal(title, iframe.title);
      assert.equal(target, link);

      await page.getByTestId('share-autorun').check();
      assert.equal(paramsOf(await page.getByTestId('share-link').inputValue()).autorun, '1');
      assert.match(await page.getByTestId('share-iframe').inputValue(), /autorun=1/);
      assert.match(await page.getByTestId('share-markdown').inputValue(), /autorun=1/);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  test('Copy puts the text on the clipboard', async () => {
    const { page, errors } = await openPage(`${server.url}?${DEMOS.map}`);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    await page.getByTestId('share').click();
    await page.getByTestId('copy-share-iframe').click();
    await page.locator('.share-status', { hasText: 'Copied.' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await page.getByTestId('share-iframe').inputValue());
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a refused clipboard leaves the text selected for a manual copy', async () => {
    const { page } = await openPage('about:blank');
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) } });
    });
    await page.goto(`${server.url}?${DEMOS.sort}`);
    await page.getByTestId('share').click();
    await page.getByTestId('copy-share-link').click();
    await page.locator('.share-status', { hasText: 'selected' }).waitFor();
    const selection = await page.getByTestId('share-link').evaluate((input) => ({
      focused: document.activeElement === input,
      whole: input.selectionStart === 0 && input.selectionEnd === input.value.length && input.value.length > 0,
    }));
    assert.deepEqual(selection, { focused: true, whole: true });
    await page.screenshot({ path: join(ARTIFACTS, 'share-panel.png') });
    await page.keyboard.press('Escape');
    await page.getByTestId('share-panel').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('share').getAttribute('aria-expanded'), 'false');
    await page.close();
  });
});
