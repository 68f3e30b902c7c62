// Heatmaps on a canvas: a matrix of values coloured by a diverging map around 0 (weights,
// gradients, feature maps) or a sequential one (attention weights), with the numbers written
// in the cells when the matrix is small enough to read, as the course's 6×6 example.

import { cssVariable, diverging, sequential, themeColors } from '../theme';
import { prepareCanvas } from './viewCommon';

export interface HeatmapOptions {
  readonly rows: number;
  readonly cols: number;
  readonly scale: 'diverging' | 'sequential';
  /** Largest |value| mapped to full colour; by default the data's own. */
  readonly range?: number;
  /** Pixels per cell; numbers are drawn when cells are at least 22 px. */
  readonly cellSize?: number;
  readonly showNumbers?: boolean;
  /** Cells to draw hatched (masked attention entries). */
  readonly masked?: (row: number, col: number) => boolean;
  readonly rowLabels?: readonly string[];
  readonly colLabels?: readonly string[];
  readonly title?: string;
}

/** Room for row labels on the left and rotated column labels on top. */
export const LABEL_WIDTH = 56;

export function formatCell(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '∞' : '−∞';
  if (Number.isInteger(value) && Math.abs(value) < 1000) return String(value);
  const abs = Math.abs(value);
  return abs >= 100 || abs < 0.01 ? value.toExponential(0) : value.toFixed(abs >= 10 ? 1 : 2);
}

/** What a heatmap drew; the canvas carries the same as data attributes for tests and tools. */
export interface HeatmapSummary {
  readonly cell: number;
  readonly range: number;
  /** The texts written in the cells, row-major; undefined when cells were too small for numbers. */
  readonly cells?: readonly string[];
}

export function drawHeatmap(canvas: HTMLCanvasElement, values: ArrayLike<number>, options: HeatmapOptions): HeatmapSummary {
  const { rows, cols } = options;
  const cell = options.cellSize ?? Math.max(4, Math.min(40, Math.floor(320 / Math.max(rows, cols))));
  const left = options.rowLabels ? LABEL_WIDTH : 0;
  const top = (options.colLabels ? LABEL_WIDTH : 0) + (options.title ? 16 : 0);
  const width = left + cols * cell;
  const height = top + rows * cell;
  const context = prepareCanvas(canvas, width, height);
  let range = options.range ?? 0;
  if (!range) for (let i = 0; i < rows * cols; i++) if (Number.isFinite(values[i])) range = Math.max(range, Math.abs(values[i]));
  range = range || 1;
  const colors = themeColors();
  const font = (options.showNumbers ?? true) && cell >= 22 ? numberFont(context, values, rows * cols, cell) : undefined;
  const numbers = font !== undefined;
  if (font) context.font = font;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  const texts: string[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const value = values[r * cols + c];
      const x = left + c * cell;
      const y = top + r * cell;
      const masked = options.masked?.(r, c) ?? false;
      const [red, green, blue] = options.scale === 'diverging' ? diverging(value / range) : sequential(value / range);
      context.fillStyle = Number.isFinite(value) ? `rgb(${red}, ${green}, ${blue})` : colors.error;
      context.fillRect(x, y, cell, cell);
      if (masked) hatch(context, x, y, cell, colors.muted);
      if (numbers) {
        context.fillStyle = luminance(red, green, blue) > 140 ? '#111' : '#eee';
        const text = formatCell(value);
        texts.push(text);
        context.fillText(text, x + cell / 2, y + cell / 2);
      }
    }
  }
  drawLabels(context, options, left, top, cell, colors.foreground);
  canvas.dataset.rows = String(rows);
  canvas.dataset.cols = String(cols);
  if (numbers) {
    canvas.dataset.cells = JSON.stringify(texts);
    canvas.dataset.cellSize = String(cell);
    canvas.dataset.font = font;
  } else {
    delete canvas.dataset.cells;
    delete canvas.dataset.cellSize;
    delete canvas.dataset.font;
  }
  return { cell, range, ...(numbers ? { cells: texts } : {}) };
}

