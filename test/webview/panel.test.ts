// The panel page in real headless Chromium under its real CSP: it picks a backend and says
// why, trains xor from a Train command to a boundary that separates the points, steps the
// course's edge example layer by layer showing its numbers, draws a model that cannot train,
// and trains on WebGPU (SwiftShader's adapter here) to the same loss as on the CPU.

import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromiumOrSkip, PanelPage } from './panelHarness';

const CHROMIUM = process.env.NETLENS_CHROMIUM ?? '/usr/bin/chromium';

async function launch(args: string[] = []): Promise<Browser> {
  const { launchBrowser } = await import('../e2e/browser.mjs');
  return launchBrowser({ args });
}

describe('panel page in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;

  before(async function () {
    browser = await chromiumOrSkip(this);
  });
  after(() => browser?.close());

  it('xor: picks a backend, trains from the Train command, and the boundary separates the points', async () => {
    const panel = await PanelPage.open(browser, { sample: 'xor.nn' });
    try {
      // Train arrives right behind the snapshot, as when the palette opens the panel.
      await panel.waitFor('ready');
      const before = panel.messages.length;
      await panel.send({ type: 'command', command: 'train' });
      const backend = await panel.waitFor('backend');
      assert.ok(['wasm', 'cpu', 'webgl', 'webgpu'].includes(backend.choice.backend));
      assert.match(backend.choice.reason, /\S/);
      const finished = await panel.waitFor('finished');
      assert.equal(finished.reason, 'done');
      const epochs = panel.since('epoch', before);
      assert.equal(epochs.length, 200);
      assert.ok(epochs[199].record.loss < epochs[0].record.loss / 2, 'the loss fell');
      const live = await panel.waitFor('live', (m) => m.layers.some((l) => l.layer === 'hidden' && l.gradientNorm !== undefined));
      assert.ok(live.layers.length === 3);
      await panel.page.locator('section.boundary[data-separated]').waitFor({ timeout: 10_000 });
      const separated = Number(await panel.page.locator('section.boundary').getAttribute('data-separated'));
      assert.ok(separated > 0.9, `only ${separated} of the points on their side`);
      assert.ok(await panel.page.locator('.network-graph .layer.has-gradient').count() >= 2, 'layers coloured by gradient');
      await panel.screenshot('xor-trained');
      assert.deepEqual(panel.consoleErrors, []);
    } finally {
      await panel.close();
    }
  });

  it('tiny-transformer: Stop ends a run after the step in progress', async () => {
    const panel = await PanelPage.open(browser, { sample: 'tiny-transformer.nn' });
    try {
      await panel.waitFor('ready');
      await panel.send({ type: 'command', command: 'train' });
      await panel.waitFor('progress', (m) => m.running);
      await panel.send({ type: 'command', command: 'stop' });
      const finished = await panel.waitFor('finished');
      assert.equal(finished.reason, 'stopped');
      assert.ok(panel.since('epoch').length < 20, 'training did not run to its end');
    } finally {
      await panel.close();
    }
  });

  it("conv-edge: stepping forward shows the course's 4×4 output, then its gradients backwards", async () => {
    const panel = await PanelPage.open(browser, { sample: 'conv-edge.nn', theme: 'light' });
    try {
      await panel.waitFor('backend');
      await panel.send({ type: 'command', command: 'stepForwardLayer' });
      await panel.send({ type: 'command', command: 'stepForwardLayer' });
      const stop = await panel.waitFor('stop', (m) => m.layer === 'edges' && m.phase === 'forward');
      assert.equal(stop.line, panel.graph.layers.find((l) => l.name === 'edges')!.line);
      // The edges stop is drawn once its feature maps are (the image's stop has none).
      await panel.page.locator('section.detail .feature-maps-view').waitFor();
      const output = panel.page.locator('section.detail .tensor-card[data-role="output"]').first();
      await output.waitFor();
      const values = JSON.parse((await output.getAttribute('data-values'))!);
      assert.deepEqual(values, [-5, -4, 0, 8, -10, -2, 2, 3, 0, -2, -4, -7, -3, -2, -3, -16]);
      await panel.screenshot('conv-edge-forward');
      await panel.send({ type: 'command', command: 'stepBackwardLayer' });
      await panel.waitFor('stop', (m) => m.phase === 'backward');
      await panel.page.locator('section.detail .tensor-card[data-role="dKernel"]').first().waitFor();
      await panel.screenshot('conv-edge-backward');
      assert.deepEqual(panel.consoleErrors, []);
    } finally {
      await panel.close();
    }
  });

  it('conv-edge: a convolution trains on WASM in the page (with the gradient kernels NetLens adds)', async () => {
    const panel = await PanelPage.open(browser, { sample: 'conv-edge.nn', backendPreference: 'wasm' });
    try {
      assert.equal((await panel.waitFor('backend')).choice.backend, 'wasm');
      await panel.send({ type: 'command', command: 'step' });
      const progress = await panel.waitFor('progress', (m) => m.step === 1);
      assert.ok(progress.loss > 0);
      assert.deepEqual(panel.since('error'), []);
      assert.deepEqual(panel.consoleErrors, []);
    } finally {
      await panel.close();
    }
  });

  it('lenet-course: a model without data shows one forward pass and says why it cannot train', async () => {
    const panel = await PanelPage.open(browser, { sample: 'lenet-course.nn' });
    try {
      await panel.waitFor('backend');
      await panel.page.locator('.message', { hasText: 'cannot train' }).waitFor();
      await panel.page.locator('section.detail figure').first().waitFor();
      await panel.screenshot('lenet-course');
      assert.deepEqual(panel.consoleErrors, []);
    } finally {
      await panel.close();
    }
  });

  it('tiny-transformer: the attention layer shows its matrices, each row summing to 1', async () => {
    const panel = await PanelPage.open(browser, { sample: 'tiny-transformer.nn' });
    try {
      await panel.waitFor('backend');
      await panel.send({ type: 'selectLayer', layer: 'att' });
      const scores = panel.page.locator('section.detail .attention-view canvas[data-row-sums]').first();
      await scores.waitFor();
      const rowSums: number[] = JSON.parse((await scores.getAttribute('data-row-sums'))!);
      const masked: [number, number][] = JSON.parse((await scores.getAttribute('data-masked'))!);
      assert.ok(masked.length > 0 && masked.every(([row, col]) => col > row), 'the causal mask hides the future');
      assert.ok(rowSums.length > 0);
      for (const sum of rowSums) assert.ok(Math.abs(sum - 1) < 1e-4, `a row sums to ${sum}`);
      await panel.screenshot('tiny-transformer');
      assert.deepEqual(panel.consoleErrors, []);
    } finally {
      await panel.close();
    }
  });

  it('an unforeseen error on the page reaches the host as a Spanish sentence quoting the raw detail', async () => {
    const spanish = JSON.parse(readFileSync(join(__dirname, '..', '..', 'l10n', 'bundle.l10n.es.json'), 'utf8')) as Record<string, string>;
    const template = 'The NetLens panel hit an unexpected error: {0}. Press Reset and try again; if it happens again, close and reopen the panel, or set netlens.backend to cpu.';
    assert.ok(spanish[template]);
    const panel = await PanelPage.open(browser, { sample: 'xor.nn', l10n: spanish });
    try {
      await panel.waitFor('backend');
      await panel.page.evaluate(() => {
        setTimeout(() => {
          throw new Error('thrown by a test');
        });
        void Promise.reject(new Error('rejected by a test'));
      });
      for (const detail of ['thrown by a test', 'rejected by a test']) {
        const error = await panel.waitFor('error', (m) => m.message.includes(detail), 10_000);
        assert.equal(error.message, spanish[template].replace('{0}', detail));
      }
    } finally {
      await panel.close();
    }
  });
});

describe('panel page on WebGPU', function () {
  this.timeout(180_000);

  it('trains a step on the webgpu backend to the loss the CPU gives', async function () {
    if (!existsSync(CHROMIUM)) this.skip();
    const browser = await launch(['--enable-unsafe-webgpu', '--enable-features=Vulkan']);
    try {
      const losses: Record<string, number> = {};
      for (const backend of ['webgpu', 'cpu'] as const) {
        const panel = await PanelPage.open(browser, { sample: 'xor.nn', backendPreference: backend });
        try {
          const choice = await panel.waitFor('backend');
          assert.equal(choice.choice.backend, backend, `${backend} was asked for, got ${choice.choice.backend}: ${choice.choice.reason}`);
          await panel.send({ type: 'command', command: 'step' });
          const progress = await panel.waitFor('progress', (m) => m.step === 1);
          losses[backend] = progress.loss;
          assert.deepEqual(panel.consoleErrors, []);
        } finally {
          await panel.close();
        }
      }
      assert.ok(Math.abs(losses.webgpu - losses.cpu) < 1e-4 * Math.max(1, Math.abs(losses.cpu)), `webgpu ${losses.webgpu} vs cpu ${losses.cpu}`);
    } finally {
      await browser.close();
    }
  });
});
