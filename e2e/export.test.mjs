// Saving results: JSON (parameters, environment, every timed run), CSV (one line per run) and
// the results table as Markdown, on each demo.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { chromiumForFile, finishedRows, serveDist } from './helpers.mjs';

const openPage = chromiumForFile();

async function saved(page, testid) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
}

describe('export', () => {
  const server = serveDist({ host: 'headers-file' });

  test('map: JSON with parameters, environment and every timed run; CSV a line per run; Markdown table', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map&n=100000&workload=collatz&repeats=3&gil=1&autorun=1`);
    const rows = await finishedRows(page);
    const json = await saved(page, 'export-json');
    assert.match(json.name, /^parlab-map-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.json$/);
    const data = JSON.parse(json.text);
    assert.equal(data.demo, 'map');
    assert.equal(data.parameters.n, '100000');
    assert.equal(data.parameters.gil, '1');
    assert.ok(data.environment.pool_threads >= 2 && data.environment.cross_origin_isolated === true);
    assert.equal(data.environment.isolation_route, 'headers');
    assert.deepEqual(data.variants.map((v) => v.variant), rows.map((r) => r.variant));
    for (const v of data.variants) {
      assert.equal(v.runs_ms.length, 3, v.variant);
      assert.equal(v.correct, true);
      const row = rows.find((r) => r.variant === v.variant);
      assert.ok(Math.abs(v.median_ms - Number(row.ms)) < 0.01, `${v.variant}: the exported median is the one shown`);
      assert.equal(v.quality, row.quality, `${v.variant}: the exported quality mark is the one shown`);
    }
    const results = page.getByTestId('results');
    assert.equal(data.run.began_epoch_ms, Number(await results.getAttribute('data-run-start')));
    assert.equal(data.run.ended_epoch_ms, Number(await results.getAttribute('data-run-end')));
    assert.equal(data.run.kept_apart, true);
    assert.equal(data.run.page_hidden, false);
    const csv = await saved(page, 'export-csv');
    assert.match(csv.name, /\.csv$/);
    const lines = csv.text.trim().split('\n');
    assert.equal(lines[0], 'demo,variant,threads,run,ms,correct,quality');
    assert.equal(lines.length, 1 + 3 * rows.length);
    for (const line of lines.slice(1)) {
      const [, variant, , , , , quality] = line.split(',');
      assert.equal(quality, rows.find((r) => r.variant === variant).quality, line);
    }
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    await page.getByTestId('copy-markdown').click();
    await page.locator('.export-status', { hasText: 'clipboard' }).waitFor();
    const markdown = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(markdown, /\| variant \| threads \| median ms .*\| output \| quality \|/);
    for (const row of rows) assert.match(markdown, new RegExp(`\\| ${row.variant} \\| ${row.threads} \\|`));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('race and philosophers: their own figures are exported too', async () => {
    const race = await openPage(`${server.url}?demo=race&n=100000&repeats=2&autorun=1`);
    await finishedRows(race.page);
    const data = JSON.parse((await saved(race.page, 'export-json')).text);
    assert.equal(data.variants.length, 7);
    for (const v of data.variants) assert.equal(Number(v.expected) - Number(v.final), Number(v.lost), v.variant);
    assert.deepEqual(race.errors, []);
    await race.page.close();
    const dinner = await openPage(`${server.url}?demo=philosophers&philosophers=5&meals=3&think=1&eat=1&autorun=1`);
    await finishedRows(dinner.page);
    const meal = JSON.parse((await saved(dinner.page, 'export-json')).text);
    assert.deepEqual(meal.variants.map((v) => [v.variant, v.ending]), [['sequential', 'finished'], ['parallel', 'finished']]);
    assert.equal(meal.parameters.philosophers, '5');
    assert.deepEqual(dinner.errors, []);
    await dinner.page.close();
  });
});
