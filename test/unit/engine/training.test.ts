// Training as users see it: the course's samples give the course's numbers, XOR is learned and
// a single neuron cannot learn it, a NaN is named where it first appears, cancellation leaves
// whole steps behind, and neither steps nor epochs leak tensors.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { createDataset, modelFacts } from '../../../src/core/data';
import { createTraining, TrainingSetup } from '../../../src/core/engine/setup';
import { disposeBatch } from '../../../src/core/engine/training';
import { graphOf } from '../../helpers/graph';
import { useCpu } from '../../helpers/tf';

const SAMPLES = join(__dirname, '..', '..', '..', 'samples');

async function setupFor(text: string, overrides = {}): Promise<TrainingSetup> {
  const graph = graphOf(text);
  const dataset = await createDataset(graph.training.data!, modelFacts(graph), 1);
  return createTraining(graph, dataset, overrides);
}

function sample(name: string): string {
  return readFileSync(join(SAMPLES, name), 'utf8');
}

describe('training', () => {
  before(useCpu);

  it('perceptron-and: w = (4, 5), b = −6 and a step give 0, 0, 0, 1, and the flat step gives zero gradients', async () => {
    const setup = await setupFor(sample('perceptron-and.nn'));
    const { session, batch } = setup.trainer.stepSession();
    try {
      const forward = session.stops.find((s) => s.phase === 'forward' && s.layer === 'neuron')!;
      const record = await session.read(forward.index, { values: true });
      assert.deepEqual(Array.from(record.tensors.output.values!), [0, 0, 0, 1]);
      const backward = await session.read(session.stops.find((s) => s.phase === 'backward')!.index, { values: true });
      assert.deepEqual(Array.from(backward.tensors.dKernel.values!, Math.abs), [0, 0]);
    } finally {
      session.dispose();
      disposeBatch(batch);
      setup.dispose();
    }
  });

  it('conv-edge: the course’s 6×6 image and vertical-edge kernel give exactly its 4×4 output', async () => {
    const setup = await setupFor(sample('conv-edge.nn'));
    const { session, batch } = setup.trainer.stepSession();
    try {
      const record = await session.read(session.stops.find((s) => s.phase === 'forward' && s.layer === 'edges')!.index, { values: true });
      assert.deepEqual(record.tensors.output.shape, [1, 4, 4, 1]);
      assert.deepEqual(Array.from(record.tensors.output.values!), [-5, -4, 0, 8, -10, -2, 2, 3, 0, -2, -4, -7, -3, -2, -3, -16]);
    } finally {
      session.dispose();
      disposeBatch(batch);
      setup.dispose();
    }
  });

  it('xor.nn reaches 100 % accuracy with its seed', async function () {
    this.timeout(60000);
    const setup = await setupFor(sample('xor.nn'));
    try {
      const end = await setup.trainer.run();
      assert.equal(end.reason, 'done');
      const last = setup.trainer.history.at(-1)!;
      assert.equal(last.metrics.accuracy, 1);
      assert.equal(last.valMetrics?.accuracy, 1);
    } finally {
      setup.dispose();
    }
  });

  it('xor-single-neuron.nn never passes 75 % accuracy', async function () {
    this.timeout(60000);
    const setup = await setupFor(sample('xor-single-neuron.nn'));
    try {
      await setup.trainer.run();
      const best = Math.max(...setup.trainer.history.map((r) => r.metrics.accuracy));
      assert.ok(best <= 0.75, `best accuracy ${best}`);
    } finally {
      setup.dispose();
    }
  });

  it('stops at the first non-finite loss and names the layer and stop where NaN appeared', async () => {
    const setup = await setupFor(`input x [1]
dense h 4 activation=relu
dense out 1
data linear samples=64
loss mse
optimizer sgd lr=1e30
train epochs=5 batch=8`);
    try {
      const end = await setup.trainer.run();
      assert.equal(end.reason, 'nonFinite');
      if (end.reason !== 'nonFinite') return;
      assert.ok(['h', 'out'].includes(end.report.layer), end.report.layer);
      assert.ok(end.report.line >= 0);
      assert.match(end.report.detail.template, /NaN or infinite/);
      assert.ok(['forward', 'loss', 'backward'].includes(end.report.phase), end.report.phase);
      assert.equal(end.report.step, setup.trainer.steps, 'names the step that failed');
    } finally {
      setup.dispose();
    }
  });

  it('leaks no tensor: a stepped step, an epoch, a cancelled run', async () => {
    const setup = await setupFor(sample('xor.nn'), { epochs: 3 });
    try {
      const before = tf.memory().numTensors;
      const { session, batch } = setup.trainer.stepSession();
      for (const stop of session.stops) await session.read(stop.index, { values: true });
      session.dispose();
      disposeBatch(batch);
      assert.equal(tf.memory().numTensors, before, 'after a stepped step');
      await setup.trainer.runEpoch();
      assert.equal(tf.memory().numTensors, before, 'after an epoch');
      let steps = 0;
      const end = await setup.trainer.run(undefined, () => {
        if (++steps === 3) setup.trainer.cancel();
      });
      assert.equal(end.reason, 'stopped');
      assert.equal(tf.memory().numTensors, before, 'after a cancelled run');
    } finally {
      setup.dispose();
    }
  });

  it('the same seed gives the same training, another seed another', async () => {
    const losses = async (seed: number): Promise<number[]> => {
      const setup = await setupFor(sample('xor.nn'), { epochs: 3, seed });
      try {
        await setup.trainer.run();
        return setup.trainer.history.map((r) => r.loss);
      } finally {
        setup.dispose();
      }
    };
    assert.deepEqual(await losses(3), await losses(3));
    assert.notDeepEqual(await losses(3), await losses(4));
  });

  it('Reset Weights gives back the initial parameters and leaks nothing', async () => {
    const setup = await setupFor(sample('xor.nn'), { epochs: 2 });
    try {
      const initial = setup.network.params().map((e) => Array.from(e.variable.dataSync()));
      await setup.trainer.run();
      const before = tf.memory().numTensors;
      setup.network.reset(setup.settings.seed);
      assert.equal(tf.memory().numTensors, before);
      assert.deepEqual(setup.network.params().map((e) => Array.from(e.variable.dataSync())), initial);
    } finally {
      setup.dispose();
    }
  });
});
