// What createDataset does for every set alike: defaults, literal tables, targets=inputs,
// denoise, the split, and the checks of the data against the model, each a typed DataError.

import * as assert from 'node:assert/strict';
import { createDataset, modelFacts } from '../../../src/core/data/createDataset';
import { DataError } from '../../../src/core/data/dataError';
import { compileModel, config, facts, nodePorts, rejectsWith } from './helpers';

const XY = { x: { shape: [4, 2], values: [0, 0, 0, 1, 1, 0, 1, 1] }, y: { shape: [4], values: [0, 1, 2, 1] } };

function stats(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, std: Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) };
}

describe('createDataset', () => {
  it('fills arguments the line leaves out from the catalog’s defaults', async () => {
    const dataset = await createDataset(config('two_blobs'), facts([['x', [2]]], [1], 'binary_crossentropy'), 1);
    assert.deepEqual(dataset.train.inputs[0].shape, [500, 2]);
    assert.equal(dataset.validation.inputs[0].shape[0], 0, 'split = 1 by default');
  });

  it('refuses an unknown data set', async () => {
    const error = await rejectsWith(createDataset(config('iris'), facts([['x', [4]]], [3]), 1), 'unknown-dataset');
    assert.ok(error instanceof Error && error.name === 'DataError');
    assert.deepEqual(error.detail, { template: "Unknown data set '{0}'.", args: ['iris'] });
    await rejectsWith(createDataset(config('constructor'), facts([['x', [4]]], [3]), 1), 'unknown-dataset');
  });

  it('reads the model facts from a compiled graph, skipping inputs with a literal value', () => {
    const { graph } = compileModel('input x [2]\ninput bias [2] value=[1, 1]\nadd s from x, bias\ndense out 3 activation=softmax\nloss categorical_crossentropy');
    assert.deepEqual(modelFacts(graph), { inputs: [{ name: 'x', shape: [2], dtype: 'float32' }], output: { name: 'out', shape: [3] }, loss: 'categorical_crossentropy' });
  });

  describe('table', () => {
    it('uses x and y as written, a flat y as one value per example, in file order', async () => {
      const dataset = await createDataset(config('table', XY), facts([['x', [2]]], [1], 'mse'), 1);
      assert.deepEqual([...dataset.train.inputs[0].values], XY.x.values);
      assert.deepEqual(dataset.train.targets.shape, [4, 1]);
      assert.deepEqual([...dataset.train.targets.values], [0, 1, 2, 1]);
    });

    it('reads y as class ids for a multi-unit output', async () => {
      const dataset = await createDataset(config('table', XY), facts([['x', [2]]], [3], 'categorical_crossentropy'), 1);
      assert.deepEqual([...dataset.train.targets.values], [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0]);
      assert.equal(dataset.classes, 3);
      const wider = await createDataset(config('table', XY), facts([['x', [2]]], [5], 'sparse_categorical_crossentropy'), 1);
      assert.equal(wider.classes, 5, 'the output may have classes the table does not show');
    });

    it('refuses rows that do not pair up, and class ids that are not whole', async () => {
      const rows = await rejectsWith(createDataset(config('table', { ...XY, y: { shape: [3], values: [0, 1, 1] } }), facts([['x', [2]]], [1], 'mse'), 1), 'rows-mismatch');
      assert.deepEqual(rows.detail.args, [4, 3]);
      const ids = await rejectsWith(createDataset(config('table', { ...XY, y: { shape: [4], values: [0, 1, -1, 1] } }), facts([['x', [2]]], [3], 'categorical_crossentropy'), 1), 'class-id');
      assert.deepEqual(ids.detail.args, [-1, 3]);
    });
  });

  describe('split', () => {
    it('holds out the rest after ⌊n·split⌋, shuffling even literal rows then', async () => {
      const dataset = await createDataset(config('table', { ...XY, split: 0.5 }), facts([['x', [2]]], [1], 'mse'), 1);
      assert.equal(dataset.train.targets.shape[0], 2);
      assert.equal(dataset.validation.targets.shape[0], 2);
      const all = [...dataset.train.targets.values, ...dataset.validation.targets.values].sort();
      assert.deepEqual(all, [0, 1, 1, 2]);
    });

    it('counts ⌊n·split⌋ without floating-point slips (0.7·10 is 7, 0.29·100 is 29)', async () => {
      const seven = await createDataset(config('linear', { samples: 10, split: 0.7 }), facts([['x', [1]]], [1], 'mse'), 1);
      assert.equal(seven.train.targets.shape[0], 7);
      const lots = await createDataset(config('linear', { samples: 100, split: 0.29 }), facts([['x', [1]]], [1], 'mse'), 1);
      assert.equal(lots.train.targets.shape[0], 29);
    });

    it('refuses a split that leaves nothing to train on', async () => {
      const error = await rejectsWith(createDataset(config('and', { split: 0.1 }), facts([['x', [2]]], [1]), 1), 'split');
      assert.deepEqual(error.detail.args, [0.1, 4]);
    });
  });

  describe('targets=inputs and denoise', () => {
    it('makes the inputs the targets, laid out as the output', async () => {
      const dataset = await createDataset(config('two_blobs', { targets: 'inputs' }), facts([['x', [2]]], [2], 'mse'), 1);
      assert.deepEqual(dataset.train.targets, dataset.train.inputs[0]);
      assert.equal(dataset.task, 'reconstruction');
      const flat = await createDataset(config('mnist', { samples: 50, targets: 'inputs' }), facts([['image', [28, 28, 1]]], [784], 'mse'), 1, nodePorts());
      assert.deepEqual(flat.train.targets.shape, [50, 784]);
      assert.deepEqual(flat.train.targets.values, flat.train.inputs[0].values);
    });

    it('refuses an output that cannot hold the input', async () => {
      const error = await rejectsWith(createDataset(config('two_blobs', { targets: 'inputs' }), facts([['x', [2]]], [3], 'mse'), 1), 'output-shape');
      assert.equal(error.message, "The data 'two_blobs' needs an output of shape [2], but the output 'out' is [3].");
    });

    it('reconstructs token ids as classes', async () => {
      const dataset = await createDataset(config('counting', { samples: 4, targets: 'inputs' }), facts([['t', [8], 'int32']], [8, 10], 'sparse_categorical_crossentropy'), 1);
      assert.deepEqual(dataset.train.targets.values, dataset.train.inputs[0].values);
    });

    it('adds N(0, σ²) to the inputs only; the targets stay clean', async () => {
      const clean = await createDataset(config('two_blobs', { samples: 2000, targets: 'inputs' }), facts([['x', [2]]], [2], 'mse'), 1);
      const noisy = await createDataset(config('two_blobs', { samples: 2000, targets: 'inputs', denoise: 0.3 }), facts([['x', [2]]], [2], 'mse'), 1);
      assert.deepEqual(noisy.train.targets, clean.train.targets);
      const differences = Array.from(noisy.train.inputs[0].values, (v, i) => v - noisy.train.targets.values[i]);
      const { mean, std } = stats(differences);
      assert.ok(Math.abs(mean) < 0.02 && Math.abs(std - 0.3) < 0.01, `${mean} ${std}`);
    });

    it('refuses denoise on token ids', async () => {
      await rejectsWith(createDataset(config('copy', { denoise: 0.1 }), facts([['t', [8], 'int32']], [8, 10], 'sparse_categorical_crossentropy'), 1), 'denoise-tokens');
    });
  });

  describe('checks against the model', () => {
    it('refuses data whose shape is not the input’s, with the fix', async () => {
      const error = await rejectsWith(createDataset(config('spiral', { features: ['x1', 'x2', 'sin_x1'] }), facts([['x', [2]]], [1], 'binary_crossentropy'), 1), 'input-shape');
      assert.equal(error.message, "The data 'spiral' gives examples of shape [3], but the input 'x' is [2]: change the input to [3].");
      assert.equal(error.detail.template, "The data '{0}' gives examples of shape {1}, but the input '{2}' is {3}: change the input to {1}.");
    });

    it('accepts a dimension the model leaves open', async () => {
      const dataset = await createDataset(config('sine'), facts([['w', [null, 1]]], [1], 'mse'), 1);
      assert.deepEqual(dataset.train.inputs[0].shape, [500, 8, 1]);
    });

    it('refuses tokens for a float input and numbers for an int32 input', async () => {
      const tokens = await rejectsWith(createDataset(config('copy'), facts([['t', [8]]], [8, 10], 'sparse_categorical_crossentropy'), 1), 'input-dtype');
      assert.match(tokens.message, /dtype=int32/);
      const numbers = await rejectsWith(createDataset(config('linear'), facts([['x', [1], 'int32']], [1], 'mse'), 1), 'input-dtype');
      assert.match(numbers.message, /remove dtype=int32/);
    });

    it('refuses an output with the wrong number of classes', async () => {
      const ten = await rejectsWith(createDataset(config('mnist', { samples: 10 }), facts([['i', [28, 28, 1]]], [5], 'categorical_crossentropy'), 1, nodePorts()), 'class-count');
      assert.equal(ten.message, "The data 'mnist' has 10 classes, but the output 'out' has 5 units: use 10 units.");
      const two = await rejectsWith(createDataset(config('xor'), facts([['x', [2]]], [3], 'categorical_crossentropy'), 1), 'class-count');
      assert.deepEqual(two.detail.args, ['xor', 'categorical_crossentropy', 'out', 3]);
      const mse = await rejectsWith(createDataset(config('xor'), facts([['x', [2]]], [3], 'mse'), 1), 'class-count');
      assert.match(mse.message, /1 unit \(binary_crossentropy\) or 2 units/);
    });

    it('refuses a regression target for an output of another shape', async () => {
      const error = await rejectsWith(createDataset(config('plane'), facts([['x', [2]]], [2], 'mse'), 1), 'output-shape');
      assert.deepEqual(error.detail.args, ['plane', '[1]', 'out', '[2]']);
    });

    it('throws DataError, an Error whose message is the English text', async () => {
      try {
        await createDataset(config('linear'), facts([['x', [3]]], [1]), 1);
        assert.fail('should throw');
      } catch (error) {
        assert.ok(error instanceof DataError);
        assert.equal(error.message, "The data 'linear' gives examples of shape [1], but the input 'x' is [3]: change the input to [1].");
      }
    });
  });
});
