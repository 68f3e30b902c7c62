// A convolution for one example: the input's channels, each kernel (one column per filter,
// one row per input channel) and each output feature map, as heatmaps. Small maps (the
// course's 6×6 image, 3×3 kernel, 4×4 output) carry their numbers in the cells; the canvases
// expose the drawn texts as data-cells. Channels-last tensors, as the engine keeps them.

import { TensorView } from '../../src/core/protocol/panel';
import { t } from '../l10n';
import { drawHeatmap } from './heatmap';
import { canvasFigure, channel, downsample, elementOf, exampleValues, formatShape, maxAbs, note, viewSection } from './viewCommon';

export interface FeatureMapsData {
  /** [batch, h, w, c] (or [batch, T, c] for 1-D convolutions). */
  readonly input?: TensorView;
  /** [kh, kw, cin, cout] (or [k, cin, cout]). */
  readonly kernel?: TensorView;
  /** [batch, h', w', cout] (or [batch, T', cout]). */
  readonly output: TensorView;
  /** The example of the batch to show; 0 by default. */
  readonly example?: number;
  /** Channels (and filters) shown at most; 16 by default. */
  readonly maxChannels?: number;
  readonly title?: string;
}

export interface MapInfo {
  readonly label: string;
  readonly rows: number;
  readonly cols: number;
  /** The numbers written in the cells, row-major, when the map is small enough to show them. */
  readonly cells?: readonly string[];
}

export interface FeatureMapsSummary {
  readonly input: MapInfo[];
  readonly kernels: MapInfo[];
  readonly output: MapInfo[];
}

/** Maps up to this side show their numbers. */
const NUMBERS_UP_TO = 8;
/** Larger maps are averaged in blocks down to this side. */
const MAX_SIDE = 64;

interface Spatial {
  readonly h: number;
  readonly w: number;
  readonly c: number;
}

/** The spatial layout of one example of a batch-first, channels-last tensor. */
function spatialOf(shape: readonly number[]): Spatial | undefined {
  if (shape.length === 4) return { h: shape[1], w: shape[2], c: shape[3] };
  if (shape.length === 3) return { h: 1, w: shape[1], c: shape[2] };
  return undefined;
}

/** One map as a figure: numbers when small, block-averaged when large. */
function drawMap(parent: HTMLElement, values: Float32Array, h: number, w: number, label: string, scale: 'diverging' | 'sequential', range: number): MapInfo {
  const grid = downsample(values, h, w, MAX_SIDE, MAX_SIDE);
  const small = h <= NUMBERS_UP_TO && w <= NUMBERS_UP_TO;
  const merged = grid.rowStep > 1 || grid.colStep > 1;
  const caption = merged ? t('{0} ({1}×{2}, averaged in {3}×{4} blocks)', label, h, w, grid.rowStep, grid.colStep) : `${label} (${h}×${w})`;
  const { canvas } = canvasFigure(parent, caption, t('{0}: a {1} by {2} map', label, h, w));
  const cellSize = small ? 30 : Math.max(2, Math.floor(160 / Math.max(grid.rows, grid.cols)));
  const drawn = drawHeatmap(canvas, grid.values, { rows: grid.rows, cols: grid.cols, scale, range: range || 1, cellSize, showNumbers: small });
  return { label, rows: h, cols: w, ...(drawn.cells ? { cells: drawn.cells } : {}) };
}

function group(section: HTMLElement, title: string): HTMLElement {
  const box = elementOf('div', 'map-group');
  box.appendChild(elementOf('h3', undefined, title));
  const grid = elementOf('div', 'grid');
  box.appendChild(grid);
  section.appendChild(box);
  return grid;
}

/** Draws input, kernels and outputs of one example into `host`; returns what it drew. */
export function drawFeatureMaps(host: HTMLElement, data: FeatureMapsData): FeatureMapsSummary {
  const example = data.example ?? 0;
  const limit = data.maxChannels ?? 16;
  const section = viewSection(host, 'feature-maps', data.title ?? t('Feature maps of example {0}', example));
  const summary: FeatureMapsSummary = { input: [], kernels: [], output: [] };
  if (data.input) summary.input.push(...drawChannels(section, data.input, example, limit, t('input')));
  if (data.kernel) summary.kernels.push(...drawKernels(section, data.kernel, limit));
  summary.output.push(...drawChannels(section, data.output, example, limit, t('output')));
  return summary;
}

function drawChannels(section: HTMLElement, view: TensorView, example: number, limit: number, what: string): MapInfo[] {
  const spatial = spatialOf(view.shape);
  const values = exampleValues(view, example);
  const grid = group(section, `${what} ${formatShape(view.shape)}`);
  if (!spatial) {
    note(grid, t('Feature maps need a tensor [batch, height, width, channels]; this one is {0}.', formatShape(view.shape)));
    return [];
  }
  if (!values) {
    note(grid, t('Only a sample of this tensor came back; its maps need the whole example.'));
    return [];
  }
  const shown = Math.min(spatial.c, limit);
  const scale = view.stats.min >= 0 ? 'sequential' : 'diverging';
  const range = maxAbs(values);
  const maps: MapInfo[] = [];
  for (let k = 0; k < shown; k++) maps.push(drawMap(grid, channel(values, spatial.h, spatial.w, spatial.c, k), spatial.h, spatial.w, t('{0} channel {1}', what, k), scale, range));
  if (shown < spatial.c) note(grid, t('{0} of {1} channels shown.', shown, spatial.c));
  return maps;
}

function drawKernels(section: HTMLElement, view: TensorView, limit: number): MapInfo[] {
  const shape = view.shape;
  const grid = group(section, t('kernels {0}', formatShape(shape)));
  const [kh, kw, cin, cout] = shape.length === 4 ? shape : shape.length === 3 ? [1, shape[0], shape[1], shape[2]] : [0, 0, 0, 0];
  const values = view.values;
  if (!kh || !values || (view.sampleStride ?? 1) > 1 || values.length !== kh * kw * cin * cout) {
    note(grid, t('Only a sample of this tensor came back; its maps need the whole example.'));
    return [];
  }
  const range = maxAbs(values);
  const maps: MapInfo[] = [];
  const inputs = Math.min(cin, 4);
  // One column per filter, its input channels stacked, so a filter reads top to bottom.
  for (let o = 0; o < Math.min(cout, limit); o++) {
    const column = elementOf('div', 'kernel-column');
    grid.appendChild(column);
    for (let i = 0; i < inputs; i++) {
      const slice = new Float32Array(kh * kw);
      for (let p = 0; p < kh * kw; p++) slice[p] = values[(p * cin + i) * cout + o];
      maps.push(drawMap(column, slice, kh, kw, cin > 1 ? t('filter {0}, input channel {1}', o, i) : t('filter {0}', o), 'diverging', range));
    }
  }
  if (cout > limit || cin > inputs) note(grid, t('{0} of {1} filters and {2} of {3} input channels shown.', Math.min(cout, limit), cout, inputs, cin));
  return maps;
}
