// Losses on values worked out by hand, probabilities and logits agreeing, masks, the penalties
// with the course's λ/(2N), accuracy, and every loss's gradient against finite differences.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core registers no gradients by itself; the engine's entry point must import this too.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { accuracy, createLoss, penalty } from '../../../src/core/engine/losses';
import { GraphLayer, SectionConfig } from '../../../src/core/model/graph';
import { graphOf } from '../../helpers/graph';
import { noLeaks, useCpu } from '../../helpers/tf';

const output = graphOf('model m\n  input x [3]\n  dense out 3\n').layers[1];

function loss(name: string, attrs: Record<string, number | boolean> = {}, out: GraphLayer = output) {
  const config: SectionConfig = { name, line: 0, attrs };
  return createLoss(config, out);
}

function value(name: string, yTrue: tf.Tensor, yPred: tf.Tensor, attrs: Record<string, number | boolean> = {}, mask?: tf.Tensor): number {
  const scalar = loss(name, attrs).compute(yTrue, yPred, mask);
  const result = scalar.dataSync()[0];
  scalar.dispose();
  return result;
}

function close(actual: number, expected: number, tolerance = 1e-6): void {
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `got ${actual}, expected ${expected}`);
}

describe('losses', () => {
  before(useCpu);

  it('mse is the mean of squares, as Keras: ((0.5)² + (0.25)²)/2 = 0.15625; its formula names the course’s 1/(2N)', () =>
    noLeaks(() =>
      tf.tidy(() => {
        close(value('mse', tf.tensor2d([[1], [0]]), tf.tensor2d([[0.5], [0.25]])), 0.15625);
        assert.match(loss('mse').formula, /1\/\(2N\)/);
        // Several outputs: the mean over units too, (0.25 + 0)/2 and (0.25 + 0 + 1 + 4)/4.
        close(value('mse', tf.tensor2d([[1, 2]]), tf.tensor2d([[0.5, 2]])), 0.125);
        close(value('mse', tf.tensor2d([[1, 2], [0, 0]]), tf.tensor2d([[0.5, 2], [1, 2]])), (0.25 + 0 + 1 + 4) / 4);
      }),
    ));

  it('mae: (0.5 + 0.25)/2 = 0.375', () => tf.tidy(() => close(value('mae', tf.tensor2d([[1], [0]]), tf.tensor2d([[0.5], [0.25]])), 0.375)));

  it('binary cross-entropy: −(ln 0.8 + ln 0.6)/2 = 0.3669846, from probabilities and from logits', () =>
    tf.tidy(() => {
      const y = tf.tensor2d([[1], [0]]);
      close(value('binary_crossentropy', y, tf.tensor2d([[0.8], [0.4]])), 0.3669846);
      // Logits ln(0.8/0.2) = 1.3862944 and ln(0.4/0.6) = −0.4054651 give the same probabilities.
      close(value('binary_crossentropy', y, tf.tensor2d([[1.3862944], [-0.4054651]]), { from_logits: true }), 0.3669846);
    }));

  it('binary cross-entropy clips probabilities to [ε, 1 − ε]; the logit form stays exact far out', () =>
    tf.tidy(() => {
      // −ln(1e−7) = 16.118096: a certain wrong answer costs a finite amount, as in Keras.
      close(value('binary_crossentropy', tf.tensor2d([[1]]), tf.tensor2d([[0]])), 16.118096, 1e-5);
      close(value('binary_crossentropy', tf.tensor2d([[0]]), tf.tensor2d([[100]]), { from_logits: true }), 100);
      close(value('binary_crossentropy', tf.tensor2d([[1]]), tf.tensor2d([[100]]), { from_logits: true }), 0);
    }));

  it('categorical cross-entropy: −(ln 0.7 + ln 0.5)/2 = 0.5249111, and the same from logits ln p', () =>
    tf.tidy(() => {
      const y = tf.tensor2d([[0, 1, 0], [1, 0, 0]]);
      const p = [[0.2, 0.7, 0.1], [0.5, 0.25, 0.25]];
      close(value('categorical_crossentropy', y, tf.tensor2d(p)), 0.5249111);
      const logits = tf.tensor2d(p.map((row) => row.map((x) => Math.log(x) + 3)));
      close(value('categorical_crossentropy', y, logits, { from_logits: true }), 0.5249111);
    }));

  it('sparse categorical cross-entropy takes int32 class ids, [batch] or [batch, 1], and equals the one-hot form', () =>
    tf.tidy(() => {
      const p = tf.tensor2d([[0.2, 0.7, 0.1], [0.5, 0.25, 0.25]]);
      close(value('sparse_categorical_crossentropy', tf.tensor1d([1, 0], 'int32'), p), 0.5249111);
      close(value('sparse_categorical_crossentropy', tf.tensor2d([[1], [0]], [2, 1], 'int32'), p), 0.5249111);
      close(value('sparse_categorical_crossentropy', tf.tensor1d([1, 0], 'int32'), tf.log(p), { from_logits: true }), 0.5249111);
      // A sequence output [batch, time, classes] with ids [batch, time].
      const sequence = tf.tensor3d([[[0.2, 0.7, 0.1], [0.5, 0.25, 0.25]]]);
      close(value('sparse_categorical_crossentropy', tf.tensor2d([[1, 0]], [1, 2], 'int32'), sequence), 0.5249111);
    }));

  it('hinge: (max(0, 1 − 0.3) + max(0, 1 + 0.4))/2 = 1.05, with ±1 or 0/1 labels', () =>
    tf.tidy(() => {
      const p = tf.tensor2d([[0.3], [0.4]]);
      close(value('hinge', tf.tensor2d([[1], [-1]]), p), 1.05);
      close(value('hinge', tf.tensor2d([[1], [0]]), p), 1.05);
    }));

  it('a mask averages only the entries it weights: Σ mask·loss / Σ mask, and 0 for an empty mask', () =>
    noLeaks(() =>
      tf.tidy(() => {
        const y = tf.tensor2d([[1], [0], [1]]);
        const p = tf.tensor2d([[0.5], [0.25], [1]]);
        // Per-example squares 0.25, 0.0625, 0.
        close(value('mse', y, p, {}, tf.tensor1d([1, 0, 1])), 0.125);
        close(value('mse', y, p, {}, tf.tensor1d([0, 1, 0])), 0.0625);
        close(value('mse', y, p, {}, tf.tensor1d([0, 0, 0])), 0);
        // Node classification: ids per node, a training mask over nodes.
        const probabilities = tf.tensor2d([[0.2, 0.8], [0.9, 0.1], [0.5, 0.5]]);
        close(value('sparse_categorical_crossentropy', tf.tensor1d([1, 1, 0], 'int32'), probabilities, {}, tf.tensor1d([1, 0, 1])), -(Math.log(0.8) + Math.log(0.5)) / 2);
      }),
    ));

  it('without a loss line: cross-entropy on softmax and sigmoid outputs, else mse', () => {
    const graph = graphOf('model m\n  input x [3]\n  dense a 3 activation=softmax\n  dense b 1 activation=sigmoid\n  dense c 1\n');
    assert.equal(createLoss(undefined, graph.layers[1]).name, 'categorical_crossentropy');
    assert.equal(createLoss(undefined, graph.layers[2]).name, 'binary_crossentropy');
    assert.equal(createLoss(undefined, graph.layers[3]).name, 'mse');
    assert.equal(loss('binary_crossentropy', { from_logits: true }).fromLogits, true);
    assert.match(loss('binary_crossentropy', { from_logits: true }).formula, /σ\(z\)/);
  });

  const gradientCases: [string, () => [tf.Tensor, tf.Tensor], Record<string, boolean>][] = [
    ['mse', () => [tf.tensor2d([[1, -1], [0.5, 2]]), tf.tensor2d([[0.3, 0.2], [-0.4, 1.1]])], {}],
    ['mae', () => [tf.tensor2d([[1, -1], [0.5, 2]]), tf.tensor2d([[0.3, 0.2], [-0.4, 1.1]])], {}],
    ['binary_crossentropy', () => [tf.tensor2d([[1], [0], [1]]), tf.tensor2d([[0.7], [0.2], [0.4]])], {}],
    ['binary_crossentropy', () => [tf.tensor2d([[1], [0], [1]]), tf.tensor2d([[0.7], [-1.2], [2.4]])], { from_logits: true }],
    ['categorical_crossentropy', () => [tf.tensor2d([[0, 1, 0], [0, 0, 1]]), tf.tensor2d([[0.2, 0.5, 0.3], [0.1, 0.6, 0.3]])], {}],
    ['categorical_crossentropy', () => [tf.tensor2d([[0, 1, 0], [0, 0, 1]]), tf.tensor2d([[0.2, -0.5, 1.3], [0.1, 0.6, -0.3]])], { from_logits: true }],
    ['sparse_categorical_crossentropy', () => [tf.tensor1d([1, 2], 'int32'), tf.tensor2d([[0.2, 0.5, 0.3], [0.1, 0.6, 0.3]])], {}],
    ['sparse_categorical_crossentropy', () => [tf.tensor1d([1, 2], 'int32'), tf.tensor2d([[0.2, -0.5, 1.3], [0.1, 0.6, -0.3]])], { from_logits: true }],
    ['hinge', () => [tf.tensor2d([[1], [-1], [1]]), tf.tensor2d([[0.3], [0.4], [-0.6]])], {}],
  ];
  for (const [name, make, attrs] of gradientCases) {
    it(`${name}${attrs.from_logits ? ' from logits' : ''}: dL/dŷ by tf.grad equals central finite differences`, () =>
      noLeaks(() =>
        tf.tidy(() => {
          const [y, p] = make();
          const objective = loss(name, attrs);
          const gradient = tf.grad((pred: tf.Tensor) => objective.compute(y, pred))(p).dataSync();
          const base = p.dataSync();
          const h = 1e-3;
          for (let i = 0; i < base.length; i++) {
            const shifted = (delta: number) => {
              const values = Float32Array.from(base);
              values[i] += delta;
              return objective.compute(y, tf.tensor(values, p.shape)).dataSync()[0];
            };
            const numeric = (shifted(h) - shifted(-h)) / (2 * h);
            assert.ok(Math.abs(gradient[i] - numeric) < 2e-3 * Math.max(1, Math.abs(numeric)), `entry ${i}: ${gradient[i]} vs ${numeric}`);
          }
        }),
      ));
  }
});

