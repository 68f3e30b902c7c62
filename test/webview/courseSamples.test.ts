// Every top-level sample in samples/ as a user meets it in the panel, in real headless Chromium:
// it opens, trains two short epochs (or draws its forward pass when it has no data), shows the
// views the course map points at (boundary, feature maps, attention, gates over time, GAN
// histograms, one curve per compared run, reconstructions), says nothing in English in a
// Spanish run, and a second run leaves tf.memory().numTensors where the first left it.

import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { FAMILIES } from '../../src/core/data/createDataset';
import { runVariants } from '../../src/core/engine/compare';
import { ModelGraph } from '../../src/core/model/graph';
import { chromiumOrSkip, PanelOptions, PanelPage } from './panelHarness';

const ROOT = join(__dirname, '..', '..');
/** Every sample a user opens from the folder (subfolders hold the debugger's and the errors' files). */
const SAMPLES = readdirSync(join(ROOT, 'samples')).filter((f) => f.endsWith('.nn')).sort();
const SPANISH: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.es.json'), 'utf8'));

const SPATIAL = new Set(['conv1d', 'conv2d', 'maxpool2d', 'avgpool2d', 'maxpool1d', 'avgpool1d', 'upsampling2d', 'conv2d_transpose', 'zero_padding2d', 'depthwise_conv2d', 'separable_conv2d']);
const RECURRENT = new Set(['lstm', 'gru', 'simple_rnn', 'bidirectional']);
/** Data sets drawn on the (x1, x2) plane: the truth tables' and the Playground's families. */
const PLANE_DATA = new Set(Object.keys(FAMILIES).filter((name) => FAMILIES[name] === FAMILIES.xor || FAMILIES[name] === FAMILIES.circle));

/** A view the sample is about: the layer to select (if any) and what must then be drawn. */
interface Expected {
  readonly what: string;
  readonly layer?: string;
  readonly selector: string;
}

/** What the course map says to look at, read off the model: new samples get their views checked too. */
function expectedViews(graph: ModelGraph): Expected[] {
  const out: Expected[] = [];
  const data = graph.training.data;
  const trains = Boolean(data && graph.training.loss);
  const fed = graph.layers.filter((l) => l.kind === 'input' && l.attrs.value === undefined);
  if (trains && data?.name && PLANE_DATA.has(data.name) && fed.length === 1) out.push({ what: 'decision boundary', selector: 'section.boundary:not([hidden])[data-separated] canvas' });
  const spatial = graph.layers.find((l) => SPATIAL.has(l.kind));
  if (spatial) out.push({ what: 'feature maps', layer: spatial.name, selector: 'section.detail .feature-maps-view canvas' });
  const attention = graph.layers.find((l) => l.kind === 'attention');
  if (attention) out.push({ what: 'attention heads', layer: attention.name, selector: 'section.detail .attention-view canvas[data-row-sums]' });
  // Gates over time come from the layer's inner operations, which a trainable model's probe reads.
  const recurrent = graph.layers.find((l) => RECURRENT.has(l.kind));
  if (recurrent && trains) out.push({ what: 'recurrent gates', layer: recurrent.name, selector: 'section.detail .recurrent-view canvas' });
  if (graph.training.gan) out.push({ what: 'GAN histograms', selector: 'div.gan:not([hidden])[data-mean-fake-score] figure canvas' });
  if (trains && data?.attrs.targets === 'inputs') out.push({ what: 'reconstructions', layer: graph.output, selector: 'section.detail .reconstructions-view canvas' });
  if (!trains) out.push({ what: 'forward pass on a random input', layer: graph.layers.find((l) => l.kind !== 'input' && l.kind !== 'constant')?.name ?? graph.output, selector: 'section.detail .details-view' });
  return out;
}

/** English templates (their longest literal piece) that the Spanish bundle translates differently. */
const ENGLISH_PIECES = Object.entries(SPANISH)
  .filter(([en, es]) => en !== es)
  .map(([en]) => en.split(/\{\d+\}/).map((piece) => piece.trim()).sort((a, b) => b.length - a.length)[0])
  .filter((piece) => piece.length >= 12);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The first message of a type after index `from`. */
