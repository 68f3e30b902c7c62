// Forward values of the reshaping, normalising, merging, embedding and graph kernels against
// numbers computed by hand.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useCpu } from '../../helpers/tf';
import { assertDeepClose, layerOf, values } from './kernels.basic.helpers';

function run(source: string, inputs: tf.Tensor[], params: Record<string, tf.Tensor> = {}): unknown {
  const out = values({ layer: layerOf(source).layer, inputs, params });
  tf.dispose([...inputs, ...Object.values(params)]);
  return out;
}

describe('basic kernels: forward values', () => {
  before(useCpu);

  it('flatten lays each sample out row by row', () => {
    assert.deepEqual(run('input x [2, 2]\nflatten', [tf.tensor3d([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])]), [[1, 2, 3, 4], [5, 6, 7, 8]]);
  });

  it('reshape keeps the batch and resolves -1 per sample', () => {
    assert.deepEqual(run('input x [4]\nreshape [-1, 2]', [tf.tensor2d([[1, 2, 3, 4]])]), [[[1, 2], [3, 4]]]);
  });

  it('layernorm normalises each sample over its features', () => {
    const s = Math.sqrt(2 / 3 + 0.001);
    const out = run('input x [3]\nlayernorm', [tf.tensor2d([[1, 2, 3], [10, 10, 10]])], { gamma: tf.tensor1d([1, 1, 2]), beta: tf.tensor1d([0, 0, 1]) });
    assertDeepClose(out, [[-1 / s, 0, 2 / s + 1], [0, 0, 1]]);
  });

  it('add broadcasts per sample: [3, 3] + [3]', () => {
    const out = run('input a [3, 3]\ninput b [3]\nadd s from a, b', [tf.tensor3d([[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]), tf.tensor2d([[10, 20, 30]])]);
    assert.deepEqual(out, [[[11, 22, 33], [14, 25, 36], [17, 28, 39]]]);
  });

  it('add broadcasts a constant over the batch', () => {
    const c = layerOf('constant c [1, 2]\ninput x [2]\nadd s from x, c');
    const constant = values({ layer: c.graph.layers[0] });
    const out = values({ layer: c.layer, inputs: [tf.tensor2d([[1, 1], [2, 2]]), tf.tensor(constant as number[][])] });
    assert.deepEqual(out, [[2, 3], [3, 4]]);
  });

  it('subtract, multiply and average combine element by element', () => {
    const pair = () => [tf.tensor2d([[6, 8]]), tf.tensor2d([[2, 4]])];
    assert.deepEqual(run('input a [2]\ninput b [2]\nsubtract s from a, b', pair()), [[4, 4]]);
    assert.deepEqual(run('input a [2]\ninput b [2]\nmultiply s from a, b', pair()), [[12, 32]]);
    assert.deepEqual(run('input a [2]\ninput b [2]\naverage s from a, b', pair()), [[4, 6]]);
    assert.deepEqual(run('input a [2]\ninput b [2]\ninput c [2]\naverage s from a, b, c', [...pair(), tf.tensor2d([[1, 0]])]), [[3, 4]]);
  });

  it('concat joins along the last axis, or a per-sample axis it is given', () => {
    const a = () => tf.tensor3d([[[1, 2], [3, 4]]]);
    const b = () => tf.tensor3d([[[5, 6]]]);
    assert.deepEqual(run('input a [2, 2]\ninput b [1, 2]\nconcat s axis=0 from a, b', [a(), b()]), [[[1, 2], [3, 4], [5, 6]]]);
    assert.deepEqual(run('input a [2, 2]\ninput b [2, 1]\nconcat s from a, b', [a(), tf.tensor3d([[[9], [8]]])]), [[[1, 2, 9], [3, 4, 8]]]);
    assert.deepEqual(run('input a [2, 2]\ninput b [2, 1]\nconcat s axis=-1 from a, b', [a(), tf.tensor3d([[[9], [8]]])]), [[[1, 2, 9], [3, 4, 8]]]);
  });

  it('embedding looks up one row per token id', () => {
    const table = tf.tensor2d([[0, 0.5], [1, 1.5], [2, 2.5], [3, 3.5]]);
    const out = run('input ids [3] dtype=int32\nembedding e 4 2', [tf.tensor2d([[2, 0, 3]], [1, 3], 'int32')], { embeddings: table });
    assert.deepEqual(out, [[[2, 2.5], [0, 0.5], [3, 3.5]]]);
  });

  it('sinusoidal positional encoding adds sin/cos of pos / 10000^(2i/d)', () => {
    const out = run('input x [2, 4]\npositional_encoding', [tf.ones([1, 2, 4])]);
    // d = 4: 10000^(0/4) = 1 and 10000^(2/4) = 100.
    assertDeepClose(out, [[[1, 2, 1, 2], [1 + Math.sin(1), 1 + Math.cos(1), 1 + Math.sin(0.01), 1 + Math.cos(0.01)]]]);
  });

  it('learned positional encoding adds its table', () => {
    const out = run('input x [2, 2]\npositional_encoding learned', [tf.ones([2, 2, 2])], { embeddings: tf.tensor2d([[1, 2], [3, 4]]) });
    assert.deepEqual(out, [[[2, 3], [4, 5]], [[2, 3], [4, 5]]]);
  });

  it('graph_conv multiplies by D̂^(−1/2)(A + I)D̂^(−1/2), then applies the dense layer', () => {
    // Path 0 – 1 – 2: degrees with self-loops 2, 3, 2. X = I and W = I give H = Â.
    const adjacency = tf.tensor3d([[[0, 1, 0], [1, 0, 1], [0, 1, 0]]]);
    const eye = () => tf.eye(3);
    const out = run('input x [3, 3]\ninput adj [3, 3]\ngraph_conv g 3 from x, adj', [tf.expandDims(eye(), 0), adjacency], { kernel: eye(), bias: tf.zeros([3]) });
    const r6 = 1 / Math.sqrt(6);
    assertDeepClose(out, [[[1 / 2, r6, 0], [r6, 1 / 3, r6], [0, r6, 1 / 2]]]);
  });

  it('graph_conv adds its bias and activation after the propagation', () => {
    const out = run('input x [2, 1]\ninput adj [2, 2]\ngraph_conv g 1 activation=relu from x, adj', [tf.tensor3d([[[2], [-4]]]), tf.tensor3d([[[0, 1], [1, 0]]])], {
      kernel: tf.tensor2d([[1]]),
      bias: tf.tensor1d([1.5]),
    });
    // Â = ½·[[1, 1], [1, 1]]: both nodes get (2 − 4)/2 = −1, + 1.5, relu → 0.5.
    assertDeepClose(out, [[[0.5], [0.5]]]);
  });
});
