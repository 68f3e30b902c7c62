// The convolution-family kernels: the course's worked numbers, gradients by finite
// differences, shapes against the graph, inner operations, no leaks, Keras equivalence.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs';
import { InnerOp } from '../../../src/core/engine/kernel';
import { SPATIAL_KERNELS } from '../../../src/core/engine/kernels/spatial';
import { noLeaks, useCpu } from '../../helpers/tf';
import { graphOf } from '../../helpers/graph';
import { assertGradients, assertShapes, caseOf, contextOf, disposeCase, disposeOutput, kernelFor } from './kernels.spatialHarness';

const KINDS = [
  'conv1d', 'conv2d', 'conv2d_transpose', 'upsampling2d', 'maxpool1d', 'maxpool2d', 'avgpool1d', 'avgpool2d',
  'global_avgpool1d', 'global_avgpool2d', 'global_maxpool1d', 'global_maxpool2d',
];

/** One model line per case: `layer` is the layer under test, fed by `x`. */
const CASES: { title: string; input: string; line: string }[] = [
  { title: 'conv1d valid', input: '[7, 3]', line: 'conv1d layer 2 3 activation=tanh' },
  { title: 'conv1d same stride 2', input: '[7, 2]', line: 'conv1d layer 3 3 strides=2 padding=same' },
  { title: 'conv1d int padding', input: '[5, 2]', line: 'conv1d layer 2 2 padding=1 use_bias=false' },
  { title: 'conv2d valid', input: '[5, 5, 2]', line: 'conv2d layer 3 3 activation=tanh' },
  { title: 'conv2d same stride 2', input: '[5, 6, 2]', line: 'conv2d layer 2 (3, 2) strides=2 padding=same activation=sigmoid' },
  { title: 'conv2d int padding stride 2', input: '[5, 5, 1]', line: 'conv2d layer 2 3 strides=2 padding=1' },
  { title: 'conv2d_transpose valid', input: '[3, 3, 2]', line: 'conv2d_transpose layer 2 3 strides=2 activation=tanh' },
  { title: 'conv2d_transpose same', input: '[3, 4, 2]', line: 'conv2d_transpose layer 3 3 strides=2 padding=same' },
  { title: 'upsampling2d', input: '[2, 3, 2]', line: 'upsampling2d layer (2, 3)' },
  { title: 'maxpool1d', input: '[6, 2]', line: 'maxpool1d layer 2' },
  { title: 'maxpool1d same', input: '[7, 2]', line: 'maxpool1d layer 3 strides=2 padding=same' },
  { title: 'maxpool2d', input: '[4, 6, 2]', line: 'maxpool2d layer 2' },
  { title: 'maxpool2d same', input: '[5, 5, 1]', line: 'maxpool2d layer 3 strides=2 padding=same' },
  { title: 'avgpool1d', input: '[6, 2]', line: 'avgpool1d layer 3 strides=1' },
  { title: 'avgpool2d', input: '[4, 4, 3]', line: 'avgpool2d layer 2' },
  { title: 'avgpool2d same', input: '[5, 5, 1]', line: 'avgpool2d layer 2 padding=same' },
  { title: 'global_avgpool1d', input: '[5, 3]', line: 'global_avgpool1d layer' },
  { title: 'global_avgpool2d', input: '[3, 4, 2]', line: 'global_avgpool2d layer' },
  { title: 'global_maxpool1d', input: '[5, 3]', line: 'global_maxpool1d layer' },
  { title: 'global_maxpool2d', input: '[3, 4, 2]', line: 'global_maxpool2d layer' },
];

const sourceOf = (c: (typeof CASES)[number]) => `input x ${c.input}\n${c.line}\n`;
const kindOf = (c: (typeof CASES)[number]) => c.line.split(' ')[0];