/**
 * The font the cells' numbers are written in: the largest (12 px down to 8 px) at which every
 * number fits inside its cell with a margin; undefined when even 8 px does not (no numbers
 * then: "0.75-0.43" run together reads as nonsense).
 */
function numberFont(context: CanvasRenderingContext2D, values: ArrayLike<number>, count: number, cell: number): string | undefined {
  for (let size = Math.min(12, Math.floor(cell / 2.4)); size >= 8; size--) {
    const font = `${size}px ${editorFont()}`;
    context.font = font;
    let widest = 0;
    for (let i = 0; i < count; i++) widest = Math.max(widest, context.measureText(formatCell(values[i])).width);
    if (widest <= cell - 4) return font;
  }
  return undefined;
}

function hatch(context: CanvasRenderingContext2D, x: number, y: number, size: number, color: string): void {
  context.save();
  context.strokeStyle = color;
  context.lineWidth = 1;
  context.beginPath();
  for (let d = -size; d < size; d += 5) {
    context.moveTo(x + Math.max(0, d), y + Math.max(0, -d));
    context.lineTo(x + Math.min(size, size + d), y + Math.min(size, size - d));
  }
  context.stroke();
  context.restore();
}

function drawLabels(context: CanvasRenderingContext2D, options: HeatmapOptions, left: number, top: number, cell: number, color: string): void {
  context.fillStyle = color;
  context.font = `11px ${uiFont()}`;
  if (options.title) {
    context.textAlign = 'left';
    context.fillText(options.title, 0, 8);
  }
  if (options.rowLabels) {
    context.textAlign = 'right';
    options.rowLabels.forEach((label, r) => context.fillText(label.slice(0, 8), left - 4, top + r * cell + cell / 2));
  }
  if (options.colLabels) {
    context.textAlign = 'left';
    options.colLabels.forEach((label, c) => {
      context.save();
      context.translate(left + c * cell + cell / 2, top - 4);
      context.rotate(-Math.PI / 3);
      context.fillText(label.slice(0, 8), 0, 0);
      context.restore();
    });
  }
}

// A canvas font cannot use var(); resolve the theme's families instead.
export function editorFont(): string {
  return cssVariable('--vscode-editor-font-family', 'monospace');
}

export function uiFont(): string {
  return cssVariable('--vscode-font-family', 'sans-serif');
}

function luminance(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

export interface Histogram {
  readonly counts: number[];
  readonly min: number;
  readonly max: number;
}

/** Counts of the finite values in `bins` equal bins from their min to their max. */
export function histogram(values: ArrayLike<number>, bins = 30): Histogram {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) (min = Math.min(min, values[i])), (max = Math.max(max, values[i]));
  const counts = new Array<number>(bins).fill(0);
  if (!Number.isFinite(min)) return { counts, min: NaN, max: NaN };
  const span = max - min || 1;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) counts[Math.min(bins - 1, Math.floor(((values[i] - min) / span) * bins))]++;
  return { counts, min, max };
}

/** A histogram of values on a canvas: the distribution of a layer's weights or gradients. */
export function drawHistogram(canvas: HTMLCanvasElement, values: ArrayLike<number>, bins = 30, width = 240, height = 80): Histogram {
  const context = prepareCanvas(canvas, width, height);
  const result = histogram(values, bins);
  const { counts, min, max } = result;
  canvas.dataset.counts = JSON.stringify(counts);
  if (!Number.isFinite(min)) return result;
  const peak = Math.max(...counts);
  const colors = themeColors();
  context.fillStyle = colors.accent;
  const barWidth = width / bins;
  counts.forEach((count, i) => {
    const h = (count / peak) * (height - 14);
    context.fillRect(i * barWidth + 1, height - 14 - h, barWidth - 2, h);
  });
  context.fillStyle = colors.muted;
  context.font = `10px ${uiFont()}`;
  context.textAlign = 'left';
  context.fillText(formatCell(min), 0, height - 3);
  context.textAlign = 'right';
  context.fillText(formatCell(max), width, height - 3);
  return result;
}
