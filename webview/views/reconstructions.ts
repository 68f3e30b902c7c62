// Generative models' results next to what they imitate. An autoencoder: each input above its
// reconstruction, with the example's squared error. A GAN: real samples and generated ones,
// each with the discriminator's D(x). Samples are images when their features make one (784 =
// 28×28, or [h, w, c] shapes), else one strip of cells; one-number samples become histograms.

import { TensorView } from '../../src/core/protocol/panel';
import { t } from '../l10n';
import { drawHeatmap, drawHistogram } from './heatmap';
import { canvasFigure, elementOf, exampleValues, formatNumber, note, sizeOf, viewSection, wholeExamples } from './viewCommon';

export interface ReconstructionData {
  /** [batch, …features]. */
  readonly inputs: TensorView;
  /** The same shape as inputs (or the same feature count). */
  readonly outputs: TensorView;
  /** Examples shown at most; 8 by default. */
  readonly count?: number;
  readonly title?: string;
}

export interface ReconstructionSummary {
  readonly count: number;
  /** [rows, cols] of each image, or undefined for strips. */
  readonly image?: readonly [number, number];
  /** Mean squared error of each shown example. */
  readonly errors: number[];
}

export interface GanData {
  /** [batch, …features] real data. */
  readonly real: TensorView;
  /** [batch, …features] generated samples. */
  readonly fake: TensorView;
  /** D(x) for each real and each generated sample: [batch, 1] or [batch]. */
  readonly realScores?: TensorView;
  readonly fakeScores?: TensorView;
  readonly count?: number;
  readonly title?: string;
}

export interface GanSummary {
  readonly real: number;
  readonly fake: number;
  readonly image?: readonly [number, number];
  readonly realScores: number[];
  readonly fakeScores: number[];
}

/** The image layout of one example's shape: [h, w, 1] or [h, w], or a square feature count. */
export function imageShapeOf(exampleShape: readonly number[]): [number, number] | undefined {
  if (exampleShape.length === 3 && exampleShape[2] === 1) return [exampleShape[0], exampleShape[1]];
  if (exampleShape.length === 2 && exampleShape[0] > 1 && exampleShape[1] > 1) return [exampleShape[0], exampleShape[1]];
  if (exampleShape.length === 1) {
    const side = Math.round(Math.sqrt(exampleShape[0]));
    if (side >= 4 && side * side === exampleShape[0]) return [side, side];
  }
  return undefined;
}

function drawSample(parent: HTMLElement, values: Float32Array, image: [number, number] | undefined, caption: string, description: string, range: number, scale: 'sequential' | 'diverging'): void {
  const { canvas } = canvasFigure(parent, caption, description);
  if (image) {
    const cellSize = Math.max(1, Math.floor(84 / Math.max(...image)));
    drawHeatmap(canvas, values, { rows: image[0], cols: image[1], scale, range, cellSize, showNumbers: false });
  } else {
    // Capped at 256 cells: a strip wider than that would not be read cell by cell anyway.
    const shown = values.subarray(0, 256);
    drawHeatmap(canvas, shown, { rows: 1, cols: shown.length, scale, range, cellSize: Math.max(2, Math.min(22, Math.floor(240 / shown.length))) });
  }
}

function rangeOf(views: readonly TensorView[]): { range: number; scale: 'sequential' | 'diverging' } {
  const min = Math.min(...views.map((v) => v.stats.min));
  const max = Math.max(...views.map((v) => v.stats.max));
  return { range: Math.max(Math.abs(min), Math.abs(max)) || 1, scale: min >= 0 ? 'sequential' : 'diverging' };
}

