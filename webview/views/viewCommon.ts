// Pieces every view shares: sections and figures with focusable, labelled canvases, picking
// one example out of a TensorView, and block downsampling that keeps views bounded in cost.

import { TensorView } from '../../src/core/protocol/panel';

/** No view draws more cells than this in one call. */
export const MAX_CELLS = 100_000;

export function elementOf<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A titled section of a view, replacing whatever the host held. */
export function viewSection(host: HTMLElement, className: string, title: string): HTMLElement {
  host.replaceChildren();
  const section = elementOf('section', `view ${className}`);
  section.appendChild(elementOf('h2', undefined, title));
  host.appendChild(section);
  return section;
}

/** A figure holding a canvas that keyboard users reach (tab) and screen readers describe. */
export function canvasFigure(parent: HTMLElement, caption: string, description: string): { figure: HTMLElement; canvas: HTMLCanvasElement } {
  const figure = elementOf('figure');
  const canvas = elementOf('canvas');
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', description);
  figure.appendChild(canvas);
  figure.appendChild(elementOf('figcaption', undefined, caption));
  parent.appendChild(figure);
  return { figure, canvas };
}

export function note(parent: HTMLElement, text: string): HTMLElement {
  const paragraph = elementOf('p', 'view-note', text);
  parent.appendChild(paragraph);
  return paragraph;
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => d ?? 'None').join(', ')}]`;
}

/**
 * The values of one example (index along the batch axis), when they came back whole: either
 * the whole tensor, or exactly one example's worth (a host that sliced before sending).
 */
export function exampleValues(view: TensorView, example: number): Float32Array | undefined {
  const values = view.values;
  if (!values || (view.sampleStride ?? 1) > 1) return undefined;
  const per = sizeOf(view.shape.slice(1));
  if (values.length === per) return values;
  if (values.length !== sizeOf(view.shape) || example < 0 || example >= view.shape[0]) return undefined;
  return values.subarray(example * per, (example + 1) * per);
}

/** How many examples of the batch came back whole, from the first. */
export function wholeExamples(view: TensorView): number {
  const values = view.values;
  if (!values || (view.sampleStride ?? 1) > 1) return 0;
  const per = sizeOf(view.shape.slice(1));
  return per ? Math.min(view.shape[0], Math.floor(values.length / per)) : 0;
}

export interface Grid {
  readonly values: Float32Array;
  readonly rows: number;
  readonly cols: number;
  /** Source rows and columns per drawn cell (1 when nothing was merged). */
  readonly rowStep: number;
  readonly colStep: number;
}

/**
 * Merges blocks of cells so the grid fits maxRows × maxCols. Rows are averaged; columns are
 * averaged too, or summed with `sumColumns` (attention rows then still sum to 1).
 */
export function downsample(values: ArrayLike<number>, rows: number, cols: number, maxRows: number, maxCols: number, sumColumns = false): Grid {
  const rowStep = Math.max(1, Math.ceil(rows / maxRows));
  const colStep = Math.max(1, Math.ceil(cols / maxCols));
  if (rowStep === 1 && colStep === 1) return { values: Float32Array.from(values as ArrayLike<number>), rows, cols, rowStep, colStep };
  const outRows = Math.ceil(rows / rowStep);
  const outCols = Math.ceil(cols / colStep);
  const out = new Float32Array(outRows * outCols);
  for (let r = 0; r < outRows; r++) {
    for (let c = 0; c < outCols; c++) {
      let sum = 0;
      let count = 0;
      let members = 0;
      for (let i = r * rowStep; i < Math.min(rows, (r + 1) * rowStep); i++) {
        members++;
        for (let j = c * colStep; j < Math.min(cols, (c + 1) * colStep); j++) (sum += values[i * cols + j]), count++;
      }
      out[r * outCols + c] = sumColumns ? sum / members : sum / count;
    }
  }
  return { values: out, rows: outRows, cols: outCols, rowStep, colStep };
}

/** One channel of a channels-last [h, w, c] block as an h × w matrix. */
export function channel(values: ArrayLike<number>, h: number, w: number, channels: number, index: number): Float32Array {
  const out = new Float32Array(h * w);
  for (let p = 0; p < h * w; p++) out[p] = values[p * channels + index];
  return out;
}

export function maxAbs(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) max = Math.max(max, Math.abs(values[i]));
  return max;
}

/** A number for people: 3 significant digits, exponents only for very small or large magnitudes. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e5 || abs < 1e-3) return value.toExponential(2).replace('-', '−');
  return Number(value.toPrecision(3)).toString().replace('-', '−');
}

/** Sizes a canvas for `width` × `height` CSS pixels at the screen's pixel ratio; returns it cleared. */
export function prepareCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.ceil(width * ratio);
  canvas.height = Math.ceil(height * ratio);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const context = canvas.getContext('2d')!;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  return context;
}
