// Helpers shared by the spatial and sequence kernels: one tidy scope per forward pass that
// also keeps the inner operations when a caller asked for them, and readers for attributes
// that may come as an int or a list of ints.

import * as tf from '@tensorflow/tfjs-core';
import { Attributes } from '../../model/graph';
import { KernelContext, KernelOutput } from '../kernel';

/** Records one inner operation (a no-op on the fast path) and hands the tensor back. */
export type RecordOp = (name: string, formula: string, tensor: tf.Tensor) => tf.Tensor;

interface Recorded {
  readonly name: string;
  readonly formula: string;
}

/**
 * Runs `body` in one tf.tidy. The output, ports and recorded inner tensors survive; every
 * other intermediate is freed. Ports and inner tensors never alias the output or each other
 * (a clone shares the data), so the caller may dispose each of them on its own.
 */
export function runForward(ctx: KernelContext, body: (record: RecordOp) => KernelOutput): KernelOutput {
  const wanted = ctx.inner !== undefined;
  const names: Recorded[] = [];
  const kept = tf.tidy(() => {
    const tensors: tf.Tensor[] = [];
    const record: RecordOp = (name, formula, tensor) => {
      if (!wanted) return tensor;
      names.push({ name, formula });
      tensors.push(tensors.includes(tensor) ? tf.clone(tensor) : tensor);
      return tensor;
    };
    const result = body(record);
    const seen = new Set<tf.Tensor>(tensors);
    const fresh = (t: tf.Tensor) => {
      const out = seen.has(t) ? tf.clone(t) : t;
      seen.add(out);
      return out;
    };
    const output = fresh(result.output);
    const ports: { [name: string]: tf.Tensor } = {};
    for (const [name, t] of Object.entries(result.ports ?? {})) ports[name] = fresh(t);
    return { output, ports, inner: tensors };
  });
  kept.inner.forEach((tensor, i) => ctx.inner!.push({ ...names[i], tensor }));
  return Object.keys(kept.ports).length ? { output: kept.output, ports: kept.ports } : { output: kept.output };
}

/** An int or a list of ints as exactly `rank` ints. */
export function ints(value: Attributes[string] | undefined, rank: number, fallback?: number[]): number[] {
  if (typeof value === 'number') return Array.from({ length: rank }, () => value);
  if (Array.isArray(value) && value.length && value.every((v) => typeof v === 'number')) {
    const list = value as number[];
    return list.length === rank ? [...list] : Array.from({ length: rank }, (_, i) => list[Math.min(i, list.length - 1)]);
  }
  if (fallback) return fallback;
  throw new Error(`expected ${rank} integer(s), got ${JSON.stringify(value)}`);
}

/** `valid`, `same`, or explicit zeros on each side per axis. */
export function padding(value: Attributes[string] | undefined, rank: number): 'valid' | 'same' | number[] {
  if (value === undefined || value === 'valid') return 'valid';
  if (value === 'same') return 'same';
  return ints(value, rank);
}

export function attrString(attrs: Attributes, name: string, fallback: string): string {
  const value = attrs[name];
  return typeof value === 'string' ? value : fallback;
}

export function attrNumber(attrs: Attributes, name: string, fallback: number): number {
  const value = attrs[name];
  return typeof value === 'number' ? value : fallback;
}

export function attrBool(attrs: Attributes, name: string, fallback: boolean): boolean {
  const value = attrs[name];
  return typeof value === 'boolean' ? value : fallback;
}

/** The named parameter, or an error that names the layer. */
export function param(ctx: KernelContext, params: Readonly<Partial<Record<string, tf.Tensor>>>, name: string): tf.Tensor {
  const tensor = params[name];
  if (!tensor) throw new Error(`layer '${ctx.layer.name}' (${ctx.layer.kind}) has no parameter '${name}'`);
  return tensor;
}
