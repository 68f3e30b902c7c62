// The activation functions of the course, shared by activation layers and by every layer
// with `activation=`. Each comes with the formula a "step into" view prints, in the course's
// notation (A = f(Z)). Core code calls tfjs ops as functions (tf.mul(a, b)): chained methods
// exist only where a bundle registers them.

import * as tf from '@tensorflow/tfjs-core';
import { ACTIVATIONS } from '../../lang/layers/common';

export type ActivationName = (typeof ACTIVATIONS)[number];

/** GELU's tanh approximation constant √(2/π), as Keras' approximate=True and GPT-2 use. */
const GELU_C = Math.sqrt(2 / Math.PI);

export function activate(name: string, z: tf.Tensor, alpha?: number, axis = -1): tf.Tensor {
  switch (name as ActivationName) {
    case 'linear':
    case 'identity':
      return z;
    case 'step':
      // Heaviside with step(0) = 1, the perceptron's threshold unit: w·x + b ≥ 0 fires.
      return tf.tidy(() => tf.sub(1, tf.step(tf.neg(z))));
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'tanh':
      return tf.tanh(z);
    case 'relu':
      return tf.relu(z);
    case 'leaky_relu':
      return tf.leakyRelu(z, alpha ?? 0.3);
    case 'elu':
      return eluWithAlpha(z, alpha ?? 1);
    case 'gelu':
      return tf.tidy(() => tf.mul(tf.mul(z, 0.5), tf.add(1, tf.tanh(tf.mul(tf.add(z, tf.mul(tf.pow(z, 3), 0.044715)), GELU_C)))));
    case 'softmax':
      return softmaxOnAxis(z, axis);
    default:
      throw new Error(`Unknown activation '${name}'`);
  }
}

function eluWithAlpha(z: tf.Tensor, alpha: number): tf.Tensor {
  if (alpha === 1) return tf.elu(z);
  // elu(z) = z for z > 0, α·(eᶻ − 1) otherwise, written without tf.where: the comparison in
  // its condition has no gradient, and tf.grads would throw on it.
  return tf.tidy(() => tf.add(tf.relu(z), tf.mul(tf.sub(tf.exp(tf.minimum(z, 0)), 1), alpha)));
}

function softmaxOnAxis(z: tf.Tensor, axis: number): tf.Tensor {
  const rank = z.rank;
  if (axis === -1 || axis === rank - 1) return tf.softmax(z);
  // tf.softmax takes only the last axis; elsewhere, the stable formula by hand.
  return tf.tidy(() => {
    const e = tf.exp(tf.sub(z, tf.max(z, axis, true)));
    return tf.div(e, tf.sum(e, axis, true));
  });
}

/** The formula a step-into view prints for `A = f(Z)`. */
export function activationFormula(name: string, alpha?: number): string {
  switch (name as ActivationName) {
    case 'linear':
    case 'identity':
      return 'A = Z';
    case 'step':
      return 'A = 1 if Z ≥ 0 else 0';
    case 'sigmoid':
      return 'A = σ(Z) = 1 / (1 + e^(−Z))';
    case 'tanh':
      return 'A = tanh(Z)';
    case 'relu':
      return 'A = max(0, Z)';
    case 'leaky_relu':
      return `A = max(${alpha ?? 0.3}·Z, Z)`;
    case 'elu':
      return `A = Z if Z > 0 else ${alpha ?? 1}·(e^Z − 1)`;
    case 'gelu':
      return 'A = ½·Z·(1 + tanh(√(2/π)·(Z + 0.044715·Z³)))';
    case 'softmax':
      return 'A_i = e^(Z_i) / Σ_j e^(Z_j)';
    default:
      return `A = ${name}(Z)`;
  }
}

export function isActivation(name: string): name is ActivationName {
  return (ACTIVATIONS as readonly string[]).includes(name);
}
