// The layers added for Keras/TF.js models — zero padding, depthwise and separable convolution,
// bidirectional and time-distributed wrappers — against tfjs-layers' own: the same output
// shape, the same parameter count and, with the same weights, the same outputs. Then
// gradients by finite differences, inner operations and no leaks.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs';
import { InnerOp } from '../../../src/core/engine/kernel';
import { DEPTHWISE_KERNELS } from '../../../src/core/engine/kernels/depthwise';
import { kernelFor as kernelOfKind } from '../../../src/core/engine/kernels';
import { noLeaks, useCpu } from '../../helpers/tf';
import { assertGradients, assertShapes, caseOf, contextOf, disposeCase, disposeOutput } from './kernels.spatialHarness';

const sigmoid = { recurrentActivation: 'sigmoid' } as const;

/** The layer under test is `layer`, fed by `input x SHAPE`; `keras` builds tfjs' twin, when it has one. */
const CASES: { title: string; input: number[]; line: string; keras?: () => tfl.layers.Layer }[] = [
  { title: 'zero_padding2d default 1', input: [3, 4, 2], line: 'zero_padding2d layer', keras: () => tfl.layers.zeroPadding2d({}) },
  { title: 'zero_padding2d [ph, pw]', input: [3, 4, 2], line: 'zero_padding2d layer [1, 2]', keras: () => tfl.layers.zeroPadding2d({ padding: [1, 2] }) },
  { title: 'zero_padding2d per side', input: [3, 4, 1], line: 'zero_padding2d layer [[1, 0], [2, 3]]', keras: () => tfl.layers.zeroPadding2d({ padding: [[1, 0], [2, 3]] }) },
  { title: 'depthwise_conv2d valid', input: [5, 5, 2], line: 'depthwise_conv2d layer 3', keras: () => tfl.layers.depthwiseConv2d({ kernelSize: 3 }) },
  {
    title: 'depthwise_conv2d dm 2 stride 2 same',
    input: [6, 5, 3],
    line: 'depthwise_conv2d layer 3 depth_multiplier=2 strides=2 padding=same activation=tanh',
    keras: () => tfl.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'same', activation: 'tanh' }),
  },
  { title: 'depthwise_conv2d rectangular, no bias', input: [6, 5, 3], line: 'depthwise_conv2d layer (2, 3) use_bias=false', keras: () => tfl.layers.depthwiseConv2d({ kernelSize: [2, 3], useBias: false }) },
  { title: 'separable_conv2d valid', input: [5, 5, 2], line: 'separable_conv2d layer 4 3', keras: () => tfl.layers.separableConv2d({ filters: 4, kernelSize: 3 }) },
  {
    title: 'separable_conv2d dm 2 stride 2 same',
    input: [6, 6, 2],
    line: 'separable_conv2d layer 3 3 depth_multiplier=2 strides=2 padding=same activation=relu',
    keras: () => tfl.layers.separableConv2d({ filters: 3, kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'same', activation: 'relu' }),
  },
  { title: 'bidirectional lstm concat', input: [4, 2], line: 'bidirectional layer lstm 3', keras: () => tfl.layers.bidirectional({ layer: tfl.layers.lstm({ units: 3, ...sigmoid }) as tfl.RNN }) },
  {
    title: 'bidirectional lstm sequences sum',
    input: [4, 2],
    line: 'bidirectional layer lstm 3 return_sequences=true merge_mode=sum',
    keras: () => tfl.layers.bidirectional({ layer: tfl.layers.lstm({ units: 3, returnSequences: true, ...sigmoid }) as tfl.RNN, mergeMode: 'sum' }),
  },
  {
    title: 'bidirectional gru sequences mul',
    input: [3, 2],
    line: 'bidirectional layer gru 2 reset_after=false return_sequences=true merge_mode=mul',
    keras: () => tfl.layers.bidirectional({ layer: tfl.layers.gru({ units: 2, returnSequences: true, ...sigmoid }) as tfl.RNN, mergeMode: 'mul' }),
  },
  {
    title: 'bidirectional simple_rnn ave',
    input: [4, 3],
    line: 'bidirectional layer simple_rnn 3 activation=relu merge_mode=ave',
    keras: () => tfl.layers.bidirectional({ layer: tfl.layers.simpleRNN({ units: 3, activation: 'relu' }) as tfl.RNN, mergeMode: 'ave' }),
  },
  { title: 'bidirectional gru reset_after with states', input: [3, 2], line: 'bidirectional layer gru 2 return_state=true' },
  { title: 'bidirectional lstm with states', input: [3, 2], line: 'bidirectional layer lstm 2 return_sequences=true return_state=true' },
  { title: 'time_distributed dense', input: [4, 2], line: 'time_distributed layer dense 3 activation=tanh', keras: () => tfl.layers.timeDistributed({ layer: tfl.layers.dense({ units: 3, activation: 'tanh' }) }) },
  {
    title: 'time_distributed conv2d stride 2 same',
    input: [3, 5, 5, 2],
    line: 'time_distributed layer conv2d 2 3 strides=2 padding=same',
    keras: () => tfl.layers.timeDistributed({ layer: tfl.layers.conv2d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }) }),
  },
  { title: 'time_distributed conv1d', input: [3, 5, 2], line: 'time_distributed layer conv1d 2 2', keras: () => tfl.layers.timeDistributed({ layer: tfl.layers.conv1d({ filters: 2, kernelSize: 2 }) }) },
  { title: 'time_distributed maxpool2d', input: [3, 4, 4, 2], line: 'time_distributed layer maxpool2d 2', keras: () => tfl.layers.timeDistributed({ layer: tfl.layers.maxPooling2d({ poolSize: 2 }) }) },
  { title: 'time_distributed avgpool2d', input: [2, 4, 4, 1], line: 'time_distributed layer avgpool2d 2', keras: () => tfl.layers.timeDistributed({ layer: tfl.layers.averagePooling2d({ poolSize: 2 }) }) },
  { title: 'time_distributed flatten', input: [3, 2, 2, 2], line: 'time_distributed layer flatten', keras: () => tfl.layers.timeDistributed({ layer: tfl.layers.flatten() }) },
  { title: 'time_distributed relu', input: [3, 4], line: 'time_distributed layer relu', keras: () => tfl.layers.timeDistributed({ layer: tfl.layers.activation({ activation: 'relu' }) }) },
  { title: 'time_distributed dropout (evaluation)', input: [3, 4], line: 'time_distributed layer dropout 0.5', keras: () => tfl.layers.timeDistributed({ layer: tfl.layers.dropout({ rate: 0.5 }) }) },
];

