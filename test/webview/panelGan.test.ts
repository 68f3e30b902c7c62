// The panel page trains samples/gan.nn in real headless Chromium: the curves show D and G
// losses, and the samples view draws the real and generated histograms with mean D(x), which
// ends near 0.5 for the fakes (the discriminator is fooled). Stepping says it is not available.

import * as assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { chromiumOrSkip, PanelPage } from './panelHarness';


describe('panel page in Chromium: GAN', function () {
  this.timeout(120_000);
  let browser: Browser;

  before(async function () {
    browser = await chromiumOrSkip(this);
  });
  after(() => browser?.close());

  it('gan: Train alternates D and G; the samples view shows real vs generated with mean D(fake) near 0.5', async () => {
    const panel = await PanelPage.open(browser, { sample: 'gan.nn' });
    try {
      await panel.waitFor('ready');
      await panel.send({ type: 'command', command: 'train' });
      const finished = await panel.waitFor('finished');
      assert.equal(finished.reason, 'done');
      const epochs = panel.since('epoch');
      assert.equal(epochs.length, 40);
      const last = epochs[39].record;
      assert.ok(Math.abs(last.metrics.d_fake - 0.5) < 0.05, `mean D(fake) ${last.metrics.d_fake}`);
      assert.ok(last.metrics.g_loss > 0, 'the generator loss is reported');
      const gan = panel.page.locator('div.gan[data-mean-fake-score]');
      await gan.waitFor({ timeout: 10_000 });
      const score = Number(await gan.getAttribute('data-mean-fake-score'));
      assert.ok(Math.abs(score - 0.5) < 0.05, `the view's mean D(fake) ${score}`);
      assert.equal(await panel.page.locator('div.gan figure canvas').count(), 2, 'a histogram of real and one of generated samples');
      assert.ok(await panel.page.locator('div.gan figcaption', { hasText: 'mean D(x)' }).count() === 2);
      await panel.screenshot('gan-trained');
      await panel.send({ type: 'command', command: 'stepForwardLayer' });
      const error = await panel.waitFor('error');
      assert.match(error.message, /GAN/);
      assert.deepEqual(panel.consoleErrors, []);
    } finally {
      await panel.close();
    }
  });
});
