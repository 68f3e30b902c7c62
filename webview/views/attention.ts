// Attention weights A = softmax(Q·Kᵀ / √d_k), one heatmap per head, with the tokens on both
// axes (queries down, keys across), cells hidden by a causal mask hatched, and each row's sum
// in a column beside it (every row of A sums to 1). Long sequences are merged in blocks:
// rows averaged and columns summed, so the row sums stay true.

import { TensorView } from '../../src/core/protocol/panel';
import { t } from '../l10n';
import { drawHeatmap, LABEL_WIDTH } from './heatmap';
import { canvasFigure, downsample, elementOf, exampleValues, formatNumber, formatShape, note, viewSection } from './viewCommon';

export interface AttentionData {
  /** The weights: [batch, heads, Tq, Tk] or [batch, Tq, Tk]. */
  readonly weights: TensorView;
  /** Token texts for both axes (self-attention); positions 0…T−1 by default. */
  readonly tokens?: readonly string[];
  readonly queryTokens?: readonly string[];
  readonly keyTokens?: readonly string[];
  /** A causal layer: query i sees keys j ≤ i, so cells j > i are masked. */
  readonly causal?: boolean;
  readonly example?: number;
  /** Heads shown at most; 8 by default. */
  readonly maxHeads?: number;
  readonly title?: string;
}

export interface AttentionSummary {
  readonly heads: number;
  readonly tq: number;
  readonly tk: number;
  /** Per head shown, each drawn row's sum. */
  readonly rowSums: number[][];
  /** Drawn cells that are masked, as [row, col], the same for every head. */
  readonly masked: [number, number][];
}

/** Longer sequences are merged down to this many rows and columns. */
const MAX_SIDE = 64;

/** Masked cells of a causal layer, in drawn (possibly merged) coordinates: all members masked. */
export function causalMasked(rows: number, cols: number, rowStep = 1, colStep = 1): [number, number][] {
  const cells: [number, number][] = [];
  for (let r = 0; r < rows; r++) {
    const lastQuery = (r + 1) * rowStep - 1;
    for (let c = 0; c < cols; c++) if (c * colStep > lastQuery) cells.push([r, c]);
  }
  return cells;
}

export function rowSums(values: ArrayLike<number>, rows: number, cols: number): number[] {
  const sums: number[] = [];
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += values[r * cols + c];
    sums.push(sum);
  }
  return sums;
}

function labels(given: readonly string[] | undefined, count: number, step: number): string[] {
  return Array.from({ length: Math.ceil(count / step) }, (_, i) => {
    const first = i * step;
    const last = Math.min(count, first + step) - 1;
    if (step === 1) return given?.[first] ?? String(first);
    return given ? `${given[first]}…` : `${first}–${last}`;
  });
}

/** Draws each head's weights for one example into `host`; returns what it drew. */
export function drawAttention(host: HTMLElement, data: AttentionData): AttentionSummary {
  const shape = data.weights.shape;
  const example = data.example ?? 0;
  const section = viewSection(host, 'attention', data.title ?? t('Attention weights of example {0}', example));
  const rank = shape.length;
  const empty: AttentionSummary = { heads: 0, tq: 0, tk: 0, rowSums: [], masked: [] };
  if (rank !== 3 && rank !== 4) {
    note(section, t('Attention weights need a tensor [batch, heads, Tq, Tk]; this one is {0}.', formatShape(shape)));
    return empty;
  }
  const values = exampleValues(data.weights, example);
  if (!values) {
    note(section, t('Only a sample of this tensor came back; its maps need the whole example.'));
    return empty;
  }
  const heads = rank === 4 ? shape[1] : 1;
  const [tq, tk] = shape.slice(-2);
  const shown = Math.min(heads, data.maxHeads ?? 8);
  const queryTokens = data.queryTokens ?? data.tokens;
  const keyTokens = data.keyTokens ?? data.tokens;
  const grid = elementOf('div', 'grid');
  section.appendChild(grid);
  const summary: AttentionSummary = { heads: shown, tq, tk, rowSums: [], masked: [] };
  for (let head = 0; head < shown; head++) {
    const merged = downsample(values.subarray(head * tq * tk, (head + 1) * tq * tk), tq, tk, MAX_SIDE, MAX_SIDE, true);
    const masked = data.causal ? causalMasked(merged.rows, merged.cols, merged.rowStep, merged.colStep) : [];
    const maskSet = new Set(masked.map(([r, c]) => r * merged.cols + c));
    if (head === 0) summary.masked.push(...masked);
    const sums = rowSums(merged.values, merged.rows, merged.cols);
    summary.rowSums.push(sums);
    const name = heads > 1 ? t('head {0}', head) : t('attention');
    const description = data.causal
      ? t('{0}: weights of {1} queries over {2} keys; cells above the diagonal are masked (causal)', name, tq, tk)
      : t('{0}: weights of {1} queries over {2} keys', name, tq, tk);
    const { canvas } = canvasFigure(grid, t('{0}: query ↓, key →; Σ = row sum', name), description);
    const cellSize = merged.rows <= 12 && merged.cols <= 12 ? 34 : Math.max(3, Math.floor(320 / Math.max(merged.rows, merged.cols)));
    const drawn = drawHeatmap(canvas, merged.values, {
      rows: merged.rows,
      cols: merged.cols,
      scale: 'sequential',
      range: 1,
      cellSize,
      masked: (r, c) => maskSet.has(r * merged.cols + c),
      rowLabels: labels(queryTokens, tq, merged.rowStep),
      colLabels: labels(keyTokens, tk, merged.colStep),
    });
    canvas.dataset.rowSums = JSON.stringify(sums);
    canvas.dataset.masked = JSON.stringify(masked);
    addSumColumn(canvas, sums, drawn.cell);
  }
  if (shown < heads) note(section, t('{0} of {1} heads shown.', shown, heads));
  return summary;
}

/** The row sums beside the heatmap, one per row at the rows' heights. */
function addSumColumn(canvas: HTMLCanvasElement, sums: readonly number[], cell: number): void {
  const wrapper = elementOf('div', 'with-row-sums');
  canvas.replaceWith(wrapper);
  wrapper.appendChild(canvas);
  const list = elementOf('ol', 'row-sums');
  list.setAttribute('aria-label', t('row sums'));
  // The heatmap's column labels take LABEL_WIDTH pixels above the first row.
  list.style.paddingTop = `${LABEL_WIDTH}px`;
  // Rows thinner than a line of text get a sum every few rows.
  const step = Math.max(1, Math.ceil(12 / cell));
  sums.forEach((sum, r) => {
    const item = elementOf('li', undefined, r % step === 0 ? `Σ ${formatNumber(sum)}` : '');
    item.style.height = `${cell}px`;
    item.style.lineHeight = `${cell}px`;
    list.appendChild(item);
  });
  wrapper.appendChild(list);
}