async function next<T extends Parameters<PanelPage['since']>[0]>(panel: PanelPage, type: T, from: number, timeoutMs = 30_000) {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(20)) {
    const found = panel.since(type, from);
    if (found.length) return found[0];
  }
  throw new Error(`no '${type}' message; got: ${panel.messages.slice(from).map((m) => m.type).join(', ')}`);
}

/** numTensors once the views have finished redrawing: the same count three reads in a row. */
async function settledTensors(panel: PanelPage): Promise<number> {
  let last = -1;
  let same = 0;
  for (let i = 0; i < 100 && same < 3; i++) {
    await sleep(60);
    const now = await panel.numTensors();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

/**
 * The loss chart's curves, [legend label, points], once they hold every epoch the page reported
 * since `from` (the curves redraw with the views, a moment after the epochs): the training
 * curve one point an epoch, or each compared run one point for each of its epochs.
 */
async function curveSeries(panel: PanelPage, from: number): Promise<[string, number][]> {
  const epochs = panel.since('epoch', from).map((m) => m.record);
  const complete = (series: [string, number][]): boolean =>
    epochs.some((r) => r.run !== undefined)
      ? [...new Set(epochs.map((r) => r.run))].every((run) => series.find(([label]) => label === run)?.[1] === epochs.filter((r) => r.run === run).length)
      : series[0]?.[1] === epochs.length;
  // The page's CSP forbids waitForFunction's eval: poll the curves' own account instead.
  let series: [string, number][] = [];
  for (let i = 0; i < 200; i++, await sleep(25)) {
    series = JSON.parse((await panel.page.locator('.curves').getAttribute('data-series')) ?? '[]');
    if (complete(series)) return series;
  }
  assert.fail(`the curves ${JSON.stringify(series)} do not show the ${epochs.length} epochs reported`);
}

/** Numbers written in heatmap cells that are wider than the cell (they run into their neighbours). */
async function overflowingCells(panel: PanelPage): Promise<string[]> {
  return (await panel.page.evaluate(`(() => {
    const measure = document.createElement('canvas').getContext('2d');
    const out = [];
    for (const canvas of document.querySelectorAll('canvas[data-cells]')) {
      measure.font = canvas.dataset.font;
      const cell = Number(canvas.dataset.cellSize);
      for (const text of JSON.parse(canvas.dataset.cells)) if (!(measure.measureText(text).width <= cell - 2)) out.push(text + ' in a ' + cell + ' px cell');
    }
    return out;
  })()`)) as string[];
}

interface Seen {
  readonly sample: string;
  readonly language: 'en' | 'es';
  readonly trained: boolean;
  readonly views: string[];
  readonly tensors: [number, number];
}

describe('course samples in the panel (Chromium)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let panel: PanelPage | undefined;
  const seen: Seen[] = [];

  before(async function () {
    browser = await chromiumOrSkip(this);
  });
  after(async () => {
    await panel?.close();
    await browser?.close();
  });

  it('finds the course samples in samples/', () => {
    assert.ok(SAMPLES.length >= 30, `only ${SAMPLES.length} samples`);
    for (const file of ['xor.nn', 'gan.nn', 'optimizers.nn', 'tiny-transformer.nn', 'lstm-sequence.nn']) assert.ok(SAMPLES.includes(file), file);
  });

  SAMPLES.forEach((sample, index) => {
    const language = index % 2 === 1 ? 'es' : 'en';
    it(`${sample} (${language}): opens, trains or previews, shows its views, speaks ${language}, leaks nothing`, async () => {
      const options: PanelOptions = { sample, backendPreference: 'wasm', epochs: 2, maxSamples: 256, ...(language === 'es' ? { l10n: SPANISH } : {}) };
      if (!panel) panel = await PanelPage.open(browser, options);
      else await panel.load(options);
      const graph = panel.graph;
      const trains = Boolean(graph.training.data && graph.training.loss);
      await panel.waitFor('backend');

      let first: number;
      let series: [string, number][] = [];
      if (trains) {
        // Train, as from the palette; then again from the start for the leak check.
        const from = panel.messages.length;
        await panel.send({ type: 'command', command: 'train' });
        const finished = await next(panel, 'finished', from);
        assert.ok(finished.reason === 'done' || finished.reason === 'earlyStopping', `finished ${finished.reason}: ${finished.message ?? ''}`);
        assert.ok(panel.since('epoch', from).length >= 1, 'epochs were reported');
        series = await curveSeries(panel, from);
        const runs = runVariants(graph);
        if (runs.length > 1) {
          assert.deepEqual(series.map(([label]) => label), runs.map((r) => r.label), 'one curve per compared run, named in the legend');
          // A run that blows up before its first epoch ends (exploding-gradients' clip_norm=none)
          // keeps its place in the legend, and the note says where and why it stopped.
          const note = await panel.page.locator('.message:not([hidden])').innerText();
          // The views below the curves are the model's own network until a run is picked: the note says so, and the picker lists the runs.
          assert.match(note, language === 'es' ? /las vistas de abajo muestran la red del propio modelo/ : /the views below show the model's own network/);
          assert.equal(await panel.page.locator('.run-picker:not([hidden]) vscode-option').count(), runs.length + 1, 'the run picker: the model and every run');
          for (const [label, points] of series) assert.ok(points >= 1 || note.includes(label), `the ${label} run has no points and no note: ${note}`);
        } else {
          assert.ok(series[0][1] >= 1, `the training curve has no points: ${JSON.stringify(series)}`);
        }
      } else {
        await panel.page.locator('.message:not([hidden])').waitFor();
        assert.equal(await panel.page.locator('.curves').isVisible(), false, `${sample}: empty loss axes for a model that cannot train`);
      }

      const views: string[] = [];
      for (const view of expectedViews(graph)) {
        if (view.layer) await panel.send({ type: 'selectLayer', layer: view.layer });
        await panel.page.locator(view.selector).first().waitFor({ timeout: 20_000 }).catch(() => assert.fail(`${sample}: no ${view.what} (${view.selector})`));
        views.push(view.what);
      }
      await panel.screenshot(`course-${sample.replace(/\.nn$/, '')}`);
      assert.deepEqual(await overflowingCells(panel), [], `${sample}: numbers wider than their heatmap cells`);

      const text = await panel.page.locator('body').innerText();
      // "NaN or ∞" (the statistics' count of non-finite values) is a label, not a NaN.
      const bad = /\bNaN\b(?! o)|\bundefined\b|\[object /;
      assert.doesNotMatch(text, bad, `${sample}: the page says ${text.match(new RegExp(`.{0,40}(${bad.source}).{0,40}`))?.[0]}`);
      // Constants and literal inputs are the file's own values: nothing random is fed to them.
      if (!trains && !graph.layers.some((l) => l.kind === 'input' && l.attrs.value === undefined)) assert.doesNotMatch(text, /random input|entrada aleatoria/, `${sample}: says it feeds a random input`);
      if (language === 'es') {
        const english = ENGLISH_PIECES.filter((piece) => text.includes(piece));
        assert.deepEqual(english, [], `${sample}: English in a Spanish run`);
      }
      assert.deepEqual(panel.since('error'), [], `${sample}: the page reported errors`);
      assert.deepEqual(panel.consoleErrors, []);

      first = await settledTensors(panel);
      if (trains) {
        const from = panel.messages.length;
        await panel.send({ type: 'command', command: 'train' });
        await next(panel, 'finished', from);
        // Train after the end starts over: the curves too, not the new run folded onto the old.
        assert.deepEqual(await curveSeries(panel, from), series, `${sample}: the curves after a second Train`);
      } else {
        // A model without data: the host sends the snapshot again (a save), the page redraws.
        await panel.load(options);
        await panel.page.locator('section.detail .details-view').first().waitFor();
      }
      const second = await settledTensors(panel);
      assert.equal(second, first, `${sample}: ${second - first} tensors more after a second run`);
      seen.push({ sample, language, trained: trains, views, tensors: [first, second] });
    });
  });

  it('every sample was seen with the views it is about', () => {
    assert.equal(seen.length, SAMPLES.length);
    for (const s of seen) assert.ok(s.views.length >= 1 || s.trained, `${s.sample}: no view checked`);
  });
});
