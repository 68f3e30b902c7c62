// Token embeddings and positional encodings: the first layers of a transformer. An embedding
// looks rows up in its table (tf.gather, whose gradient adds into the rows used); a
// positional encoding adds one vector per position, sinusoidal or learned.

import * as tf from '@tensorflow/tfjs-core';
import { LayerKernel } from '../kernel';
import { defineKernel, requireParam, stringAttr } from './basicShared';

const embedding = defineKernel('embedding', (ctx, params, inputs, note) => {
  const ids = inputs[0].dtype === 'int32' ? inputs[0] : tf.cast(inputs[0], 'int32');
  const table = requireParam(ctx, params, 'embeddings');
  return { output: note('A', 'A = E[x] (row x of the table E)', tf.gather(table, ids)) };
});

/** PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d)), as [length, d]. */
export function sinusoidalTable(length: number, d: number): Float32Array {
  const table = new Float32Array(length * d);
  for (let pos = 0; pos < length; pos++) {
    for (let j = 0; j < d; j++) {
      const angle = pos / Math.pow(10000, (j - (j % 2)) / d);
      table[pos * d + j] = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return table;
}

/** positional_encoding: input [batch, sequence, d]; the table broadcasts over the batch. */
const positionalEncoding = defineKernel('positional_encoding', (ctx, params, inputs, note) => {
  const x = inputs[0];
  const [, length, d] = x.shape;
  const learned = stringAttr(ctx, 'mode', 'sinusoidal') === 'learned';
  const table = learned
    ? note('PE', 'PE = P (a learned row per position)', requireParam(ctx, params, 'embeddings'))
    : note('PE', 'PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d))', tf.tensor(sinusoidalTable(length, d), [length, d]));
  return { output: note('A', 'A = X + PE', tf.add(x, table)) };
});

export const EMBEDDING_KERNELS: readonly LayerKernel[] = [embedding, positionalEncoding];
