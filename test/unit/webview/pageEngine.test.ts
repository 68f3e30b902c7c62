// The panel's engine, run in Node on the CPU backend: training to the end and pausing without
// changing the result, one step and layer-by-layer stepping in the order the course teaches,
// reset, the probe behind the live values, the decision boundary, and no leaked tensors.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { createDataset, modelFacts } from '../../../src/core/data';
import { runVariants } from '../../../src/core/engine/compare';
import { createTraining } from '../../../src/core/engine/setup';
import { english } from '../../../src/core/lang/localize';
import { EpochRecord } from '../../../src/core/protocol/panel';
import { calibrate, EngineEvents, FinishReason, PageEngine } from '../../../webview/pageEngine';
import { boundaryGrid, separationScore } from '../../../webview/plane';
import { graphOf } from '../../helpers/graph';
import { useCpu } from '../../helpers/tf';

const SAMPLES = join(__dirname, '..', '..', '..', 'samples');

async function engineFor(file: string, overrides = {}, events: EngineEvents = {}): Promise<PageEngine> {
  const graph = graphOf(readFileSync(join(SAMPLES, file), 'utf8'));
  const dataset = await createDataset(graph.training.data!, modelFacts(graph), 1);
  return new PageEngine(graph, dataset, overrides, events, english);
}

