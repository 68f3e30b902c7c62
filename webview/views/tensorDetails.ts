// A layer's tensors at a stop (kernel, bias, dKernel, dBias, …): each as a heatmap, a
// histogram and its statistics written for people, so a vanishing gradient, a dead ReLU
// (many zeros) or a NaN reads at a glance. Large tensors arrive sampled; the view says so.

import { TensorView } from '../../src/core/protocol/panel';
import { t } from '../l10n';
import { drawHeatmap, drawHistogram } from './heatmap';
import { canvasFigure, downsample, elementOf, formatNumber, formatShape, maxAbs, sizeOf, viewSection } from './viewCommon';

export interface TensorDetailsData {
  readonly layer: string;
  readonly kind?: string;
  /** By role, in the order to show them. */
  readonly tensors: Readonly<Record<string, TensorView>>;
  readonly bins?: number;
}

export interface TensorDetail {
  readonly role: string;
  readonly shape: readonly number[];
  /** Values the histogram counted (the finite ones that came back). */
  readonly counted: number;
  readonly counts: number[];
  readonly stats: readonly StatLine[];
}

export interface StatLine {
  readonly label: string;
  readonly value: string;
}

const MAX_SIDE = 64;

/** The statistics of a tensor as label–value lines, in the user's language. */
export function formatStats(view: TensorView): StatLine[] {
  const { stats } = view;
  const count = sizeOf(view.shape);
  const lines: StatLine[] = [
    { label: t('shape'), value: `${formatShape(view.shape)} · ${t('{0} values', count)}` },
    { label: t('mean'), value: formatNumber(stats.mean) },
    { label: t('std'), value: formatNumber(stats.std) },
    { label: t('min … max'), value: `${formatNumber(stats.min)} … ${formatNumber(stats.max)}` },
    { label: '‖·‖₂', value: formatNumber(stats.norm) },
    { label: t('zeros'), value: `${formatNumber(Math.round(stats.zeros * 1000) / 10)} %` },
    { label: t('NaN or ∞'), value: String(stats.nonFinite) },
  ];
  if ((view.sampleStride ?? 1) > 1) lines.push({ label: t('sample'), value: t('one in every {0} values', view.sampleStride!) });
  return lines;
}

/** Weights as a matrix: all but the last axis down, the last across (units, filters). */
function matrixOf(view: TensorView): { values: Float32Array; rows: number; cols: number } | undefined {
  const values = view.values;
  if (!values?.length) return undefined;
  const stride = view.sampleStride ?? 1;
  // Trailing axes of 1 (one channel, one unit) say nothing: a [1, 6, 6, 1] image draws 6×6.
  const shape = [...view.shape];
  while (shape.length > 1 && shape[shape.length - 1] === 1) shape.pop();
  const last = shape.length ? shape[shape.length - 1] : 1;
  const size = sizeOf(view.shape);
  if (stride > 1 && last % stride === 0 && values.length * stride === size) {
    // Every stride-th entry of a row-major tensor whose rows are a multiple of the stride:
    // every stride-th column of every row.
    return { values, rows: size / last, cols: last / stride };
  }
  if (stride > 1) {
    // Any other strided sample has no rows and columns of its own: lay it out as a near-square.
    const cols = Math.ceil(Math.sqrt(values.length));
    const padded = new Float32Array(cols * Math.ceil(values.length / cols)).fill(NaN);
    padded.set(values);
    return { values: padded, rows: padded.length / cols, cols };
  }
  return { values, rows: values.length / last, cols: last };
}

/** Draws every tensor of the layer into `host`; returns what each histogram counted. */
export function drawTensorDetails(host: HTMLElement, data: TensorDetailsData): TensorDetail[] {
  const title = data.kind ? t('{0} ({1}): weights and gradients', data.layer, data.kind) : t('{0}: weights and gradients', data.layer);
  const section = viewSection(host, 'tensor-details', title);
  const grid = elementOf('div', 'grid');
  section.appendChild(grid);
  const details: TensorDetail[] = [];
  for (const [role, view] of Object.entries(data.tensors)) {
    const card = elementOf('div', 'tensor-card');
    // The role, and a small tensor's numbers, for tests and for neighbours of the page.
    card.dataset.role = role;
    if (view.values && (view.sampleStride ?? 1) === 1 && view.values.length <= 256) card.dataset.values = JSON.stringify(Array.from(view.values));
    card.appendChild(elementOf('h3', undefined, `${role} ${formatShape(view.shape)}`));
    grid.appendChild(card);
    const matrix = matrixOf(view);
    let counts: number[] = [];
    let counted = 0;
    if (matrix) {
      const merged = downsample(matrix.values, matrix.rows, matrix.cols, MAX_SIDE, MAX_SIDE);
      const caption = merged.rowStep > 1 || merged.colStep > 1 ? t('averaged in {0}×{1} blocks', merged.rowStep, merged.colStep) : `${matrix.rows}×${matrix.cols}`;
      const { canvas } = canvasFigure(card, caption, t('{0} of layer {1} as a {2} by {3} heatmap, mean {4}', role, data.layer, matrix.rows, matrix.cols, formatNumber(view.stats.mean)));
      drawHeatmap(canvas, merged.values, { rows: merged.rows, cols: merged.cols, scale: 'diverging', range: maxAbs(matrix.values) || 1, cellSize: Math.max(3, Math.min(30, Math.floor(200 / Math.max(merged.rows, merged.cols)))) });
      const histogramFigure = canvasFigure(card, t('distribution of {0} values', view.values!.length), t('Histogram of {0} of layer {1}', role, data.layer));
      counts = drawHistogram(histogramFigure.canvas, view.values!, data.bins ?? 30, 220, 70).counts;
      counted = counts.reduce((a, b) => a + b, 0);
    }
    const stats = formatStats(view);
    const list = elementOf('dl', 'tensor-stats');
    for (const line of stats) list.append(elementOf('dt', undefined, line.label), elementOf('dd', undefined, line.value));
    if (view.stats.nonFinite > 0) list.classList.add('has-non-finite');
    card.appendChild(list);
    details.push({ role, shape: view.shape, counted, counts, stats });
  }
  return details;
}
