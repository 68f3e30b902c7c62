// The losses of the course over tfjs tensors, with Keras' numbers (so a model trained here and
// in Keras reports the same loss), the regularisation penalties as the course writes them, and
// the accuracy metric. Everything is differentiable with tf.grad; inputs are batch-first.

import * as tf from '@tensorflow/tfjs-core';
import { LOSSES } from '../lang/sections';
import { GraphLayer, ModelGraph, SectionConfig } from '../model/graph';

/** Keras' backend epsilon: probabilities are clipped to [ε, 1 − ε] before the logarithm. */
export const EPSILON = 1e-7;

export type LossName = (typeof LOSSES)[number]['name'];

export interface Loss {
  readonly name: LossName;
  readonly fromLogits: boolean;
  /** The loss as the course writes it, with the engine's own convention where they differ. */
  readonly formula: string;
  /**
   * The mean loss over examples (and over positions for sequence outputs). With a mask, the
   * weighted mean Σ mask·loss / Σ mask, 0 when the mask is all zeros. `mask` has the shape of
   * the per-entry loss (yPred without its last axis) or just [batch].
   */
  compute(yTrue: tf.Tensor, yPred: tf.Tensor, mask?: tf.Tensor): tf.Scalar;
}

const FORMULAS: Record<LossName, (fromLogits: boolean) => string> = {
  // Keras' mean of squares, not the course's 1/(2N): the values then match Keras; the course's
  // ½ only halves the value and the gradient (same minimum), which the formula text says.
  mse: () => 'L = 1/N Σ (y − ŷ)²   (the course writes 1/(2N) Σ (y − ŷ)²: half the value, same minimum)',
  mae: () => 'L = 1/N Σ |y − ŷ|',
  binary_crossentropy: (logits) =>
    logits ? 'L = −1/N Σ [y·log σ(z) + (1 − y)·log(1 − σ(z))],  ŷ = σ(z)' : 'L = −1/N Σ [y·log ŷ + (1 − y)·log(1 − ŷ)]',
  categorical_crossentropy: (logits) => (logits ? 'L = −1/N Σ_i Σ_k y_k·log softmax(z)_k' : 'L = −1/N Σ_i Σ_k y_k·log ŷ_k'),
  sparse_categorical_crossentropy: (logits) => (logits ? 'L = −1/N Σ_i log softmax(z)_{y_i}' : 'L = −1/N Σ_i log ŷ_{y_i}'),
  hinge: () => 'L = 1/N Σ max(0, 1 − y·ŷ),  y ∈ {−1, 1}',
};

/** Per-entry loss: one value per example (per position for sequences), the last axis reduced. */
function perEntry(name: LossName, fromLogits: boolean, yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  switch (name) {
    case 'mse':
      return tf.mean(tf.squaredDifference(yTrue, yPred), -1);
    case 'mae':
      return tf.mean(tf.abs(tf.sub(yTrue, yPred)), -1);
    case 'binary_crossentropy':
      if (fromLogits) {
        // max(z, 0) − z·y + log(1 + e^−|z|): never exponentiates a large positive number.
        const z = yPred;
        return tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(z, yTrue)), tf.log1p(tf.exp(tf.neg(tf.abs(z))))), -1);
      } else {
        const p = tf.clipByValue(yPred, EPSILON, 1 - EPSILON);
        const terms = tf.add(tf.mul(yTrue, tf.log(p)), tf.mul(tf.sub(1, yTrue), tf.log(tf.sub(1, p))));
        return tf.neg(tf.mean(terms, -1));
      }
    case 'categorical_crossentropy':
      return crossEntropy(yTrue, yPred, fromLogits);
    case 'sparse_categorical_crossentropy': {
      const classes = yPred.shape[yPred.shape.length - 1];
      const ids = yTrue.rank === yPred.rank ? tf.squeeze(yTrue, [-1]) : yTrue;
      return crossEntropy(tf.reshape(tf.oneHot(tf.cast(tf.reshape(ids, [-1]), 'int32'), classes), yPred.shape), yPred, fromLogits);
    }
    default: {
      // hinge. Keras turns 0/1 labels into −1/+1; mapping 0 to −1 does that and leaves ±1 alone.
      const y = tf.where(tf.equal(yTrue, 0), tf.fill(yTrue.shape, -1), yTrue);
      return tf.mean(tf.relu(tf.sub(1, tf.mul(y, yPred))), -1);
    }
  }
}

function crossEntropy(oneHot: tf.Tensor, yPred: tf.Tensor, fromLogits: boolean): tf.Tensor {
  if (fromLogits) return tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(yPred)), -1));
  // Keras renormalises the rows before clipping, so a softmax's rounding never matters.
  const p = tf.clipByValue(tf.div(yPred, tf.sum(yPred, -1, true)), EPSILON, 1 - EPSILON);
  return tf.neg(tf.sum(tf.mul(oneHot, tf.log(p)), -1));
}

/** Σ mask·values / Σ mask over `values`' entries, the mask broadcast from [batch] if need be. */
function maskedMean(values: tf.Tensor, mask: tf.Tensor | undefined): tf.Scalar {
  if (!mask) return tf.mean(values);
  let weights = tf.cast(mask, 'float32');
  if (weights.rank < values.rank) weights = tf.reshape(weights, [...weights.shape, ...new Array<number>(values.rank - weights.rank).fill(1)]);
  weights = tf.broadcastTo(weights, values.shape);
  return tf.divNoNan(tf.sum(tf.mul(weights, values)), tf.sum(weights));
}

