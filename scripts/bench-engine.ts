// The engine's figures for issue 3's closing note, in one run (`npx tsx scripts/bench-engine.ts
// [--quick] [--json]`, or `npm run bench:engine`), on the CPU and WASM backends in Node:
//   1. a stepped step with every stop read (StepSession, read every stop, commit, dispose)
//      ÷ one fused step (fusedStep + await loss.data()): LeNet batch 32, MLP 784-128-10 batch 64;
//   2. training samples/s of the engine (fusedStep loop) ÷ tfjs-layers model.fit, same model,
//      batch, backend and optimizer (SGD);
//   3. Playground's 2-8-8-1 tanh spiral net (500 points, batch 10): epoch time of the small
//      path (SmallDenseNet) against Playground's scalar-loop JS engine (from bench-small.ts);
//   4. tf.memory().numTensors before and after 10,000 fused steps and 200 step sessions.
// Medians of several repetitions after warm-up. --quick skips LeNet on the CPU backend.

import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tfjs from '@tensorflow/tfjs';
import { initTf } from '../src/cli/tfNode';
import { createDataset, modelFacts } from '../src/core/data/createDataset';
import { ModelGraph } from '../src/core/model/graph';
import { fusedStep } from '../src/core/engine/fusedStep';
import { Network } from '../src/core/engine/network';
import { Batch, Objective } from '../src/core/engine/objective';
import { createOptimizer, Optimizer } from '../src/core/engine/optimizers';
import { createTraining } from '../src/core/engine/setup';
import { StepSession } from '../src/core/engine/stepper';
import { graphOf } from '../test/helpers/graph';
import { median, playgroundScalarVsSmall } from './bench-small';

const quick = process.argv.includes('--quick');
const asJson = process.argv.includes('--json');
type Backend = 'cpu' | 'wasm';
const BACKENDS: Backend[] = ['wasm', 'cpu'];

const log = (line = ''): void => {
  if (!asJson) console.log(line);
};

interface Row {
  readonly figure: string;
  readonly backend: string;
  readonly model: string;
  readonly a: number;
  readonly b: number;
  readonly unit: string;
  readonly ratio: number;
  readonly target: string;
  readonly pass: boolean;
  readonly note?: string;
}
const rows: Row[] = [];

// ---------------------------------------------------------------- models

const LENET_TEXT = readFileSync(join(__dirname, '..', 'samples', 'lenet-course.nn'), 'utf8')
  .split('\n')
  .filter((line) => !/^\s*(data|loss|optimizer|train)\b/.test(line))
  .join('\n') + '\nloss categorical_crossentropy\noptimizer sgd lr=0.01\ntrain batch=32\n';

const MLP_TEXT = ['model mlp', 'input x [784]', 'dense hidden 128 activation=relu', 'dense out 10 activation=softmax', 'loss categorical_crossentropy', 'optimizer sgd lr=0.01', 'train batch=64', ''].join('\n');

interface ModelCase {
  readonly name: string;
  readonly text: string;
  readonly batch: number;
  readonly inputShape: number[];
  readonly classes: number;
  /** The same model in tfjs-layers. */
  readonly layers: () => tfjs.Sequential;
}

