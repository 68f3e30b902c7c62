// `npx tsx scripts/bench-panel.ts`: the panel's figures in headless Chromium (issue 4).
//   1. LeNet (the course's, batch 32) training step ms per backend Chromium offers here, fused
//      and stepped, and their ratio (WebGPU and WebGL are SwiftShader's software here).
//   2. Panel update ms after a stop (conv-edge's edges layer; target ≤ 16 ms).
//   3. Training samples/s with the panel visible ÷ hidden (tiny-transformer; target ≥ 0.9).
// Ratios are taken in one run; absolute figures vary with the machine's load.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { launchBrowser } from '../test/e2e/browser.mjs';
import { graphOf } from '../test/helpers/graph';
import { PanelPage } from '../test/webview/panelHarness';

const ROOT = join(__dirname, '..');
const LENET = readFileSync(join(ROOT, 'samples', 'lenet-course.nn'), 'utf8').split('\n').filter((l) => !/^\s*(data|loss|optimizer|train)\b/.test(l)).join('\n') + '\nloss categorical_crossentropy\noptimizer sgd lr=0.01\ntrain batch=32\n';

function random(count: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31));
}

async function stepFigures(): Promise<void> {
  const bundle = await esbuild.build({ entryPoints: [join(ROOT, 'scripts', 'benchPanelPage.ts')], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome120', logLevel: 'error' });
  const script = bundle.outputFiles[0].text;
  const graph = graphOf(LENET);
  const n = 64;
  const input = { shape: [n, 32, 32, 3], values: random(n * 32 * 32 * 3, 1) };
  const targets = { shape: [n, 10], values: Array.from({ length: n * 10 }, (_, i) => (i % 10 === Math.floor(i / 10) % 10 ? 1 : 0)) };
  const browser = await launchBrowser({ args: ['--enable-unsafe-webgpu'] });
  try {
    const page = await (await browser.newContext()).newPage();
    await page.route('https://bench.test/**', (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') return route.fulfill({ contentType: 'text/html', body: `<!DOCTYPE html><body><script>${script}</script></body>` });
      return route.fulfill({ contentType: path.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream', body: readFileSync(join(ROOT, 'dist', path.replace('/dist/', ''))) });
    });
    await page.goto('https://bench.test/');
    console.log('1. LeNet batch 32, one training step in headless Chromium (median ms)');
    console.log('   backend   fused    stepped   stepped÷fused   adapter');
    for (const backend of ['wasm', 'cpu', 'webgl', 'webgpu']) {
      const steps = backend === 'cpu' ? 3 : 7;
      const result = (await page.evaluate(`benchStep(${JSON.stringify(graph)}, ${JSON.stringify(input)}, ${JSON.stringify(targets)}, '${backend}', 'https://bench.test/dist', ${steps})`)) as { fused?: number; stepped?: number; ratio?: number; adapter?: string; error?: string };
      if (result.error) console.log(`   ${backend.padEnd(8)}  ${result.error}`);
      else console.log(`   ${backend.padEnd(8)}  ${result.fused!.toFixed(1).padStart(6)}   ${result.stepped!.toFixed(1).padStart(7)}   ${result.ratio!.toFixed(2).padStart(13)}   ${result.adapter}`);
    }
  } finally {
    await browser.close();
  }
}

async function panelFigures(): Promise<void> {
  const browser = await launchBrowser();
  try {
    const panel = await PanelPage.open(browser, { sample: 'conv-edge.nn' });
    await panel.waitFor('backend');
    const updates: number[] = [];
    for (let i = 0; i < 10; i++) {
      const before = panel.messages.length;
      await panel.send({ type: 'command', command: 'stepForwardLayer' });
      await panel.waitFor('stop', (m) => panel.messages.indexOf(m) >= before);
      await panel.page.waitForFunction(`document.getElementById('app').dataset.refreshMs !== undefined`);
      await panel.page.waitForTimeout(150);
      updates.push(Number(await panel.page.getAttribute('#app', 'data-refresh-ms')));
    }
    updates.sort((a, b) => a - b);
    console.log(`\n2. Panel update after a stop (conv-edge, 10 stops): median ${updates[5].toFixed(1)} ms, max ${updates[9].toFixed(1)} ms (target ≤ 16 ms)`);
    await panel.close();

    const rate = async (hidden: boolean): Promise<number> => {
      const page = await PanelPage.open(browser, { sample: 'tiny-transformer.nn', backendPreference: 'wasm', hidden });
      await page.waitFor('backend');
      await page.send({ type: 'command', command: 'train' });
      await page.waitFor('epoch', (m) => m.record.epoch === 1, 180_000);
      const first = Date.now();
      await page.waitFor('epoch', (m) => m.record.epoch === 5, 180_000);
      const seconds = (Date.now() - first) / 1000;
      await page.send({ type: 'command', command: 'stop' });
      await page.close();
      return (4 * 900) / seconds;
    };
    const hidden = await rate(true);
    const visible = await rate(false);
    console.log(`3. Training samples/s (tiny-transformer, WASM, epochs 2–5): panel visible ${visible.toFixed(0)}, hidden ${hidden.toFixed(0)}, visible ÷ hidden ${(visible / hidden).toFixed(2)} (target ≥ 0.9)`);
  } finally {
    await browser.close();
  }
}

void (async () => {
  await stepFigures();
  await panelFigures();
})();
