// What the panel draws for one layer: at a stop, that stop's tensors and the layer's inner
// operations; otherwise its forward and backward tensors on the probe batch. Views for the
// layer's kind come on top: feature maps for convolutions and pooling, attention matrices,
// recurrent gates over time, reconstructions next to inputs. All from bounded samples.

import { Dataset } from '../src/core/data/dataset';
import { GraphLayer, ModelGraph } from '../src/core/model/graph';
import { TensorView } from '../src/core/protocol/panel';
import { t } from './l10n';
import { Boundary, PageEngine, Probe, SteppedStop } from './pageEngine';
import { drawAttention } from './views/attention';
import { drawDecisionBoundary, drawNeuronMaps } from './views/decisionBoundary';
import { drawFeatureMaps } from './views/featureMaps';
import { drawReconstructions } from './views/reconstructions';
import { drawRecurrent } from './views/recurrent';
import { drawTensorDetails } from './views/tensorDetails';

const SPATIAL = new Set([
  'conv1d', 'conv2d', 'maxpool2d', 'avgpool2d', 'maxpool1d', 'avgpool1d', 'upsampling2d', 'conv2d_transpose',
  'zero_padding2d', 'depthwise_conv2d', 'separable_conv2d',
]);
/** Kinds whose inner operations are gates and states over time (bidirectional: both copies). */
const RECURRENT = new Set(['lstm', 'gru', 'simple_rnn', 'bidirectional']);

function host(className: string): HTMLElement {
  const div = document.createElement('div');
  div.className = className;
  return div;
}

export class LayerViews {
  private engine?: PageEngine;
  private graph?: ModelGraph;
  private dataset?: Dataset;
  private preview?: Map<string, TensorView>;

  constructor(private readonly section: HTMLElement) {}

  setEngine(engine: PageEngine): void {
    this.engine = engine;
    this.graph = engine.graph;
    this.dataset = engine.dataset;
  }

  /** A model that cannot train: the views come from one forward pass on a random input. */
  setPreview(graph: ModelGraph, outputs: Map<string, TensorView>, fixed = false): void {
    this.graph = graph;
    this.preview = outputs;
    this.previewFixed = fixed;
  }

  /** Whether the preview ran on the file's own values (constants, literal inputs), not a random input. */
  private previewFixed = false;

  async show(layerName: string | undefined, probe: Probe | undefined, stepped: SteppedStop | undefined): Promise<void> {
    const layer = this.graph?.layers.find((l) => l.name === layerName);
    if (!layer) return this.section.replaceChildren();
    const parts: HTMLElement[] = [];
    if (stepped && stepped.record.layer === layer.name) {
      const title = t('{0} · {1}', t(stepped.record.phase), layer.name);
      parts.push(...this.kindViews(layer, stepped.record.tensors, stepped.record.phase === 'forward' ? stepped.inner : []));
      parts.push(this.details(title, layer.kind, stepped.record.tensors));
      if (stepped.inner.length) {
        const inner = Object.fromEntries(stepped.inner.map((op) => [op.formula.startsWith(`${op.name} =`) ? op.formula : `${op.name} = ${op.formula}`, op.view]));
        parts.push(this.details(stepped.record.phase === 'forward' ? t('{0}: inside the layer', layer.name) : t('{0}: inside the layer, backwards', layer.name), layer.kind, inner));
      }
    } else if (probe?.selected) {
      const { forward, backward } = probe.selected;
      parts.push(...(await this.probedKindViews(layer, probe)));
      if (forward) parts.push(this.details(t('{0}: forward', layer.name), layer.kind, forward.tensors));
      if (backward) parts.push(this.details(t('{0}: backward', layer.name), layer.kind, backward.tensors));
    } else if (this.preview) {
      const own = Object.fromEntries([...this.preview].filter(([key]) => key === layer.name || key.startsWith(`${layer.name}/`) || key.startsWith(`${layer.name}.`)).map(([key, view]) => [key === layer.name ? 'output' : key.slice(layer.name.length + 1), view]));
      const input = layer.inputs[0] ? this.preview.get(layer.inputs[0].layer) : undefined;
      parts.push(...this.kindViews(layer, { ...own, ...(input ? { input } : {}) }, []));
      parts.push(this.details(this.previewFixed ? t('{0}: forward on the values in the file', layer.name) : t('{0}: forward on a random input', layer.name), layer.kind, own));
    }
    this.section.replaceChildren(...parts);
  }

