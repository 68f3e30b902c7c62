// The 2-D sets of the first lessons: the logic gates' truth tables and TensorFlow Playground's
// generators, checked against Playground's formulas worked by hand, with its features, its
// noise mapping and its train/test split.

import * as assert from 'node:assert/strict';
import { createDataset } from '../../../src/core/data/createDataset';
import { Dataset } from '../../../src/core/data/dataset';
import { FEATURE_FUNCTIONS } from '../../../src/core/data/features';
import { multiGaussLabel } from '../../../src/core/data/playground';
import { config, facts } from './helpers';

const binary = facts([['x', [2]]], [1], 'binary_crossentropy');

async function plane(name: string, attrs: Record<string, number | string[]> = {}, model = binary, seed = 1): Promise<Dataset> {
  const features = (attrs.features as string[] | undefined) ?? ['x1', 'x2'];
  const m = { ...model, inputs: [{ name: 'x', shape: [features.length], dtype: 'float32' as const }] };
  return createDataset(config(name, attrs), m, seed);
}

/** [x1, x2, label] of every training example. */
function rows(dataset: Dataset): [number, number, number][] {
  const p = dataset.plane!.points;
  return Array.from({ length: p.length / 2 }, (_, i) => [p[2 * i], p[2 * i + 1], dataset.train.targets.values[i]]);
}

describe('truth tables', () => {
  const TABLES: Record<string, number[]> = { and: [0, 0, 0, 1], or: [0, 1, 1, 1], nand: [1, 1, 1, 0], nor: [1, 0, 0, 0], xor: [0, 1, 1, 0] };
  for (const [gate, outputs] of Object.entries(TABLES)) {
    it(`${gate}: exactly the four rows, in the course's order`, async () => {
      const dataset = await plane(gate);
      assert.deepEqual([...dataset.train.inputs[0].values], [0, 0, 0, 1, 1, 0, 1, 1]);
      assert.deepEqual(dataset.train.inputs[0].shape, [4, 2]);
      assert.deepEqual([...dataset.train.targets.values], outputs);
      assert.deepEqual(dataset.train.targets.shape, [4, 1]);
      assert.equal(dataset.validation.targets.shape[0], 0);
      assert.equal(dataset.task, 'binary');
    });
  }

  it('with noise, points scatter around the corners and keep the gate of their corner', async () => {
    const dataset = await plane('xor', { samples: 400, noise: 0.1 });
    const points = rows(dataset);
    assert.equal(points.length, 400);
    assert.ok(points.some(([x]) => x !== 0 && x !== 1), 'moved off the corners');
    for (const [x1, x2, label] of points) assert.equal(label, Math.round(x1) ^ Math.round(x2));
    assert.equal(points.filter(([, , label]) => label === 1).length, 200);
  });

  it('encodes the gate for the loss: ±1 for hinge, one-hot for two units, ids for sparse', async () => {
    assert.deepEqual([...(await plane('and', {}, facts([['x', [2]]], [1], 'hinge'))).train.targets.values], [-1, -1, -1, 1]);
    const oneHot = (await plane('and', {}, facts([['x', [2]]], [2], 'categorical_crossentropy'))).train.targets;
    assert.deepEqual(oneHot.shape, [4, 2]);
    assert.deepEqual([...oneHot.values], [1, 0, 1, 0, 1, 0, 0, 1]);
    const sparse = (await plane('or', {}, facts([['x', [2]]], [2], 'sparse_categorical_crossentropy'))).train.targets;
    assert.deepEqual([sparse.dtype, sparse.shape, [...sparse.values]], ['int32', [4], [0, 1, 1, 1]]);
  });

  it('fills the plane for the boundary plot', async () => {
    const dataset = await plane('and');
    assert.deepEqual([...dataset.plane!.points], [...dataset.train.inputs[0].values]);
    assert.deepEqual(dataset.plane!.features, ['x1', 'x2']);
  });
});

