// The course's activations over rows of a Float32Array, for the small-network path. Each
// forward and each derivative matches kernels/activations.ts on tfjs, including tfjs' choices
// at the kinks (relu'(0) = 0, step' = 0, elu'(0) = α) so both engines give the same numbers.

import { ActivationName } from '../kernels/activations';

/** GELU's tanh approximation constant √(2/π), as kernels/activations.ts. */
const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_K = 0.044715;

export interface ArrayActivation {
  readonly name: ActivationName;
  /** leaky_relu's slope, elu's scale; ignored by the others. */
  readonly alpha: number;
}

export function isIdentity(activation: ArrayActivation): boolean {
  return activation.name === 'linear' || activation.name === 'identity';
}

/** a = f(z) over `count` entries; softmax works row by row over `width` entries. */
export function activateArray(activation: ArrayActivation, z: Float32Array, a: Float32Array, count: number, width: number): void {
  const alpha = activation.alpha;
  switch (activation.name) {
    case 'linear':
    case 'identity':
      if (a !== z) a.set(z.subarray(0, count));
      return;
    case 'step':
      for (let i = 0; i < count; i++) a[i] = z[i] >= 0 ? 1 : 0;
      return;
    case 'sigmoid':
      for (let i = 0; i < count; i++) a[i] = 1 / (1 + Math.exp(-z[i]));
      return;
    case 'tanh':
      for (let i = 0; i < count; i++) a[i] = Math.tanh(z[i]);
      return;
    case 'relu':
      for (let i = 0; i < count; i++) a[i] = z[i] > 0 ? z[i] : 0;
      return;
    case 'leaky_relu':
      for (let i = 0; i < count; i++) a[i] = z[i] > 0 ? z[i] : alpha * z[i];
      return;
    case 'elu':
      for (let i = 0; i < count; i++) a[i] = z[i] > 0 ? z[i] : alpha * (Math.exp(z[i]) - 1);
      return;
    case 'gelu':
      for (let i = 0; i < count; i++) {
        const v = z[i];
        a[i] = 0.5 * v * (1 + Math.tanh(GELU_C * (v + GELU_K * v * v * v)));
      }
      return;
    case 'softmax':
      softmaxRows(z, a, count, width);
      return;
  }
}

function softmaxRows(z: Float32Array, a: Float32Array, count: number, width: number): void {
  for (let row = 0; row < count; row += width) {
    let max = -Infinity;
    for (let j = row; j < row + width; j++) if (z[j] > max) max = z[j];
    let sum = 0;
    for (let j = row; j < row + width; j++) {
      const e = Math.exp(z[j] - max);
      a[j] = e;
      sum += e;
    }
    const inverse = 1 / sum;
    for (let j = row; j < row + width; j++) a[j] *= inverse;
  }
}

/**
 * dz = da · f'(z), from z and a = f(z) (sigmoid and tanh use a, as tfjs' gradients do).
 * `dz` may be `da` itself: each entry is read before it is written.
 */
export function activationBackward(
  activation: ArrayActivation,
  z: Float32Array,
  a: Float32Array,
  da: Float32Array,
  dz: Float32Array,
  count: number,
  width: number,
): void {
  const alpha = activation.alpha;
  switch (activation.name) {
    case 'linear':
    case 'identity':
      if (dz !== da) dz.set(da.subarray(0, count));
      return;
    case 'step':
      dz.fill(0, 0, count);
      return;
    case 'sigmoid':
      for (let i = 0; i < count; i++) dz[i] = da[i] * a[i] * (1 - a[i]);
      return;
    case 'tanh':
      for (let i = 0; i < count; i++) dz[i] = da[i] * (1 - a[i] * a[i]);
      return;
    case 'relu':
      for (let i = 0; i < count; i++) dz[i] = z[i] > 0 ? da[i] : 0;
      return;
    case 'leaky_relu':
      for (let i = 0; i < count; i++) dz[i] = z[i] > 0 ? da[i] : alpha * da[i];
      return;
    case 'elu':
      for (let i = 0; i < count; i++) dz[i] = z[i] > 0 ? da[i] : da[i] * alpha * Math.exp(z[i]);
      return;
    case 'gelu':
      for (let i = 0; i < count; i++) {
        const v = z[i];
        const t = Math.tanh(GELU_C * (v + GELU_K * v * v * v));
        dz[i] = da[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * GELU_C * (1 + 3 * GELU_K * v * v));
      }
      return;
    case 'softmax':
      // dz_j = a_j·(da_j − Σ_k da_k·a_k), row by row.
      for (let row = 0; row < count; row += width) {
        let dot = 0;
        for (let j = row; j < row + width; j++) dot += da[j] * a[j];
        for (let j = row; j < row + width; j++) dz[j] = a[j] * (da[j] - dot);
      }
      return;
  }
}
