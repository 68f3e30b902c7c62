// The attention and recurrent kernels: the course's LSTM equations on a worked step, attention
// weights, seeded dropout, gradients by finite differences, shapes with ports, inner
// operations, no leaks, and equality with tfjs-layers' recurrent layers.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs';
import { InnerOp } from '../../../src/core/engine/kernel';
import { SEQUENCE_KERNELS } from '../../../src/core/engine/kernels/sequence';
import { noLeaks, useCpu } from '../../helpers/tf';
import { assertGradients, assertShapes, caseOf, contextOf, disposeCase, disposeOutput, kernelFor } from './kernels.spatialHarness';

const KINDS = ['attention', 'simple_rnn', 'lstm', 'gru'];

/** Full sources; the layer under test is named `layer`. */
const CASES: { title: string; source: string }[] = [
  { title: 'self-attention', source: 'input s [4, 3]\nattention layer heads=2 key_dim=3' },
  { title: 'causal attention with value_dim and output_dim', source: 'input s [4, 3]\nattention layer heads=2 key_dim=2 value_dim=3 output_dim=5 causal=true' },
  { title: 'cross-attention', source: 'input q [3, 4]\ninput m [5, 2]\nattention layer heads=2 key_dim=2 from q, m' },
  { title: 'attention with query, value and key', source: 'input q [3, 4]\ninput v [5, 2]\ninput k [5, 3]\nattention layer heads=1 key_dim=2 from q, v, k' },
  { title: 'attention without biases', source: 'input s [3, 2]\nattention layer heads=3 key_dim=2 use_bias=false' },
  { title: 'simple_rnn', source: 'input s [4, 3]\nsimple_rnn layer 3' },
  { title: 'simple_rnn sequences and state', source: 'input s [3, 2]\nsimple_rnn layer 2 return_sequences=true return_state=true' },
  { title: 'lstm', source: 'input s [4, 3]\nlstm layer 3' },
  { title: 'lstm sequences and states', source: 'input s [3, 2]\nlstm layer 2 return_sequences=true return_state=true' },
  { title: 'gru', source: 'input s [4, 3]\ngru layer 3 return_state=true' },
  { title: 'gru reset_after=false', source: 'input s [3, 2]\ngru layer 2 reset_after=false return_sequences=true' },
  { title: 'gru without bias', source: 'input s [3, 2]\ngru layer 2 use_bias=false' },
];

