// Merges: add, subtract, multiply, average with the checker's broadcasting, and concat. The
// language broadcasts per sample ([3, 3] + [3] is fine), so a lower-rank input gets its unit
// axes after the batch axis, not before it; a constant's batch of 1 broadcasts over any batch.

import * as tf from '@tensorflow/tfjs-core';
import { KernelContext, LayerKernel } from '../kernel';
import { batchedAxis, defineKernel, numberAttr } from './basicShared';

/** Gives every input the same rank by inserting unit axes right after the batch axis. */
function alignRanks(inputs: readonly tf.Tensor[]): tf.Tensor[] {
  const rank = Math.max(...inputs.map((t) => t.rank));
  return inputs.map((t) => {
    if (t.rank === rank) return t;
    const [batch, ...sample] = t.shape;
    return tf.reshape(t, [batch, ...new Array<number>(rank - t.rank).fill(1), ...sample]);
  });
}

function symbols(ctx: KernelContext): string[] {
  return ctx.layer.inputs.map((input) => (input.port ? `${input.layer}.${input.port}` : input.layer));
}

type Combine = (inputs: tf.Tensor[]) => tf.Tensor;

function broadcastMerge(kind: string, combine: Combine, formula: (names: string[]) => string): LayerKernel {
  return defineKernel(kind, (ctx, _params, inputs, note) => ({
    output: note('A', `A = ${formula(symbols(ctx))}`, combine(alignRanks(inputs))),
  }));
}

const sum: Combine = (xs) => xs.slice(1).reduce((a, b) => tf.add(a, b), xs[0]);
const product: Combine = (xs) => xs.slice(1).reduce((a, b) => tf.mul(a, b), xs[0]);

/** concat along a per-sample axis; inputs with a batch of 1 (constants) are repeated over the batch. */
const concat = defineKernel('concat', (ctx, _params, inputs, note) => {
  const batch = Math.max(...inputs.map((t) => t.shape[0]));
  const full = inputs.map((t) => (t.shape[0] === batch ? t : tf.broadcastTo(t, [batch, ...t.shape.slice(1)])));
  const axis = batchedAxis(numberAttr(ctx, 'axis', -1));
  return { output: note('A', `A = [${symbols(ctx).join(', ')}]`, tf.concat(full, axis)) };
});

export const MERGE_KERNELS: readonly LayerKernel[] = [
  broadcastMerge('add', sum, (names) => names.join(' + ')),
  broadcastMerge('subtract', (xs) => tf.sub(xs[0], xs[1]), (names) => names.join(' − ')),
  broadcastMerge('multiply', product, (names) => names.join(' ⊙ ')),
  broadcastMerge('average', (xs) => tf.div(sum(xs), xs.length), (names) => `(${names.join(' + ')}) / ${names.length}`),
  concat,
];
