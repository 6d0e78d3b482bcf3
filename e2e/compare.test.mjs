// Comparing machines (issue 14): a JSON export read back beside this browser's last run, with
// the environment and parameters lined up; broken, foreign, huge and hostile files refused
// with a message, changing nothing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS, chromiumForFile, finishedRows, serveDist } from './helpers.mjs';

const openPage = chromiumForFile();

async function savedJson(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
}

const file = (name, text) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

async function importFiles(page, files) {
  await page.getByTestId('import').setInputFiles(files);
  await page.getByTestId('import-messages').waitFor();
  return page.getByTestId('import-messages').locator('li').allTextContents();
}

describe('compare machines', () => {
  const server = serveDist({ host: 'headers-file' });

  test('an export imported back reproduces the same rows beside this browser, parameters lined up', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map&n=100000&workload=collatz&repeats=3&autorun=1`);
    const rows = await finishedRows(page);
    const json = await savedJson(page);
    const messages = await importFiles(page, [file(json.name, json.text)]);
    assert.deepEqual(messages, [`${json.name}: imported.`]);
    const table = page.getByTestId('compare-table');
    const machines = await table.locator('tr[data-machine]').evaluateAll((trs) => trs.map((tr) => tr.dataset.machine));
    assert.deepEqual(machines, ['this browser', json.name]);
    const imported = table.locator(`tr[data-machine="${json.name}"]`);
    for (const row of rows) {
      const ms = Number(await imported.locator(`td[data-variant="${row.variant}"]`).getAttribute('data-ms'));
      assert.ok(Math.abs(ms - Number(row.ms)) < 0.01, `${row.variant}: ${ms} imported, ${row.ms} shown`);
    }
    assert.equal(await imported.locator('td[data-param=n]').textContent(), '100000');
    assert.match(await imported.textContent(), /Chrome \d+/);
    assert.equal(await table.locator('td.mismatch').count(), 0, 'the same run: nothing differs');
    assert.equal(await page.getByTestId('compare-mismatch').count(), 0);

    // The same export with another n: the difference is pointed out, not hidden.
    const other = JSON.parse(json.text);
    other.parameters.n = '200000';
    await importFiles(page, [file('laptop.json', JSON.stringify(other))]);
    assert.equal(await table.locator('tr[data-machine]').count(), 3);
    assert.equal(await table.locator('tr[data-machine="laptop.json"] td[data-param=n].mismatch').count(), 1);
    assert.match(await page.getByTestId('compare-mismatch').textContent(), /n: 100000 in this browser, 100000 in parlab-map-.*, 200000 in laptop\.json/);
    await page.getByTestId('history').screenshot({ path: join(ARTIFACTS, 'compare-machines.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('bad JSON, another demo, a later version, a huge file and script-like strings are refused and change nothing', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map&n=50000&repeats=1&autorun=1`);
    await finishedRows(page);
    const good = JSON.parse((await savedJson(page)).text);
    const hostile = structuredClone(good);
    hostile.variants[0].variant = '<img src=x onerror="window.pwned=1">';
    const hostileParameter = structuredClone(good);
    hostileParameter.parameters.n = '"><script>window.pwned=1</script>';
    const messages = await importFiles(page, [
      file('broken.json', '{"parlab_export": 1, "demo": "map", '),
      file('sort.json', JSON.stringify({ ...good, demo: 'sort' })),
      file('future.json', JSON.stringify({ ...good, parlab_export: 2 })),
      file('huge.json', ' '.repeat(2 * 1024 * 1024)),
      file('hostile.json', JSON.stringify(hostile)),
      file('hostile-parameter.json', JSON.stringify(hostileParameter)),
      file('not-parlab.json', JSON.stringify({ hello: 'world' })),
    ]);
    assert.equal(messages.length, 7);
    assert.match(messages[0], /^broken\.json: not JSON/);
    assert.match(messages[1], /^sort\.json: a run of the sort demo, not of map/);
    assert.match(messages[2], /^future\.json: export version 2/);
    assert.match(messages[3], /^huge\.json: 2\.1 MB, more than an export can be/);
    assert.match(messages[4], /^hostile\.json: variants\[0\] is missing or not what parlab writes/);
    assert.match(messages[5], /^hostile-parameter\.json: a parameter is missing or not what parlab writes/);
    assert.match(messages[6], /^not-parlab\.json: not a parlab export/);
    for (const message of messages) assert.match(message, /not (imported|read)\.$/);
    assert.equal(await page.getByTestId('compare-table').count(), 0, 'nothing was imported');
    assert.equal(await page.locator('[data-testid=history] img, [data-testid=history] script').count(), 0);
    assert.equal(await page.evaluate(() => window.pwned), undefined);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a file whose name, keys and values are markup is shown as text or refused: nothing is injected, nothing runs', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map&n=50000&repeats=1&autorun=1`);
    const dialogs = [];
    page.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
    await finishedRows(page);
    const good = JSON.parse((await savedJson(page)).text);
    const name = '"><img src=x onerror=alert(1)>.json';
    const markupKeys = structuredClone(good);
    markupKeys.parameters = { '<img src=x onerror=alert(2)>': '<b>bold</b>', n: '<svg onload=alert(3)>' };
    const messages = await importFiles(page, [file(name, JSON.stringify(good)), file(`keys ${name}`, JSON.stringify(markupKeys))]);
    assert.deepEqual(messages[0], `${name}: imported.`);
    assert.match(messages[1], /^keys "><img src=x onerror=alert\(1\)>\.json: a parameter is missing or not what parlab writes/);
    const row = page.getByTestId('compare-table').locator('tr[data-machine]').nth(1);
    assert.equal(await row.getAttribute('data-machine'), name);
    assert.equal(await row.locator('th').textContent(), name, 'the name is shown as it is, as text');
    assert.equal(await page.locator('[data-testid=history] img, [data-testid=history] svg, [data-testid=history] b').count(), 0);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
