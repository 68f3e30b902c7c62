// A comparison's runs in the panel, in real headless Chromium: after samples/regularization.nn
// trains its three runs (no penalty, L1, L2), the run picker loads each run's final weights into
// the views below the curves. The hidden kernel's card then shows L1's exact zeros and L2's
// smaller ‖W‖; stepping afterwards works on the model's own network, and nothing leaks.

import * as assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { chromiumOrSkip, PanelPage } from './panelHarness';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Twenty epochs instead of sixty: measured 54 of the 112 hidden weights at exactly 0 under L1 (72 of 128 kernel weights after 60). */
const EPOCHS = 20;

describe('comparison runs in the panel (Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let panel: PanelPage | undefined;

  before(async function () {
    browser = await chromiumOrSkip(this);
  });
  after(async () => {
    await panel?.close();
    await browser?.close();
  });

  /** The hidden kernel's values as the tensor details draw them, once the views show `run` ('' for the model's own). */
  async function kernelOf(page: PanelPage, run: string): Promise<number[]> {
    for (let i = 0; i < 400; i++, await sleep(25)) {
      if ((await page.page.locator('#app').getAttribute('data-views-run')) !== run) continue;
      const values = await page.page.locator('section.detail .tensor-card[data-role="kernel"]').first().getAttribute('data-values');
      if (values) return JSON.parse(values) as number[];
    }
    assert.fail(`the views never showed run '${run}'`);
  }

  /** Picks a run the way a user does: opens the picker and clicks the run's option. */
  async function pick(page: PanelPage, label: string): Promise<void> {
    await page.page.locator('.run-picker vscode-single-select').click();
    await page.page.locator('.run-picker vscode-single-select li.option', { hasText: label }).click();
    await page.page.locator(`.run-picker[data-shown="${label === "the model's own network" ? '' : label}"]`).waitFor({ timeout: 10_000 });
  }

  const norm = (values: readonly number[]) => Math.hypot(...values);
  const zeros = (values: readonly number[]) => values.filter((w) => w === 0).length;

  it('regularization.nn: picking l1=0.01 shows exact zeros, none shows none, l2=0.3 a smaller ‖W‖; Step goes back to the model', async () => {
    panel = await PanelPage.open(browser, { sample: 'regularization.nn', backendPreference: 'wasm', epochs: EPOCHS });
    await panel.waitFor('backend');
    await panel.send({ type: 'selectLayer', layer: 'hidden' });
    const own = await kernelOf(panel, '');
    await panel.send({ type: 'command', command: 'train' });
    const finished = await panel.waitFor('finished');
    assert.equal(finished.reason, 'done');
    assert.equal(await panel.page.locator('.run-picker:not([hidden]) vscode-option').count(), 4);
    assert.match(await panel.page.locator('.message').innerText(), /the views below show the model's own network/);
    assert.deepEqual(await kernelOf(panel, ''), own, 'the comparison leaves the model itself untrained');
    await sleep(200);
    const settled = await panel.numTensors();

    await pick(panel, 'l1=0.01');
    const l1 = await kernelOf(panel, 'l1=0.01');
    assert.match(await panel.page.locator('.message').innerText(), /the views below show run l1=0\.01/);
    await panel.screenshot('compare-runs-l1');
    await pick(panel, 'none');
    const none = await kernelOf(panel, 'none');
    await pick(panel, 'l2=0.3');
    const l2 = await kernelOf(panel, 'l2=0.3');
    // Measured: 54 of 112 under L1 after 20 epochs; none without a penalty or with L2.
    assert.ok(zeros(l1) >= 0.4 * l1.length, `L1: ${zeros(l1)} of ${l1.length} weights are 0`);
    assert.equal(zeros(none), 0);
    assert.equal(zeros(l2), 0);
    // Measured ‖W‖: 3.02 without a penalty, 1.46 with L2.
    assert.ok(norm(l2) < 0.8 * norm(none), `‖W‖ ${norm(l2)} with L2, ${norm(none)} without`);
    assert.notDeepEqual(none, own);

    // The model's own network comes back as it was, and so does the tensor count.
    await pick(panel, "the model's own network");
    assert.deepEqual(await kernelOf(panel, ''), own);
    await sleep(200);
    assert.equal(await panel.numTensors(), settled);

    // A run's name in the loss chart's legend picks it too.
    const legend = JSON.parse((await panel.page.locator('.curves').getAttribute('data-legend')) ?? '[]') as [string, number, number, number, number][];
    const entry = legend.find(([label]) => label === 'l2=0.3');
    assert.ok(entry && entry[3] > 0, `no legend entry for l2=0.3 in ${JSON.stringify(legend)}`);
    await panel.page.locator('.curves canvas').first().click({ position: { x: entry[1] + entry[3] / 2, y: entry[2] + entry[4] / 2 } });
    await panel.page.locator('.run-picker[data-shown="l2=0.3"]').waitFor({ timeout: 10_000 });
    assert.deepEqual(await kernelOf(panel, 'l2=0.3'), l2);

    // Step after a pick trains the model itself: the picker goes back to it, and the note says so.
    await pick(panel, 'l1=0.01');
    await kernelOf(panel, 'l1=0.01');
    const from = panel.messages.length;
    await panel.send({ type: 'command', command: 'step' });
    await panel.page.locator('.run-picker[data-shown=""]').waitFor({ timeout: 10_000 });
    assert.match(await panel.page.locator('.message').innerText(), /Stepping trains the model's own network, not run l1=0\.01/);
    const stepped = await kernelOf(panel, '');
    assert.equal(zeros(stepped), 0);
    assert.notDeepEqual(stepped, own, 'one step moved the model’s own weights');
    assert.deepEqual(panel.since('error', from), []);
    assert.deepEqual(panel.consoleErrors, []);
  });
});
