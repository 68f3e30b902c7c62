// The kernels of an MLP's layers: input, constant, dense, the activation layers, dropout,
// flatten and reshape; and BASIC_KERNELS, every kernel of this family of files. Shapes in the
// graph are per sample; tensors here are batch-first.

import * as tf from '@tensorflow/tfjs-core';
import { KernelContext, LayerKernel } from '../kernel';
import { activate, activationFormula } from './activations';
import { Random } from '../../data/random';
import { affine, batchedAxis, boolAttr, defineKernel, numberAttr, requireParam, stringAttr, tensorAttr, toFloat } from './basicShared';
import { EMBEDDING_KERNELS } from './embedding';
import { GRAPH_KERNELS } from './graphConv';
import { MERGE_KERNELS } from './merge';
import { NORMALIZATION_KERNELS } from './normalization';

/**
 * input: a literal `value=` gives [n, ...shape] (n samples stacked on a first axis, as the
 * shape rule allows); otherwise the fed batch passes through, int32 token ids included.
 */
const input = defineKernel('input', (ctx, _params, inputs) => {
  const literal = tensorAttr(ctx, 'value');
  if (!literal) {
    if (!inputs[0]) throw new Error(`Input layer '${ctx.layer.name}' was given no data`);
    return { output: inputs[0] };
  }
  const dtype = ctx.layer.dtype;
  const shape = ctx.layer.outputShape;
  if (shape.every((d): d is number => d !== null)) {
    const one = shape.reduce((a, b) => a * b, 1);
    return { output: tf.tensor(literal.values as number[], [literal.values.length / one, ...shape], dtype) };
  }
  // A shape with None dimensions takes the literal's own: one sample unless it has an extra axis.
  const own = literal.shape.length === shape.length ? [1, ...literal.shape] : [...literal.shape];
  return { output: tf.tensor(literal.values as number[], own, dtype) };
});

/**
 * constant: the literal with a batch axis of size 1 ([1, ...value.shape]), so the graph's
 * per-sample shape (value.shape) holds and it broadcasts against any batch in a merge.
 */
const constant = defineKernel('constant', (ctx) => {
  const literal = tensorAttr(ctx, 'value');
  if (!literal) throw new Error(`Constant layer '${ctx.layer.name}' has no value`);
  return { output: tf.tensor(literal.values as number[], [1, ...literal.shape], 'float32') };
});

const dense = defineKernel('dense', (ctx, params, inputs, note) => {
  const useBias = boolAttr(ctx, 'use_bias', true) && params.bias !== undefined;
  const z = note('Z', useBias ? 'Z = A·W + b' : 'Z = A·W', affine(toFloat(inputs[0]), requireParam(ctx, params, 'kernel'), useBias ? params.bias : undefined));
  const name = stringAttr(ctx, 'activation', 'linear');
  const alpha = alphaOf(ctx);
  return { output: note('A', activationFormula(name, alpha), activate(name, z, alpha)) };
});

function alphaOf(ctx: KernelContext): number | undefined {
  const value = ctx.layer.attrs.alpha;
  return typeof value === 'number' ? value : undefined;
}


/** An activation layer: `fixed` names the function, or the `function` attribute does. */
function activationKernel(kind: string, fixed?: string): LayerKernel {
  return defineKernel(kind, (ctx, _params, inputs, note) => {
    const name = fixed ?? stringAttr(ctx, 'function', 'linear');
    const alpha = alphaOf(ctx);
    const axis = batchedAxis(numberAttr(ctx, 'axis', -1));
    return { output: note('A', activationFormula(name, alpha), activate(name, toFloat(inputs[0]), alpha, axis)) };
  });
}

/**
 * dropout: inverted dropout in training, identity in evaluation. The mask is drawn in plain
 * JavaScript from `ctx.seed` (xoshiro, see data/random.ts), not by tf.randomUniform, so the
 * same seed gives the same mask on every backend and on every replay of a step. The engine
 * folds the layer's own `seed=` into `ctx.seed`.
 */
const dropout = defineKernel('dropout', (ctx, _params, inputs, note) => {
  const x = toFloat(inputs[0]);
  const rate = numberAttr(ctx, 'rate', 0);
  if (ctx.mode !== 'train' || rate === 0) return { output: note('A', 'A = X (evaluation: no dropout)', x) };
  const mask = note('M', `M = Bernoulli(1 − ${rate}) / (1 − ${rate})`, tf.tensor(dropoutMask(x.size, rate, ctx.seed), x.shape));
  return { output: note('A', 'A = X ⊙ M', tf.mul(x, mask)) };
});

/** Keeps each entry with probability 1 − rate, scaled by 1/(1 − rate) so the mean is unchanged. */
export function dropoutMask(size: number, rate: number, seed: number): Float32Array {
  const random = Random.stream(seed, 'dropout');
  const keep = 1 / (1 - rate);
  const mask = new Float32Array(size);
  for (let i = 0; i < size; i++) mask[i] = random.next() < rate ? 0 : keep;
  return mask;
}

const flatten = defineKernel('flatten', (_ctx, _params, inputs) => ({ output: tf.reshape(inputs[0], [inputs[0].shape[0], -1]) }));

/** reshape: the graph's output shape is the target with any -1 already resolved. */
const reshape = defineKernel('reshape', (ctx, _params, inputs) => {
  const target = ctx.layer.outputShape.map((d) => d ?? -1);
  return { output: tf.reshape(inputs[0], [inputs[0].shape[0], ...target]) };
});

const ACTIVATION_KINDS = ['linear', 'identity', 'step', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'gelu', 'softmax'];

export const BASIC_KERNELS: readonly LayerKernel[] = [
  input,
  constant,
  dense,
  ...ACTIVATION_KINDS.map((kind) => activationKernel(kind, kind)),
  activationKernel('activation'),
  dropout,
  flatten,
  reshape,
  ...NORMALIZATION_KERNELS,
  ...MERGE_KERNELS,
  ...EMBEDDING_KERNELS,
  ...GRAPH_KERNELS,
];