describe('page engine', () => {
  before(useCpu);

  it('trains xor to the end, and a pause in the middle changes nothing', async () => {
    const finished: FinishReason[] = [];
    const straight = await engineFor('xor.nn', { epochs: 30 }, { onFinished: (reason) => finished.push(reason) });
    await straight.train();
    assert.equal(straight.state, 'finished');
    assert.deepEqual(finished, ['done']);
    assert.equal(straight.history.length, 30);

    let paused: PageEngine | undefined;
    const epochs: EpochRecord[] = [];
    paused = await engineFor('xor.nn', { epochs: 30 }, {
      onEpoch: (record) => {
        epochs.push(record);
        if (record.epoch === 7) paused!.pause();
      },
    });
    await paused.train();
    assert.equal(paused.state, 'paused');
    assert.ok(paused.history.length < 30, 'the pause took effect');
    await paused.train();
    assert.equal(paused.state, 'finished');
    assert.equal(paused.history.length, 30);
    assert.equal(paused.history[29].loss, straight.history[29].loss);
    assert.ok(straight.history[29].loss < straight.history[0].loss);
    straight.dispose();
    paused.dispose();
  });

  it('steps forward layer by layer to the loss, then backward in reverse, and leaks nothing', async () => {
    const engine = await engineFor('xor.nn');
    const before = tf.memory().numTensors;
    const forward = [];
    for (let i = 0; i < 4; i++) forward.push(await engine.stepForwardLayer());
    assert.deepEqual(forward.map((s) => `${s.record.phase} ${s.record.layer}`), ['forward x', 'forward hidden', 'forward out', 'loss out']);
    const hidden = forward[1];
    assert.deepEqual(hidden.record.tensors.output.shape, [16, 4]);
    assert.ok(hidden.inner.length >= 2, 'a dense layer shows its inner operations');
    const backward = [];
    for (let i = 0; i < 2; i++) backward.push(await engine.stepBackwardLayer());
    assert.deepEqual(backward.map((s) => `${s.record.phase} ${s.record.layer}`), ['backward out', 'backward hidden']);
    assert.ok(backward[0].record.tensors.dKernel.stats.norm > 0);
    // Past the loss, stepping forward finishes the step (its update applies) and starts the next.
    const next = await engine.stepForwardLayer();
    assert.equal(next.record.layer, 'x');
    assert.equal(engine.trainer.steps, 2);
    await engine.step();
    assert.equal(engine.trainer.steps, 2, 'Step finished the step being stepped through');
    assert.equal(tf.memory().numTensors, before);
    engine.dispose();
  });

  it('probes every layer without moving training, and reset gives the first weights back', async () => {
    const engine = await engineFor('xor.nn', { epochs: 3 });
    const first = await engine.probe('hidden');
    assert.deepEqual(first.layers.map((l) => l.layer), ['x', 'hidden', 'out']);
    assert.ok(first.gradientNorms.get('hidden')! > 0);
    assert.deepEqual(first.selected?.forward?.tensors.kernel.shape, [2, 4]);
    const before = tf.memory().numTensors;
    const again = await engine.probe();
    assert.equal(tf.memory().numTensors, before);
    assert.equal(engine.trainer.steps, 0, 'a probe is not a training step');
    assert.equal(again.loss, first.loss);
    await engine.train();
    assert.notEqual((await engine.probe()).loss, first.loss);
    await engine.reset();
    assert.equal(engine.state, 'idle');
    assert.equal((await engine.probe()).loss, first.loss);
    assert.equal(engine.history.length, 0);
    engine.dispose();
  });

  it('draws a decision boundary that separates xor after training', async () => {
    const engine = await engineFor('xor.nn', { epochs: 200 });
    await engine.train();
    const before = tf.memory().numTensors;
    const boundary = (await engine.boundary(40))!;
    assert.equal(tf.memory().numTensors, before);
    assert.equal(boundary.values.length, 1600);
    assert.deepEqual(boundary.outputRange, [0, 1]);
    assert.equal(boundary.neurons.length, 4);
    const separated = separationScore(boundary, boundary.points, boundary.labels);
    assert.ok(separated > 0.9, `only ${separated} of the points on their side`);
    engine.dispose();
  });

  it("gives a one-neuron model's trained line: the output crosses 0.5 exactly on w1·x1 + w2·x2 + b = 0", async () => {
    const engine = await engineFor('playground-two-blobs.nn', { epochs: 5 });
    const initial = (await engine.boundary(8))!.line!;
    await engine.train();
    const before = tf.memory().numTensors;
    const boundary = (await engine.boundary(40))!;
    assert.equal(tf.memory().numTensors, before);
    const line = boundary.line!;
    assert.notDeepEqual(line, initial, 'the line moved with training');
    const grid = boundaryGrid(40, boundary.extent);
    let agree = 0;
    for (let i = 0; i < 1600; i++) if (line.w1 * grid[2 * i] + line.w2 * grid[2 * i + 1] + line.b > 0 === boundary.values[i] > 0.5) agree++;
    assert.equal(agree, 1600);
    engine.dispose();
    const xor = await engineFor('xor.nn', { epochs: 1 });
    assert.equal((await xor.boundary(8))!.line, undefined, 'a hidden layer: no single line');
    xor.dispose();
  });

  it('has no boundary for data off the plane, and calibration times a step', async () => {
    const engine = await engineFor('tiny-transformer.nn');
    assert.equal(await engine.boundary(), undefined);
    const ms = await calibrate(engine.graph, engine.dataset, { batchSize: 8 }, 50);
    assert.ok(ms > 0 && Number.isFinite(ms));
    engine.dispose();
  });

  it('lets views probe after each epoch while training waits for them', async () => {
    let engine: PageEngine | undefined;
    let probes = 0;
    engine = await engineFor('xor.nn', { epochs: 4 }, {
      onBetweenEpochs: async () => {
        await engine!.probe('hidden');
        await engine!.boundary(8);
        probes++;
      },
    });
    await engine.train();
    assert.equal(probes, 4, 'once after each epoch');
    assert.equal(engine.state, 'finished');
    engine.dispose();
  });

  it('lays the grid out from the top-left corner', () => {
    const grid = boundaryGrid(2, [-1, 1, -1, 1]);
    assert.deepEqual(Array.from(grid), [-0.5, 0.5, 0.5, 0.5, -0.5, -0.5, 0.5, -0.5]);
  });

  it('trains a comparison run by run: records labelled by run, each run from the same start, no leaked tensors', async () => {
    const records: EpochRecord[] = [];
    const finished: FinishReason[] = [];
    const engine = await engineFor('optimizers.nn', { epochs: 3 }, { onEpoch: (r) => records.push(r), onFinished: (reason) => finished.push(reason) });
    const before = tf.memory().numTensors;
    await engine.train();
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(finished, ['done']);
    const runs = [...new Set(records.map((r) => r.run))];
    assert.deepEqual(runs, ['gd', 'sgd', 'rmsprop', 'adagrad', 'adadelta', 'adam', 'adamax', 'nadam']);
    assert.deepEqual(records.map((r) => r.epoch), runs.flatMap(() => [1, 2, 3]));
    // Retraining gives the same numbers: every run starts from the model's seed.
    const first = records.splice(0);
    await engine.train();
    assert.deepEqual(records, first);
    engine.dispose();
  });

  it('shows each run of a comparison with exactly the parameters it ended with, puts the own ones back, and leaks nothing', async function () {
    this.timeout(30000);
    const epochs = 4;
    const engine = await engineFor('regularization.nn', { epochs });
    const params = () => new Map(engine.network.params().map((e) => [e.key, Array.from(e.variable.dataSync())]));
    const own = params();
    // The probe batch is made once and kept: count after it.
    await engine.probe('hidden');
    const before = tf.memory().numTensors;
    await engine.train();
    assert.deepEqual(engine.runs, ['none', 'l1=0.01', 'l2=0.3']);
    assert.deepEqual(params(), own, 'a comparison does not train the model itself');
    const probes = new Map<string, number>();
    for (const variant of runVariants(engine.graph)) {
      // The same run trained on its own, outside the panel: the values the picker must show.
      const setup = createTraining(variant.graph, engine.dataset, { epochs });
      await setup.trainer.run();
      const expected = new Map(setup.network.params().map((e) => [e.key, Array.from(e.variable.dataSync())]));
      setup.dispose();
      await engine.showRun(variant.label);
      assert.equal(engine.shown, variant.label);
      assert.deepEqual(params(), expected, `${variant.label}: the shown parameters`);
      probes.set(variant.label, (await engine.probe('hidden')).loss);
      assert.ok(await engine.boundary(16));
    }
    // The views read the shown values: each run's probe loss is its own.
    assert.equal(new Set(probes.values()).size, 3, JSON.stringify([...probes]));
    const l1 = params().get('hidden/kernel');
    await engine.showRun('l1=0.01');
    const zeros = params().get('hidden/kernel')!.filter((w) => w === 0).length;
    assert.ok(zeros > 0, 'L1 left exact zeros');
    assert.notDeepEqual(params().get('hidden/kernel'), l1);
    assert.equal((await engine.weights()).values['hidden/kernel'].join(), own.get('hidden/kernel')!.join(), 'Export gives the model’s own weights');
    await engine.showRun(undefined);
    assert.equal(engine.shown, undefined);
    assert.deepEqual(params(), own);
    await assert.rejects(engine.showRun('l3=1'), /no run l3=1/);
    assert.equal(tf.memory().numTensors, before);

    // Stepping after a pick steps the model's own network, from its own values.
    await engine.showRun('l2=0.3');
    await engine.step();
    assert.equal(engine.shown, undefined);
    const reference = await engineFor('regularization.nn', { epochs });
    await reference.step();
    const stepped = new Map(reference.network.params().map((e) => [e.key, Array.from(e.variable.dataSync())]));
    reference.dispose();
    assert.deepEqual(params(), stepped);
    // Train after a pick starts the comparison over, from the model's own values.
    await engine.showRun('none');
    await engine.train();
    assert.equal(engine.shown, undefined);
    assert.deepEqual(engine.runs, ['none', 'l1=0.01', 'l2=0.3']);
    engine.dispose();
  });
});
