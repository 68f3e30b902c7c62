// The gallery page the views test opens in Chromium: every view rendered from the engine's
// real data (window.galleryData), its summaries left on window.gallerySummary for the test.

import { configureL10n } from '../../webview/l10n';
import { drawAttention } from '../../webview/views/attention';
import { Curves } from '../../webview/views/curves';
import { drawDecisionBoundary, drawNeuronMaps } from '../../webview/views/decisionBoundary';
import { drawFeatureMaps } from '../../webview/views/featureMaps';
import { drawRecurrent } from '../../webview/views/recurrent';
import { drawGanSamples, drawReconstructions } from '../../webview/views/reconstructions';
import { drawTensorDetails } from '../../webview/views/tensorDetails';
import { fromJson, GalleryData } from './galleryTypes';

declare global {
  interface Window {
    galleryData: GalleryData;
    gallerySummary: Record<string, unknown>;
  }
}

function slot(id: string): HTMLElement {
  const element = document.createElement('div');
  element.id = id;
  document.body.appendChild(element);
  return element;
}

function render(): void {
  const data = window.galleryData;
  configureL10n(data.l10n);
  const summary: Record<string, unknown> = {};
  const run = (id: string, draw: (host: HTMLElement) => unknown) => {
    try {
      summary[id] = draw(slot(id)) ?? true;
    } catch (error) {
      console.error(`${id}: ${error instanceof Error ? error.stack : String(error)}`);
    }
  };
  const b = data.boundary;
  run('boundary', (host) =>
    drawDecisionBoundary(host, {
      resolution: b.resolution,
      extent: b.extent,
      values: Float32Array.from(b.values),
      outputRange: [0, 1],
      points: Float32Array.from(b.points),
      labels: Float32Array.from(b.labels),
      testPoints: Float32Array.from(b.testPoints),
      testLabels: Float32Array.from(b.testLabels),
    }),
  );
  run('neurons', (host) => drawNeuronMaps(host, b.neurons.map((n) => ({ name: n.name, values: Float32Array.from(n.values) })), b.resolution, { range: [-1, 1] }));
  run('curves', (host) => {
    const curves = new Curves();
    host.appendChild(curves.element);
    curves.set(data.history);
  });
  run('comparison', (host) => {
    const curves = new Curves();
    host.appendChild(curves.element);
    for (const record of data.comparison) curves.push(record, false);
    curves.redraw();
    return { runs: [...curves.runLabels], legend: curves.legendLabels() };
  });
  run('conv', (host) => drawFeatureMaps(host, { input: fromJson(data.conv.input), kernel: fromJson(data.conv.kernel), output: fromJson(data.conv.output) }));
  run('attention', (host) => drawAttention(host, { weights: fromJson(data.attention.weights), tokens: data.attention.tokens, causal: data.attention.causal }));
  run('recurrent', (host) => drawRecurrent(host, { inner: data.recurrent.map((op) => ({ name: op.name, formula: op.formula, tensor: fromJson(op.tensor) })) }));
  run('details', (host) => drawTensorDetails(host, { layer: data.details.layer, kind: data.details.kind, tensors: Object.fromEntries(Object.entries(data.details.tensors).map(([role, json]) => [role, fromJson(json)])) }));
  run('reconstructions', (host) => drawReconstructions(host, { inputs: fromJson(data.reconstructions.inputs), outputs: fromJson(data.reconstructions.outputs) }));
  const g = data.gan;
  run('gan', (host) => drawGanSamples(host, { real: fromJson(g.real), fake: fromJson(g.fake), realScores: fromJson(g.realScores), fakeScores: fromJson(g.fakeScores) }));
  window.gallerySummary = summary;
}

render();
