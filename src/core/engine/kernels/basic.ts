// The kernels of an MLP's layers: input, constant, dense, the activation layers, dropout,
// flatten and reshape; and BASIC_KERNELS, every kernel of this family of files. Shapes in the
// graph are per sample; tensors here are batch-first.

import * as tf from '@tensorflow/tfjs-core';
import { KernelContext, LayerKernel } from '../kernel';
import { activate, activationFormula } from './activations';
import { batchedAxis, boolAttr, defineKernel, numberAttr, stringAttr, tensorAttr } from './basicShared';

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

/** A·W (+ b) on the last axis of a tensor of any rank ≥ 2, as Keras' Dense does. */
export function affine(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor | undefined): tf.Tensor {
  const nIn = (x.shape as number[])[x.rank - 1];
  const units = (kernel.shape as number[])[1];
  const flat = x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, nIn]);
  const product = tf.matMul(flat, kernel as tf.Tensor2D);
  const z = bias ? tf.add(product, bias) : product;
  return x.rank === 2 ? z : tf.reshape(z, [...(x.shape as number[]).slice(0, -1), units]);
}

const dense = defineKernel('dense', (ctx, params, inputs, note) => {
  const useBias = boolAttr(ctx, 'use_bias', true) && params.bias !== undefined;
  const z = note('Z', useBias ? 'Z = A·W + b' : 'Z = A·W', affine(toFloat(inputs[0]), params.kernel, useBias ? params.bias : undefined));
  const name = stringAttr(ctx, 'activation', 'linear');
  const alpha = alphaOf(ctx);
  return { output: note('A', activationFormula(name, alpha), activate(name, z, alpha)) };
});

function alphaOf(ctx: KernelContext): number | undefined {
  const value = ctx.layer.attrs.alpha;
  return typeof value === 'number' ? value : undefined;
}

function toFloat(x: tf.Tensor): tf.Tensor {
  return x.dtype === 'float32' ? x : tf.cast(x, 'float32');
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

const ACTIVATION_KINDS = ['linear', 'identity', 'step', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'gelu', 'softmax'];

export const BASIC_KERNELS: readonly LayerKernel[] = [
  input,
  constant,
  dense,
  ...ACTIVATION_KINDS.map((kind) => activationKernel(kind, kind)),
  activationKernel('activation'),
];
