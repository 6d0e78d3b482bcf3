// Accessibility, checked by axe-core (WCAG 2.1 A and AA rules) on every demo before a run, after
// a run and after its sweep or comparison: no critical and no serious violation. The course
// book's pages too, with WCAG 2.2's rules (target size), its table of contents open and closed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ARTIFACTS, builtDemos, chromiumForFile, courseChapters, finishedRows, serveDist, waitForPool } from './helpers.mjs';

const openPage = chromiumForFile();
const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const RUN_TIMEOUT = 120_000;

const WCAG21 = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * axe's critical and serious violations on the page, one line each, for the rules of `tags`; the
 * page's frames are left out when `iframes` is false (the demos in them are checked on their own).
 */
async function seriousViolations(page, { tags = WCAG21, iframes = true } = {}) {
  // Evaluated by the test driver, which the page's Content-Security-Policy does not restrict.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate((options) => window.axe.run(document, options), { runOnly: { type: 'tag', values: tags }, iframes });
  const minor = results.violations.filter((v) => v.impact !== 'critical' && v.impact !== 'serious').map((v) => `${v.impact} ${v.id}`);
  console.log(`  axe: ${results.passes.length} rules passed${minor.length ? `; not failing the test: ${minor.join(', ')}` : ''}`);
  return results.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** How each demo is run here, where a plain `?demo=<name>` and one Run would not do. */
const HOW = {
  map: { query: 'demo=map&n=200000&workload=collatz&repeats=1&gil=1&messages=1', second: 'sweep', done: '[data-testid=sweep-chart]' },
  sort: { query: 'demo=sort&n=200000&repeats=1', second: 'sweep', done: '[data-testid=sweep-chart]' },
  philosophers: { query: 'demo=philosophers&philosophers=5&meals=3&think=1&eat=1', second: 'sweep', done: '[data-testid=strategy-comparison]' },
  race: { query: 'demo=race&n=200000&repeats=1' },
  barrier: { query: 'demo=barrier&n=20000&steps=50&repeats=1' },
  'producer-consumer': { query: 'demo=producer-consumer&items=100&produce=50&consume=50', second: 'sweep', done: '[data-testid=capacity-sweep]' },
  pipeline: { query: 'demo=pipeline&n=100000' },
  // Played, not run: a winning link of a level with three threads, ending on its win.
  levels: { query: 'demo=levels&level=if-wait&moves=0,0,0,2,2,2,2,2,1,1,1,1,0,0', played: '[data-testid=level-won]' },
};

/** A run of `demo` to its results, or for a level (which has no Run) its replayed win. */
async function runOnce(page, demo) {
  if (demo.played) return page.locator(demo.played).waitFor();
  await page.getByTestId('run').click();
  return finishedRows(page);
}
const BUILT = await builtDemos();
const DEMOS = BUILT.map((name) => ({ name, query: `demo=${name}`, second: null, done: null, ...HOW[name] }));

test('the demos run here are the demos the build offers', () => {
  assert.ok(BUILT.length >= 7, `the page offers ${BUILT.length} demos`);
  assert.deepEqual(Object.keys(HOW).filter((name) => !BUILT.includes(name)), [], 'settings for a demo the build no longer has');
});

describe('accessibility (axe-core)', () => {
  const server = serveDist({ host: 'headers-file' });

  for (const demo of DEMOS) {
    test(`${demo.name}: no critical or serious violation before a run, after it${demo.second ? ' and after the sweep' : ''}`, async () => {
      const { page, errors } = await openPage(`${server.url}?${demo.query}`);
      await waitForPool(page, 'ready');
      assert.deepEqual(await seriousViolations(page), [], 'before a run');
      await runOnce(page, demo);
      assert.deepEqual(await seriousViolations(page), [], 'after a run');
      if (demo.second) {
        await page.getByTestId(demo.second).click();
        await page.locator(demo.done).waitFor({ timeout: RUN_TIMEOUT });
        await page.locator('[data-testid=progress][data-running=false]').waitFor({ timeout: RUN_TIMEOUT });
        assert.deepEqual(await seriousViolations(page), [], `after the ${demo.second}`);
      }
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  test('map with your own f: no critical or serious violation with an error in the code box, and after a run', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map&workload=custom&n=100000&repeats=1`);
    await waitForPool(page, 'ready');
    await page.getByTestId('code-editor').fill('def f(x):\n    y = x +\n    return y\n');
    await page.getByTestId('code-error').waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'with an error');
    await page.getByTestId('input-preset').selectOption('collatz');
    await page.getByTestId('code-ok').waitFor();
    await runOnce(page, {});
    assert.deepEqual(await seriousViolations(page), [], 'after a run');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('the course book', () => {
  const server = serveDist({ host: 'headers-file' });

  // Lighthouse's accessibility and best-practices audits failed here on mdBook's own theme: its
  // sidebar toggle (a <label> with aria-label and aria-expanded), its 21 px table-of-contents
  // links, and book.js's unload handler (a deprecated API that also kept the page out of the
  // back/forward cache); axe found, besides, code blocks that scroll sideways on a phone but took
  // no focus. course/theme/ and course/parlab.css fix those.
  for (const [form, width] of [['phone', 412], ['desktop', 1350]]) {
    for (const chapter of ['', 'map.html']) {
      test(`course/${chapter} at ${width} px (${form}): no critical or serious violation of WCAG 2.2 with the table of contents shut and open, opened from the keyboard; no deprecated API`, async () => {
        const { page, errors } = await openPage(`${server.url}course/${chapter}`);
        await page.setViewportSize({ width, height: 900 });
        const cdp = await page.context().newCDPSession(page);
        const deprecations = [];
        cdp.on('Audits.issueAdded', ({ issue }) => { if (issue.code === 'DeprecationIssue') deprecations.push(issue.details.deprecationIssueDetails?.type); });
        await cdp.send('Audits.enable');
        // mdBook opens the table of contents from 1080 px up, deciding as the page loads, unless
        // the reader shut it before (as an earlier test here does).
        await page.evaluate(() => localStorage.removeItem('mdbook-sidebar'));
        await page.reload();
        await page.locator('main h1').first().waitFor();
        const toggle = page.locator('#mdbook-sidebar-toggle');
        const open = async () => (await toggle.getAttribute('aria-expanded')) === 'true';
        const tags = [...WCAG21, 'wcag22aa'];
        const before = await open();
        assert.equal(before, width >= 1080, 'the table of contents is open on wide windows only');
        assert.deepEqual(await seriousViolations(page, { tags, iframes: false }), [], before ? 'open' : 'shut');
        await toggle.focus();
        await page.keyboard.press('Enter');
        // Shut, it slides away and then leaves the layout (book.js, on the transition's end).
        await page.waitForFunction((wanted) => wanted === (getComputedStyle(document.getElementById('mdbook-sidebar')).display !== 'none'), !before);
        assert.equal(await open(), !before, 'Enter on the toggle opens or shuts the table of contents');
        assert.deepEqual(await seriousViolations(page, { tags, iframes: false }), [], before ? 'shut' : 'open');
        const { result } = await cdp.send('Runtime.evaluate', { expression: 'window' });
        const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
        assert.deepEqual(listeners.filter((l) => l.type === 'unload'), [], 'an unload handler keeps the page out of the back/forward cache');
        assert.deepEqual(deprecations, [], 'deprecated APIs used');
        assert.deepEqual(errors, []);
        await page.close();
      });
    }
  }

  test('every chapter at phone size: no critical or serious violation of WCAG 2.2', async () => {
    const found = [];
    for (const chapter of await courseChapters()) {
      const { page, errors } = await openPage(`${server.url}course/${chapter}`);
      await page.setViewportSize({ width: 412, height: 900 });
      await page.locator('main h1').first().waitFor();
      found.push(...(await seriousViolations(page, { tags: [...WCAG21, 'wcag22aa'], iframes: false })).map((v) => `${chapter}: ${v}`));
      assert.deepEqual(errors, [], chapter);
      await page.close();
    }
    assert.deepEqual(found, []);
  });
});

describe('themes', () => {
  const server = serveDist({ host: 'headers-file' });
  const background = (page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

  test('auto follows the system, theme=light and theme=dark override it, the toggle cycles and writes the URL', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map&n=1000`);
    await waitForPool(page, 'ready');
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.equal(await background(page), 'rgb(14, 19, 26)', 'auto, system dark');
    await page.emulateMedia({ colorScheme: 'light' });
    assert.equal(await background(page), 'rgb(244, 246, 249)', 'auto, system light');
    await page.getByTestId('theme-toggle').click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('theme') === 'dark');
    assert.equal(await background(page), 'rgb(14, 19, 26)', 'theme=dark on a light system');
    await page.getByTestId('theme-toggle').click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('theme') === 'light');
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.equal(await background(page), 'rgb(244, 246, 249)', 'theme=light on a dark system');
    await page.getByTestId('theme-toggle').click();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('theme'));
    assert.equal(await page.getByTestId('theme-toggle').getAttribute('data-theme'), 'auto');
    assert.deepEqual(errors, []);
    await page.close();
  });

  for (const demo of DEMOS) {
    test(`theme=dark, ${demo.name}: no critical or serious violation (contrast included) after a run`, async () => {
      const { page, errors } = await openPage(`${server.url}?${demo.query}&theme=dark`);
      await waitForPool(page, 'ready');
      await runOnce(page, demo);
      assert.deepEqual(await seriousViolations(page), []);
      if (demo.name === 'map') await page.screenshot({ path: join(ARTIFACTS, 'map-dark.png'), fullPage: true });
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});

describe('phones and narrow windows', () => {
  const server = serveDist({ host: 'headers-file' });

  for (const demo of DEMOS) {
    test(`${demo.name}, full page: no sideways scroll from 360 px up, after a run, and chart text of at least 11 px at 360 px`, async () => {
      const { page, errors } = await openPage(`${server.url}?${demo.query}`);
      await page.setViewportSize({ width: 360, height: 740 });
      await waitForPool(page, 'ready');
      await runOnce(page, demo);
      for (const width of [360, 414, 600, 800]) {
        await page.setViewportSize({ width, height: 740 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.equal(overflow, 0, `${width} px wide: the page scrolls sideways by ${overflow} px`);
      }
      await page.setViewportSize({ width: 360, height: 740 });
      // Every chart's text as rendered: SVG text by its font size times the drawing's scale,
      // page text (lane and bar labels) by its own.
      const sizes = await page.evaluate(() => {
        const svgText = [...document.querySelectorAll('svg text')].filter((t) => t.getClientRects().length).map((t) => ({
          chart: t.closest('svg').getAttribute('data-testid') ?? t.closest('svg').getAttribute('class'),
          text: t.textContent,
          px: parseFloat(getComputedStyle(t).fontSize) * t.closest('svg').getScreenCTM().a,
        }));
        const pageText = [...document.querySelectorAll('.lanes .lane-label, .lanes .lane-axis span, .bars .bar-label, .bars .bar-value')].map((e) => ({
          chart: e.closest('figure').dataset.testid,
          text: e.textContent,
          px: parseFloat(getComputedStyle(e).fontSize),
        }));
        return [...svgText, ...pageText];
      });
      const small = sizes.filter((s) => s.px < 11).map((s) => `${s.chart}: "${s.text}" ${s.px.toFixed(1)} px`);
      assert.deepEqual(small, [], 'chart text at 360 px wide');
      await page.screenshot({ path: join(ARTIFACTS, `phone-${demo.name}.png`), fullPage: true });
      await page.setViewportSize({ width: 1200, height: 900 });
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});

describe('keyboard and text alternatives', () => {
  const server = serveDist({ host: 'headers-file' });

  test('map: Tab reaches every control with a visible focus, Enter runs, every chart has a text alternative', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map&n=100000&workload=collatz&repeats=1`);
    await waitForPool(page, 'ready');
    const reached = new Set();
    for (let i = 0; i < 40; i += 1) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const e = document.activeElement;
        const style = getComputedStyle(e);
        return { id: e.dataset.testid ?? e.tagName.toLowerCase(), outline: parseFloat(style.outlineWidth) || 0, outlineStyle: style.outlineStyle };
      });
      reached.add(focused.id);
      if (focused.id !== 'body') assert.ok(focused.outline >= 2 && focused.outlineStyle !== 'none', `${focused.id}: focus is visible`);
    }
    for (const id of ['input-n', 'input-workload', 'input-threads', 'input-chunk', 'input-repeats', 'input-gil', 'run', 'sweep', 'share', 'theme-toggle']) {
      assert.ok(reached.has(id), `Tab reaches ${id} (reached: ${[...reached].join(', ')})`);
    }
    await page.getByTestId('run').focus();
    await page.keyboard.press('Enter');
    await finishedRows(page);
    const charts = await page.locator('svg.chart, canvas.chart, figure.bars, figure.lanes').evaluateAll((els) => els.map((e) => ({ role: e.getAttribute('role'), label: e.getAttribute('aria-label') ?? '' })));
    assert.ok(charts.length >= 3);
    for (const chart of charts) assert.ok(chart.role === 'img' && chart.label.length > 10, JSON.stringify(chart));
    assert.match(await page.getByTestId('bar-chart').getAttribute('aria-label'), /sequential [\d.]+ ms; parallel, k = \d+ [\d.]+ ms/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('philosophers: the replay scrubber moves with the arrow keys', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=philosophers&philosophers=5&meals=3&think=1&eat=1&autorun=1`);
    await finishedRows(page);
    const scrubber = page.getByTestId('replay-scrubber');
    await scrubber.fill('0');
    await scrubber.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.equal(await scrubber.inputValue(), '2');
    assert.match(await page.locator('.replay-at').first().textContent(), /event 2 of/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