describe('penalties', () => {
  before(useCpu);

  const graph = graphOf(
    'model m\n  input x [2]\n  dense h 2 weights=[[1, 2], [3, 4]] bias=[5, 5]\n  dense o 1 l1=0.01 l2=0.1 weights=[[1], [-2]] bias=[7]\n',
  );
  const params = () => ({
    h: { kernel: tf.tensor2d([[1, 2], [3, 4]]), bias: tf.tensor1d([5, 5]) },
    o: { kernel: tf.tensor2d([[1], [-2]]), bias: tf.tensor1d([7]) },
  });

  it('per layer, as Keras: l1·Σ|W| + l2·Σ W² on that layer’s kernel only: 0.01·3 + 0.1·5 = 0.53', () =>
    tf.tidy(() => close(penalty(graph, params(), undefined, 4).dataSync()[0], 0.53)));

  it('on the loss line, as the course: λ/(2N)·Σ W² over every kernel, never biases: 0.1/(2·4)·(30 + 5) = 0.4375', () =>
    tf.tidy(() => {
      const noLayerPenalties = graphOf('model m\n  input x [2]\n  dense h 2\n  dense o 1\n');
      const lossLine: SectionConfig = { name: 'mse', line: 0, attrs: { l2: 0.1 } };
      close(penalty(noLayerPenalties, params(), lossLine, 4).dataSync()[0], 0.4375);
      // With the layer's own terms on top: 0.4375 + 0.53.
      close(penalty(graph, params(), lossLine, 4).dataSync()[0], 0.9675);
      // Global L1 as its hover says, λ·Σ|W|: 0.2·(10 + 3) = 2.6.
      close(penalty(noLayerPenalties, params(), { name: 'mse', line: 0, attrs: { l1: 0.2 } }, 4).dataSync()[0], 2.6);
    }));

  it('a separable or bidirectional layer’s own l2 falls on its kernels (depthwise, pointwise; both directions), not on the recurrent kernels or biases', () =>
    tf.tidy(() => {
      const wrapped = graphOf('model m\n  input x [4, 4, 1]\n  separable_conv2d s 1 1 l2=0.1\n  reshape [16, 1]\n  bidirectional b simple_rnn 1 l2=0.5\n');
      const filled = (shape: number[], value: number) => tf.fill(shape, value);
      const values = {
        s: { depthwise_kernel: filled([1, 1, 1, 1], 2), pointwise_kernel: filled([1, 1, 1, 1], 3), bias: filled([1], 1) },
        b: { forward_kernel: filled([1, 1], 1), forward_recurrent_kernel: filled([1, 1], 10), forward_bias: filled([1], 1), backward_kernel: filled([1, 1], 2), backward_recurrent_kernel: filled([1, 1], 10), backward_bias: filled([1], 1) },
      };
      // 0.1·(2² + 3²) + 0.5·(1² + 2²) = 1.3 + 2.5 = 3.8
      close(penalty(wrapped, values, undefined, 4).dataSync()[0], 3.8);
    }));

  it('adds to the loss the course’s way: 1/(2N)·Σ (y − h)² + λ/(2N)·Σ W² is half of mse plus the penalty', () =>
    tf.tidy(() => {
      const plain = graphOf('model m\n  input x [2]\n  dense h 2\n  dense o 1\n');
      const y = tf.tensor2d([[1], [0], [1], [0]]);
      const h = tf.tensor2d([[0.5], [0.5], [1], [0]]);
      // Σ (y − h)² = 0.5, N = 4: the course's data term is 0.5/8 = 0.0625 (mse 0.125 halved).
      const mse = createLoss({ name: 'mse', line: 0, attrs: { l2: 0.1 } }, plain.layers[2]).compute(y, h).dataSync()[0];
      const total = mse / 2 + penalty(plain, params(), { name: 'mse', line: 0, attrs: { l2: 0.1 } }, 4).dataSync()[0];
      close(total, 0.0625 + 0.4375);
    }));

  it('is differentiable: d/dW of λ/(2N)·Σ W² is (λ/N)·W', () =>
    noLeaks(() =>
      tf.tidy(() => {
        const plain = graphOf('model m\n  input x [2]\n  dense h 2\n  dense o 1\n');
        const w = tf.tensor2d([[1, 2], [3, 4]]);
        const grad = tf.grad((k: tf.Tensor) => penalty(plain, { h: { kernel: k } }, { name: 'mse', line: 0, attrs: { l2: 0.1 } }, 4))(w);
        assert.deepEqual(Array.from(grad.dataSync(), (v) => Math.round(v * 1e6) / 1e6), [0.025, 0.05, 0.075, 0.1]);
      }),
    ));
});

