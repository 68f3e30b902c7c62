// The evaluator of debug-console expressions, conditions and logpoints over a small scope:
// statistics, indexing, arithmetic, gradients through origins, hit conditions, and the
// message it gives for what it cannot do. No tensor is left behind.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { english, render } from '../../../src/core/lang/localize';
import { hitConditionMet } from '../../../src/debug/breakpoints';
import { condition, evaluate, EvaluationScope, interpolate, Value } from '../../../src/debug/evaluate';
import { formatValue } from '../../../src/debug/format';

describe('debug expression evaluator', () => {
  let output: tf.Tensor;
  let kernel: tf.Tensor;
  let dKernel: tf.Tensor;
  let made: tf.Tensor[];
  let scope: EvaluationScope;

  before(async () => {
    tf.env().set('PROD', true);
    await tf.setBackend('cpu');
  });

  beforeEach(() => {
    // output[b, i, j]: 2 × 3 × 4 = 0…23; kernel 3 × 4 of ones; its gradient 0.5 everywhere.
    output = tf.reshape(tf.range(0, 24), [2, 3, 4]);
    kernel = tf.ones([3, 4]);
    dKernel = tf.fill([3, 4], 0.5);
    made = [];
    const tensor = (t: tf.Tensor, role?: string): Value => ({ kind: 'tensor', tensor: t, origin: role ? { layer: 'dense1', role } : undefined });
    scope = {
      name: async (name) => (name === 'output' ? tensor(output, 'output') : name === 'epoch' ? { kind: 'number', value: 3 } : name === 'dense1' ? { kind: 'layer', layer: 'dense1' } : undefined),
      member: (_layer, name) => (name === 'kernel' ? tensor(kernel, 'kernel') : name === 'output' ? tensor(output, 'output') : undefined),
      gradient: (origin) => (origin.role === 'kernel' ? tensor(dKernel) : undefined),
      names: () => ['output', 'epoch', 'dense1'],
      track: (t) => made.push(t),
    };
  });

  afterEach(() => {
    made.forEach((t) => t.dispose());
    tf.dispose([output, kernel, dKernel]);
  });

  async function value(text: string): Promise<Value> {
    const outcome = await evaluate(text, scope);
    if ('error' in outcome) throw new Error(render(english, outcome.error));
    return outcome.value;
  }

  async function numbers(text: string): Promise<unknown> {
    const v = await value(text);
    return v.kind === 'tensor' ? v.tensor.array() : v.kind === 'number' || v.kind === 'boolean' ? v.value : v.layer;
  }

  it('indexes NumPy-style: a slice keeps its axes, an index drops its axis, negatives count from the end', async () => {
    assert.deepEqual(await numbers('output[0, :, 3]'), [3, 7, 11]);
    assert.deepEqual(await numbers('output[1, 1:, -1]'), [19, 23]);
    assert.deepEqual(await numbers('output[:, 0, :2]'), [[0, 1], [12, 13]]);
    assert.equal(await numbers('output[1, 2, 3]'), 23);
  });

  it('answers statistics as members, with or without a call', async () => {
    assert.equal(await numbers('output.mean'), 11.5);
    assert.equal(await numbers('output.max()'), 23);
    assert.equal(await numbers('output.zeros'), 1 / 24);
    assert.equal(await numbers('output.size'), 24);
    assert.equal(await numbers('dense1.kernel.grad.norm()'), Math.sqrt(12 * 0.25));
  });

  it('computes arithmetic on numbers and tensors, and comparisons as booleans', async () => {
    assert.deepEqual(await numbers('output[0, 0, :] * 2 - 1'), [-1, 1, 3, 5]);
    assert.equal(await numbers('1 + 2 * 3'), 7);
    assert.equal(await numbers('epoch == 3 && output.mean > 10'), true);
    assert.equal(await condition('epoch == 4 || !(output.min < 0)', scope), true);
  });

  it('formats a tensor value as shape and statistics', async () => {
    assert.equal(await formatValue(await value('output[0, 0, :]'), english), '[4] · [0, 1, 2, 3] · mean 1.5 · std 1.118 · min 0 · max 3 · ‖·‖ 3.7417 · 25 % zeros');
  });

  it('interpolates logpoints', async () => {
    assert.equal(await interpolate('mean {output.mean}, epoch {epoch}, {nope}', scope, (v) => formatValue(v, english), (m) => render(english, m)), "mean 11.5, epoch 3, {nope: Unknown name 'nope'. Known here: output, epoch, dense1.}");
  });

  const errors: [string, string][] = [
    ['outptu.mean', "Unknown name 'outptu'. Known here: output, epoch, dense1."],
    ['output > 1', 'Compare numbers, not tensors: use a statistic, for example output.mean.'],
    ['output[0, 0, 0, 0]', 'Too many indices: the tensor has 3 axes, shape [2, 3, 4].'],
    ['output[2]', 'Index 2 is out of range for axis 0 of length 2.'],
    ['output.median', "Unknown member 'median' of a tensor. Known: norm, mean, std, min, max, zeros, nonFinite, sum, size, rank, grad."],
    ['output.grad', 'This tensor has no gradient in this step.'],
    ['dense1.bias', "Layer dense1 has no 'bias' here."],
    ['epoch[0]', 'Only a tensor can be indexed.'],
  ];
  for (const [text, expected] of errors) {
    it(`explains what is wrong in ${text}`, async () => {
      const outcome = await evaluate(text, scope);
      assert.ok('error' in outcome);
      assert.equal(render(english, outcome.error), expected);
    });
  }

  it('a condition on a tensor is an error, not a silent false', async () => {
    const verdict = await condition('output', scope);
    assert.notEqual(typeof verdict, 'boolean');
  });

  it('leaves no tensor behind once the scope disposes what it tracked', async () => {
    const before = tf.memory().numTensors;
    await value('(output[0] + output[1]) * 2');
    assert.ok(made.length > 0);
    made.forEach((t) => t.dispose());
    made = [];
    assert.equal(tf.memory().numTensors, before);
  });

  it('reads hit conditions as VS Code writes them', () => {
    assert.deepEqual([1, 2, 3].map((h) => hitConditionMet('2', h)), [false, true, false]);
    assert.deepEqual([1, 2, 3].map((h) => hitConditionMet('>= 2', h)), [false, true, true]);
    assert.deepEqual([1, 2, 3, 4].map((h) => hitConditionMet('% 2', h)), [false, true, false, true]);
  });
});
