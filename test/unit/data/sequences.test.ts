// The regression toy, the GAN's real data, and the sequence tasks: sine windows, counting,
// copy, reverse and the Quijote's characters, with targets per position or for the next step
// depending on the model's output.

import * as assert from 'node:assert/strict';
import { createDataset } from '../../../src/core/data/createDataset';
import { QUIJOTE, QUIJOTE_ALPHABET } from '../../../src/core/data/text';
import { config, facts, rejectsWith } from './helpers';

function stats(values: ArrayLike<number>): { mean: number; std: number } {
  const list = Array.from(values);
  const mean = list.reduce((a, b) => a + b, 0) / list.length;
  return { mean, std: Math.sqrt(list.reduce((a, b) => a + (b - mean) ** 2, 0) / list.length) };
}

/** Row n of a [count, length] tensor. */
function row(values: ArrayLike<number>, n: number, length: number): number[] {
  return Array.from(values).slice(n * length, (n + 1) * length);
}

const tokens = (output: (number | null)[], loss = 'sparse_categorical_crossentropy', length = 8) => facts([['tokens', [length], 'int32']], output, loss);

describe('linear and gaussian', () => {
  it('linear: y = slope·x + intercept exactly at noise 0, x in [−1, 1)', async () => {
    const dataset = await createDataset(config('linear', { noise: 0, slope: 3, intercept: 0.5 }), facts([['x', [1]]], [1], 'mse'), 1);
    const x = dataset.train.inputs[0].values;
    assert.ok(x.every((v) => v >= -1 && v < 1));
    dataset.train.targets.values.forEach((y, i) => assert.ok(Math.abs(y - (3 * x[i] + 0.5)) < 1e-6));
  });

  it('linear: the residuals have the standard deviation `noise`', async () => {
    const dataset = await createDataset(config('linear', { samples: 5000 }), facts([['x', [1]]], [1], 'mse'), 2);
    const x = dataset.train.inputs[0].values;
    const residuals = Array.from(dataset.train.targets.values, (y, i) => y - (2 * x[i] - 1));
    assert.ok(Math.abs(stats(residuals).std - 0.1) < 0.005);
  });

  it('gaussian: real samples of N(mean, std²), all labelled 1 (real)', async () => {
    const dataset = await createDataset(config('gaussian', { samples: 5000 }), facts([['x', [1]]], [1], 'binary_crossentropy'), 3);
    const { mean, std } = stats(dataset.train.inputs[0].values);
    assert.ok(Math.abs(mean - 4) < 0.06 && Math.abs(std - 1.25) < 0.05, `${mean} ${std}`);
    assert.ok(dataset.train.targets.values.every((v) => v === 1));
    assert.equal(dataset.task, 'generative');
  });
});