const kindOf = (source: string) => source.split('\n').find((line) => / layer( |$)/.test(line))!.split(' ')[0];
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('sequence kernels', () => {
  before(useCpu);

  it('has a kernel for attention and every recurrent kind', () => {
    assert.deepEqual(SEQUENCE_KERNELS.map((k) => k.kind).sort(), [...KINDS].sort());
    assert.ok(KINDS.every((kind) => CASES.some((c) => kindOf(c.source) === kind)));
  });

  for (const c of CASES) {
    it(`${c.title}: output and port shapes match the graph`, async () => {
      const k = caseOf(c.source, 'layer');
      await noLeaks(() => assertShapes(kernelFor(SEQUENCE_KERNELS, k.layer.kind), k));
      disposeCase(k);
    });

    it(`${c.title}: gradients match finite differences`, async () => {
      const k = caseOf(c.source, 'layer');
      await noLeaks(() => assertGradients(kernelFor(SEQUENCE_KERNELS, k.layer.kind), k, { samples: 8 }));
      disposeCase(k);
    });

    it(`${c.title}: inner operations only when asked, each disposable on its own`, async () => {
      const k = caseOf(c.source, 'layer');
      const kernel = kernelFor(SEQUENCE_KERNELS, k.layer.kind);
      await noLeaks(() => {
        const before = tf.memory().numTensors;
        const plain = kernel.forward(contextOf(k.layer), k.params, k.inputs);
        assert.equal(tf.memory().numTensors, before + 1 + Object.keys(plain.ports ?? {}).length, 'fast path keeps only outputs');
        const inner: InnerOp[] = [];
        const stepped = kernel.forward(contextOf(k.layer, 'eval', inner), k.params, k.inputs);
        assert.ok(inner.length >= 1 && new Set(inner.map((op) => op.name)).size === inner.length, 'unique names');
        tf.test_util.expectArraysClose(stepped.output.dataSync(), plain.output.dataSync(), 0);
        inner.forEach((op) => op.tensor.dispose());
        assert.ok(!stepped.output.isDisposed);
        disposeOutput(plain);
        disposeOutput(stepped);
      });
      disposeCase(k);
    });
  }

  it('attention weights rows sum to 1, the causal mask zeros what lies above the diagonal', async () => {
    const k = caseOf('input s [4, 3]\nattention layer heads=2 key_dim=2 causal=true', 'layer');
    await noLeaks(() => {
      const inner: InnerOp[] = [];
      const out = kernelFor(SEQUENCE_KERNELS, 'attention').forward(contextOf(k.layer, 'eval', inner), k.params, k.inputs);
      assert.deepEqual(inner.map((op) => op.name), ['Q', 'K', 'V', 'QK', 'S', 'masked', 'weights', 'H', 'concat', 'O']);
      assert.equal(inner[4].formula, 'S = Q·Kᵀ / √d_k = Q·Kᵀ / √2');
      const scores = out.ports!.scores;
      assert.deepEqual(scores.shape, [2, 2, 4, 4]);
      const w = scores.arraySync() as number[][][][];
      for (const head of w.flat()) {
        head.forEach((row, i) => {
          assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-6);
          row.forEach((value, j) => (j > i ? assert.equal(value, 0) : assert.ok(value > 0)));
        });
      }
      disposeOutput(out, inner);
    });
    disposeCase(k);
  });

  it('attention dropout: seeded in training, the same seed the same mask, none in evaluation', async () => {
    const k = caseOf('input s [4, 3]\nattention layer heads=2 key_dim=2 dropout=0.5', 'layer');
    const kernel = kernelFor(SEQUENCE_KERNELS, 'attention');
    await noLeaks(() => {
      const run = (mode: 'train' | 'eval', seed: number) => {
        const inner: InnerOp[] = [];
        const out = kernel.forward(contextOf(k.layer, mode, inner, seed), k.params, k.inputs);
        const values = Array.from(out.output.dataSync());
        const names = inner.map((op) => op.name);
        disposeOutput(out, inner);
        return { values, names };
      };
      const a = run('train', 3);
      assert.deepEqual(run('train', 3).values, a.values);
      assert.notDeepEqual(run('train', 4).values, a.values);
      assert.ok(a.names.includes('dropout'));
      assert.ok(!run('eval', 3).names.includes('dropout'));
      assert.notDeepEqual(run('eval', 3).values, a.values);
    });
    assertGradients(kernel, k, { mode: 'train', samples: 6 });
    disposeCase(k);
  });

  it('one LSTM step follows the course’s gate equations', async () => {
    // d = 2 inputs, u = 2 units, batch 1, one time step; Keras' column blocks i, f, c, o.
    const x = [0.5, -1];
    const W = [
      [0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8],
      [0.2, 0.1, -0.3, 0.5, 0.4, -0.6, 0.2, 0.9],
    ];
    const U = [
      [0.3, 0.2, 0.1, -0.1, 0.5, 0.4, -0.2, 0.3],
      [-0.4, 0.6, 0.2, 0.3, 0.1, -0.5, 0.7, 0.2],
    ];
    const b = [0.1, 0.2, 1, 1, -0.1, 0.3, 0.05, -0.2];
    const k = caseOf('input s [1, 2]\nlstm layer 2 return_state=true', 'layer', 1);
    const z = (gate: number, unit: number) => b[gate * 2 + unit] + x.reduce((sum, xi, r) => sum + xi * W[r][gate * 2 + unit], 0); // h_0 = 0
    const expectedC: number[] = [];
    const expectedH: number[] = [];
    for (let j = 0; j < 2; j++) {
      const i = sigmoid(z(0, j));
      const f = sigmoid(z(1, j));
      const candidate = Math.tanh(z(2, j));
      const o = sigmoid(z(3, j));
      const c = f * 0 + i * candidate; // c_t = f_t·c_{t−1} + i_t·ĉ_t, c_0 = 0
      expectedC.push(c);
      expectedH.push(o * Math.tanh(c)); // h_t = o_t·tanh(c_t)
    }
    await noLeaks(() => {
      const params = { kernel: tf.tensor2d(W), recurrent_kernel: tf.tensor2d(U), bias: tf.tensor1d(b) };
      const input = tf.tensor3d([[x]]);
      const inner: InnerOp[] = [];
      const out = kernelFor(SEQUENCE_KERNELS, 'lstm').forward(contextOf(k.layer, 'eval', inner), params, [input]);
      assert.deepEqual(inner.map((op) => op.name), ['f_1', 'i_1', 'ĉ_1', 'o_1', 'c_1', 'h_1']);
      assert.equal(inner[0].formula, 'f_1 = σ(W_f·[h_0, x_1] + b_f)');
      tf.test_util.expectArraysClose(out.output.dataSync(), expectedH, 1e-6);
      tf.test_util.expectArraysClose(out.ports!.state_c.dataSync(), expectedC, 1e-6);
      tf.test_util.expectArraysClose(out.ports!.state_h.dataSync(), expectedH, 1e-6);
      tf.dispose([...Object.values(params), input]);
      disposeOutput(out, inner);
    });
    disposeCase(k);
  });

  it('GRU with reset_after follows Keras’ equations', async () => {
    const k = caseOf('input s [2, 2]\ngru layer 2', 'layer', 1, 5);
    const [W, U, B] = [k.params.kernel, k.params.recurrent_kernel, k.params.bias].map((t) => t.arraySync() as number[][]);
    const xs = k.inputs[0].arraySync() as number[][][];
    let h = [0, 0];
    for (const x of xs[0]) {
      const mx = [0, 1, 2, 3, 4, 5].map((c) => B[0][c] + x[0] * W[0][c] + x[1] * W[1][c]);
      const mh = [0, 1, 2, 3, 4, 5].map((c) => B[1][c] + h[0] * U[0][c] + h[1] * U[1][c]);
      h = [0, 1].map((j) => {
        const zt = sigmoid(mx[j] + mh[j]);
        const rt = sigmoid(mx[2 + j] + mh[2 + j]);
        const candidate = Math.tanh(mx[4 + j] + rt * mh[4 + j]);
        return zt * h[j] + (1 - zt) * candidate;
      });
    }
    await noLeaks(() => {
      const out = kernelFor(SEQUENCE_KERNELS, 'gru').forward(contextOf(k.layer), k.params, k.inputs);
      tf.test_util.expectArraysClose(out.output.dataSync(), h, 1e-5);
      out.output.dispose();
    });
    disposeCase(k);
  });

  it('simple_rnn, lstm and gru (reset_after=false) equal tfjs-layers with the same weights', () => {
    const layers: [string, () => tfl.layers.Layer][] = [
      ['simple_rnn layer 3 return_sequences=true', () => tfl.layers.simpleRNN({ units: 3, returnSequences: true })],
      ['lstm layer 3 return_sequences=true', () => tfl.layers.lstm({ units: 3, returnSequences: true, recurrentActivation: 'sigmoid' })],
      ['gru layer 3 reset_after=false return_sequences=true', () => tfl.layers.gru({ units: 3, returnSequences: true, recurrentActivation: 'sigmoid' })],
    ];
    for (const [line, make] of layers) {
      const k = caseOf(`input s [4, 2]\n${line}`, 'layer', 3);
      const keras = make();
      (keras.apply(k.inputs[0]) as tf.Tensor).dispose(); // builds the layer
      keras.setWeights([k.params.kernel, k.params.recurrent_kernel, k.params.bias]);
      const expected = keras.apply(k.inputs[0]) as tf.Tensor;
      const out = kernelFor(SEQUENCE_KERNELS, k.layer.kind).forward(contextOf(k.layer), k.params, k.inputs);
      assert.deepEqual(out.output.shape, expected.shape, line);
      tf.test_util.expectArraysClose(out.output.dataSync(), expected.dataSync(), 1e-5);
      tf.dispose([out.output, expected, ...keras.getWeights()]);
      disposeCase(k);
    }
  });
});
