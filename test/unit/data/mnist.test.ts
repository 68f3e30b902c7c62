// The bundled MNIST subset, loaded from the built asset (dist/mnist-subset.bin) through a
// host port, as the extension and the CLI load it.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createDataset } from '../../../src/core/data/createDataset';
import { decodeMnist } from '../../../src/core/data/mnist';
import { config, facts, mnistAssetPath, nodePorts, rejectsWith } from './helpers';

const convnet = (loss = 'categorical_crossentropy') => facts([['image', [28, 28, 1]]], [10], loss);

describe('mnist subset', () => {
  it('is a 3,925,012-byte asset of 5,000 images, 500 of each digit, balanced in every prefix', () => {
    const bytes = new Uint8Array(readFileSync(mnistAssetPath()));
    assert.equal(bytes.length, 3925012);
    const images = decodeMnist(bytes);
    assert.deepEqual([images.count, images.rows, images.columns], [5000, 28, 28]);
    const counts = (n: number) => Array.from({ length: 10 }, (_, d) => images.labels.subarray(0, n).filter((l) => l === d).length);
    assert.deepEqual(counts(5000), new Array(10).fill(500));
    assert.deepEqual(counts(100), new Array(10).fill(10));
  });

  it('holds real digits: ink and background, and MNIST’s mean brightness', () => {
    const { pixels } = decodeMnist(new Uint8Array(readFileSync(mnistAssetPath())));
    assert.equal(pixels.length, 5000 * 784);
    assert.equal(Math.min(...pixels.subarray(0, 784)), 0);
    assert.ok(pixels.some((p) => p === 255));
    const mean = pixels.reduce((s, p) => s + p, 0) / pixels.length / 255;
    assert.ok(mean > 0.1 && mean < 0.16, `mean ${mean}`);
  });

  it('loads samples=1000 split=0.9 as 900 + 100 images with pixels in [0, 1] and one-hot labels', async () => {
    const dataset = await createDataset(config('mnist', { samples: 1000, split: 0.9 }), convnet(), 1, nodePorts());
    assert.deepEqual(dataset.train.inputs[0].shape, [900, 28, 28, 1]);
    assert.deepEqual(dataset.validation.inputs[0].shape, [100, 28, 28, 1]);
    const pixels = dataset.train.inputs[0].values;
    assert.ok(pixels.every((v) => v >= 0 && v <= 1) && pixels.some((v) => v === 1));
    const targets = dataset.train.targets;
    assert.deepEqual(targets.shape, [900, 10]);
    for (let i = 0; i < 900; i++) assert.equal(Array.from(targets.values.subarray(i * 10, i * 10 + 10)).reduce((s, v) => s + v, 0), 1);
    assert.deepEqual(dataset.labels, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('gives class ids 0–9 for the sparse loss, and the flat layout for a [784] input', async () => {
    const sparse = await createDataset(config('mnist', { samples: 200 }), convnet('sparse_categorical_crossentropy'), 2, nodePorts());
    assert.deepEqual([sparse.train.targets.dtype, sparse.train.targets.shape], ['int32', [200]]);
    assert.deepEqual([...new Set(sparse.train.targets.values)].sort(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const flat = await createDataset(config('mnist', { samples: 200 }), facts([['pixels', [784]]], [10], 'sparse_categorical_crossentropy'), 2, nodePorts());
    assert.deepEqual(flat.train.inputs[0].shape, [200, 784]);
    assert.deepEqual(flat.train.inputs[0].values, sparse.train.inputs[0].values);
  });

  it('refuses more samples than the subset has, a missing port, a missing asset and a damaged one', async () => {
    const tooMany = await rejectsWith(createDataset(config('mnist', { samples: 6000 }), convnet(), 1, nodePorts()), 'too-many-samples');
    assert.deepEqual(tooMany.detail.args, [6000, 5000]);
    await rejectsWith(createDataset(config('mnist'), convnet(), 1, {}), 'no-port');
    const missing = { loadAsset: async () => Promise.reject(new Error('ENOENT')) };
    assert.match((await rejectsWith(createDataset(config('mnist'), convnet(), 1, missing), 'asset')).message, /npm run build/);
    const damaged = { loadAsset: async () => new Uint8Array(readFileSync(mnistAssetPath())).subarray(0, 1000) };
    await rejectsWith(createDataset(config('mnist'), convnet(), 1, damaged), 'asset');
  });

  it('refuses an input that cannot hold a 28×28 image', async () => {
    const error = await rejectsWith(createDataset(config('mnist'), facts([['image', [32, 32, 3]]], [10]), 1, nodePorts()), 'input-shape');
    assert.match(error.message, /change the input to \[28, 28, 1\]/);
  });
});