describe('sequences', () => {
  const delta = (2 * Math.PI) / 16;

  it('sine: each window follows sin(φ + kΔ), and the target is the next value', async () => {
    const dataset = await createDataset(config('sine', { samples: 20, length: 8 }), facts([['w', [8, 1]]], [1], 'mse'), 4);
    const { inputs, targets } = dataset.train;
    for (let n = 0; n < 20; n++) {
      const series = [...row(inputs[0].values, n, 8), targets.values[n]];
      // sin(a + Δ) = 2·cos Δ·sin a − sin(a − Δ): holds along any sampled sine wave.
      for (let k = 1; k < 8; k++) assert.ok(Math.abs(series[k + 1] - (2 * Math.cos(delta) * series[k] - series[k - 1])) < 1e-5);
      assert.ok(series.every((v) => Math.abs(v) <= 1));
    }
  });

  it('sine: with a position axis in the output, the targets are the window moved one step', async () => {
    const dataset = await createDataset(config('sine', { samples: 5, length: 8 }), facts([['w', [8, 1]]], [8, 1], 'mse'), 5);
    const { inputs, targets } = dataset.train;
    assert.deepEqual(targets.shape, [5, 8, 1]);
    for (let n = 0; n < 5; n++) assert.deepEqual(row(targets.values, n, 8).slice(0, 7), row(inputs[0].values, n, 8).slice(1));
  });

  it('counting: tokens count up mod vocab; the target is the next token', async () => {
    const dataset = await createDataset(config('counting', { samples: 30, vocab: 5 }), tokens([5]), 6);
    const { inputs, targets } = dataset.train;
    assert.deepEqual(targets.shape, [30]);
    for (let n = 0; n < 30; n++) {
      const sequence = row(inputs[0].values, n, 8);
      sequence.forEach((t, k) => k > 0 && assert.equal(t, (sequence[k - 1] + 1) % 5));
      assert.equal(targets.values[n], (sequence[7] + 1) % 5);
    }
  });

  it('counting per position: each position predicts the token after it', async () => {
    const dataset = await createDataset(config('counting', { samples: 3 }), tokens([8, 10]), 7);
    const { inputs, targets } = dataset.train;
    for (let n = 0; n < 3; n++) assert.deepEqual(row(targets.values, n, 8), row(inputs[0].values, n, 8).map((t) => (t + 1) % 10));
  });

  it('copy and reverse: targets are the tokens, or the tokens reversed, one-hot for categorical_crossentropy', async () => {
    const copy = await createDataset(config('copy', { samples: 10 }), tokens([8, 10]), 8);
    assert.deepEqual([...copy.train.targets.values], [...copy.train.inputs[0].values]);
    assert.ok(copy.train.inputs[0].values.every((t) => t >= 0 && t < 10));
    const reverse = await createDataset(config('reverse', { samples: 10 }), tokens([8, 10], 'categorical_crossentropy'), 8);
    assert.deepEqual(reverse.train.targets.shape, [10, 8, 10]);
    const ids = Array.from({ length: 80 }, (_, i) => reverse.train.targets.values.subarray(i * 10, i * 10 + 10).indexOf(1));
    for (let n = 0; n < 10; n++) assert.deepEqual(ids.slice(n * 8, n * 8 + 8), row(reverse.train.inputs[0].values, n, 8).reverse());
  });

  it('copy needs an output at every position', async () => {
    const error = await rejectsWith(createDataset(config('copy'), tokens([10]), 1), 'output-shape');
    assert.deepEqual(error.detail.args, ['copy', '[8, 10]', 'out', '[10]']);
  });

  it('text: windows of the Quijote as character ids; the target is the next character', async () => {
    const dataset = await createDataset(config('text', { samples: 40, length: 12 }), facts([['c', [12], 'int32']], [41], 'sparse_categorical_crossentropy'), 9);
    assert.deepEqual(dataset.labels, QUIJOTE_ALPHABET);
    assert.equal(dataset.classes, 41);
    assert.ok(QUIJOTE.startsWith('En un lugar de la Mancha, de cuyo nombre no quiero acordarme'));
    const { inputs, targets } = dataset.train;
    for (let n = 0; n < 40; n++) {
      const window = row(inputs[0].values, n, 12).map((id) => QUIJOTE_ALPHABET[id]).join('');
      assert.ok(QUIJOTE.includes(window + QUIJOTE_ALPHABET[targets.values[n]]), window);
    }
  });

  it('text: an output of the wrong vocabulary size is refused, naming the right one', async () => {
    const sparse = await rejectsWith(createDataset(config('text'), facts([['c', [8], 'int32']], [8, 30], 'sparse_categorical_crossentropy'), 1), 'class-count');
    assert.deepEqual(sparse.detail.args, ['text', 41, 'out', 30]);
    const oneHot = await rejectsWith(createDataset(config('text'), facts([['c', [8], 'int32']], [8, 30], 'categorical_crossentropy'), 1), 'class-count');
    assert.match(oneHot.message, /41 classes/);
  });
});
