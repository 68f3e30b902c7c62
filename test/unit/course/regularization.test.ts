// Course topic 8, regularization: L1 gives exact zeros and L2 shrinks the weights
// (samples/regularization.nn, one run per penalty from the same initial weights).

import * as assert from 'node:assert/strict';
import { runVariants } from '../../../src/core/engine/compare';
import { useCpu } from '../../helpers/tf';
import { datasetOf, headerOf, sampleGraph, sampleText, setupOf } from './helpers';

interface Weights {
  readonly zeros: number;
  readonly count: number;
  readonly norm: number;
  readonly valAccuracy: number;
}

describe('course: regularization', () => {
  before(useCpu);

  it('regularization.nn: L1 leaves ≥ 40 % of the kernels’ weights at exactly 0 (measured 72 of 128), none without; L2 gives a smaller ‖W‖', async function () {
    this.timeout(30000);
    const header = headerOf(sampleText('regularization.nn'));
    assert.ok(header.some((l) => l.startsWith('# Try:')) && header.some((l) => l.startsWith('# Prueba:')));
    const graph = sampleGraph('regularization.nn');
    const dataset = await datasetOf(graph);
    const runs = new Map<string, Weights>();
    for (const variant of runVariants(graph)) {
      const setup = await setupOf(variant.graph, dataset);
      try {
        await setup.trainer.run();
        let zeros = 0;
        let count = 0;
        let squares = 0;
        for (const entry of setup.network.params().filter((p) => p.name === 'kernel')) {
          for (const w of await entry.variable.data()) {
            zeros += w === 0 ? 1 : 0;
            squares += w * w;
            count++;
          }
        }
        runs.set(variant.label, { zeros, count, norm: Math.sqrt(squares), valAccuracy: setup.trainer.history.at(-1)!.valMetrics!.accuracy });
      } finally {
        setup.dispose();
      }
    }
    const none = runs.get('none')!;
    const l1 = runs.get('l1=0.01')!;
    const l2 = runs.get('l2=0.3')!;
    assert.equal(none.zeros, 0);
    assert.equal(l2.zeros, 0);
    assert.ok(l1.zeros >= 0.4 * l1.count, `L1: ${l1.zeros} of ${l1.count} weights are 0`);
    assert.ok(l2.norm < 0.8 * none.norm, `‖W‖ ${l2.norm} with L2, ${none.norm} without`);
    // The penalties regularize; they do not break the model.
    for (const [label, run] of runs) assert.ok(run.valAccuracy >= 0.9, `${label}: ${run.valAccuracy}`);
  });

  it('the exact zeros are the same on the tfjs path and the small-network path', async function () {
    this.timeout(30000);
    const graph = runVariants(sampleGraph('regularization.nn')).find((v) => v.label === 'l1=0.01')!.graph;
    const dataset = await datasetOf(graph);
    const zerosOn = async (engine: 'auto' | 'tfjs') => {
      const setup = await setupOf(graph, dataset, { engine, epochs: 5 });
      try {
        await setup.trainer.run();
        const kernel = await setup.network.param('hidden/kernel')!.variable.data();
        return { path: setup.trainer.path, zeros: Array.from(kernel, (w, i) => (w === 0 ? i : -1)).filter((i) => i >= 0) };
      } finally {
        setup.dispose();
      }
    };
    const small = await zerosOn('auto');
    const tfjs = await zerosOn('tfjs');
    assert.deepEqual([small.path, tfjs.path], ['small', 'tfjs']);
    assert.ok(small.zeros.length > 0);
    assert.deepEqual(tfjs.zeros, small.zeros);
  });
});
