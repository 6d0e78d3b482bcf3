// End-to-end tests of "your own f(x)" (`?demo=map&workload=custom&f=…`) in Chromium, against the
// release dist/ served with its headers: a student's f typed in the code box, compiled in the
// page and run on the pool threads; its errors and faults; a link that reproduces the run.
import { describe, test } from 'node:test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { ARTIFACTS, chromiumForFile, rowsByVariant, serveDist, waitForPool } from './helpers.mjs';

const openPage = chromiumForFile();

const COLLATZ = `def f(x):
    steps = 0
    while x > 1:
        if x % 2 == 0:
            x = x // 2
        else:
            x = 3 * x + 1
        steps += 1
    return steps
`;

const custom = (f, rest) => `?demo=map&workload=custom&f=${encodeURIComponent(f)}&${rest}`;
const digest = (page) => page.getByTestId('results').getAttribute('data-output-digest');

/** Replaces the code box's text as a person would: select all, type, leave the box. */
async function typeF(page, text) {
  const editor = page.getByTestId('code-editor');
  await editor.fill(text);
  await editor.blur();
}

describe('your own f(x)', () => {
  const server = serveDist({ host: 'headers-file' });

  test('Collatz typed as f gives the built-in collatz outputs, on 2 threads, with its compile time', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map&workload=collatz&n=500000&threads=2&repeats=2&autorun=1`);
    await rowsByVariant(page);
    const builtIn = await digest(page);

    await page.goto(`${server.url}${custom(COLLATZ, 'n=500000&threads=2&repeats=2&chunk=10000&autorun=1')}`);
    const rows = await rowsByVariant(page);
    assert.equal(await digest(page), builtIn, 'the same outputs as the built-in collatz');
    assert.equal(rows.sequential.correct, 'true');
    assert.equal(rows.parallel.correct, 'true');
    assert.equal(rows.parallel.threads, '2');
    for (const row of [rows.sequential, rows.parallel]) {
      assert.ok(Number(row.compileMs) > 0, `compile ${row.compileMs} ms`);
      assert.ok(Number(row.perElementNs) > 0, `${row.perElementNs} ns per element`);
    }
    // Both threads took chunks: the compiled f ran on each of them.
    assert.equal(await page.getByTestId('chunk-map').getAttribute('data-threads-used'), '2');
    assert.match(await page.getByTestId('custom-verdict').textContent(), /^f took [\d.]+ ns per element on one thread.*compiling f took/);
    assert.equal(await page.getByTestId('code-ok').count(), 1);
    console.log(`  custom collatz n=500k: sequential ${rows.sequential.ms} ms, parallel ${rows.parallel.ms} ms; compile ${rows.sequential.compileMs} ms`);
    await page.screenshot({ path: join(ARTIFACTS, 'custom-collatz.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a syntax error is shown at its line as it is typed, and Run says f cannot run', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map&workload=custom&n=10000`);
    await waitForPool(page, 'ready');
    await typeF(page, 'def f(x):\n    y = x +\n    return y\n');
    const error = page.getByTestId('code-error');
    assert.equal(await error.getAttribute('data-line'), '2');
    assert.match(await error.textContent(), /^line 2, column \d+: /);
    assert.equal(await page.locator('.editor .gutter .error-line').textContent(), '2\n');
    await typeF(page, 'def f(x):\n    return [x]\n');
    assert.match(await error.textContent(), /lists are not supported here/);
    await page.getByTestId('run').click();
    await page.getByTestId('error').waitFor();
    assert.match(await page.getByTestId('error').textContent(), /your f cannot run: line 2, column \d+: .*Fix it in the code box/);
    assert.equal(await page.getByTestId('result-row').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('an endless loop stops with the budget message naming x, and the next Run works', async () => {
    const endless = 'def f(x):\n    while True:\n        pass\n';
    const { page, errors } = await openPage(`${server.url}${custom(endless, 'n=1000&threads=2&repeats=1&autorun=1')}`);
    await page.getByTestId('error').waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId('error').textContent(), /f did not return for x = 0 after 10,000,000 steps/);
    // The worker that ran it is fine: a division by zero on a later element is reported the same way …
    await typeF(page, 'def f(x):\n    return 100 // (x - 700)\n');
    await page.getByTestId('run').click();
    await page.getByTestId('error').filter({ hasText: 'division by zero' }).waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId('error').textContent(), /division by zero in f for x = 700/);
    // … and a correct f then runs on the same threads.
    await typeF(page, 'def f(x):\n    return x * x + 3\n');
    await page.getByTestId('run').click();
    const rows = await rowsByVariant(page);
    assert.equal(rows.parallel.correct, 'true');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a preset replaces f, and the share link reproduces the run', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map&workload=custom&n=20000&threads=2&repeats=1`);
    await waitForPool(page, 'ready');
    await page.getByTestId('input-preset').selectOption('prime');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('f')?.includes('d * d <= x'));
    assert.match(await page.getByTestId('code-editor').inputValue(), /def f\(x\):\n    if x < 2:/);
    await page.getByTestId('run').click();
    await rowsByVariant(page);
    const first = await digest(page);
    await page.getByTestId('share').click();
    const link = await page.getByTestId('share-link').inputValue();
    assert.equal(new URL(link).searchParams.get('workload'), 'custom');
    await page.goto(`${link}&autorun=1`);
    await rowsByVariant(page);
    assert.equal(await digest(page), first, 'the shared link computes the same outputs');
    assert.match(await page.getByTestId('code-editor').inputValue(), /d \* d <= x/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('with f, the GIL row, message passing, the export, and both sweeps work as with a built-in', async () => {
    // An f whose ints pass 2^53 and whose floats are not whole: message passing must return them exactly.
    const wide = 'def f(x):\n    if x % 2 == 0:\n        return x * 1000000000007 + 3\n    return x * 1000000000039 + 1\n';
    const { page, errors } = await openPage(`${server.url}${custom(wide, 'n=200000&threads=2&repeats=2&gil=1&messages=1&autorun=1')}`);
    const rows = await rowsByVariant(page);
    assert.deepEqual(Object.keys(rows), ['sequential', 'parallel', 'python-threads', 'message-passing']);
    for (const row of Object.values(rows)) assert.equal(row.correct, 'true', row.variant);
    assert.match(await page.getByTestId('message-passing').textContent(), /The workers run your f's module/);
    await page.goto(`${server.url}${custom('import math\n\ndef f(x):\n    return math.sqrt(x) / 3\n', 'n=100000&threads=2&repeats=1&messages=1&autorun=1')}`);
    assert.equal((await rowsByVariant(page))['message-passing'].correct, 'true', 'floats come back bit for bit');
    await page.goto(`${server.url}${custom(COLLATZ, 'n=200000&threads=2&repeats=2&autorun=1')}`);
    await rowsByVariant(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const data = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(data.parameters.workload, 'custom');
    assert.equal(data.parameters.f, COLLATZ, 'the export carries f itself');
    await page.getByTestId('sweep').click();
    await page.getByTestId('sweep-chart').waitFor({ timeout: 120_000 });
    assert.equal(await page.locator('[data-testid=sweep-chart] circle.wrong').count(), 0);
    await page.getByTestId('input-sweep').selectOption('n');
    await page.getByTestId('sweep').click();
    await page.getByTestId('size-sweep-results').waitFor({ timeout: 120_000 });
    assert.equal(await page.getByTestId('size-sweep-results').getAttribute('data-correct'), 'true');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Tab indents in the code box; Esc, then Tab, leaves it', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map&workload=custom&n=1000`);
    const editor = page.getByTestId('code-editor');
    await editor.fill('def f(x):\n');
    await editor.press('End');
    await editor.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Tab');
    await page.keyboard.type('return x');
    assert.equal(await editor.inputValue(), 'def f(x):\n    return x');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    assert.notEqual(await page.evaluate(() => document.activeElement?.dataset.testid), 'code-editor');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('your own f(x) without threads (no headers, no service worker)', () => {
  const server = serveDist({ host: 'plain' });

  test('f runs on the page\'s own thread, a step at a time, with the built-in\'s outputs', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=map&workload=collatz&n=200000&repeats=1&autorun=1`, { serviceWorkers: false });
    await waitForPool(page, 'not-isolated');
    await rowsByVariant(page);
    const builtIn = await digest(page);
    await page.goto(`${server.url}${custom(COLLATZ, 'n=200000&repeats=1&autorun=1')}`);
    const rows = await rowsByVariant(page);
    assert.deepEqual(Object.keys(rows), ['sequential']);
    assert.equal(rows.sequential.correct, 'true');
    assert.equal(await digest(page), builtIn);
    assert.match(await page.getByTestId('custom-verdict').textContent(), /no thread pool/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
