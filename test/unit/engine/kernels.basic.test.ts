// The basic layer kernels: forward values against hand-computed numbers, inner operations,
// leaks, and gradients by finite differences for every kind with a gradient.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../../src/core/data/random';
import { InnerOp } from '../../../src/core/engine/kernel';
import { noLeaks, useCpu } from '../../helpers/tf';
import { BASIC_KERNELS } from '../../../src/core/engine/kernels/basic';
import { layerSpec } from '../../../src/core/lang/layers/catalog';
import { CASES, caseInputs, caseTitle } from './kernels.basic.cases';
import { assertDeepClose, checkGradients, disposeOutput, forward, layerOf, randomParams, values } from './kernels.basic.helpers';

const AND = `
input x [2] value=[[0, 0], [0, 1], [1, 0], [1, 1]]
dense out 1 activation=step weights=[4, 5] bias=[-6]
`;

describe('basic kernels', () => {
  before(useCpu);

  describe('input and constant', () => {
    it('stacks a literal input into [n, ...shape]', () => {
      const { layer } = layerOf(AND, 'x');
      assert.deepEqual(values({ layer }), [[0, 0], [0, 1], [1, 0], [1, 1]]);
    });

    it('reads one literal sample as a batch of one', () => {
      const { layer } = layerOf('input img [2, 2, 1] value=[[1, 2], [3, 4]]\nflatten', 'img');
      assert.deepEqual(values({ layer }), [[[[1], [2]], [[3], [4]]]]);
    });

    it('passes a fed batch through and keeps int32 token ids int32', () => {
      const { layer } = layerOf('input ids [3] dtype=int32\nembedding 10 4', 'ids');
      const ids = tf.tensor2d([[1, 2, 3]], [1, 3], 'int32');
      const result = forward({ layer, inputs: [ids] });
      assert.equal(result.output.dtype, 'int32');
      assert.deepEqual(result.output.arraySync(), [[1, 2, 3]]);
      disposeOutput(result);
      assert.ok(!ids.isDisposed, 'disposing the output must not free the fed batch');
      ids.dispose();
    });

    it('gives a constant a batch axis of size 1', () => {
      const { layer } = layerOf('constant c [[1, 2, 3], [4, 5, 6]]\nflatten', 'c');
      assert.deepEqual(layer.outputShape, [2, 3]);
      assert.deepEqual(values({ layer }), [[[1, 2, 3], [4, 5, 6]]]);
    });
  });

  describe('dense', () => {
    it('computes the course’s AND perceptron: 0, 0, 0, 1', () => {
      const { layer } = layerOf(AND);
      const x = tf.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]);
      const params = { kernel: tf.tensor2d([[4], [5]]), bias: tf.tensor1d([-6]) };
      assert.deepEqual(values({ layer, params, inputs: [x] }), [[0], [0], [0], [1]]);
      tf.dispose([x, params.kernel, params.bias]);
    });

    it('applies Z = A·W + b and the activation', () => {
      const { layer } = layerOf('input x [2]\ndense out 2 activation=relu');
      const x = tf.tensor2d([[1, 2], [-1, 0.5]]);
      const params = { kernel: tf.tensor2d([[1, -1], [2, 0.5]]), bias: tf.tensor1d([0.5, -1]) };
      // Z = [[5.5, -1], [0.5, 0.25]] → relu
      assertDeepClose(values({ layer, params, inputs: [x] }), [[5.5, 0], [0.5, 0.25]]);
      tf.dispose([x, params.kernel, params.bias]);
    });

    it('applies to the last axis of a rank-3 input, as Keras does', () => {
      const { layer } = layerOf('input x [2, 2]\ndense out 1 use_bias=false');
      const x = tf.tensor3d([[[1, 2], [3, 4]]]);
      const params = { kernel: tf.tensor2d([[1], [10]]) };
      assertDeepClose(values({ layer, params, inputs: [x] }), [[[21], [43]]]);
      tf.dispose([x, params.kernel]);
    });

    it('pushes Z then A when asked, the last equal to the output, and nothing otherwise', () => {
      const { layer } = layerOf('input x [2]\ndense out 2 activation=sigmoid');
      const x = tf.tensor2d([[1, 2]]);
      const params = { kernel: tf.tensor2d([[1, 0], [0, 1]]), bias: tf.tensor1d([0, 1]) };
      const inner: InnerOp[] = [];
      const result = forward({ layer, params, inputs: [x], inner });
      assert.deepEqual(inner.map((op) => op.name), ['Z', 'A']);
      assert.equal(inner[0].formula, 'Z = A·W + b');
      assertDeepClose(inner[0].tensor.arraySync(), [[1, 3]]);
      assertDeepClose(inner[1].tensor.arraySync(), result.output.arraySync());
      inner.forEach((op) => op.tensor.dispose());
      disposeOutput(result);
      tf.dispose([x, params.kernel, params.bias]);
    });

    it('leaves no tensor behind, with or without inner operations', async () => {
      const { layer } = layerOf('input x [2]\ndense out 2 activation=gelu');
      const x = tf.tensor2d([[1, 2]]);
      const params = { kernel: tf.tensor2d([[1, 0], [0, 1]]), bias: tf.tensor1d([0, 1]) };
      await noLeaks(() => disposeOutput(forward({ layer, params, inputs: [x] })));
      await noLeaks(() => {
        const inner: InnerOp[] = [];
        disposeOutput(forward({ layer, params, inputs: [x], inner }));
        inner.forEach((op) => op.tensor.dispose());
      });
      tf.dispose([x, params.kernel, params.bias]);
    });
  });

  describe('activation layers', () => {
    const z = [[-2, -0.5, 0, 1.5]];
    const cases: [string, number[]][] = [
      ['linear', [-2, -0.5, 0, 1.5]],
      ['identity', [-2, -0.5, 0, 1.5]],
      ['step', [0, 0, 1, 1]],
      ['sigmoid', [1 / (1 + Math.exp(2)), 1 / (1 + Math.exp(0.5)), 0.5, 1 / (1 + Math.exp(-1.5))]],
      ['tanh', [Math.tanh(-2), Math.tanh(-0.5), 0, Math.tanh(1.5)]],
      ['relu', [0, 0, 0, 1.5]],
      ['leaky_relu alpha=0.1', [-0.2, -0.05, 0, 1.5]],
      ['leaky_relu', [-0.6, -0.15, 0, 1.5]],
      ['elu', [Math.exp(-2) - 1, Math.exp(-0.5) - 1, 0, 1.5]],
      ['elu alpha=2', [2 * (Math.exp(-2) - 1), 2 * (Math.exp(-0.5) - 1), 0, 1.5]],
      ['gelu', [-2, -0.5, 0, 1.5].map((v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))))],
      ['activation relu', [0, 0, 0, 1.5]],
      ['activation leaky_relu alpha=0.5', [-1, -0.25, 0, 1.5]],
      ['activation tanh', [Math.tanh(-2), Math.tanh(-0.5), 0, Math.tanh(1.5)]],
    ];
    for (const [line, expected] of cases) {
      it(`${line} computes its formula`, () => {
        const { layer } = layerOf(`input x [4]\n${line}`);
        const x = tf.tensor2d(z);
        assertDeepClose(values({ layer, inputs: [x] }), [expected]);
        x.dispose();
      });
    }

    it('softmax sums to 1 over the last axis, or over the per-sample axis it is given', () => {
      const x = tf.tensor3d([[[1, 2], [3, 5]]]);
      const e = (a: number, b: number) => [Math.exp(a) / (Math.exp(a) + Math.exp(b)), Math.exp(b) / (Math.exp(a) + Math.exp(b))];
      assertDeepClose(values({ layer: layerOf('input x [2, 2]\nsoftmax').layer, inputs: [x] }), [[e(1, 2), e(3, 5)]]);
      const [c0, c1] = [e(1, 3), e(2, 5)];
      assertDeepClose(values({ layer: layerOf('input x [2, 2]\nsoftmax axis=0').layer, inputs: [x] }), [[[c0[0], c1[0]], [c0[1], c1[1]]]]);
      x.dispose();
    });

    it('linear returns a tensor the caller may dispose without freeing its input', () => {
      const x = tf.tensor2d([[1, 2]]);
      const inner: InnerOp[] = [];
      const result = forward({ layer: layerOf('input x [2]\nlinear').layer, inputs: [x], inner });
      assert.notEqual(result.output, x);
      assert.equal(inner.length, 1);
      disposeOutput(result);
      inner.forEach((op) => op.tensor.dispose());
      assert.deepEqual(x.arraySync(), [[1, 2]]);
      x.dispose();
    });
  });

  describe('every kind', () => {
    const KINDS = [
      'input', 'constant', 'dense', 'linear', 'identity', 'step', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'gelu', 'softmax',
      'activation', 'dropout', 'flatten', 'reshape', 'batchnorm', 'layernorm', 'add', 'subtract', 'multiply', 'average', 'concat',
      'embedding', 'positional_encoding', 'graph_conv',
    ];
    for (const kind of KINDS) {
      it(`${kind} is a language kind with exactly one kernel, exercised by the case table`, () => {
        assert.ok(layerSpec(kind), `${kind} is not a kind of the language`);
        assert.equal(BASIC_KERNELS.filter((k) => k.kind === kind).length, 1);
        assert.ok(CASES.some((entry) => layerOf(entry.source).layer.kind === kind), `no case exercises ${kind}`);
      });
    }
    it('has no kernel beyond that list', () => {
      assert.deepEqual(BASIC_KERNELS.map((k) => k.kind).filter((k) => !KINDS.includes(k)), []);
    });
  });

  describe('gradients by finite differences', () => {
    for (const entry of CASES.filter((c) => c.gradient !== false)) {
      it(caseTitle(entry), () => {
        const random = new Random(11, entry.source);
        const { layer } = layerOf(entry.source);
        const params = randomParams(layer, random);
        const inputs = caseInputs(entry, random);
        checkGradients({ layer, params, inputs, mode: entry.mode }, random);
        tf.dispose([...inputs, ...Object.values(params)]);
      });
    }
  });

  describe('inner operations and leaks', () => {
    for (const entry of CASES) {
      it(`${caseTitle(entry)}: inner ops only when asked, the last equal to the output; nothing leaks`, async () => {
        const random = new Random(5, entry.source);
        const { layer } = layerOf(entry.source);
        const params = randomParams(layer, random);
        const inputs = caseInputs(entry, random);
        const run = { layer, params, inputs, mode: entry.mode };
        // Without inner: only the returned tensors are new.
        const before = tf.memory().numTensors;
        const plain = forward(run);
        const returned = 1 + Object.keys(plain.ports ?? {}).length + Object.keys(plain.stateUpdates ?? {}).length;
        assert.equal(tf.memory().numTensors - before, returned, 'a forward without inner must keep only what it returns');
        disposeOutput(plain);
        await noLeaks(() => {
          const inner: InnerOp[] = [];
          const result = forward({ ...run, inner });
          if (layer.kind !== 'input' && layer.kind !== 'constant' && layer.kind !== 'flatten' && layer.kind !== 'reshape') {
            assert.ok(inner.length > 0, 'no inner operation');
            assert.equal(new Set(inner.map((op) => op.name)).size, inner.length, 'inner names must be unique');
            assertDeepClose(inner[inner.length - 1].tensor.arraySync(), result.output.arraySync(), 0);
          }
          inner.forEach((op) => op.tensor.dispose());
          disposeOutput(result);
          for (const x of [...inputs, ...Object.values(params)]) assert.ok(!x.isDisposed, 'an input or parameter was freed');
        });
        tf.dispose([...inputs, ...Object.values(params)]);
      });
    }
  });
});
