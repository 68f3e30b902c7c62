// TensorFlow Playground's picture of a 2-D classifier: the network's output over the plane,
// orange for one class and blue for the other (Playground's own colours), the data on top
// (test points ringed in the foreground colour), and each hidden neuron's own small map.
// The grid and the separation score are pure (../plane.ts), shared with the engine's host.

import { DecisionLine, lineEquation, lineSegment } from '../../src/core/model/decisionLine';
import { Extent, separationScore } from '../plane';
import { isDarkTheme, themeColors } from '../theme';
import { t } from '../l10n';
import { uiFont } from './heatmap';
import { canvasFigure, elementOf, formatNumber, prepareCanvas, viewSection } from './viewCommon';

export { boundaryGrid, separationScore, valueAt } from '../plane';
export type { Extent } from '../plane';

export interface DecisionBoundaryData {
  readonly resolution: number;
  readonly extent: Extent;
  /** The output at each grid point of boundaryGrid: resolution², row-major, first row = top. */
  readonly values: Float32Array;
  /** The output's range: [0, 1] for a sigmoid, [−1, 1] for tanh. */
  readonly outputRange: readonly [number, number];
  /** (x, y) pairs. */
  readonly points: Float32Array;
  readonly labels: Float32Array;
  readonly testPoints?: Float32Array;
  readonly testLabels?: Float32Array;
  readonly title?: string;
  /** One neuron on (x1, x2): its line w1·x1 + w2·x2 + b = 0, drawn and labelled with its equation. */
  readonly line?: DecisionLine;
}

export interface DecisionBoundarySummary {
  readonly resolution: number;
  readonly points: number;
  readonly testPoints: number;
  /** separationScore of the training and test points. */
  readonly trainScore: number;
  readonly testScore?: number;
}

export interface NeuronMap {
  readonly name: string;
  /** resolution² values over the same grid. */
  readonly values: Float32Array;
}

/** Largest grid drawn: 300² = 90 000 cells. */
const MAX_RESOLUTION = 300;
/** Points drawn at most; a bigger set is thinned evenly. */
const MAX_POINTS = 2000;
const SIZE = 300;
const MARGIN = 22;
const ORANGE: readonly number[] = [245, 147, 34];
const BLUE: readonly number[] = [8, 119, 189];

/** Playground's scale for s in [−1, 1]: orange, a neutral that suits the theme, blue. */
export function playgroundColor(s: number, dark = isDarkTheme()): [number, number, number] {
  const x = Math.max(-1, Math.min(1, Number.isFinite(s) ? s : 0));
  const neutral = dark ? [58, 58, 58] : [232, 234, 235];
  const end = x < 0 ? ORANGE : BLUE;
  // Playground keeps the map lighter than the points so they stand out: at most 80 % colour.
  const a = Math.abs(x) * 0.8;
  return [0, 1, 2].map((i) => Math.round(neutral[i] + (end[i] - neutral[i]) * a)) as [number, number, number];
}

function scaled(value: number, range: readonly [number, number]): number {
  return (2 * (value - range[0])) / (range[1] - range[0] || 1) - 1;
}

/** The map as an image, resolution pixels square, to be scaled up onto a canvas. */
function mapImage(values: Float32Array, resolution: number, range: readonly [number, number]): HTMLCanvasElement {
  const image = document.createElement('canvas');
  image.width = resolution;
  image.height = resolution;
  const context = image.getContext('2d')!;
  const pixels = context.createImageData(resolution, resolution);
  const dark = isDarkTheme();
  for (let i = 0; i < resolution * resolution; i++) {
    const [r, g, b] = playgroundColor(scaled(values[i], range), dark);
    pixels.data.set([r, g, b, 255], i * 4);
  }
  context.putImageData(pixels, 0, 0);
  return image;
}


function checkGrid(values: Float32Array, resolution: number): void {
  if (!Number.isInteger(resolution) || resolution < 1 || resolution > MAX_RESOLUTION) throw new RangeError(`resolution ${resolution} is not an integer in 1…${MAX_RESOLUTION}`);
  if (values.length !== resolution * resolution) throw new RangeError(`${values.length} values for a ${resolution}² grid`);
}