describe('spatial kernels', () => {
  before(useCpu);

  it('has a kernel for every convolution and pooling kind', () => {
    assert.deepEqual(SPATIAL_KERNELS.map((k) => k.kind).sort(), [...KINDS].sort());
    assert.ok(KINDS.every((kind) => CASES.some((c) => kindOf(c) === kind)), 'every kind has a case');
  });

  it('gives the course’s vertical-edge example exactly (samples/conv-edge.nn)', async () => {
    const graph = graphOf(readFileSync(join(__dirname, '..', '..', '..', 'samples', 'conv-edge.nn'), 'utf8'));
    const image = graph.layers.find((l) => l.kind === 'input')!;
    const conv = graph.layers.find((l) => l.kind === 'conv2d')!;
    const literal = (value: unknown) => value as { values: number[]; shape: number[] };
    await noLeaks(() => {
      const x = tf.tensor(literal(image.attrs.value).values, [1, 6, 6, 1]);
      const kernel = tf.tensor(literal(conv.attrs.weights).values, [3, 3, 1, 1]);
      const bias = tf.tensor(literal(conv.attrs.bias).values, [1]);
      const out = kernelFor(SPATIAL_KERNELS, 'conv2d').forward(contextOf(conv), { kernel, bias }, [x]);
      assert.deepEqual(out.output.shape, [1, 4, 4, 1]);
      assert.deepEqual(Array.from(out.output.dataSync()), [-5, -4, 0, 8, -10, -2, 2, 3, 0, -2, -4, -7, -3, -2, -3, -16]);
      tf.dispose([x, kernel, bias, out.output]);
    });
  });

  it('max- and average-pools a 4×4 map by hand', async () => {
    const graph = graphOf('input x [4, 4, 1]\nmaxpool2d mp 2\nmaxpool2d mp3 2 strides=1 from x\navgpool2d ap 2 from x\n');
    const values = [1, 3, 2, 1, 2, 9, 1, 1, 1, 3, 2, 3, 5, 6, 1, 2];
    await noLeaks(() => {
      const x = tf.tensor(values, [1, 4, 4, 1]);
      const run = (name: string) => {
        const layer = graph.layers.find((l) => l.name === name)!;
        const out = kernelFor(SPATIAL_KERNELS, layer.kind).forward(contextOf(layer), {}, [x]);
        const data = Array.from(out.output.dataSync());
        out.output.dispose();
        return data;
      };
      assert.deepEqual(run('mp'), [9, 2, 6, 3]);
      assert.deepEqual(run('mp3'), [9, 9, 2, 9, 9, 3, 6, 6, 3]);
      assert.deepEqual(run('ap'), [15 / 4, 5 / 4, 15 / 4, 2]);
      x.dispose();
    });
  });

  it('average pooling with same padding averages only the pixels inside the image, as Keras', async () => {
    const k = caseOf('input x [5, 5, 2]\navgpool2d layer 2 padding=same\n', 'layer');
    await noLeaks(() => {
      const out = kernelFor(SPATIAL_KERNELS, 'avgpool2d').forward(contextOf(k.layer), {}, k.inputs);
      const expected = tf.avgPool(k.inputs[0] as tf.Tensor4D, 2, 2, 'same');
      tf.test_util.expectArraysClose(out.output.dataSync(), expected.dataSync(), 1e-6);
      tf.dispose([out.output, expected]);
    });
    disposeCase(k);
  });

  it('conv2d and conv2d_transpose equal tfjs-layers with the same weights', async () => {
    for (const [line, make] of [
      ['conv2d layer 3 (3, 2) strides=2 padding=same activation=relu', () => tfl.layers.conv2d({ filters: 3, kernelSize: [3, 2], strides: 2, padding: 'same', activation: 'relu' })],
      ['conv2d_transpose layer 2 3 strides=2 activation=tanh', () => tfl.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'valid', activation: 'tanh' })],
      ['conv1d layer 2 3 strides=2 padding=same', () => tfl.layers.conv1d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' })],
    ] as const) {
      const k = caseOf(`input x ${line.startsWith('conv1d') ? '[7, 3]' : '[5, 6, 3]'}\n${line}\n`, 'layer');
      const keras = make();
      keras.build(k.inputs[0].shape);
      keras.setWeights([k.params.kernel, k.params.bias]);
      const expected = keras.apply(k.inputs[0]) as tf.Tensor;
      const out = kernelFor(SPATIAL_KERNELS, k.layer.kind).forward(contextOf(k.layer), k.params, k.inputs);
      assert.deepEqual(out.output.shape, expected.shape, line);
      tf.test_util.expectArraysClose(out.output.dataSync(), expected.dataSync(), 1e-5);
      tf.dispose([out.output, expected]);
      tf.dispose(keras.getWeights());
      disposeCase(k);
    }
  });

  for (const c of CASES) {
    it(`${c.title}: output shape matches the graph`, async () => {
      const k = caseOf(sourceOf(c), 'layer');
      await noLeaks(() => assertShapes(kernelFor(SPATIAL_KERNELS, k.layer.kind), k));
      disposeCase(k);
    });

    it(`${c.title}: gradients match finite differences`, async () => {
      const k = caseOf(sourceOf(c), 'layer');
      await noLeaks(() => assertGradients(kernelFor(SPATIAL_KERNELS, k.layer.kind), k));
      disposeCase(k);
    });

    it(`${c.title}: inner operations only when asked, ending in the output`, async () => {
      const k = caseOf(sourceOf(c), 'layer');
      const kernel = kernelFor(SPATIAL_KERNELS, k.layer.kind);
      await noLeaks(() => {
        const before = tf.memory().numTensors;
        const plain = kernel.forward(contextOf(k.layer), k.params, k.inputs);
        assert.equal(tf.memory().numTensors, before + 1, 'fast path keeps only the output');
        const inner: InnerOp[] = [];
        const stepped = kernel.forward(contextOf(k.layer, 'eval', inner), k.params, k.inputs);
        assert.ok(inner.length >= 1);
        assert.ok(inner.every((op) => op.name && op.formula && !op.tensor.isDisposed));
        assert.deepEqual(Array.from(inner[inner.length - 1].tensor.dataSync()), Array.from(plain.output.dataSync()));
        assert.deepEqual(Array.from(stepped.output.dataSync()), Array.from(plain.output.dataSync()));
        // Each tensor can be disposed on its own.
        inner.forEach((op) => op.tensor.dispose());
        assert.ok(!stepped.output.isDisposed);
        disposeOutput(plain);
        disposeOutput(stepped);
      });
      disposeCase(k);
    });
  }

  it('conv2d inner operations are the correlation, the bias and the activation', async () => {
    const k = caseOf('input x [4, 4, 1]\nconv2d layer 2 3 activation=relu\n', 'layer');
    await noLeaks(() => {
      const inner: InnerOp[] = [];
      const out = kernelFor(SPATIAL_KERNELS, 'conv2d').forward(contextOf(k.layer, 'eval', inner), k.params, k.inputs);
      assert.deepEqual(inner.map((op) => op.name), ['S', 'Z', 'A']);
      assert.match(inner[0].formula, /correlation/);
      assert.equal(inner[1].formula, 'Z = S + b');
      assert.equal(inner[2].formula, 'A = max(0, Z)');
      disposeOutput(out, inner);
    });
    disposeCase(k);
  });
});
