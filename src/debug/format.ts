// Numbers and tensors as the debugger shows them to people: five significant digits, exponents
// only for the very small and the very large, a tensor as its shape and statistics.

import { Localize, message, render } from '../core/lang/localize';
import { TensorView } from '../core/protocol/panel';
import { readTensors } from '../core/engine/records';
import { Value } from './evaluate';

export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Inf' : '-Inf';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e5 || abs < 1e-3) return value.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(5)));
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** `[4, 8] · mean 0.12 · std 0.5 · min −1 · max 2 · ‖·‖ 3.4` (with NaN/Inf and zeros when any). */
export function formatView(view: Pick<TensorView, 'shape' | 'stats' | 'values'>, localize: Localize): string {
  const s = view.stats;
  if (!view.shape.length) return formatNumber(s.mean);
  const parts = [formatShape(view.shape)];
  // A tiny tensor reads best as its numbers.
  if (view.values && view.values.length <= 6 && view.values.length === size(view.shape)) parts.push(`[${Array.from(view.values, formatNumber).join(', ')}]`);
  parts.push(render(localize, message('mean {0} · std {1} · min {2} · max {3} · ‖·‖ {4}', formatNumber(s.mean), formatNumber(s.std), formatNumber(s.min), formatNumber(s.max), formatNumber(s.norm))));
  if (s.nonFinite > 0) parts.push(render(localize, message('{0} NaN/Inf', s.nonFinite)));
  if (s.zeros > 0) parts.push(render(localize, message('{0} % zeros', formatNumber(s.zeros * 100))));
  return parts.join(' · ');
}

export async function formatValue(value: Value, localize: Localize): Promise<string> {
  switch (value.kind) {
    case 'number':
      return formatNumber(value.value);
    case 'boolean':
      return String(value.value);
    case 'layer':
      return value.layer;
    case 'tensor':
      return formatView((await readTensors({ t: value.tensor }, { values: true, limit: 6 })).t, localize);
  }
}

export function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
