// The gallery's data, computed by the engine on tfjs' CPU backend in Node: the course's conv
// edge example, a causal transformer's attention, an LSTM's gates, a Playground circle
// learned by a small net, an MNIST autoencoder and the first step of a GAN.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { createDataset, modelFacts } from '../../src/core/data';
import { runVariants } from '../../src/core/engine/compare';
import { Network } from '../../src/core/engine/network';
import { readTensors } from '../../src/core/engine/records';
import { createTraining, TrainingSetup } from '../../src/core/engine/setup';
import { disposeBatch } from '../../src/core/engine/training';
import { TensorView } from '../../src/core/protocol/panel';
import { boundaryGrid } from '../../webview/views/decisionBoundary';
import { nodePorts } from '../unit/data/helpers';
import { graphOf } from '../helpers/graph';
import { GalleryData, TensorJson, toJson } from './galleryTypes';

const SAMPLES = join(__dirname, '..', '..', 'samples');

async function setupFor(text: string, overrides = {}): Promise<TrainingSetup> {
  const graph = graphOf(text);
  const dataset = await createDataset(graph.training.data!, modelFacts(graph), 1, nodePorts());
  return createTraining(graph, dataset, overrides);
}

/** Reads a stop of the first step: its tensors with values, by role. */
async function stopOf(setup: TrainingSetup, phase: 'forward' | 'backward', layer: string, limit?: number): Promise<Record<string, TensorView>> {
  const { session, batch } = setup.trainer.stepSession();
  try {
    const stop = session.stops.find((s) => s.phase === phase && s.layer === layer)!;
    return (await session.read(stop.index, { values: true, limit })).tensors;
  } finally {
    session.dispose();
    disposeBatch(batch);
  }
}

async function conv(): Promise<GalleryData['conv']> {
  const setup = await setupFor(readFileSync(join(SAMPLES, 'conv-edge.nn'), 'utf8'));
  try {
    const tensors = await stopOf(setup, 'forward', 'edges');
    return { input: toJson(tensors.input), kernel: toJson(tensors.kernel), output: toJson(tensors.output) };
  } finally {
    setup.dispose();
  }
}

async function transformer(): Promise<{ attention: GalleryData['attention']; details: GalleryData['details'] }> {
  const setup = await setupFor(readFileSync(join(SAMPLES, 'tiny-transformer.nn'), 'utf8'));
  try {
    const forward = await stopOf(setup, 'forward', 'att');
    const tokens = await stopOf(setup, 'forward', 'tokens');
    const names = setup.trainer.dataset.labels;
    const length = tokens.output.shape[1];
    const first = Array.from(tokens.output.values!.subarray(0, length), (id) => names?.[id] ?? String(id));
    const ff1 = await stopOf(setup, 'forward', 'ff1');
    const dff1 = await stopOf(setup, 'backward', 'ff1');
    return {
      attention: { weights: toJson(forward.scores), tokens: first, causal: setup.network.graph.layers.find((l) => l.name === 'att')!.attrs.causal === true },
      details: { layer: 'ff1', kind: 'dense', tensors: { kernel: toJson(ff1.kernel), dKernel: toJson(dff1.dKernel), bias: toJson(ff1.bias), dBias: toJson(dff1.dBias), output: toJson(ff1.output) } },
    };
  } finally {
    setup.dispose();
  }
}

async function recurrent(): Promise<GalleryData['recurrent']> {
  const setup = await setupFor(readFileSync(join(SAMPLES, 'lstm-sequence.nn'), 'utf8'));
  const { session, batch } = setup.trainer.stepSession();
  try {
    const stop = session.stops.find((s) => s.phase === 'forward' && s.layer === 'lstm1')!;
    const ops = session.stepInto(stop.index);
    try {
      const views = await readTensors(Object.fromEntries(ops.map((op) => [op.name, op.tensor])), { values: true });
      return ops.map((op) => ({ name: op.name, formula: op.formula, tensor: toJson(views[op.name]) }));
    } finally {
      tf.dispose(ops.map((op) => op.tensor));
    }
  } finally {
    session.dispose();
    disposeBatch(batch);
    setup.dispose();
  }
}

const CIRCLE = `input x [2]
dense hidden 6 activation=tanh
dense out 1 activation=sigmoid
data circle samples=300 noise=0 split=0.8
loss binary_crossentropy
optimizer adam lr=0.03
train epochs=60 batch=10`;