describe('accuracy', () => {
  before(useCpu);
  const acc = (yTrue: tf.Tensor, yPred: tf.Tensor, lossName: Parameters<typeof accuracy>[2], mask?: tf.Tensor) => accuracy(yTrue, yPred, lossName, mask).dataSync()[0];

  it('binary: thresholds probabilities at 0.5 and logits at 0', () =>
    noLeaks(() =>
      tf.tidy(() => {
        const y = tf.tensor2d([[1], [0], [1], [0]]);
        close(acc(y, tf.tensor2d([[0.9], [0.4], [0.3], [0.6]]), 'binary_crossentropy'), 0.5);
        close(acc(y, tf.tensor2d([[0.9], [0.4], [0.6], [0.1]]), 'mse'), 1);
        close(acc(y, tf.tensor2d([[0.2], [-0.1], [0.4], [-3]]), { name: 'binary_crossentropy', fromLogits: true }), 1);
      }),
    ));

  it('hinge: the sign of the score against ±1 labels', () =>
    tf.tidy(() => close(acc(tf.tensor2d([[1], [-1], [1]]), tf.tensor2d([[0.2], [-0.5], [-0.1]]), 'hinge'), 2 / 3)));

  it('categorical: argmax against argmax; sparse: argmax against the ids; masked', () =>
    tf.tidy(() => {
      const p = tf.tensor2d([[0.2, 0.7, 0.1], [0.5, 0.25, 0.25], [0.1, 0.1, 0.8]]);
      close(acc(tf.tensor2d([[0, 1, 0], [0, 1, 0], [0, 0, 1]]), p, 'categorical_crossentropy'), 2 / 3);
      close(acc(tf.tensor1d([1, 1, 2], 'int32'), p, 'sparse_categorical_crossentropy'), 2 / 3);
      close(acc(tf.tensor2d([[1], [1], [2]], [3, 1], 'int32'), p, 'sparse_categorical_crossentropy'), 2 / 3);
      close(acc(tf.tensor1d([1, 1, 2], 'int32'), p, 'sparse_categorical_crossentropy', tf.tensor1d([0, 1, 0])), 0);
      close(acc(tf.tensor1d([1, 1, 2], 'int32'), p, 'sparse_categorical_crossentropy', tf.tensor1d([1, 0, 1])), 1);
    }));
});
