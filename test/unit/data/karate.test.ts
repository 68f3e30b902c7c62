// Zachary's karate club as a node-classification set: the graph is the published one, and the
// masks make semi-supervised training and held-out evaluation possible on one example.

import * as assert from 'node:assert/strict';
import { createDataset } from '../../../src/core/data/createDataset';
import { KARATE_EDGES, KARATE_FACTIONS, KARATE_NODES, karateAdjacency } from '../../../src/core/data/karate';
import { config, facts, rejectsWith } from './helpers';

const gnn = (loss = 'sparse_categorical_crossentropy', units = 2) => facts([['x', [34, 34]], ['adjacency', [34, 34]]], [34, units], loss);

describe('karate club', () => {
  it('has 34 members and 78 distinct friendships, no one their own friend', () => {
    assert.equal(KARATE_NODES, 34);
    assert.equal(KARATE_EDGES.length, 78);
    assert.equal(new Set(KARATE_EDGES.map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`)).size, 78);
    assert.ok(KARATE_EDGES.every(([a, b]) => a !== b && a >= 0 && b < 34));
  });

  it('has a symmetric 0/1 adjacency with the known degrees (instructor 16, administrator 17)', () => {
    const a = karateAdjacency();
    for (let i = 0; i < 34; i++) {
      assert.equal(a[i * 34 + i], 0);
      for (let j = 0; j < 34; j++) assert.equal(a[i * 34 + j], a[j * 34 + i]);
    }
    assert.equal(a.reduce((s, v) => s + v, 0), 156);
    const degree = (i: number) => a.subarray(i * 34, i * 34 + 34).reduce((s, v) => s + v, 0);
    assert.equal(degree(0), 16);
    assert.equal(degree(33), 17);
    assert.equal(Math.min(...Array.from({ length: 34 }, (_, i) => degree(i))), 1);
  });

  it('has two factions of 17, with the two leaders on opposite sides', () => {
    assert.equal(KARATE_FACTIONS.filter((f) => f === 0).length, 17);
    assert.equal(KARATE_FACTIONS.filter((f) => f === 1).length, 17);
    assert.deepEqual([KARATE_FACTIONS[0], KARATE_FACTIONS[33]], [0, 1]);
  });

  it('feeds identity features and the adjacency as two inputs, one graph, a class per node', async () => {
    const dataset = await createDataset(config('karate'), gnn(), 1);
    const [x, adjacency] = dataset.train.inputs;
    assert.deepEqual(x.shape, [1, 34, 34]);
    assert.deepEqual(adjacency.shape, [1, 34, 34]);
    assert.equal(Array.from(x.values).reduce((s, v) => s + v, 0), 34);
    assert.equal(x.values[5 * 34 + 5], 1);
    assert.deepEqual(dataset.train.targets.shape, [1, 34]);
    assert.deepEqual([...dataset.train.targets.values], KARATE_FACTIONS);
    assert.equal(dataset.classes, 2);
    const oneHot = await createDataset(config('karate'), gnn('categorical_crossentropy'), 1);
    assert.deepEqual(oneHot.train.targets.shape, [1, 34, 2]);
  });

  it('by default trains on the two leaders only and validates on the other 32', async () => {
    const dataset = await createDataset(config('karate'), gnn(), 1);
    const train = [...dataset.train.mask!.values];
    assert.deepEqual(dataset.train.mask!.shape, [1, 34]);
    assert.deepEqual(train.flatMap((m, i) => (m ? [i] : [])), [0, 33]);
    assert.deepEqual([...dataset.validation.mask!.values], train.map((m) => 1 - m));
  });

  it('with split < 1 labels that fraction of each faction, leaders included, chosen by the seed', async () => {
    const labelled = async (seed: number) => [...(await createDataset(config('karate', { split: 0.5 }), gnn(), seed)).train.mask!.values].flatMap((m, i) => (m ? [i] : []));
    const nodes = await labelled(1);
    assert.equal(nodes.length, 18);
    assert.ok(nodes.includes(0) && nodes.includes(33));
    assert.equal(nodes.filter((i) => KARATE_FACTIONS[i] === 0).length, 9);
    assert.deepEqual(await labelled(1), nodes);
    assert.notDeepEqual(await labelled(2), nodes);
  });

  it('needs both inputs in the model', async () => {
    const error = await rejectsWith(createDataset(config('karate'), facts([['x', [34, 34]]], [34, 2], 'sparse_categorical_crossentropy'), 1), 'input-count');
    assert.deepEqual(error.detail.args, ['karate', 2, '[34, 34], [34, 34]', 1]);
  });
});