function isLossName(name: string): name is LossName {
  return LOSSES.some((l) => l.name === name);
}

/** The loss a model without a `loss` line gets: cross-entropy on a softmax or sigmoid output, else mse. */
function defaultLoss(output: GraphLayer): LossName {
  const activation = output.kind === 'activation' ? output.attrs.function : output.attrs.activation;
  if (activation === 'softmax' || output.kind === 'softmax') return 'categorical_crossentropy';
  if (activation === 'sigmoid' || output.kind === 'sigmoid') return 'binary_crossentropy';
  return 'mse';
}

export function createLoss(config: SectionConfig | undefined, output: GraphLayer): Loss {
  const name = config?.name ?? defaultLoss(output);
  if (!isLossName(name)) throw new Error(`Unknown loss '${name}' (line ${(config?.line ?? 0) + 1}).`);
  const fromLogits = config?.attrs.from_logits === true;
  return {
    name,
    fromLogits,
    formula: FORMULAS[name](fromLogits),
    compute: (yTrue, yPred, mask) => tf.tidy(() => maskedMean(perEntry(name, fromLogits, yTrue, yPred), mask)),
  };
}

/** Parameters that count as weights W for the penalties: kernels, not biases, norms or tables. */
export function isPenalised(paramName: string): boolean {
  return paramName === 'kernel' || paramName.endsWith('_kernel') || paramName.endsWith('/kernel');
}

/** The weights a layer's own l1/l2 penalise, as Keras' kernel_regularizer (depthwise_ and pointwise_ for separable ones). */
const LAYER_PENALISED = new Set(['kernel', 'depthwise_kernel', 'pointwise_kernel', 'forward_kernel', 'backward_kernel']);

function numberAttr(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/**
 * The regularisation added to the loss. Per layer, as Keras' kernel_regularizer:
 * l1·Σ|W| + l2·Σ W² over that layer's `kernel`. On the loss line, as the course writes it:
 * λ/(2N)·Σ W² (N = batch size) plus l1·Σ|W|, over every penalised weight of the model
 * (kernels, recurrent kernels and attention projections; never biases, which only shift).
 * `params` maps layer name → parameter name → tensor (the live values).
 */
export function penalty(graph: ModelGraph, params: Readonly<Record<string, Readonly<Record<string, tf.Tensor>>>>, loss: SectionConfig | undefined, batchSize: number): tf.Scalar {
  return tf.tidy(() => {
    const globalL1 = numberAttr(loss?.attrs.l1);
    const globalL2 = numberAttr(loss?.attrs.l2);
    let total: tf.Scalar = tf.scalar(0);
    for (const layer of graph.layers) {
      const layerParams = params[layer.name];
      if (!layerParams) continue;
      const layerL1 = numberAttr(layer.attrs.l1);
      const layerL2 = numberAttr(layer.attrs.l2);
      for (const [name, w] of Object.entries(layerParams)) {
        if (!isPenalised(name)) continue;
        const own = LAYER_PENALISED.has(name);
        const l1 = (own ? layerL1 : 0) + globalL1;
        const l2 = (own ? layerL2 : 0) + globalL2 / (2 * batchSize);
        if (l1 > 0) total = tf.add(total, tf.mul(l1, tf.sum(tf.abs(w))));
        if (l2 > 0) total = tf.add(total, tf.mul(l2, tf.sum(tf.square(w))));
      }
    }
    return total;
  });
}

/**
 * Fraction of correct predictions, as Keras' 'accuracy' picks it: class ids against the argmax
 * for sparse cross-entropy; argmax against argmax for one-hot rows; otherwise each output unit
 * thresholded (0.5 on probabilities, 0 on logits and hinge scores) against its 0/1 (or ±1) label.
 */
export function accuracy(yTrue: tf.Tensor, yPred: tf.Tensor, loss: string | Pick<Loss, 'name' | 'fromLogits'>, mask?: tf.Tensor): tf.Scalar {
  const name = typeof loss === 'string' ? loss : loss.name;
  const fromLogits = typeof loss === 'string' ? false : loss.fromLogits;
  return tf.tidy(() => {
    const units = yPred.shape[yPred.rank - 1];
    let correct: tf.Tensor;
    if (name === 'sparse_categorical_crossentropy') {
      const ids = yTrue.rank === yPred.rank ? tf.squeeze(yTrue, [-1]) : yTrue;
      correct = tf.equal(tf.argMax(yPred, -1), tf.cast(ids, 'int32'));
    } else if (name === 'categorical_crossentropy' || (units > 1 && name !== 'binary_crossentropy')) {
      correct = tf.equal(tf.argMax(yPred, -1), tf.argMax(yTrue, -1));
    } else {
      const threshold = fromLogits || name === 'hinge' ? 0 : 0.5;
      const labelThreshold = name === 'hinge' ? 0 : 0.5;
      correct = tf.equal(tf.greater(yPred, threshold), tf.greater(yTrue, labelThreshold));
    }
    return maskedMean(tf.cast(correct, 'float32'), mask);
  });
}
