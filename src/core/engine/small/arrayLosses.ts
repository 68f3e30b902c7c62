// The losses of the course over Float32Arrays, for the small-network path: the mean loss of a
// batch and dL/dŷ in one pass. Definitions follow Keras: probabilities are clipped to
// [ε, 1 − ε] (ε = 1e-7), categorical ones first divided by their row sum; from_logits uses
// the stable forms. With a mask, the mean is Σ w·l / (number of non-zero w), tfjs' default
// reduction (SUM_BY_NONZERO_WEIGHTS).

export const SMALL_LOSSES = ['mse', 'mae', 'binary_crossentropy', 'categorical_crossentropy', 'sparse_categorical_crossentropy', 'hinge'] as const;
export type SmallLossName = (typeof SMALL_LOSSES)[number];

// The clip bounds as float32 holds them, as tfjs (and Keras) clip: 1 − 1e-7 is 0.99999988.
const LOW = Math.fround(1e-7);
const HIGH = Math.fround(1 - 1e-7);

export interface LossSpec {
  readonly name: SmallLossName;
  readonly fromLogits: boolean;
}

/**
 * Returns the mean loss over the batch and writes dL/dŷ into `dOut` (n·k entries). `y` holds
 * n·k targets, or n class ids for the sparse loss. `mask` holds one weight per example (n) or,
 * for the element-wise losses, one per output entry (n·k).
 */
export function lossAndGradient(
  loss: LossSpec,
  out: Float32Array,
  y: ArrayLike<number>,
  n: number,
  k: number,
  dOut: Float32Array,
  mask?: ArrayLike<number>,
): number {
  const perEntryMask = mask !== undefined && mask.length === n * k && k > 1;
  let counted = 0;
  if (mask) for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) counted++;
  const rows = mask ? (perEntryMask ? counted / k : counted) : n;
  if (rows === 0) {
    dOut.fill(0, 0, n * k);
    return 0;
  }
  switch (loss.name) {
    case 'mse':
    case 'mae':
    case 'hinge':
    case 'binary_crossentropy':
      return elementwise(loss, out, y, n, k, dOut, rows * k, mask, perEntryMask);
    case 'categorical_crossentropy':
    case 'sparse_categorical_crossentropy':
      return categorical(loss, out, y, n, k, dOut, rows, mask, perEntryMask ? k : 1);
  }
}

/** Losses that are a mean over every output entry. */
function elementwise(
  loss: LossSpec,
  out: Float32Array,
  y: ArrayLike<number>,
  n: number,
  k: number,
  dOut: Float32Array,
  divisor: number,
  mask: ArrayLike<number> | undefined,
  perEntryMask: boolean,
): number {
  const scale = 1 / divisor;
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const index = i * k + j;
      const w = mask ? mask[perEntryMask ? index : i] : 1;
      const p = out[index];
      const t = y[index];
      let value: number;
      let gradient: number;
      switch (loss.name) {
        case 'mse': {
          const e = p - t;
          value = e * e;
          gradient = 2 * e;
          break;
        }
        case 'mae': {
          const e = p - t;
          value = Math.abs(e);
          // tfjs' |x|' is 1 for x > 0 and −1 otherwise (0 included); match it.
          gradient = e > 0 ? 1 : -1;
          break;
        }
        case 'hinge': {
          const margin = 1 - t * p;
          value = margin > 0 ? margin : 0;
          gradient = margin > 0 ? -t : 0;
          break;
        }
        default: {
          if (loss.fromLogits) {
            // max(z, 0) − z·y + log(1 + e^(−|z|)), with gradient σ(z) − y.
            value = (p > 0 ? p : 0) - p * t + Math.log1p(Math.exp(-Math.abs(p)));
            gradient = 1 / (1 + Math.exp(-p)) - t;
          } else {
            const inside = p >= LOW && p <= HIGH;
            const q = inside ? p : p < LOW ? LOW : HIGH;
            value = -(t * Math.log(q) + (1 - t) * Math.log(1 - q));
            // The clip passes no gradient outside [ε, 1 − ε], as tfjs' clipByValue.
            gradient = inside ? -t / q + (1 - t) / (1 - q) : 0;
          }
        }
      }
      total += w * value;
      dOut[index] = w * gradient * scale;
    }
  }
  return total * scale;
}

/** Cross-entropy over the classes of each row: one-hot rows, or class ids for the sparse loss. */
function categorical(
  loss: LossSpec,
  out: Float32Array,
  y: ArrayLike<number>,
  n: number,
  k: number,
  dOut: Float32Array,
  divisor: number,
  mask: ArrayLike<number> | undefined,
  maskStride: number,
): number {
  const sparse = loss.name === 'sparse_categorical_crossentropy';
  const scale = 1 / divisor;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const row = i * k;
    const w = mask ? mask[i * maskStride] : 1;
    const classId = sparse ? y[i] : -1;
    let targetSum = 1;
    if (!sparse) {
      targetSum = 0;
      for (let j = 0; j < k; j++) targetSum += y[row + j];
    }
    let value = 0;
    if (loss.fromLogits) {
      // L = Σy·logsumexp(z) − Σ y·z; dL/dz = softmax(z)·Σy − y.
      let max = -Infinity;
      for (let j = 0; j < k; j++) if (out[row + j] > max) max = out[row + j];
      let sum = 0;
      for (let j = 0; j < k; j++) sum += Math.exp(out[row + j] - max);
      const logSum = max + Math.log(sum);
      for (let j = 0; j < k; j++) {
        const t = sparse ? (j === classId ? 1 : 0) : y[row + j];
        value += t * (logSum - out[row + j]);
        dOut[row + j] = w * scale * (Math.exp(out[row + j] - logSum) * targetSum - t);
      }
    } else {
      // q = p / Σp, clipped; L = −Σ y·log q. dL/dp_j = (g_j − Σ_m g_m·q̃_m) / Σp, with g = dL/dq.
      let sum = 0;
      for (let j = 0; j < k; j++) sum += out[row + j];
      let dot = 0;
      for (let j = 0; j < k; j++) {
        const q = out[row + j] / sum;
        const inside = q >= LOW && q <= HIGH;
        const clipped = inside ? q : q < LOW ? LOW : HIGH;
        const t = sparse ? (j === classId ? 1 : 0) : y[row + j];
        value -= t * Math.log(clipped);
        const g = inside ? -t / clipped : 0;
        dOut[row + j] = g;
        dot += g * q;
      }
      for (let j = 0; j < k; j++) dOut[row + j] = (w * scale * (dOut[row + j] - dot)) / sum;
    }
    total += w * value;
  }
  return total * scale;
}