describe('TensorFlow Playground sets', () => {
  it('circle: class 1 inside radius 2.5, class 0 in the ring 3.5–5, half and half', async () => {
    const points = rows(await plane('circle'));
    assert.equal(points.length, 500);
    for (const [x1, x2, label] of points) {
      const r = Math.hypot(x1, x2);
      if (label === 1) assert.ok(r <= 2.5 + 1e-5, `inside: ${r}`);
      else assert.ok(r >= 3.5 - 1e-5 && r <= 5 + 1e-5, `ring: ${r}`);
    }
    assert.equal(points.filter((p) => p[2] === 1).length, 250);
  });

  it('noise is Playground’s fraction: at 0.5 some labels cross the circle, at 0 none do', async () => {
    const mislabelled = (ps: [number, number, number][]) => ps.filter(([x1, x2, label]) => (Math.hypot(x1, x2) < 2.5 ? 1 : 0) !== label).length;
    assert.equal(mislabelled(rows(await plane('circle', { noise: 0 }))), 0);
    const noisy = mislabelled(rows(await plane('circle', { noise: 0.5 })));
    assert.ok(noisy > 10 && noisy < 250, String(noisy));
  });

  it('four squares: class 1 where x1·x2 ≥ 0, points 0.3 off the axes, about half each', async () => {
    const points = rows(await plane('four_squares'));
    for (const [x1, x2, label] of points) {
      assert.equal(label, x1 * x2 >= 0 ? 1 : 0);
      assert.ok(Math.abs(x1) >= 0.3 - 1e-6 && Math.abs(x1) <= 5.3 + 1e-5);
      assert.ok(Math.abs(x2) >= 0.3 - 1e-6 && Math.abs(x2) <= 5.3 + 1e-5);
    }
    const ones = points.filter((p) => p[2] === 1).length;
    assert.ok(Math.abs(ones - 250) < 50, String(ones));
  });

  it('two blobs: centres (2, 2) and (−2, −2), variance 0.5 at noise 0 and 4 at noise 0.5', async () => {
    for (const [noise, variance] of [[0, 0.5], [0.5, 4]]) {
      const points = rows(await plane('two_blobs', { noise, samples: 4000 }));
      for (const [label, centre] of [[1, 2], [0, -2]]) {
        const xs = points.filter((p) => p[2] === label).map((p) => p[0]);
        assert.equal(xs.length, 2000);
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
        assert.ok(Math.abs(mean - centre) < 0.1, `mean ${mean}`);
        assert.ok(Math.abs(std - Math.sqrt(variance)) < 0.08, `std ${std} for noise ${noise}`);
      }
    }
  });

  it('spiral: every point at noise 0 lies on its arm, r = 5·i/n and t = 1.75·2π·i/n (+π for class 0)', async () => {
    const points = rows(await plane('spiral'));
    for (const [x1, x2, label] of points) {
      const r = Math.hypot(x1, x2);
      assert.ok(r <= 5);
      if (r < 1e-6) continue;
      const t = 1.75 * (r / 5) * 2 * Math.PI + (label === 1 ? 0 : Math.PI);
      assert.ok(Math.abs(x1 - r * Math.sin(t)) < 1e-4 && Math.abs(x2 - r * Math.cos(t)) < 1e-4, `(${x1}, ${x2}) off arm ${label}`);
    }
    assert.equal(points.filter((p) => p[2] === 1).length, 250);
  });

  it('plane: y = (x1 + x2) / 10 over [−6, 6]² at noise 0', async () => {
    const dataset = await plane('plane', {}, facts([['x', [2]]], [1], 'mse'));
    for (const [x1, x2, y] of rows(dataset)) {
      assert.ok(Math.abs(x1) <= 6 && Math.abs(x2) <= 6);
      assert.ok(Math.abs(y - (x1 + x2) / 10) < 1e-6);
    }
    assert.equal(dataset.task, 'regression');
  });

  it('multi_gauss: the label of the largest of six ±1 bumps, worked by hand at a few points', async () => {
    assert.equal(multiGaussLabel(-4, 2.5), 1);
    assert.equal(multiGaussLabel(0, 2.5), -1);
    assert.equal(multiGaussLabel(2, 2.5), 0, 'two away from both neighbours');
    assert.equal(multiGaussLabel(-4, -1.5), -0.5, 'one from (−4, −2.5), four from (−4, 2.5)');
    assert.equal(multiGaussLabel(6, 6), 0);
    const dataset = await plane('multi_gauss', {}, facts([['x', [2]]], [1], 'mse'));
    for (const [x1, x2, y] of rows(dataset)) assert.ok(Math.abs(y - multiGaussLabel(x1, x2)) < 1e-6);
  });

  it('features: each input row is the requested features of the point, in order', async () => {
    const features = ['x1', 'x2', 'x1_sq', 'x2_sq', 'x1_x2', 'sin_x1', 'sin_x2'] as const;
    const dataset = await plane('spiral', { features: [...features] });
    const input = dataset.train.inputs[0];
    assert.deepEqual(input.shape, [500, 7]);
    const [x1, x2] = dataset.plane!.points;
    assert.deepEqual([...input.values.subarray(0, 7)], features.map((f) => Math.fround(FEATURE_FUNCTIONS[f](x1, x2))));
    assert.equal(FEATURE_FUNCTIONS.x1_x2(2, -3), -6);
    assert.equal(FEATURE_FUNCTIONS.sin_x2(0, Math.PI / 2), 1);
    assert.equal(FEATURE_FUNCTIONS.x1_sq(-3, 0), 9);
  });

  it('splits as Playground: shuffled, then ⌊n·split⌋ train and the rest validation', async () => {
    const dataset = await plane('circle', { samples: 501, split: 0.8 });
    assert.equal(dataset.train.targets.shape[0], 400);
    assert.equal(dataset.validation.targets.shape[0], 101);
    assert.equal(dataset.validation.inputs[0].shape[0], 101);
    assert.equal(dataset.plane!.validationPoints.length, 202);
    const labels = [...dataset.train.targets.values];
    assert.ok(labels.slice(0, 50).includes(0) && labels.slice(0, 50).includes(1), 'classes are mixed, not in generation order');
    assert.deepEqual(dataset.plane!.extent, [-6, 6, -6, 6]);
  });

  it('makes exactly `samples` points even when odd', async () => {
    for (const name of ['circle', 'two_blobs', 'spiral']) assert.equal((await plane(name, { samples: 7 })).train.targets.shape[0], 7);
  });
});
