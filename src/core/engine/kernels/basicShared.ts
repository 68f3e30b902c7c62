// What the basic kernels share: a wrapper that runs a forward pass inside tf.tidy and hands
// back only the output, ports, state updates and (when asked) the inner operations, plus small
// readers for a layer's attributes and for the batch-first axes of per-sample shapes.

import * as tf from '@tensorflow/tfjs-core';
import { InnerOp, KernelContext, KernelOutput, LayerKernel, Params } from '../kernel';
import { TensorLiteral } from '../../lang/spec';

/** Records an intermediate for "step into"; a no-op (returns the tensor) on the fast paths. */
export type Note = (name: string, formula: string, tensor: tf.Tensor) => tf.Tensor;

type Body = (ctx: KernelContext, params: Params, inputs: readonly tf.Tensor[], note: Note) => KernelOutput;

interface Kept {
  output: tf.Tensor;
  ports?: Record<string, tf.Tensor>;
  stateUpdates?: Record<string, tf.Tensor>;
  inner: InnerOp[];
}

/**
 * A kernel whose body runs in tf.tidy: every tensor it makes is freed except the ones it
 * returns or notes. A returned tensor that is one of the inputs or parameters is cloned (a
 * cheap view), so the caller may dispose all it gets without freeing what it passed in.
 */
export function defineKernel(kind: string, body: Body): LayerKernel {
  return {
    kind,
    forward(ctx, params, inputs) {
      const inner: InnerOp[] = [];
      const note: Note = ctx.inner ? (name, formula, tensor) => (inner.push({ name, formula, tensor }), tensor) : (_name, _formula, tensor) => tensor;
      const kept = tf.tidy(() => {
        const result = body(ctx, params, inputs, note);
        const borrowed = new Set<tf.Tensor>([...inputs, ...Object.values(params)]);
        const clones = new Map<tf.Tensor, tf.Tensor>();
        const own = (t: tf.Tensor): tf.Tensor => {
          if (!borrowed.has(t)) return t;
          let copy = clones.get(t);
          if (!copy) clones.set(t, (copy = tf.clone(t)));
          return copy;
        };
        const ownAll = (record?: Readonly<Record<string, tf.Tensor>>) =>
          record && Object.fromEntries(Object.entries(record).map(([k, t]) => [k, own(t)]));
        const out: Kept = {
          output: own(result.output),
          ports: ownAll(result.ports),
          stateUpdates: ownAll(result.stateUpdates),
          inner: inner.map((op) => ({ ...op, tensor: own(op.tensor) })),
        };
        return out as unknown as tf.TensorContainer;
      }) as unknown as Kept;
      ctx.inner?.push(...kept.inner);
      const output: { -readonly [K in keyof KernelOutput]: KernelOutput[K] } = { output: kept.output };
      if (kept.ports) output.ports = kept.ports;
      if (kept.stateUpdates) output.stateUpdates = kept.stateUpdates;
      return output;
    },
  };
}

export function numberAttr(ctx: KernelContext, name: string, fallback: number): number {
  const value = ctx.layer.attrs[name];
  return typeof value === 'number' ? value : fallback;
}

export function stringAttr(ctx: KernelContext, name: string, fallback: string): string {
  const value = ctx.layer.attrs[name];
  return typeof value === 'string' ? value : fallback;
}

export function boolAttr(ctx: KernelContext, name: string, fallback: boolean): boolean {
  const value = ctx.layer.attrs[name];
  return typeof value === 'boolean' ? value : fallback;
}

export function tensorAttr(ctx: KernelContext, name: string): TensorLiteral | undefined {
  const value = ctx.layer.attrs[name];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as TensorLiteral) : undefined;
}

/**
 * The batched axis for an axis of one sample (the language's axes leave the batch out):
 * non-negative axes shift by one; negative ones count from the end, the same in both.
 */
export function batchedAxis(sampleAxis: number): number {
  return sampleAxis < 0 ? sampleAxis : sampleAxis + 1;
}

export function requireParam(ctx: KernelContext, params: Params, name: string): tf.Tensor {
  const t = params[name];
  if (!t) throw new Error(`Layer '${ctx.layer.name}' (${ctx.layer.kind}) is missing its parameter '${name}'`);
  return t;
}

/** A·W (+ b) on the last axis of a tensor of any rank ≥ 2, as Keras' Dense does. */
export function affine(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor | undefined): tf.Tensor {
  const nIn = (x.shape as number[])[x.rank - 1];
  const units = (kernel.shape as number[])[1];
  const flat = x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, nIn]);
  const product = tf.matMul(flat, kernel as tf.Tensor2D);
  const z = bias ? tf.add(product, bias) : product;
  return x.rank === 2 ? z : tf.reshape(z, [...(x.shape as number[]).slice(0, -1), units]);
}

export function toFloat(x: tf.Tensor): tf.Tensor {
  return x.dtype === 'float32' ? x : tf.cast(x, 'float32');
}
