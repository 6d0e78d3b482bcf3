// "Beat the scheduler" (`?demo=levels`) over its contract, in headless Chromium: every level
// opens; a winning `moves=` link wins; a fixed twin shows its proof; a blocked thread's button is
// disabled and says what it waits for; Undo and the address follow the play; a refused move
// stops the replay and says which; an unknown level is a problem with the list; the keyboard
// alone can play; a win is remembered.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, chromiumForFile, serveDist } from './helpers.mjs';

const openPage = chromiumForFile();
const vars = async (page) => JSON.parse(await page.getByTestId('level-state').getAttribute('data-vars'));
const movesInAddress = (page) => new URL(page.url()).searchParams.get('moves');

describe('beat the scheduler', () => {
  const server = serveDist({ host: 'headers-file' });

  test('every level opens with its goal, a program and a step button per thread', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=levels`);
    await page.getByTestId('level-goal').waitFor();
    const levels = await page.locator('[data-testid=level-list] li').evaluateAll((els) => els.map((e) => e.dataset.level));
    assert.ok(levels.length >= 20, `${levels.length} levels`);
    assert.deepEqual(levels.slice(0, 2), ['lost-update', 'lost-update-fixed']);
    for (const level of levels) {
      await page.goto(`${server.url}?demo=levels&level=${level}`);
      await page.getByTestId('level-goal').waitFor();
      const threads = await page.getByTestId('thread-program').count();
      assert.ok(threads >= 2 && threads <= 3, `${level}: ${threads} threads`);
      assert.equal(await page.getByTestId('step-thread').count(), threads, level);
      assert.equal(await page.locator('[data-testid=level-list] li[aria-current], [data-testid=level-list] a[aria-current=page]').count(), 1, level);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a lost update: the winning link wins, explains the bug and links to the race on real threads', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=levels&level=lost-update&moves=0,0,1,0,1,1`);
    const won = page.getByTestId('level-won');
    await won.waitFor();
    assert.equal(await won.getAttribute('data-level'), 'lost-update');
    assert.match(await won.textContent(), /6 moves/);
    assert.deepEqual(await vars(page), { counter: 1 });
    assert.equal(await page.getByTestId('level-demo').getAttribute('href'), '?demo=race');
    assert.equal(await page.locator('[data-testid=level-list] li[data-level=lost-update]').getAttribute('data-solved'), 'true');
    await page.screenshot({ path: join(ARTIFACTS, 'levels-lost-update-won.png'), fullPage: true });
    // Remembered in this browser: a new page of another level still marks it won.
    await page.goto(`${server.url}?demo=levels&level=lock-order`);
    await page.getByTestId('level-goal').waitFor();
    assert.equal(await page.locator('[data-testid=level-list] li[data-level=lost-update]').getAttribute('data-solved'), 'true');
    assert.equal(await page.locator('[data-testid=level-list] li[data-level=lock-order]').getAttribute('data-solved'), 'false');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a fixed twin shows its proof over every interleaving', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=levels&level=if-wait-fixed`);
    const proof = page.getByTestId('level-proof');
    await proof.waitFor();
    assert.equal(await proof.getAttribute('data-safe'), 'true');
    assert.ok(Number(await proof.getAttribute('data-states')) > 100, await proof.getAttribute('data-states'));
    assert.match(await proof.textContent(), /Proved: no order of steps reaches the goal/);
    assert.equal(await page.getByTestId('level-won').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('play with the buttons: the address follows, a blocked thread cannot step, Undo takes a move back', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=levels&level=lock-order`);
    await page.getByTestId('level-goal').waitFor();
    const entries = await page.evaluate(() => history.length);
    const step = (thread) => page.locator(`[data-testid=step-thread][data-thread="${thread}"]`);
    assert.equal(await page.getByTestId('undo').isDisabled(), true);
    await step(0).click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('moves') === '0');
    await step(1).click();
    // Each thread holds one lock and waits for the other: both buttons are disabled and say why.
    await page.getByTestId('level-won').waitFor();
    assert.equal(movesInAddress(page), '0,1');
    assert.equal(await step(0).isDisabled(), true);
    assert.equal(await step(1).isDisabled(), true);
    assert.match(await page.locator('[data-testid=thread-status][data-thread="0"]').textContent(), /waits for/);
    assert.equal(await page.evaluate(() => history.length), entries, 'the play replaces the address: no history entry per move');
    await page.getByTestId('undo').click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('moves') === '0');
    assert.equal(await page.getByTestId('level-won').count(), 0);
    assert.equal(await step(1).isDisabled(), false);
    await page.getByTestId('restart').click();
    await page.waitForFunction(() => !new URL(location.href).searchParams.get('moves'));
    assert.equal(await page.locator('[data-testid=thread-program] li.current').count(), 2);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the keyboard alone can play a level to its win', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=levels&level=hold-lock`);
    await page.getByTestId('level-goal').waitFor();
    await page.locator('[data-testid=step-thread][data-thread="0"]').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('level-won').waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a refused move stops the replay there and says which; an unknown level is a problem with the list', async () => {
    const { page, errors } = await openPage(`${server.url}?demo=levels&level=lock-order&moves=0,1,0,1`);
    const refused = page.getByTestId('level-refused');
    await refused.waitFor();
    assert.match(await refused.textContent(), /Move 3 \(thread 0\) was not made/);
    // The two moves before it were played: the deadlock stands.
    await page.getByTestId('level-won').waitFor();
    await page.goto(`${server.url}?demo=levels&level=lost-update&moves=0,7`);
    assert.match(await page.getByTestId('level-refused').textContent(), /Move 2 \(thread 7\) was not made: there is no thread 7/);
    await page.goto(`${server.url}?demo=levels&level=no-such-level`);
    // The level has no form field: its problem is in the page's list of parameter problems.
    const problem = page.locator('section.problems li[data-param=level]');
    await problem.waitFor();
    assert.match(await problem.textContent(), /lost-update/);
    assert.equal(await page.getByTestId('level-list').locator('li').count() >= 20, true, 'the list is there to choose from');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
