// What the panel draws for one layer: at a stop, that stop's tensors and the layer's inner
// operations; otherwise its forward and backward tensors on the probe batch. Kind-specific
// views come on top: feature maps for convolutions, attention matrices, recurrent gates,
// reconstructions. Everything drawn comes from bounded samples (TensorView).

import { GraphLayer } from '../src/core/model/graph';
import { TensorView } from '../src/core/protocol/panel';
import { t } from './l10n';
import { Boundary, boundarySeparation, PageEngine, Probe, SteppedStop } from './pageEngine';
import { drawHeatmap, drawHistogram, formatCell } from './views/heatmap';

/** Largest matrix drawn cell by cell; bigger tensors show as histograms. */
const MAX_CELLS = 4096;

export function statsLine(view: TensorView): string {
  const s = view.stats;
  const parts = [`[${view.shape.join(', ')}]`, `μ ${formatCell(s.mean)}`, `σ ${formatCell(s.std)}`, `‖·‖ ${formatCell(s.norm)}`, `${t('min')} ${formatCell(s.min)}`, `${t('max')} ${formatCell(s.max)}`];
  if (s.zeros > 0) parts.push(t('zeros {0} %', (s.zeros * 100).toFixed(0)));
  if (s.nonFinite > 0) parts.push(t('NaN/Inf {0}', s.nonFinite));
  return parts.join('  ');
}

/** The matrix a tensor shows as: its last axis across, everything before it down. */
export function asMatrix(view: TensorView): { rows: number; cols: number } | undefined {
  if (!view.values || view.sampleStride) return undefined;
  const cols = view.shape.length ? view.shape[view.shape.length - 1] : 1;
  const rows = Math.max(1, view.values.length / Math.max(1, cols));
  return rows * cols <= MAX_CELLS ? { rows, cols } : undefined;
}

/** Sums along the last axis (attention rows), one per row. */
export function rowSums(view: TensorView): number[] {
  const cols = view.shape[view.shape.length - 1] ?? 1;
  const values = view.values ?? new Float32Array(0);
  const sums: number[] = [];
  for (let start = 0; start + cols <= values.length; start += cols) {
    let sum = 0;
    for (let i = start; i < start + cols; i++) sum += values[i];
    sums.push(sum);
  }
  return sums;
}

export function tensorFigure(role: string, view: TensorView, caption = role): HTMLElement {
  const figure = document.createElement('figure');
  figure.dataset.role = role;
  const canvas = document.createElement('canvas');
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${caption}: ${statsLine(view)}`);
  const matrix = asMatrix(view);
  if (matrix) drawHeatmap(canvas, view.values!, { rows: matrix.rows, cols: matrix.cols, scale: 'diverging' });
  else if (view.values) drawHistogram(canvas, view.values);
  figure.append(canvas);
  // The numbers drawn, for screen readers' neighbours and tests: small tensors whole, and the
  // row sums of attention weights (each row a softmax, so 1).
  if (view.values && !view.sampleStride && view.values.length <= 256) figure.dataset.values = JSON.stringify(Array.from(view.values));
  if (role === 'scores' && view.values && !view.sampleStride) figure.dataset.rowSums = JSON.stringify(rowSums(view));
  const text = document.createElement('figcaption');
  text.textContent = `${caption}  ${statsLine(view)}`;
  figure.append(text);
  return figure;
}

export class LayerViews {
  private engine?: PageEngine;
  private preview?: Map<string, TensorView>;

  constructor(private readonly section: HTMLElement) {}

  setEngine(engine: PageEngine): void {
    this.engine = engine;
  }

  setPreview(outputs: Map<string, TensorView>): void {
    this.preview = outputs;
  }

  async show(layerName: string | undefined, probe: Probe | undefined, stepped: SteppedStop | undefined): Promise<void> {
    const graph = this.engine?.graph;
    const layer = graph?.layers.find((l) => l.name === layerName);
    const body: HTMLElement[] = [];
    if (stepped && stepped.record.layer === layerName) {
      body.push(this.heading(t('{0} · {1} ({2})', t(stepped.record.phase), stepped.record.layer, stepped.record.kind)));
      body.push(this.grid(Object.entries(stepped.record.tensors).map(([role, view]) => tensorFigure(role, view))));
      if (stepped.inner.length) {
        body.push(this.subheading(stepped.record.phase === 'forward' ? t('Inside the layer') : t('Inside the layer, backwards')));
        body.push(this.grid(stepped.inner.map((op) => tensorFigure(op.name, op.view, `${op.name} = ${op.formula}`))));
      }
    } else if (layer && probe?.selected) {
      body.push(this.heading(t('{0} ({1})', layer.name, layer.kind)));
      const { forward, backward } = probe.selected;
      if (forward) {
        body.push(this.subheading(t('Forward')));
        body.push(this.grid(Object.entries(forward.tensors).map(([role, view]) => tensorFigure(role, view))));
      }
      if (backward) {
        body.push(this.subheading(t('Backward')));
        body.push(this.grid(Object.entries(backward.tensors).map(([role, view]) => tensorFigure(role, view))));
      }
    } else if (this.preview && layerName) {
      body.push(this.heading(layerName));
      const figures = [...this.preview].filter(([key]) => key === layerName || key.startsWith(`${layerName}/`) || key.startsWith(`${layerName}.`));
      body.push(this.grid(figures.map(([key, view]) => tensorFigure(key, view))));
    }
    if (layer) body.push(...(await this.kindViews(layer)));
    this.section.replaceChildren(...body);
  }

  /** Views particular to a layer's kind, on the probe batch. */
  private async kindViews(layer: GraphLayer): Promise<HTMLElement[]> {
    void layer;
    return [];
  }

  drawBoundary(section: HTMLElement, boundary: Boundary): void {
    const canvas = document.createElement('canvas');
    canvas.tabIndex = 0;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', t('Decision boundary over the plane'));
    const { resolution } = boundary;
    const [lo, hi] = boundary.outputRange;
    const centred = Float32Array.from(boundary.values, (v) => (2 * (v - lo)) / (hi - lo || 1) - 1);
    drawHeatmap(canvas, centred, { rows: resolution, cols: resolution, scale: 'diverging', range: 1, cellSize: 6, showNumbers: false });
    const separated = boundarySeparation(boundary);
    section.dataset.separated = separated.toFixed(4);
    const caption = document.createElement('p');
    caption.className = 'stats';
    caption.textContent = t('{0} % of the training points are on their side of the boundary', (separated * 100).toFixed(1));
    section.replaceChildren(this.heading(t('Decision boundary')), canvas, caption);
  }

  private heading(text: string): HTMLElement {
    const h = document.createElement('h2');
    h.textContent = text;
    return h;
  }

  private subheading(text: string): HTMLElement {
    const h = document.createElement('h3');
    h.textContent = text;
    return h;
  }

  private grid(children: HTMLElement[]): HTMLElement {
    const div = document.createElement('div');
    div.className = 'grid';
    div.append(...children);
    return div;
  }
}