const sourceOf = (c: (typeof CASES)[number]) => `input x [${c.input.join(', ')}]\n${c.line}\n`;

describe('Keras-import kernels (zero padding, depthwise, separable, bidirectional, time_distributed)', () => {
  before(useCpu);

  it('has a kernel for every new kind, and a case for each', () => {
    const kinds = ['zero_padding2d', 'depthwise_conv2d', 'separable_conv2d', 'bidirectional', 'time_distributed'];
    assert.deepEqual(DEPTHWISE_KERNELS.map((k) => k.kind).sort(), kinds.slice(0, 3).sort());
    for (const kind of kinds) {
      assert.equal(kernelOfKind(kind).kind, kind);
      assert.ok(CASES.some((c) => c.line.startsWith(kind)), kind);
    }
  });

  for (const c of CASES) {
    if (c.keras) {
      it(`${c.title}: shape, parameter count and outputs equal tfjs-layers with the same weights`, () => {
        const k = caseOf(sourceOf(c), 'layer', 2, 5);
        const keras = c.keras!();
        const built = keras.apply(k.inputs[0]) as tf.Tensor; // builds the layer
        assert.deepEqual(built.shape, [2, ...k.layer.outputShape], 'output shape');
        const count = k.layer.params.reduce((sum, p) => sum + p.shape.reduce((a, b) => a * b, 1), 0);
        assert.equal(count, keras.countParams(), 'parameter count');
        assert.deepEqual(keras.getWeights().map((w) => w.shape), k.layer.params.map((p) => [...p.shape]), 'weight shapes in tfjs order');
        keras.setWeights(k.layer.params.map((p) => k.params[p.name]));
        const expected = keras.apply(k.inputs[0]) as tf.Tensor;
        const out = kernelOfKind(k.layer.kind).forward(contextOf(k.layer), k.params, k.inputs);
        assert.deepEqual(out.output.shape, expected.shape);
        tf.test_util.expectArraysClose(out.output.dataSync(), expected.dataSync(), 1e-4);
        tf.dispose([built, expected]);
        disposeOutput(out);
        keras.dispose();
        disposeCase(k);
      });
    }

    it(`${c.title}: output and port shapes match the graph, no leaks`, async () => {
      const k = caseOf(sourceOf(c), 'layer');
      await noLeaks(() => assertShapes(kernelOfKind(k.layer.kind), k));
      disposeCase(k);
    });

    it(`${c.title}: gradients match finite differences`, async () => {
      const k = caseOf(sourceOf(c), 'layer');
      await noLeaks(() => assertGradients(kernelOfKind(k.layer.kind), k, { samples: 6 }));
      disposeCase(k);
    });
  }

  it('inner operations: unique names, the output last, each disposable on its own', async () => {
    for (const c of CASES) {
      const k = caseOf(sourceOf(c), 'layer');
      const kernel = kernelOfKind(k.layer.kind);
      await noLeaks(() => {
        const plain = kernel.forward(contextOf(k.layer), k.params, k.inputs);
        const inner: InnerOp[] = [];
        const stepped = kernel.forward(contextOf(k.layer, 'eval', inner), k.params, k.inputs);
        assert.ok(inner.length >= 1, c.title);
        assert.equal(new Set(inner.map((op) => op.name)).size, inner.length, `${c.title}: unique names`);
        tf.test_util.expectArraysClose(stepped.output.dataSync(), plain.output.dataSync(), 0);
        tf.test_util.expectArraysClose(inner[inner.length - 1].tensor.dataSync(), plain.output.dataSync(), 0);
        inner.forEach((op) => op.tensor.dispose());
        disposeOutput(plain);
        disposeOutput(stepped);
      });
      disposeCase(k);
    }
  });

  it('bidirectional: the backward copy reads the reversed sequence, its outputs turned back to step order', async () => {
    // With merge_mode=concat the second half is the backward LSTM; run alone on x reversed, reversed back.
    const k = caseOf('input x [4, 2]\nbidirectional layer lstm 3 return_sequences=true', 'layer');
    const single = caseOf('input x [4, 2]\nlstm layer 3 return_sequences=true', 'layer');
    await noLeaks(() => {
      const both = kernelOfKind('bidirectional').forward(contextOf(k.layer), k.params, k.inputs);
      const params = { kernel: k.params.backward_kernel, recurrent_kernel: k.params.backward_recurrent_kernel, bias: k.params.backward_bias };
      const reversed = tf.reverse(k.inputs[0], 1);
      const alone = kernelOfKind('lstm').forward(contextOf(single.layer), params, [reversed]);
      const expected = tf.reverse(alone.output, 1);
      const half = tf.slice(both.output, [0, 0, 3], [-1, -1, 3]);
      tf.test_util.expectArraysClose(half.dataSync(), expected.dataSync(), 1e-6);
      tf.dispose([reversed, expected, half]);
      disposeOutput(alone);
      disposeOutput(both);
    });
    disposeCase(k);
    disposeCase(single);
  });

  it('time_distributed dropout: seeded per step in training, identity in evaluation', async () => {
    const k = caseOf('input x [3, 8]\ntime_distributed layer dropout 0.5', 'layer');
    const kernel = kernelOfKind('time_distributed');
    await noLeaks(() => {
      const run = (mode: 'train' | 'eval', seed: number) => {
        const out = kernel.forward(contextOf(k.layer, mode, undefined, seed), k.params, k.inputs);
        const values = Array.from(out.output.dataSync());
        disposeOutput(out);
        return values;
      };
      assert.deepEqual(run('eval', 1), Array.from(k.inputs[0].dataSync()));
      const a = run('train', 3);
      assert.deepEqual(run('train', 3), a);
      assert.ok(a.filter((v) => v === 0).length > 8, 'some inputs dropped');
    });
    disposeCase(k);
  });
});