  private details(title: string, kind: string, tensors: Readonly<Record<string, TensorView>>): HTMLElement {
    const div = host('details-view');
    drawTensorDetails(div, { layer: title, kind, tensors });
    return div;
  }

  /** Kind views from tensors already at hand (a stop, a preview). */
  private kindViews(layer: GraphLayer, tensors: Readonly<Record<string, TensorView>>, inner: SteppedStop['inner']): HTMLElement[] {
    const parts: HTMLElement[] = [];
    if (SPATIAL.has(layer.kind) && tensors.output && tensors.output.shape.length >= 3) {
      const div = host('feature-maps-view');
      drawFeatureMaps(div, { input: tensors.input, kernel: tensors.kernel, output: tensors.output, title: t('{0}: input, kernels and feature maps', layer.name) });
      parts.push(div);
    }
    if (layer.kind === 'attention' && tensors.scores) {
      const div = host('attention-view');
      drawAttention(div, { weights: tensors.scores, causal: layer.attrs.causal === true });
      parts.push(div);
    }
    if (RECURRENT.has(layer.kind) && inner.length) {
      const div = host('recurrent-view');
      drawRecurrent(div, { inner: inner.map((op) => ({ name: op.name, formula: op.formula, tensor: op.view })) });
      parts.push(div);
    }
    return parts;
  }

  /** Kind views on the probe batch: one example whole, whatever the batch's size. */
  private async probedKindViews(layer: GraphLayer, probe: Probe): Promise<HTMLElement[]> {
    const engine = this.engine;
    if (!engine) return [];
    const source = layer.inputs[0]?.layer;
    const wantsOutputs = SPATIAL.has(layer.kind) || layer.kind === 'attention';
    const outputs = wantsOutputs ? await engine.outputs(source ? [layer.name, source] : [layer.name]) : new Map<string, TensorView>();
    const kernel = probe.selected?.forward?.tensors.kernel;
    const tensors: Record<string, TensorView> = {};
    const output = outputs.get(layer.name);
    if (output) tensors.output = output;
    const input = source ? outputs.get(source) : undefined;
    if (input) tensors.input = input;
    if (kernel) tensors.kernel = kernel;
    const scores = outputs.get(`${layer.name}.scores`);
    if (scores) tensors.scores = scores;
    const inner = RECURRENT.has(layer.kind) ? await engine.inner(layer.name) : [];
    const parts = this.kindViews(layer, tensors, inner);
    if (layer.name === engine.graph.output && this.dataset?.task === 'reconstruction') {
      const fed = engine.network.fedInputs[0]?.name;
      const pair = await engine.outputs(fed ? [fed, layer.name] : [layer.name], 8);
      const inputs = fed ? pair.get(fed) : undefined;
      const reconstructed = pair.get(layer.name);
      if (inputs && reconstructed) {
        const div = host('reconstructions-view');
        drawReconstructions(div, { inputs, outputs: reconstructed, count: 8 });
        parts.push(div);
      }
    }
    return parts;
  }

  /** The plane's picture: the boundary with the points, and each hidden neuron's own map. */
  drawBoundary(section: HTMLElement, boundary: Boundary): void {
    const main = host('boundary-main');
    const summary = drawDecisionBoundary(main, {
      resolution: boundary.resolution,
      extent: boundary.extent,
      values: boundary.values,
      outputRange: boundary.outputRange,
      points: boundary.points,
      labels: boundary.labels,
      testPoints: boundary.testPoints,
      testLabels: boundary.testLabels,
      title: t('Decision boundary'),
      ...(boundary.line ? { line: boundary.line } : {}),
    });
    section.dataset.separated = summary.trainScore.toFixed(4);
    const neurons = host('boundary-neurons');
    if (boundary.neurons.length) drawNeuronMaps(neurons, boundary.neurons, boundary.resolution, { title: t('What each hidden neuron sees') });
    section.replaceChildren(main, neurons);
  }
}
