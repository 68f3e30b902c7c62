// Batch and layer normalisation, in the course's notation: x̂ = (x − μ) / √(σ² + ε), then
// y = γ·x̂ + β. Batch norm reads statistics over every axis but the last (the channels) and,
// in training, returns its running averages as state updates for the caller to assign.

import * as tf from '@tensorflow/tfjs-core';
import { LayerKernel } from '../kernel';
import { defineKernel, numberAttr, requireParam } from './basicShared';

/**
 * batchnorm. Training: batch statistics (the biased variance, as Keras), and the running
 * averages moving = momentum·moving + (1 − momentum)·batch. Evaluation: the running averages.
 */
const batchnorm = defineKernel('batchnorm', (ctx, params, inputs, note) => {
  const x = inputs[0];
  const epsilon = numberAttr(ctx, 'epsilon', 0.001);
  const momentum = numberAttr(ctx, 'momentum', 0.99);
  const gamma = requireParam(ctx, params, 'gamma');
  const beta = requireParam(ctx, params, 'beta');
  const movingMean = requireParam(ctx, params, 'moving_mean');
  const movingVariance = requireParam(ctx, params, 'moving_variance');
  const training = ctx.mode === 'train';
  let mean = movingMean;
  let variance = movingVariance;
  if (training) {
    const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
    const moments = tf.moments(x, axes);
    mean = note('mu_B', 'μ_B = (1/m)·Σ x_i', moments.mean);
    variance = note('var_B', 'σ²_B = (1/m)·Σ (x_i − μ_B)²', moments.variance);
  } else {
    note('mu', 'μ = moving_mean', mean);
    note('var', 'σ² = moving_variance', variance);
  }
  const symbols = training ? '(x − μ_B) / √(σ²_B + ε)' : '(x − μ) / √(σ² + ε)';
  const normalized = note('x_hat', `x̂ = ${symbols}`, tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))));
  const output = note('y', 'y = γ·x̂ + β', tf.add(tf.mul(gamma, normalized), beta));
  if (!training) return { output };
  const blend = (moving: tf.Tensor, batch: tf.Tensor) => tf.add(tf.mul(moving, momentum), tf.mul(batch, 1 - momentum));
  return { output, stateUpdates: { moving_mean: blend(movingMean, mean), moving_variance: blend(movingVariance, variance) } };
});

/** layernorm: each sample over its last axis, the same in training and evaluation. */
const layernorm = defineKernel('layernorm', (ctx, params, inputs, note) => {
  const x = inputs[0];
  const epsilon = numberAttr(ctx, 'epsilon', 0.001);
  const moments = tf.moments(x, -1, true);
  const mean = note('mu', 'μ = (1/d)·Σ_j x_j', moments.mean);
  const variance = note('var', 'σ² = (1/d)·Σ_j (x_j − μ)²', moments.variance);
  const normalized = note('x_hat', 'x̂ = (x − μ) / √(σ² + ε)', tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))));
  const gamma = requireParam(ctx, params, 'gamma');
  const beta = requireParam(ctx, params, 'beta');
  return { output: note('y', 'y = γ·x̂ + β', tf.add(tf.mul(gamma, normalized), beta)) };
});

export const NORMALIZATION_KERNELS: readonly LayerKernel[] = [batchnorm, layernorm];
