// Graph convolution (Kipf & Welling, 2017): H = f(Â·X·W + b) with Â = D̂^(−1/2)·(A + I)·D̂^(−1/2),
// the symmetrically normalised adjacency with self-loops, D̂ the degrees of A + I. The
// catalog's "normalised adjacency with self-loops" is this Â; the layer adds the self-loops
// itself, so the data gives A with a zero diagonal (as data/karate.ts does).

import * as tf from '@tensorflow/tfjs-core';
import { LayerKernel } from '../kernel';
import { activate, activationFormula } from './activations';
import { affine, boolAttr, defineKernel, requireParam, stringAttr, toFloat } from './basicShared';

/** Â for a batch of adjacencies [batch, n, n]. */
export function normalizedAdjacency(adjacency: tf.Tensor): tf.Tensor {
  const n = adjacency.shape[adjacency.rank - 1];
  const withLoops = tf.add(adjacency, tf.eye(n));
  const inverseRoot = tf.rsqrt(tf.sum(withLoops, -1));
  return tf.mul(tf.mul(tf.expandDims(inverseRoot, -1), withLoops), tf.expandDims(inverseRoot, -2));
}

/** Inputs: node features X [batch, n, F] and adjacency A [batch or 1, n, n]. */
const graphConv = defineKernel('graph_conv', (ctx, params, inputs, note) => {
  const [features, adjacency] = inputs;
  const x = toFloat(features);
  let a = note('A_hat', 'Â = D̂^(−1/2)·(A + I)·D̂^(−1/2)', normalizedAdjacency(toFloat(adjacency)));
  if (a.shape[0] !== x.shape[0]) a = tf.broadcastTo(a, [x.shape[0], ...a.shape.slice(1)]);
  const useBias = boolAttr(ctx, 'use_bias', true) && params.bias !== undefined;
  const messages = tf.matMul(a as tf.Tensor3D, x as tf.Tensor3D);
  const kernel = requireParam(ctx, params, 'kernel');
  const z = note('Z', useBias ? 'Z = Â·X·W + b' : 'Z = Â·X·W', affine(messages, kernel, useBias ? params.bias : undefined));
  const name = stringAttr(ctx, 'activation', 'linear');
  return { output: note('H', activationFormula(name).replace(/^A/, 'H'), activate(name, z)) };
});

export const GRAPH_KERNELS: readonly LayerKernel[] = [graphConv];
