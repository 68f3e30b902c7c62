// Multi-head attention as Keras' MultiHeadAttention computes it: per head, Q, K, V
// projections, scores Q·Kᵀ scaled by 1/√d_k, an optional causal mask, softmax, ·V; then the
// heads are joined by the output projection. Inputs: query, then value, then key (Keras'
// order; key defaults to value, value to query). Port 'scores': the weights [batch, h, Tq, Tk].

import * as tf from '@tensorflow/tfjs-core';
import { KernelContext, LayerKernel, Params } from '../kernel';
import { attrBool, attrNumber, param, runForward } from './spatialCommon';

/** Adding −10⁹ drives a masked score's softmax weight to exactly 0 in float32. */
const MASKED = -1e9;

/** [batch, T, d] · W [d, h, k] + b [h, k] → [batch, h, T, k]. */
function project(ctx: KernelContext, params: Params, name: string, x: tf.Tensor, useBias: boolean): tf.Tensor {
  const kernel = param(ctx, params, `${name}/kernel`);
  const [d, heads, size] = kernel.shape as number[];
  const [batch, time] = x.shape as number[];
  let y = tf.matMul(tf.reshape(x, [batch * time, d]), tf.reshape(kernel, [d, heads * size]));
  if (useBias) y = tf.add(y, tf.reshape(param(ctx, params, `${name}/bias`), [heads * size]));
  return tf.transpose(tf.reshape(y, [batch, time, heads, size]), [0, 2, 1, 3]);
}

/** 0 where query i may see key j (j ≤ i), −10⁹ above the diagonal. */
function causalMask(tq: number, tk: number): tf.Tensor {
  const values = new Float32Array(tq * tk);
  for (let i = 0; i < tq; i++) for (let j = i + 1; j < tk; j++) values[i * tk + j] = MASKED;
  return tf.tensor2d(values, [tq, tk]);
}

export const attentionKernel: LayerKernel = {
  kind: 'attention',
  forward(ctx, params, inputs) {
    const { attrs } = ctx.layer;
    const query = inputs[0];
    const value = inputs[1] ?? query;
    const key = inputs[2] ?? value;
    const useBias = attrBool(attrs, 'use_bias', true);
    const causal = attrBool(attrs, 'causal', false);
    const rate = attrNumber(attrs, 'dropout', 0);
    return runForward(ctx, (record) => {
      const q = record('Q', 'Q = X_q·W_Q + b_Q (per head)', project(ctx, params, 'query', query, useBias));
      const k = record('K', 'K = X_k·W_K + b_K (per head)', project(ctx, params, 'key', key, useBias));
      const v = record('V', 'V = X_v·W_V + b_V (per head)', project(ctx, params, 'value', value, useBias));
      const dk = (q.shape as number[])[3];
      const products = record('QK', 'Q·Kᵀ', tf.matMul(q, k, false, true));
      let scores = record('S', `S = Q·Kᵀ / √d_k = Q·Kᵀ / √${dk}`, tf.mul(products, 1 / Math.sqrt(dk)));
      if (causal) scores = record('masked', 'S_ij = −∞ for j > i (causal: no looking ahead)', tf.add(scores, causalMask((q.shape as number[])[2], (k.shape as number[])[2])));
      const weights = record('weights', 'A = softmax(S) (each row sums to 1)', tf.softmax(scores, -1));
      let used = weights;
      if (ctx.mode === 'train' && rate > 0) {
        // Inverted dropout on the weights; the seed makes the step replayable.
        const keep = tf.cast(tf.greaterEqual(tf.randomUniform(weights.shape, 0, 1, 'float32', ctx.seed), rate), 'float32');
        used = record('dropout', `A' = A·m / (1 − ${rate}), m ~ Bernoulli(1 − ${rate})`, tf.mul(weights, tf.mul(keep, 1 / (1 - rate))));
      }
      const context = record('H', 'H = A·V (per head)', tf.matMul(used, v));
      const [batch, heads, tq, dv] = context.shape as number[];
      const joined = record('concat', 'concat(H_1, …, H_h)', tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [batch, tq, heads * dv]));
      const outKernel = param(ctx, params, 'attention_output/kernel');
      const out = (outKernel.shape as number[])[2];
      let output = tf.reshape(tf.matMul(tf.reshape(joined, [batch * tq, heads * dv]), tf.reshape(outKernel, [heads * dv, out])), [batch, tq, out]);
      if (useBias) output = tf.add(output, param(ctx, params, 'attention_output/bias'));
      record('O', useBias ? 'O = concat·W_O + b_O' : 'O = concat·W_O', output);
      return { output, ports: { scores: weights } };
    });
  },
};