function drawPoints(context: CanvasRenderingContext2D, data: DecisionBoundaryData, points: Float32Array, labels: Float32Array, stroke: string, px: (x: number) => number, py: (y: number) => number): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (const label of labels) (lo = Math.min(lo, label)), (hi = Math.max(hi, label));
  const mid = lo < hi ? (lo + hi) / 2 : (data.outputRange[0] + data.outputRange[1]) / 2;
  const step = Math.max(1, Math.ceil(labels.length / MAX_POINTS));
  context.lineWidth = 1;
  context.strokeStyle = stroke;
  for (let i = 0; i < labels.length; i += step) {
    const [r, g, b] = labels[i] > mid ? BLUE : ORANGE;
    context.fillStyle = `rgb(${r}, ${g}, ${b})`;
    context.beginPath();
    context.arc(px(points[2 * i]), py(points[2 * i + 1]), 3.5, 0, 2 * Math.PI);
    context.fill();
    context.stroke();
  }
}

/** Draws the boundary, the axes' ends, the points and a legend into `host`. */
export function drawDecisionBoundary(host: HTMLElement, data: DecisionBoundaryData): DecisionBoundarySummary {
  checkGrid(data.values, data.resolution);
  const section = viewSection(host, 'decision-boundary', data.title ?? t('Decision boundary'));
  const trainScore = separationScore(data, data.points, data.labels);
  const testScore = data.testPoints && data.testLabels?.length ? separationScore(data, data.testPoints, data.testLabels) : undefined;
  const pointCount = data.labels.length;
  const testCount = data.testLabels?.length ?? 0;
  const description =
    testScore === undefined
      ? t('Decision boundary: {0} points, {1} % on their side', pointCount, Math.round(trainScore * 100))
      : t('Decision boundary: {0} training points, {1} % on their side; {2} test points, {3} % on their side', pointCount, Math.round(trainScore * 100), testCount, Math.round(testScore * 100));
  const equation = data.line ? lineEquation(data.line) : undefined;
  const lineText = equation ? t('Decision line: {0}, that is {1}', equation.general, equation.solved) : undefined;
  const { canvas } = canvasFigure(section, t('output over the plane: orange below {0}, blue above', formatNumber((data.outputRange[0] + data.outputRange[1]) / 2)), lineText ? `${description}. ${lineText}` : description);
  const width = SIZE + MARGIN;
  const context = prepareCanvas(canvas, width, SIZE + MARGIN);
  context.imageSmoothingEnabled = data.resolution < SIZE / 4;
  context.drawImage(mapImage(data.values, data.resolution, data.outputRange), MARGIN, 0, SIZE, SIZE);
  const [x0, x1, y0, y1] = data.extent;
  const px = (x: number) => MARGIN + ((x - x0) / (x1 - x0)) * SIZE;
  const py = (y: number) => ((y1 - y) / (y1 - y0)) * SIZE;
  const colors = themeColors();
  if (data.line && equation) drawLine(context, canvas, data.line, equation.solved, data.extent, colors.foreground, colors.background, px, py);
  drawPoints(context, data, data.points, data.labels, colors.background, px, py);
  if (data.testPoints && data.testLabels) drawPoints(context, data, data.testPoints, data.testLabels, colors.foreground, px, py);
  context.fillStyle = colors.muted;
  context.font = `10px ${uiFont()}`;
  context.textBaseline = 'top';
  context.textAlign = 'left';
  context.fillText(formatNumber(x0), MARGIN, SIZE + 4);
  context.textAlign = 'right';
  context.fillText(formatNumber(x1), MARGIN + SIZE, SIZE + 4);
  context.fillText(formatNumber(y1), MARGIN - 3, 0);
  context.textBaseline = 'bottom';
  context.fillText(formatNumber(y0), MARGIN - 3, SIZE);
  canvas.dataset.trainScore = String(trainScore);
  if (testScore !== undefined) canvas.dataset.testScore = String(testScore);
  section.appendChild(legend(data.outputRange, testCount > 0));
  if (lineText) section.appendChild(elementOf('p', 'view-note decision-line', lineText));
  return { resolution: data.resolution, points: pointCount, testPoints: testCount, trainScore, ...(testScore !== undefined ? { testScore } : {}) };
}

