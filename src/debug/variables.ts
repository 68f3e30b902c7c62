// Tensors as DAP variables. A tensor's value is its shape and statistics; it expands to its
// first-axis slices (`[0]`, `[1]`… each again a tensor) down to the numbers (`[i, j, k]`), a
// page at a time (indexedVariables + start/count), so a large tensor is never sent whole and
// only the requested page is read from the device.

import * as tf from '@tensorflow/tfjs-core';
import { DebugProtocol } from '@vscode/debugprotocol';
import { unpackStats } from '../core/engine/records';
import { Localize, render } from '../core/lang/localize';
import { TensorView } from '../core/protocol/panel';
import { formatNumber, formatShape, formatView } from './format';
import { Entry, SCOPE_TITLES, ScopeName, StopContext } from './stopContext';

type Handle =
  | { readonly kind: 'scope'; readonly scope: ScopeName }
  | { readonly kind: 'tensor'; readonly tensor: tf.Tensor; readonly prefix: readonly number[]; readonly expression: string }
  | { readonly kind: 'layer'; readonly layer: string };

/** Children sent when a client asks for a tensor's without paging. */
const UNPAGED_LIMIT = 1000;

export class VariableStore {
  private readonly handles = new Map<number, Handle>();
  private nextHandle = 1;

  constructor(private readonly localize: () => Localize) {}

  /** Handles point at the tensors of one position; a move makes them stale. */
  reset(): void {
    this.handles.clear();
  }

  scopes(context: StopContext): DebugProtocol.Scope[] {
    const names: ScopeName[] = [...(context.here.inner ? (['operation'] as const) : []), 'activations', 'parameters', 'gradients', 'optimizer', 'batch'];
    return names.map((scope) => ({ name: render(this.localize(), SCOPE_TITLES[scope]), variablesReference: this.create({ kind: 'scope', scope }), expensive: false, presentationHint: scope === 'activations' || scope === 'operation' ? 'locals' : undefined }));
  }

  async variables(context: StopContext, reference: number, start = 0, count?: number): Promise<DebugProtocol.Variable[]> {
    const handle = this.handles.get(reference);
    if (!handle) return [];
    switch (handle.kind) {
      case 'scope':
        return (await context.entries(handle.scope)).map((entry) => this.entryVariable(entry));
      case 'layer': {
        const tensors = { ...context.tensorsOf(handle.layer, 'forward'), ...context.tensorsOf(handle.layer, 'backward') };
        const views = await context.views(tensors);
        return Object.entries(tensors).map(([role, tensor]) => this.entryVariable({ name: role, expression: `${handle.layer}.${role}`, tensor, view: views[role] }));
      }
      case 'tensor':
        return this.children(handle, start, count);
    }
  }

  /** A tensor, number or note as one variable; tensors expand. */
  entryVariable(entry: Entry): DebugProtocol.Variable {
    if (entry.tensor && entry.view) return this.tensorVariable(entry.name, entry.expression, entry.tensor, entry.view, entry.note);
    return { name: entry.name, value: entry.number === undefined ? '' : formatNumber(entry.number), evaluateName: entry.expression, variablesReference: 0 };
  }

  tensorVariable(name: string, expression: string, tensor: tf.Tensor, view: TensorView, note?: string): DebugProtocol.Variable {
    const value = (note ? `${note} · ` : '') + formatView(view, this.localize());
    return { name, value, type: `${tensor.dtype}${formatShape(tensor.shape)}`, evaluateName: expression, ...this.expansion(tensor, [], expression) };
  }

  layerVariable(layer: string): number {
    return this.create({ kind: 'layer', layer });
  }

  private expansion(tensor: tf.Tensor, prefix: readonly number[], expression: string): Pick<DebugProtocol.Variable, 'variablesReference' | 'indexedVariables'> {
    const dims = tensor.shape.slice(prefix.length);
    if (!dims.length) return { variablesReference: 0 };
    return { variablesReference: this.create({ kind: 'tensor', tensor, prefix, expression }), indexedVariables: dims[0] };
  }

  private async children(handle: Extract<Handle, { kind: 'tensor' }>, start: number, count: number | undefined): Promise<DebugProtocol.Variable[]> {
    const { tensor, prefix, expression } = handle;
    if (tensor.isDisposed) return [];
    const dims = tensor.shape.slice(prefix.length);
    const first = Math.max(0, Math.min(start, dims[0]));
    const n = Math.max(0, Math.min(count ?? UNPAGED_LIMIT, dims[0] - first));
    if (!n) return [];
    const index = (i: number) => [...prefix, first + i].join(', ');
    const ones = prefix.map(() => 1);
    if (dims.length === 1) {
      // The page's numbers only, in one read.
      const page = tf.slice(tensor, [...prefix, first], [...ones, n]);
      const values = await page.data();
      page.dispose();
      return Array.from(values, (v, i) => ({ name: `[${index(i)}]`, value: formatNumber(v), evaluateName: `${expression}[${index(i)}]`, variablesReference: 0 }));
    }
    // The page's slices, summarised together: per-row sums on the device, one read.
    const rest = dims.slice(1);
    const rowSize = rest.reduce((a, b) => a * b, 1);
    const packed = tf.tidy(() => {
      const rows = tf.reshape(tf.cast(tf.slice(tensor, [...prefix, first, ...rest.map(() => 0)], [...ones, n, ...rest]), 'float32'), [n, rowSize]) as tf.Tensor2D;
      return tf.concat([rowStatistics(rows), ...(rowSize <= 6 ? [rows] : [])], 1);
    });
    const flat = (await packed.data()) as Float32Array;
    packed.dispose();
    const width = 7 + (rowSize <= 6 ? rowSize : 0);
    return Array.from({ length: n }, (_, i) => {
      const row = flat.subarray(i * width, (i + 1) * width);
      const view = { shape: rest, stats: unpackStats(row.subarray(0, 7), rowSize), ...(rowSize <= 6 ? { values: row.slice(7) } : {}) };
      return { name: `[${index(i)}]`, value: formatView(view, this.localize()), type: `${tensor.dtype}${formatShape(rest)}`, evaluateName: `${expression}[${index(i)}]`, ...this.expansion(tensor, [...prefix, first + i], expression) };
    });
  }

  private create(handle: Handle): number {
    const reference = this.nextHandle++;
    this.handles.set(reference, handle);
    return reference;
  }
}

/** Per row of [n, m]: min, max, mean, Σ squared deviations, Σ squares, non-finite count, zero count, over finite entries (as records.ts). */
function rowStatistics(rows: tf.Tensor2D): tf.Tensor2D {
  const finite = tf.isFinite(rows);
  const count = tf.sum(tf.cast(finite, 'float32'), 1, true);
  const safe = tf.where(finite, rows, tf.zerosLike(rows));
  const mean = tf.div(tf.sum(safe, 1, true), tf.maximum(count, 1));
  const deviations = tf.where(finite, tf.sub(rows, mean), tf.zerosLike(rows));
  return tf.concat([
    tf.min(tf.where(finite, rows, tf.fill(rows.shape, Infinity)), 1, true),
    tf.max(tf.where(finite, rows, tf.fill(rows.shape, -Infinity)), 1, true),
    mean,
    tf.sum(tf.square(deviations), 1, true),
    tf.sum(tf.square(safe), 1, true),
    tf.sub(rows.shape[1], count),
    tf.sum(tf.cast(tf.equal(rows, 0), 'float32'), 1, true),
  ], 1) as tf.Tensor2D;
}
