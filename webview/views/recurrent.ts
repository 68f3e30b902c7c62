// An LSTM's or GRU's inner operations over time, from "step into" (f_1, i_1, ĉ_1, o_1, c_1,
// h_1, f_2, …): one heatmap per quantity, a row per time step and a column per unit, so a
// gate that stays shut or a memory that saturates shows as a band. Gates (σ) use the 0–1
// scale; c_t, h_t and the candidates the diverging one.

import { TensorView } from '../../src/core/protocol/panel';
import { t } from '../l10n';
import { drawHeatmap } from './heatmap';
import { canvasFigure, downsample, elementOf, exampleValues, formatNumber, maxAbs, note, viewSection } from './viewCommon';

export interface RecurrentOp {
  /** The inner op's name with its step: 'f_3', 'c_3', 'h_3'. */
  readonly name: string;
  readonly formula?: string;
  /** [batch, units]. */
  readonly tensor: TensorView;
}

export interface RecurrentData {
  readonly inner: readonly RecurrentOp[];
  readonly example?: number;
  readonly title?: string;
}

export interface SeriesInfo {
  readonly symbol: string;
  readonly steps: number;
  readonly units: number;
  readonly min: number;
  readonly max: number;
  /** The formula with t for the step, as the course writes it. */
  readonly formula?: string;
}

/** Gates squashed by σ: their values lie in [0, 1]. */
const GATES = new Set(['f', 'i', 'o', 'z', 'r']);
/** The course's order: LSTM gates, candidate, memory, output; then GRU's. */
const ORDER = ['f', 'i', 'ĉ', 'o', 'c', 'z', 'r', 'ĥ', 'h'];
const MAX_STEPS = 128;
const MAX_UNITS = 64;

/** A bidirectional layer's ops carry their copy: 'backward/f' is the backward copy's forget gate. */
function splitDirection(symbol: string): { direction?: string; base: string } {
  const at = symbol.indexOf('/');
  return at < 0 ? { base: symbol } : { direction: symbol.slice(0, at), base: symbol.slice(at + 1) };
}

function describe(symbol: string): string {
  const { direction, base } = splitDirection(symbol);
  if (direction === 'forward') return t('{0}, forward copy', describe(base));
  if (direction === 'backward') return t('{0}, backward copy (its step 1 reads the last input)', describe(base));
  switch (symbol) {
    case 'f': return t('forget gate f_t');
    case 'i': return t('input gate i_t');
    case 'o': return t('output gate o_t');
    case 'ĉ': return t('candidate memory ĉ_t');
    case 'c': return t('memory c_t');
    case 'z': return t('update gate z_t');
    case 'r': return t('reset gate r_t');
    case 'ĥ': return t('candidate state ĥ_t');
    case 'h': return t('output h_t');
    default: return symbol;
  }
}

/** The ops grouped by symbol, in time order: 'f' → [f_1, f_2, …]. */
export function seriesOf(inner: readonly RecurrentOp[]): Map<string, { step: number; op: RecurrentOp }[]> {
  const series = new Map<string, { step: number; op: RecurrentOp }[]>();
  for (const op of inner) {
    const match = /^(.+)_(\d+)$/.exec(op.name);
    if (!match) continue;
    const list = series.get(match[1]) ?? [];
    list.push({ step: Number(match[2]), op });
    series.set(match[1], list);
  }
  for (const list of series.values()) list.sort((a, b) => a.step - b.step);
  const rank = (s: string) => {
    const { direction, base } = splitDirection(s);
    return (direction === 'backward' ? ORDER.length + 1 : 0) + (ORDER.includes(base) ? ORDER.indexOf(base) : ORDER.length);
  };
  return new Map([...series].sort(([a], [b]) => rank(a) - rank(b)));
}

/** 'c_2 = f_2·c_1 + i_2·ĉ_2' → 'c_t = f_t·c_{t−1} + i_t·ĉ_t'. */
export function generalFormula(formula: string, step: number): string {
  return formula.replace(/_(\d+)(?!\d)/g, (whole, digits: string) => {
    const k = Number(digits);
    return k === step ? '_t' : k === step - 1 ? '_{t−1}' : whole;
  });
}

/** Draws each quantity over time × units for one example into `host`. */
export function drawRecurrent(host: HTMLElement, data: RecurrentData): SeriesInfo[] {
  const example = data.example ?? 0;
  const section = viewSection(host, 'recurrent', data.title ?? t('Gates and states over time, example {0}', example));
  const series = seriesOf(data.inner);
  if (!series.size) {
    note(section, t('No inner operations over time: step into a recurrent layer first.'));
    return [];
  }
  const grid = elementOf('div', 'grid');
  section.appendChild(grid);
  const infos: SeriesInfo[] = [];
  for (const [symbol, list] of series) {
    const rows = list.map(({ op }) => exampleValues(op.tensor, example));
    if (rows.some((r) => !r)) {
      note(grid, t('Only a sample of {0} came back; its maps need the whole example.', symbol));
      continue;
    }
    const units = rows[0]!.length;
    const matrix = new Float32Array(list.length * units);
    rows.forEach((row, s) => matrix.set(row!.subarray(0, units), s * units));
    const merged = downsample(matrix, list.length, units, MAX_STEPS, MAX_UNITS);
    let min = Infinity;
    let max = -Infinity;
    for (const v of matrix) if (Number.isFinite(v)) (min = Math.min(min, v)), (max = Math.max(max, v));
    const isGate = GATES.has(splitDirection(symbol).base);
    const sample = list.find((s) => s.step > 1) ?? list[0];
    const formula = sample.op.formula ? generalFormula(sample.op.formula, sample.step) : undefined;
    const label = describe(symbol);
    const { figure, canvas } = canvasFigure(grid, label, t('{0}: {1} time steps by {2} units, from {3} to {4}', label, list.length, units, formatNumber(min), formatNumber(max)));
    if (formula) figure.appendChild(elementOf('code', 'formula', formula));
    const cellSize = Math.max(4, Math.min(30, Math.floor(240 / Math.max(merged.cols, 1))));
    drawHeatmap(canvas, merged.values, {
      rows: merged.rows,
      cols: merged.cols,
      scale: isGate ? 'sequential' : 'diverging',
      // Gates share σ's fixed 0–1 scale; states use their own largest |value| so small ones still show.
      range: isGate ? 1 : maxAbs(matrix) || 1,
      cellSize,
      rowLabels: Array.from({ length: merged.rows }, (_, r) => `t=${list[r * merged.rowStep].step}`),
    });
    canvas.dataset.min = String(min);
    canvas.dataset.max = String(max);
    infos.push({ symbol, steps: list.length, units, min, max, ...(formula ? { formula } : {}) });
  }
  return infos;
}