/**
 * The neuron's line across the plot, labelled with its equation near its upper end. The ends (in
 * CSS pixels), the plot's box and the equation are left on the canvas for tests and tools.
 */
function drawLine(context: CanvasRenderingContext2D, canvas: HTMLCanvasElement, line: DecisionLine, label: string, extent: Extent, stroke: string, halo: string, px: (x: number) => number, py: (y: number) => number): void {
  const segment = lineSegment(line, extent);
  canvas.dataset.line = label;
  canvas.dataset.plot = JSON.stringify([MARGIN, 0, SIZE, SIZE]);
  canvas.dataset.lineColor = stroke;
  if (!segment) return;
  const ends = [px(segment[0]), py(segment[1]), px(segment[2]), py(segment[3])];
  canvas.dataset.lineEnds = JSON.stringify(ends.map((v) => Math.round(v * 100) / 100));
  context.save();
  context.beginPath();
  context.rect(MARGIN, 0, SIZE, SIZE);
  context.clip();
  context.lineCap = 'round';
  context.strokeStyle = halo;
  context.lineWidth = 5;
  context.beginPath();
  context.moveTo(ends[0], ends[1]);
  context.lineTo(ends[2], ends[3]);
  context.stroke();
  context.strokeStyle = stroke;
  context.lineWidth = 2;
  context.stroke();
  // The label sits by the end nearer the top, inside the plot, on a halo so it reads on any colour.
  const [lx, ly] = ends[1] <= ends[3] ? [ends[0], ends[1]] : [ends[2], ends[3]];
  context.font = `11px ${uiFont()}`;
  const width = context.measureText(label).width;
  const x = Math.max(MARGIN + 4, Math.min(MARGIN + SIZE - width - 4, lx - width / 2));
  const y = Math.max(4, Math.min(SIZE - 18, ly + 6));
  context.fillStyle = halo;
  context.globalAlpha = 0.8;
  context.fillRect(x - 3, y - 2, width + 6, 16);
  context.globalAlpha = 1;
  context.fillStyle = stroke;
  context.textBaseline = 'top';
  context.textAlign = 'left';
  context.fillText(label, x, y);
  context.restore();
}

function legend(range: readonly [number, number], hasTest: boolean): HTMLElement {
  const box = elementOf('div', 'legend boundary-legend');
  const swatch = (rgb: readonly number[]) => {
    const span = elementOf('span', 'swatch');
    span.style.background = `rgb(${rgb.join(', ')})`;
    return span;
  };
  box.append(swatch(ORANGE), elementOf('span', undefined, t('class {0}', formatNumber(range[0]))), swatch(BLUE), elementOf('span', undefined, t('class {0}', formatNumber(range[1]))));
  if (hasTest) box.append(elementOf('span', 'test-ring'), elementOf('span', undefined, t('ringed: test points')));
  return box;
}

/** Each hidden neuron's output over the same grid, as small multiples (Playground's little squares). */
export function drawNeuronMaps(host: HTMLElement, maps: readonly NeuronMap[], resolution: number, options: { readonly range?: readonly [number, number]; readonly size?: number; readonly title?: string } = {}): void {
  const section = viewSection(host, 'neuron-maps', options.title ?? t('What each neuron sees'));
  const grid = elementOf('div', 'grid');
  section.appendChild(grid);
  const size = options.size ?? 72;
  for (const map of maps) {
    checkGrid(map.values, resolution);
    let range = options.range;
    if (!range) {
      let max = 0;
      for (const v of map.values) if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
      range = [-(max || 1), max || 1];
    }
    const { canvas } = canvasFigure(grid, map.name, t('Output of neuron {0} over the plane, from {1} (orange) to {2} (blue)', map.name, formatNumber(range[0]), formatNumber(range[1])));
    const context = prepareCanvas(canvas, size, size);
    context.imageSmoothingEnabled = true;
    context.drawImage(mapImage(map.values, resolution, range), 0, 0, size, size);
  }
}
