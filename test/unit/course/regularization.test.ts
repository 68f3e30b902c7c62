// Course topic 8, regularization: L1 gives exact zeros and L2 shrinks the weights
// (samples/regularization.nn, one run per penalty from the same initial weights); dropout scales
// kept values by 1/(1 − p) in training and is the identity in evaluation; batch norm uses the
// batch's statistics in training and its running averages in evaluation; early stopping stops
// `patience` epochs after the best validation epoch and keeps that epoch's weights.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { runVariants } from '../../../src/core/engine/compare';
import { disposeBatch } from '../../../src/core/engine/training';
import { useCpu } from '../../helpers/tf';
import { datasetOf, headerOf, sampleGraph, sampleText, setupOf } from './sampleRun';

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

  it('dropout.nn: in training each value is 0 or x/(1 − p), about p of them 0; in evaluation y = x', async () => {
    const text = sampleText('dropout.nn');
    assert.ok(headerOf(text).some((l) => l.startsWith('# Prueba:')));
    const setup = await setupOf(sampleGraph('dropout.nn'));
    const { session, batch } = setup.trainer.stepSession();
    try {
      const stop = session.stops.find((s) => s.phase === 'forward' && s.layer === 'drop')!;
      const record = await session.read(stop.index, { values: true });
      const x = record.tensors.input.values!;
      const y = record.tensors.output.values!;
      let dropped = 0;
      let live = 0;
      x.forEach((xi, i) => {
        if (xi === 0) return; // ReLU zeros stay zeros either way
        live++;
        if (y[i] === 0) dropped++;
        else assert.ok(Math.abs(y[i] - xi / (1 - 0.5)) < 1e-5, `y = ${y[i]} for x = ${xi}`);
      });
      assert.ok(live > 200, `${live} non-zero inputs`);
      assert.ok(Math.abs(dropped / live - 0.5) < 0.1, `dropped ${dropped} of ${live}`);
      // Evaluation, through the same engine: the layer passes its input through unchanged.
      const [input, output] = tf.tidy(() => {
        const outputs = setup.network.forward(batch.inputs, { mode: 'eval', stepSeed: 0 }).outputs;
        return [outputs.get('hidden')!, outputs.get('drop')!].map((t) => tf.keep(t));
      });
      assert.deepEqual(Array.from(await output.data()), Array.from(await input.data()));
      tf.dispose([input, output]);
    } finally {
      session.dispose();
      disposeBatch(batch);
      setup.dispose();
    }
  });

  it('batchnorm.nn: batch statistics in training, running averages (momentum 0.9) after the update and in evaluation', async () => {
    const setup = await setupOf(sampleGraph('batchnorm.nn'));
    const { session, batch } = setup.trainer.stepSession();
    try {
      const stop = session.stops.find((s) => s.phase === 'forward' && s.layer === 'bn')!;
      const record = await session.read(stop.index, { values: true });
      const [rows, channels] = [batch.size, 8];
      const x = record.tensors.input.values!;
      const y = record.tensors.output.values!;
      const mean = new Array(channels).fill(0);
      const variance = new Array(channels).fill(0);
      for (let r = 0; r < rows; r++) for (let c = 0; c < channels; c++) mean[c] += x[r * channels + c] / rows;
      for (let r = 0; r < rows; r++) for (let c = 0; c < channels; c++) variance[c] += (x[r * channels + c] - mean[c]) ** 2 / rows;
      // γ = 1 and β = 0 at the start, so y is x̂ itself.
      for (let i = 0; i < x.length; i++) {
        const c = i % channels;
        assert.ok(Math.abs(y[i] - (x[i] - mean[c]) / Math.sqrt(variance[c] + 0.001)) < 1e-4, `y[${i}]`);
      }
      session.commit();
      const movingMean = await setup.network.param('bn/moving_mean')!.variable.data();
      const movingVariance = await setup.network.param('bn/moving_variance')!.variable.data();
      for (let c = 0; c < channels; c++) {
        assert.ok(Math.abs(movingMean[c] - (0.9 * 0 + 0.1 * mean[c])) < 1e-5, `moving_mean[${c}]`);
        assert.ok(Math.abs(movingVariance[c] - (0.9 * 1 + 0.1 * variance[c])) < 1e-5, `moving_variance[${c}]`);
      }
      // Evaluation normalizes with the running averages, not with the batch's own statistics.
      const [input, output, gamma, beta] = tf.tidy(() => {
        const outputs = setup.network.forward(batch.inputs, { mode: 'eval', stepSeed: 0 }).outputs;
        return [outputs.get('hidden')!, outputs.get('bn')!, setup.network.param('bn/gamma')!.variable, setup.network.param('bn/beta')!.variable].map((t) => tf.keep(tf.clone(t)));
      });
      const [xe, ye, g, b] = await Promise.all([input.data(), output.data(), gamma.data(), beta.data()]);
      for (let i = 0; i < xe.length; i++) {
        const c = i % channels;
        assert.ok(Math.abs(ye[i] - (g[c] * (xe[i] - movingMean[c])) / Math.sqrt(movingVariance[c] + 0.001) - b[c]) < 1e-4, `eval y[${i}]`);
      }
      tf.dispose([input, output, gamma, beta]);
    } finally {
      session.dispose();
      disposeBatch(batch);
      setup.dispose();
    }
  });

  it('early-stopping.nn: stops at argmin(val loss) + patience and keeps the best epoch’s weights', async function () {
    this.timeout(30000);
    const graph = sampleGraph('early-stopping.nn');
    const dataset = await datasetOf(graph);
    for (const restoreBest of [true, false]) {
      const setup = await setupOf(graph, dataset, { restoreBest });
      try {
        const end = await setup.trainer.run();
        const history = setup.trainer.history;
        const valLosses = history.map((r) => r.valLoss!);
        const best = valLosses.indexOf(Math.min(...valLosses)) + 1;
        assert.equal(end.reason, 'earlyStopping');
        assert.equal(setup.trainer.bestEpoch, best);
        assert.equal(end.epochs, best + 10, `best epoch ${best}, stopped after ${end.epochs}`);
        assert.ok(end.epochs < 300);
        // The weights kept: the best epoch's with restore_best, else the last epoch's.
        const validation = await validationLoss(setup);
        const expected = restoreBest ? valLosses[best - 1] : valLosses.at(-1)!;
        assert.ok(Math.abs(validation - expected) < 1e-5, `restoreBest=${restoreBest}: val loss ${validation}, expected ${expected}`);
      } finally {
        setup.dispose();
      }
    }
  });
});

/** The validation loss of the network's current weights, in evaluation mode. */
async function validationLoss(setup: Awaited<ReturnType<typeof setupOf>>): Promise<number> {
  const split = setup.trainer.dataset.validation;
  const loss = tf.tidy(() => {
    const inputs = split.inputs.map((d) => tf.tensor(d.values, [...d.shape], d.dtype));
    const targets = tf.tensor(split.targets.values, [...split.targets.shape], split.targets.dtype);
    const prediction = setup.network.forward(inputs, { mode: 'eval', stepSeed: 0 }).outputs.get(setup.network.graph.output)!;
    return setup.objective.total(prediction, { inputs, targets, size: targets.shape[0] }, (key) => setup.network.param(key)!.variable);
  });
  const [value] = await loss.data();
  loss.dispose();
  return value;
}