async function boundary(): Promise<{ boundary: GalleryData['boundary']; history: GalleryData['history'] }> {
  const setup = await setupFor(CIRCLE);
  try {
    await setup.trainer.run();
    const plane = setup.trainer.dataset.plane!;
    const resolution = 60;
    const extent = [...plane.extent] as [number, number, number, number];
    const [out, hidden] = tf.tidy(() => {
      const grid = tf.tensor2d(boundaryGrid(resolution, extent), [resolution * resolution, 2]);
      const outputs = setup.network.forward([grid], { mode: 'eval', stepSeed: 0 }).outputs;
      return [outputs.get('out')!.dataSync(), outputs.get('hidden')!.dataSync()];
    });
    const units = hidden.length / (resolution * resolution);
    const neurons = Array.from({ length: units }, (_, u) => ({ name: `hidden ${u}`, values: Array.from({ length: resolution * resolution }, (_, p) => hidden[p * units + u]) }));
    const { train, validation } = setup.trainer.dataset;
    return {
      boundary: {
        resolution,
        extent,
        values: Array.from(out),
        points: Array.from(plane.points),
        labels: Array.from(train.targets.values),
        testPoints: Array.from(plane.validationPoints),
        testLabels: Array.from(validation.targets.values),
        neurons,
      },
      history: [...setup.trainer.history],
    };
  } finally {
    setup.dispose();
  }
}

const AUTOENCODER = `input x [784]
dense code 32 activation=relu
dense out 784 activation=sigmoid
data mnist samples=200 targets=inputs split=0.95
loss binary_crossentropy
optimizer adam lr=0.02
train epochs=8 batch=38`;

function viewOf(values: Float32Array, shape: number[]): TensorJson {
  let sum = 0;
  let squares = 0;
  let min = Infinity;
  let max = -Infinity;
  let zeros = 0;
  for (const v of values) (sum += v), (squares += v * v), (min = Math.min(min, v)), (max = Math.max(max, v)), (zeros += v === 0 ? 1 : 0);
  const mean = sum / values.length;
  const std = Math.sqrt(Math.max(0, squares / values.length - mean * mean));
  return { shape, stats: { min, max, mean, std, norm: Math.sqrt(squares), nonFinite: 0, zeros: zeros / values.length }, values: Array.from(values) };
}

/** The autoencoder after a short training, and a GAN's first step on the same digits. */
async function generative(): Promise<{ reconstructions: GalleryData['reconstructions']; gan: GalleryData['gan'] }> {
  const setup = await setupFor(AUTOENCODER);
  try {
    await setup.trainer.run();
    const count = 8;
    const real = setup.trainer.dataset.validation.inputs[0].values.slice(0, count * 784) as Float32Array;
    const predicted = tf.tidy(() => setup.network.forward([tf.tensor2d(real, [count, 784])], { mode: 'eval', stepSeed: 0 }).outputs.get('out')!.dataSync() as Float32Array);
    const generator = new Network(graphOf('input z [16]\ndense g1 64 activation=relu\ndense image 784 activation=sigmoid'), 3);
    const discriminator = new Network(graphOf('input x [784]\ndense d1 32 activation=relu\ndense p 1 activation=sigmoid'), 4);
    try {
      const [fake, realScores, fakeScores] = tf.tidy(() => {
        const noise = tf.randomNormal([count, 16], 0, 1, 'float32', 5);
        const images = generator.forward([noise], { mode: 'eval', stepSeed: 0 }).outputs.get('image')!;
        const judge = (x: tf.Tensor) => discriminator.forward([x], { mode: 'eval', stepSeed: 0 }).outputs.get('p')!.dataSync() as Float32Array;
        return [images.dataSync() as Float32Array, judge(tf.tensor2d(real, [count, 784])), judge(images)];
      });
      return {
        reconstructions: { inputs: viewOf(real, [count, 784]), outputs: viewOf(predicted, [count, 784]) },
        gan: { real: viewOf(real, [count, 784]), fake: viewOf(fake, [count, 784]), realScores: viewOf(realScores, [count, 1]), fakeScores: viewOf(fakeScores, [count, 1]) },
      };
    } finally {
      generator.dispose();
      discriminator.dispose();
    }
  } finally {
    setup.dispose();
  }
}

/** samples/optimizers.nn's eight runs, 15 epochs each, labelled as the panel labels them. */
async function comparison(): Promise<GalleryData['comparison']> {
  const graph = graphOf(readFileSync(join(SAMPLES, 'optimizers.nn'), 'utf8'));
  const dataset = await createDataset(graph.training.data!, modelFacts(graph), 3);
  const records: GalleryData['comparison'] = [];
  for (const run of runVariants(graph)) {
    const setup = createTraining(run.graph, dataset, { epochs: 15 });
    try {
      await setup.trainer.run((record) => records.push({ ...record, run: run.label }));
    } finally {
      setup.dispose();
    }
  }
  return records;
}

export async function galleryData(): Promise<GalleryData> {
  const { attention, details } = await transformer();
  const { boundary: plane, history } = await boundary();
  return { conv: await conv(), attention, details, recurrent: await recurrent(), boundary: plane, history, comparison: await comparison(), ...(await generative()) };
}
