// One small model per kind (or variant) of the basic kernels, with how to make its inputs:
// the table the gradient, inner-operation and leak tests walk.

import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../../src/core/data/random';
import { Mode } from '../../../src/core/engine/kernel';
import { awayFromZero } from './kernels.basic.helpers';

export type InputKind = 'float' | 'positive' | { ids: number };

export interface KernelCase {
  readonly source: string;
  readonly inputs: readonly { shape: number[]; kind?: InputKind }[];
  readonly mode?: Mode;
  /** False for kinds with nothing to differentiate (input, constant). */
  readonly gradient?: boolean;
}

export const CASES: readonly KernelCase[] = [
  { source: 'input x [3]', inputs: [{ shape: [2, 3] }] },
  { source: 'input x [2] value=[[1, 2], [3, 4]]', inputs: [], gradient: false },
  { source: 'input ids [3] dtype=int32', inputs: [{ shape: [2, 3], kind: { ids: 5 } }], gradient: false },
  { source: 'constant c [[1, 2], [3, 4]]', inputs: [], gradient: false },
  { source: 'input x [3]\ndense out 2 activation=tanh', inputs: [{ shape: [2, 3] }] },
  { source: 'input x [2, 3]\ndense out 2 activation=sigmoid', inputs: [{ shape: [2, 2, 3] }] },
  { source: 'input x [3]\ndense out 2 use_bias=false activation=softmax', inputs: [{ shape: [2, 3] }] },
  ...['linear', 'identity', 'step', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'gelu', 'softmax', 'activation elu alpha=0.5', 'activation softmax'].map((line) => ({
    source: `input x [4]\n${line}`,
    inputs: [{ shape: [2, 4] }],
  })),
  { source: 'input x [4]\ndropout 0.5', inputs: [{ shape: [3, 4] }], mode: 'train' },
  { source: 'input x [4]\ndropout 0.5', inputs: [{ shape: [3, 4] }], mode: 'eval' },
  { source: 'input x [2, 3]\nflatten', inputs: [{ shape: [2, 2, 3] }] },
  { source: 'input x [2, 3]\nreshape [3, -1]', inputs: [{ shape: [2, 2, 3] }] },
  { source: 'input x [3]\nbatchnorm', inputs: [{ shape: [4, 3] }], mode: 'train' },
  { source: 'input x [2, 3]\nbatchnorm momentum=0.9', inputs: [{ shape: [2, 2, 3] }], mode: 'train' },
  { source: 'input x [3]\nbatchnorm', inputs: [{ shape: [4, 3] }], mode: 'eval' },
  { source: 'input x [4]\nlayernorm', inputs: [{ shape: [2, 4] }] },
  { source: 'input a [3]\ninput b [2, 3]\nadd s from a, b', inputs: [{ shape: [2, 3] }, { shape: [2, 2, 3] }] },
  { source: 'input a [3]\ninput b [3]\ninput c [3]\nadd s from a, b, c', inputs: [{ shape: [2, 3] }, { shape: [2, 3] }, { shape: [2, 3] }] },
  { source: 'input a [2, 3]\ninput b [1]\nsubtract s from a, b', inputs: [{ shape: [2, 2, 3] }, { shape: [2, 1] }] },
  { source: 'input a [3]\ninput b [2, 3]\nmultiply s from a, b', inputs: [{ shape: [2, 3] }, { shape: [2, 2, 3] }] },
  { source: 'input a [3]\ninput b [3]\naverage s from a, b', inputs: [{ shape: [2, 3] }, { shape: [2, 3] }] },
  { source: 'input a [2, 3]\ninput b [2, 1]\nconcat s from a, b', inputs: [{ shape: [2, 2, 3] }, { shape: [2, 2, 1] }] },
  { source: 'input a [2, 3]\ninput b [1, 3]\nconcat s axis=0 from a, b', inputs: [{ shape: [2, 2, 3] }, { shape: [2, 1, 3] }] },
  // A batch of 1 (a constant's) against a batch of 2.
  { source: 'input a [3]\ninput b [3]\nconcat s from a, b', inputs: [{ shape: [2, 3] }, { shape: [1, 3] }] },
  { source: 'input ids [3] dtype=int32\nembedding emb 5 2', inputs: [{ shape: [2, 3], kind: { ids: 5 } }] },
  { source: 'input x [3, 4]\npositional_encoding', inputs: [{ shape: [2, 3, 4] }] },
  { source: 'input x [3, 4]\npositional_encoding learned', inputs: [{ shape: [2, 3, 4] }] },
  { source: 'input x [3, 2]\ninput adj [3, 3]\ngraph_conv g 2 activation=tanh from x, adj', inputs: [{ shape: [1, 3, 2] }, { shape: [1, 3, 3], kind: 'positive' }] },
  { source: 'input x [3, 2]\ninput adj [3, 3]\ngraph_conv g 2 use_bias=false from x, adj', inputs: [{ shape: [2, 3, 2] }, { shape: [2, 3, 3], kind: 'positive' }] },
  { source: 'input x [3, 2]\ninput adj [3, 3]\ngraph_conv g 2 activation=relu from x, adj', inputs: [{ shape: [2, 3, 2] }, { shape: [1, 3, 3], kind: 'positive' }] },
];

export function caseInputs(entry: KernelCase, random: Random): tf.Tensor[] {
  return entry.inputs.map(({ shape, kind = 'float' }) => {
    const n = shape.reduce((a, b) => a * b, 1);
    if (typeof kind === 'object') return tf.tensor(Array.from({ length: n }, () => random.int(kind.ids)), shape, 'int32');
    const data = kind === 'positive' ? Array.from({ length: n }, () => random.uniform(0.1, 1)) : awayFromZero(random, n);
    return tf.tensor(data, shape);
  });
}

export function caseTitle(entry: KernelCase): string {
  return `${entry.source.split('\n').pop()}${entry.mode ? ` (${entry.mode})` : ''}`;
}