const LENET: ModelCase = {
  name: 'LeNet b32',
  text: LENET_TEXT,
  batch: 32,
  inputShape: [32, 32, 3],
  classes: 10,
  layers: () =>
    tfjs.sequential({
      layers: [
        tfjs.layers.conv2d({ inputShape: [32, 32, 3], filters: 8, kernelSize: 5, strides: 1, activation: 'relu' }),
        tfjs.layers.maxPooling2d({ poolSize: 2 }),
        tfjs.layers.conv2d({ filters: 16, kernelSize: 5, strides: 1, activation: 'relu' }),
        tfjs.layers.maxPooling2d({ poolSize: 2 }),
        tfjs.layers.flatten(),
        tfjs.layers.dense({ units: 120, activation: 'relu' }),
        tfjs.layers.dense({ units: 84, activation: 'relu' }),
        tfjs.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    }),
};

const MLP: ModelCase = {
  name: 'MLP 784-128-10 b64',
  text: MLP_TEXT,
  batch: 64,
  inputShape: [784],
  classes: 10,
  layers: () =>
    tfjs.sequential({
      layers: [tfjs.layers.dense({ inputShape: [784], units: 128, activation: 'relu' }), tfjs.layers.dense({ units: 10, activation: 'softmax' })],
    }),
};

/** `count` random examples: inputs in [0, 1), one-hot targets. */
function randomBatch(model: ModelCase, count: number, seed: number): Batch {
  return tf.tidy(() => ({
    inputs: [tf.randomUniform([count, ...model.inputShape], 0, 1, 'float32', seed)],
    targets: tf.cast(tf.oneHot(tf.randomUniform([count], 0, model.classes, 'int32', seed + 1), model.classes), 'float32'),
    size: count,
  }));
}

function disposeBatch(batch: Batch): void {
  batch.inputs.forEach((t) => t.dispose());
  batch.targets.dispose();
}

interface Engine {
  readonly network: Network;
  readonly objective: Objective;
  readonly optimizer: Optimizer;
  dispose(): void;
}

function engineFor(graph: ModelGraph): Engine {
  const network = new Network(graph, 1);
  const objective = new Objective(graph);
  const optimizer = createOptimizer(graph.training.optimizer);
  return { network, objective, optimizer, dispose: () => (optimizer.dispose(), network.dispose()) };
}

async function useBackend(backend: Backend): Promise<void> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not start`);
  await tf.ready();
}

// ---------------------------------------------------------------- 1. stepped ÷ fused

async function fusedOnce(e: Engine, batch: Batch, seed: number): Promise<void> {
  const loss = fusedStep(e.network, e.objective, e.optimizer, batch, seed);
  await loss.data();
  loss.dispose();
}

async function steppedOnce(e: Engine, batch: Batch, seed: number): Promise<number> {
  const session = new StepSession(e.network, e.objective, e.optimizer, batch, seed);
  try {
    for (const stop of session.stops) await session.read(stop.index, { values: false });
    session.commit();
    return session.stops.length;
  } finally {
    session.dispose();
  }
}

async function steppedVsFused(backend: Backend, model: ModelCase, reps: number, warmup: number): Promise<void> {
  const graph = graphOf(model.text);
  const engine = engineFor(graph);
  const batch = randomBatch(model, model.batch, 5);
  let stops = 0;
  for (let i = 0; i < warmup; i++) {
    await fusedOnce(engine, batch, i);
    stops = await steppedOnce(engine, batch, i);
  }
  const fused: number[] = [];
  const stepped: number[] = [];
  // Interleaved, so that drift (heat, GC) falls on both alike.
  for (let i = 0; i < reps; i++) {
    let t = performance.now();
    await fusedOnce(engine, batch, 100 + i);
    fused.push(performance.now() - t);
    t = performance.now();
    await steppedOnce(engine, batch, 100 + i);
    stepped.push(performance.now() - t);
  }
  disposeBatch(batch);
  engine.dispose();
  const target = backend === 'wasm' ? 1.15 : 1.3;
  const f = median(fused);
  const s = median(stepped);
  rows.push({ figure: '1 stepped/fused', backend, model: model.name, a: s, b: f, unit: 'ms/step', ratio: s / f, target: `≤ ${target}`, pass: s / f <= target, note: `${stops} stops, ${reps} reps` });
}

// ---------------------------------------------------------------- 2. engine ÷ model.fit

/** Samples per second of our fused-step loop and of model.fit over the same `steps` batches. */
async function engineVsFit(backend: Backend, model: ModelCase, steps: number, reps: number): Promise<void> {
  const graph = graphOf(model.text);
  const lr = Number(graph.training.optimizer?.attrs?.lr ?? 0.01);
  const engine = engineFor(graph);
  const data = randomBatch(model, model.batch * steps, 9);
  const x = data.inputs[0];
  const y = data.targets;

  // The engine: each step slices its batch from the data (as fit does) and reads the loss back.
  const engineEpoch = async (): Promise<void> => {
    for (let s = 0; s < steps; s++) {
      const batch: Batch = tf.tidy(() => ({
        inputs: [tf.slice(x, s * model.batch, model.batch)],
        targets: tf.slice(y, s * model.batch, model.batch),
        size: model.batch,
      }));
      try {
        await fusedOnce(engine, batch, s);
      } finally {
        disposeBatch(batch);
      }
    }
  };

  const layersModel = model.layers();
  layersModel.compile({ optimizer: tfjs.train.sgd(lr), loss: 'categoricalCrossentropy' });
  const fitEpoch = async (): Promise<void> => {
    const history = await layersModel.fit(x, y, { batchSize: model.batch, epochs: 1, shuffle: false, verbose: 0 });
    void history;
  };

  await engineEpoch();
  await fitEpoch();
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < reps; i++) {
    let t = performance.now();
    await engineEpoch();
    ours.push(performance.now() - t);
    t = performance.now();
    await fitEpoch();
    theirs.push(performance.now() - t);
  }
  const samples = model.batch * steps;
  const oursRate = (samples / median(ours)) * 1000;
  const fitRate = (samples / median(theirs)) * 1000;
  layersModel.dispose();
  disposeBatch(data);
  engine.dispose();
  rows.push({ figure: '2 engine/fit', backend, model: model.name, a: oursRate, b: fitRate, unit: 'samples/s', ratio: oursRate / fitRate, target: '≥ 1.0', pass: oursRate / fitRate >= 1, note: `${steps} steps/epoch, ${reps} reps` });
}

// ---------------------------------------------------------------- 3. Playground's net

async function playground(): Promise<void> {
  const runs = quick ? 21 : 51;
  const { scalarMs, smallMs } = playgroundScalarVsSmall(runs);
  rows.push({ figure: '3 Playground epoch', backend: 'js', model: '2-8-8-1 tanh, 500 pts, b10', a: smallMs, b: scalarMs, unit: 'ms/epoch', ratio: scalarMs / smallMs, target: '≥ 1.0 (speed)', pass: scalarMs / smallMs >= 1, note: `SmallDenseNet vs scalar JS; ratio = scalar ms ÷ small ms` });

  // The Trainer as users run it: the small-network path where eligible, and tfjs forced.
  const text = ['model playground', 'input x [2]', 'dense h1 8 activation=tanh', 'dense h2 8 activation=tanh', 'dense out 1 activation=tanh', 'data spiral samples=500 noise=0 split=1', 'loss mse', 'optimizer sgd lr=0.03', 'train epochs=1 batch=10 shuffle=false', ''].join('\n');
  const pgGraph = graphOf(text);
  const dataset = await createDataset(pgGraph.training.data!, modelFacts(pgGraph), 1);
  for (const backend of BACKENDS) {
    await useBackend(backend);
    for (const engine of ['auto', 'tfjs'] as const) {
      const setup = createTraining(pgGraph, dataset, { epochs: 1_000_000, engine });
      const samples: number[] = [];
      const reps = quick ? 3 : 7;
      for (let i = 0; i < reps + 1; i++) {
        const t = performance.now();
        await setup.trainer.runEpoch();
        if (i > 0) samples.push(performance.now() - t);
      }
      const path = setup.trainer.path;
      setup.dispose();
      const ms = median(samples);
      const target = path === 'small' ? '≥ 1.0 (speed)' : 'info';
      rows.push({ figure: '3 Playground epoch', backend, model: `Trainer.runEpoch (${path} path)`, a: ms, b: scalarMs, unit: 'ms/epoch', ratio: scalarMs / ms, target, pass: path !== 'small' || scalarMs / ms >= 1, note: `ratio = scalar JS ms ÷ Trainer ms; ${dataset.train.targets.shape[0]} train pts, loss and accuracy reported` });
    }
  }
}

// ---------------------------------------------------------------- 4. leaks

async function leaks(): Promise<void> {
  await useBackend('wasm');
  const text = ['model xor', 'input x [2]', 'dense hidden 4 activation=tanh', 'dense out 1 activation=sigmoid', 'loss binary_crossentropy', 'optimizer sgd lr=0.3', 'train batch=4', ''].join('\n');
  const engine = engineFor(graphOf(text));
  const batch: Batch = tf.tidy(() => ({ inputs: [tf.tensor2d([0, 0, 0, 1, 1, 0, 1, 1], [4, 2])], targets: tf.tensor2d([0, 1, 1, 0], [4, 1]), size: 4 }));
  // One of each first, so that lazily made state (optimizer slots, kernels) is not counted.
  await fusedOnce(engine, batch, 0);
  await steppedOnce(engine, batch, 0);
  const before = tf.memory().numTensors;
  const t0 = performance.now();
  for (let i = 0; i < 10_000; i++) {
    const loss = fusedStep(engine.network, engine.objective, engine.optimizer, batch, i);
    if (i % 100 === 99) await loss.data();
    loss.dispose();
  }
  const fusedMs = performance.now() - t0;
  const afterFused = tf.memory().numTensors;
  for (let i = 0; i < 200; i++) await steppedOnce(engine, batch, i);
  const afterStepped = tf.memory().numTensors;
  disposeBatch(batch);
  engine.dispose();
  rows.push({ figure: '4 numTensors', backend: 'wasm', model: 'XOR 2-4-1 b4, 10,000 fused', a: afterFused, b: before, unit: 'tensors', ratio: afterFused - before, target: 'Δ = 0', pass: afterFused === before, note: `${(fusedMs / 10_000).toFixed(3)} ms/step` });
  rows.push({ figure: '4 numTensors', backend: 'wasm', model: 'XOR 2-4-1 b4, +200 StepSessions', a: afterStepped, b: before, unit: 'tensors', ratio: afterStepped - before, target: 'Δ = 0', pass: afterStepped === before });
}

// ---------------------------------------------------------------- main

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1000) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(3);
}

function printTable(): void {
  const header = ['figure', 'backend', 'model', 'ours', 'reference', 'unit', 'ratio', 'target', 'ok', 'note'];
  const body = rows.map((r) => [r.figure, r.backend, r.model, fmt(r.a), fmt(r.b), r.unit, r.figure.startsWith('4') ? String(r.ratio) : r.ratio.toFixed(3), r.target, r.pass ? 'yes' : 'NO', r.note ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i >= 3 && i <= 6 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  log(line(header));
  log(widths.map((w) => '-'.repeat(w)).join('  '));
  body.forEach((row) => log(line(row)));
}

async function main(): Promise<void> {
  const start = performance.now();
  await initTf('cpu');
  await initTf('wasm');
  // tfjs-layers must drive the same tfjs-core engine as ours, or model.fit would run elsewhere.
  const sameEngine = tfjs.engine() === tf.engine() && tfjs.getBackend() === tf.getBackend();
  if (!sameEngine) throw new Error(`@tensorflow/tfjs uses another tfjs-core instance (backend ${tfjs.getBackend()} vs ${tf.getBackend()})`);
  const env = `${cpus()[0]?.model ?? 'cpu'} ×${cpus().length}, Node ${process.version}, tfjs-core ${tf.version_core}, tfjs ${tfjs.version.tfjs}${quick ? ', --quick' : ''}`;
  log(`bench-engine: ${env}`);
  log('ratios: 1 = stepped ms ÷ fused ms (lower is better); 2 = our samples/s ÷ model.fit samples/s; 3 = scalar JS ms ÷ our ms (speed-up); 4 = tensors after − before');
  log();

  for (const backend of BACKENDS) {
    await useBackend(backend);
    if (tfjs.getBackend() !== backend) throw new Error('tfjs and tfjs-core disagree on the backend');
    const cpu = backend === 'cpu';
    await steppedVsFused(backend, MLP, quick ? 9 : 21, 3);
    if (!cpu) await steppedVsFused(backend, LENET, quick ? 9 : 21, 3);
    else if (!quick) await steppedVsFused(backend, LENET, 3, 1);
    await engineVsFit(backend, MLP, quick ? 8 : 16, quick ? 3 : 7);
    if (!cpu) await engineVsFit(backend, LENET, quick ? 4 : 8, quick ? 3 : 5);
    else if (!quick) await engineVsFit(backend, LENET, 2, 2);
  }
  await playground();
  await leaks();

  printTable();
  const seconds = (performance.now() - start) / 1000;
  log();
  log(`${rows.every((r) => r.pass) ? 'all targets met' : `targets missed: ${rows.filter((r) => !r.pass).length}`}; ${seconds.toFixed(1)} s`);
  if (asJson) console.log(JSON.stringify({ env, quick, seconds, rows }, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