/** Inputs above their reconstructions, each column one example. */
export function drawReconstructions(host: HTMLElement, data: ReconstructionData): ReconstructionSummary {
  const section = viewSection(host, 'reconstructions', data.title ?? t('Inputs and their reconstructions'));
  const count = Math.min(data.count ?? 8, wholeExamples(data.inputs), wholeExamples(data.outputs));
  const features = sizeOf(data.inputs.shape.slice(1));
  if (!count || sizeOf(data.outputs.shape.slice(1)) !== features) {
    note(section, t('Reconstructions need whole inputs and outputs with the same number of features.'));
    return { count: 0, errors: [] };
  }
  const image = imageShapeOf(data.inputs.shape.slice(1));
  const { range, scale } = rangeOf([data.inputs, data.outputs]);
  const grid = elementOf('div', 'sample-grid');
  grid.style.gridTemplateColumns = `repeat(${count + 1}, max-content)`;
  section.appendChild(grid);
  const errors: number[] = [];
  const rows = [elementOf('div', 'row-label', t('input')), elementOf('div', 'row-label', t('reconstruction'))];
  const inputCells: HTMLElement[] = [];
  const outputCells: HTMLElement[] = [];
  for (let k = 0; k < count; k++) {
    const x = exampleValues(data.inputs, k)!;
    const y = exampleValues(data.outputs, k)!;
    let error = 0;
    for (let i = 0; i < features; i++) error += (x[i] - y[i]) ** 2;
    error /= features;
    errors.push(error);
    const top = elementOf('div');
    const bottom = elementOf('div');
    drawSample(top, x, image, `#${k}`, t('Input {0}', k), range, scale);
    drawSample(bottom, y, image, t('MSE {0}', formatNumber(error)), t('Reconstruction of input {0}, mean squared error {1}', k, formatNumber(error)), range, scale);
    inputCells.push(top);
    outputCells.push(bottom);
  }
  grid.append(rows[0], ...inputCells, rows[1], ...outputCells);
  return { count, errors, ...(image ? { image } : {}) };
}

function scoresOf(view: TensorView | undefined, count: number): number[] {
  const values = view?.values;
  if (!view || !values || (view.sampleStride ?? 1) > 1) return [];
  const per = sizeOf(view.shape.slice(1));
  return Array.from({ length: Math.min(count, Math.floor(values.length / per)) }, (_, k) => values[k * per]);
}

/** Real samples, then generated ones, each with the discriminator's D(x). */
export function drawGanSamples(host: HTMLElement, data: GanData): GanSummary {
  const section = viewSection(host, 'gan-samples', data.title ?? t('Real and generated samples'));
  const features = sizeOf(data.real.shape.slice(1));
  const limit = data.count ?? 8;
  const real = Math.min(limit, wholeExamples(data.real));
  const fake = Math.min(limit, wholeExamples(data.fake));
  const realScores = scoresOf(data.realScores, features === 1 ? wholeExamples(data.real) : real);
  const fakeScores = scoresOf(data.fakeScores, features === 1 ? wholeExamples(data.fake) : fake);
  if (!real || !fake || sizeOf(data.fake.shape.slice(1)) !== features) {
    note(section, t('GAN samples need whole real and generated batches with the same number of features.'));
    return { real: 0, fake: 0, realScores, fakeScores };
  }
  if (features === 1) {
    drawOneNumberSamples(section, data, realScores, fakeScores);
    return { real: wholeExamples(data.real), fake: wholeExamples(data.fake), realScores, fakeScores };
  }
  const image = imageShapeOf(data.real.shape.slice(1));
  const { range, scale } = rangeOf([data.real, data.fake]);
  const rows: [string, TensorView, number, number[]][] = [
    [t('real'), data.real, real, realScores],
    [t('generated'), data.fake, fake, fakeScores],
  ];
  for (const [label, view, count, scores] of rows) {
    const box = elementOf('div', 'map-group');
    box.appendChild(elementOf('h3', undefined, label));
    const grid = elementOf('div', 'grid');
    box.appendChild(grid);
    section.appendChild(box);
    for (let k = 0; k < count; k++) {
      const score = scores[k];
      const caption = score === undefined ? `#${k}` : `D(x) = ${formatNumber(score)}`;
      drawSample(grid, exampleValues(view, k)!, image, caption, score === undefined ? t('{0} sample {1}', label, k) : t('{0} sample {1}, the discriminator gives {2}', label, k, formatNumber(score)), range, scale);
    }
  }
  return { real, fake, realScores, fakeScores, ...(image ? { image } : {}) };
}

/** One number per sample: the two distributions, and the mean D(x) of each. */
function drawOneNumberSamples(section: HTMLElement, data: GanData, realScores: number[], fakeScores: number[]): void {
  const grid = elementOf('div', 'grid');
  section.appendChild(grid);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / (values.length || 1);
  const entries: [string, TensorView, number[]][] = [
    [t('real'), data.real, realScores],
    [t('generated'), data.fake, fakeScores],
  ];
  for (const [label, view, scores] of entries) {
    const caption = scores.length ? t('{0}: mean D(x) = {1}', label, formatNumber(mean(scores))) : label;
    const { canvas } = canvasFigure(grid, caption, t('Histogram of {0} samples', label));
    drawHistogram(canvas, view.values ?? [], 30, 220, 70);
  }
}
