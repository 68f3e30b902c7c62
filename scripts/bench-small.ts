// Benchmark of the small-network path (`npx tsx scripts/bench-small.ts [--quick]`): one epoch
// of TensorFlow Playground's 2-8-8-1 tanh net (spiral, 500 points, batch 10, SGD lr 0.03,
// mse) on (a) a scalar-loop engine built as Playground's nn.ts is (node and link objects),
// (b) SmallDenseNet, (c) a fused tfjs step on WASM and on CPU; then the size where tfjs WASM
// overtakes the small path, which sets SMALL_NET_MAX_WORK. Medians of several runs, ratios
// from one run. Batches are made into tensors beforehand, so tfjs pays only for its steps.

import { cpus } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { initTf } from '../src/cli/tfNode';
import { Random } from '../src/core/data/random';
import { spiral } from '../src/core/data/playground';
import { activate } from '../src/core/engine/kernels/activations';
import { SMALL_NET_MAX_WORK, SmallDenseNet, SmallParams } from '../src/core/engine/small/denseNet';
import { graphOf } from '../test/helpers/graph';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 5 : 11;

export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median milliseconds of `body` over `runs` runs, after two warm-up runs. */
export function time(runs: number, body: () => void): number {
  body();
  body();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    body();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

// (a) A scalar engine in Playground's style: every neuron an object, every weight a link object;
// derivatives accumulated per example and applied every `batch` examples.

interface Activation {
  output(x: number): number;
  der(x: number): number;
}
export const TANH: Activation = { output: (x) => Math.tanh(x), der: (x) => 1 - Math.tanh(x) ** 2 };

class Neuron {
  inputLinks: Link[] = [];
  outputs: Link[] = [];
  bias = 0.1;
  totalInput = 0;
  output = 0;
  outputDer = 0;
  inputDer = 0;
  accInputDer = 0;
  numAccumulatedDers = 0;
  constructor(readonly activation: Activation) {}
  updateOutput(): number {
    this.totalInput = this.bias;
    for (const link of this.inputLinks) this.totalInput += link.weight * link.source.output;
    this.output = this.activation.output(this.totalInput);
    return this.output;
  }
}

class Link {
  errorDer = 0;
  accErrorDer = 0;
  numAccumulatedDers = 0;
  constructor(readonly source: Neuron, readonly dest: Neuron, public weight: number) {}
}

export function buildPlaygroundNet(shape: number[], random: Random): Neuron[][] {
  const layers: Neuron[][] = [];
  for (let l = 0; l < shape.length; l++) {
    const layer: Neuron[] = [];
    for (let i = 0; i < shape[l]; i++) {
      const node = new Neuron(TANH);
      if (l > 0) {
        for (const source of layers[l - 1]) {
          const link = new Link(source, node, random.uniform(-0.5, 0.5));
          source.outputs.push(link);
          node.inputLinks.push(link);
        }
      }
      layer.push(node);
    }
    layers.push(layer);
  }
  return layers;
}

export function forwardProp(network: Neuron[][], inputs: ArrayLike<number>): number {
  network[0].forEach((node, i) => (node.output = inputs[i]));
  for (let l = 1; l < network.length; l++) for (const node of network[l]) node.updateOutput();
  return network[network.length - 1][0].output;
}

/** Square error ½(output − target)², as Playground's. */
export function backProp(network: Neuron[][], target: number): void {
  const out = network[network.length - 1][0];
  out.outputDer = out.output - target;
  for (let l = network.length - 1; l >= 1; l--) {
    const layer = network[l];
    for (const node of layer) {
      node.inputDer = node.outputDer * node.activation.der(node.totalInput);
      node.accInputDer += node.inputDer;
      node.numAccumulatedDers++;
    }
    for (const node of layer) {
      for (const link of node.inputLinks) {
        link.errorDer = node.inputDer * link.source.output;
        link.accErrorDer += link.errorDer;
        link.numAccumulatedDers++;
      }
    }
    if (l === 1) continue;
    for (const node of network[l - 1]) {
      node.outputDer = 0;
      for (const link of node.outputs) node.outputDer += link.weight * link.dest.inputDer;
    }
  }
}

export function updateWeights(network: Neuron[][], learningRate: number): void {
  for (let l = 1; l < network.length; l++) {
    for (const node of network[l]) {
      if (node.numAccumulatedDers > 0) {
        node.bias -= (learningRate * node.accInputDer) / node.numAccumulatedDers;
        node.accInputDer = 0;
        node.numAccumulatedDers = 0;
      }
      for (const link of node.inputLinks) {
        if (link.numAccumulatedDers === 0) continue;
        link.weight -= (learningRate * link.accErrorDer) / link.numAccumulatedDers;
        link.accErrorDer = 0;
        link.numAccumulatedDers = 0;
      }
    }
  }
}

// (b) and (c): the same net as a model file, SmallDenseNet, and a fused tfjs step.

export class PlainSgd {
  constructor(private readonly rate: number) {}
  apply(params: Record<string, Float32Array>, grads: Record<string, Float32Array>): void {
    for (const key in params) {
      const p = params[key];
      const g = grads[key];
      for (let i = 0; i < p.length; i++) p[i] -= this.rate * g[i];
    }
  }
}

export function mlp(sizes: number[], activation = 'tanh') {
  const lines = ['model bench', `input x [${sizes[0]}]`];
  sizes.slice(1).forEach((units, i) => lines.push(`dense d${i} ${units} activation=${activation}`));
  lines.push('loss mse');
  const graph = graphOf(lines.join('\n') + '\n');
  const random = new Random(7, 'bench');
  const params: SmallParams = {};
  for (const layer of graph.layers) {
    for (const p of layer.params) {
      const size = (p.shape as number[]).reduce((a, b) => a * b, 1);
      (params[layer.name] ??= {})[p.name] = Float32Array.from({ length: size }, () => random.uniform(-0.5, 0.5));
    }
  }
  return { graph, params };
}

/** A fused tfjs training step (one optimizer.minimize) over prepared batch tensors. */
function tfTrainer(params: SmallParams, batches: { x: tf.Tensor2D; y: tf.Tensor2D }[]) {
  const variables = Object.entries(params).map(([layer, byName]) => ({
    kernel: tf.variable(tf.tensor2d(byName.kernel, [byName.kernel.length / byName.bias.length, byName.bias.length]), true, `${layer}/kernel`),
    bias: tf.variable(tf.tensor1d(byName.bias), true, `${layer}/bias`),
  }));
  const optimizer = tf.train.sgd(0.03);
  const step = (x: tf.Tensor2D, y: tf.Tensor2D) =>
    optimizer.minimize(() => {
      let a: tf.Tensor = x;
      for (const v of variables) a = activate('tanh', tf.add(tf.matMul(a as tf.Tensor2D, v.kernel), v.bias));
      return tf.mean(tf.square(tf.sub(a, y)));
    });
  return {
    epoch: () => batches.forEach((b) => step(b.x, b.y)),
    dispose: () => {
      variables.forEach((v) => (v.kernel.dispose(), v.bias.dispose()));
      optimizer.dispose();
    },
  };
}

function makeBatches(x: Float32Array, y: Float32Array, n: number, inputSize: number, outputSize: number, batch: number) {
  const batches: { x: tf.Tensor2D; y: tf.Tensor2D }[] = [];
  for (let start = 0; start + batch <= n; start += batch) {
    batches.push({
      x: tf.tensor2d(x.subarray(start * inputSize, (start + batch) * inputSize), [batch, inputSize]),
      y: tf.tensor2d(y.subarray(start * outputSize, (start + batch) * outputSize), [batch, outputSize]),
    });
  }
  return batches;
}

/** Playground's spiral (500 points, labels ±1) and its 2-8-8-1 tanh net, batch 10, SGD 0.03. */
export function playgroundSpiral() {
  const points = spiral(500, 0, new Random(1, 'spiral'));
  const n = points.labels.length;
  const x = new Float32Array(points.points.length);
  x.set(points.points);
  const y = Float32Array.from(points.labels, (label) => (label === 1 ? 1 : -1));
  return { x, y, n, batch: 10 };
}

/** Median ms per epoch of the Playground-style scalar engine and of SmallDenseNet on that net. */
export function playgroundScalarVsSmall(runs: number): { scalarMs: number; smallMs: number; params: ReturnType<typeof mlp>['params'] } {
  const { x, y, n, batch } = playgroundSpiral();
  const network = buildPlaygroundNet([2, 8, 8, 1], new Random(3, 'playground'));
  const scalarMs = time(runs, () => {
    for (let i = 0; i < n; i++) {
      forwardProp(network, [x[2 * i], x[2 * i + 1]]);
      backProp(network, y[i]);
      if ((i + 1) % batch === 0) updateWeights(network, 0.03);
    }
  });
  const { graph, params } = mlp([2, 8, 8, 1]);
  const net = new SmallDenseNet(graph, params);
  const sgd = new PlainSgd(0.03);
  const smallMs = time(runs, () => {
    for (let start = 0; start + batch <= n; start += batch) {
      net.trainBatch(x.subarray(start * 2, (start + batch) * 2), y.subarray(start, start + batch), batch, sgd);
    }
  });
  return { scalarMs, smallMs, params };
}

async function playgroundEpochs(): Promise<void> {
  const { x, y, n, batch } = playgroundSpiral();
  const { scalarMs, smallMs, params } = playgroundScalarVsSmall(RUNS * 4);

  const tfMs: Record<string, number> = {};
  for (const backend of ['wasm', 'cpu'] as const) {
    await initTf(backend);
    const batches = makeBatches(x, y, n, 2, 1, batch);
    const trainer = tfTrainer(params, batches);
    tfMs[backend] = time(RUNS, trainer.epoch);
    trainer.dispose();
    batches.forEach((b) => (b.x.dispose(), b.y.dispose()));
  }

  console.log(`Playground 2-8-8-1 tanh, spiral, ${n} points, batch ${batch}, SGD lr 0.03 (ms per epoch, median):`);
  console.log(`  (a) scalar JS, Playground-style objects  ${scalarMs.toFixed(3)}`);
  console.log(`  (b) SmallDenseNet                        ${smallMs.toFixed(3)}`);
  console.log(`  (c) tfjs fused step, wasm                ${tfMs.wasm.toFixed(3)}`);
  console.log(`  (c) tfjs fused step, cpu                 ${tfMs.cpu.toFixed(3)}`);
  console.log(`  (b)/(a) = ${(smallMs / scalarMs).toFixed(3)}   (a)/(b) = ${(scalarMs / smallMs).toFixed(2)}× faster`);
  console.log(`  wasm/(b) = ${(tfMs.wasm / smallMs).toFixed(1)}   cpu/(b) = ${(tfMs.cpu / smallMs).toFixed(1)}   wasm/(a) = ${(tfMs.wasm / scalarMs).toFixed(1)}`);
}

/** Milliseconds per training step, small path and tfjs WASM, for one MLP and batch size. */
function stepTimes(sizes: number[], batch: number): { params: number; small: number; wasm: number } {
  const { graph, params } = mlp(sizes);
  const steps = 8;
  const n = batch * steps;
  const random = new Random(11, 'crossover');
  const x = Float32Array.from({ length: n * sizes[0] }, () => random.uniform(-1, 1));
  const y = Float32Array.from({ length: n * sizes[sizes.length - 1] }, () => random.uniform(-1, 1));
  const net = new SmallDenseNet(graph, params);
  const sgd = new PlainSgd(0.03);
  const inputSize = sizes[0];
  const outputSize = sizes[sizes.length - 1];
  const small = time(RUNS, () => {
    for (let s = 0; s < steps; s++) net.trainBatch(x.subarray(s * batch * inputSize, (s + 1) * batch * inputSize), y.subarray(s * batch * outputSize, (s + 1) * batch * outputSize), batch, sgd);
  }) / steps;
  const batches = makeBatches(x, y, n, inputSize, outputSize, batch);
  const trainer = tfTrainer(params, batches);
  const wasm = time(RUNS, trainer.epoch) / steps;
  trainer.dispose();
  batches.forEach((b) => (b.x.dispose(), b.y.dispose()));
  return { params: graph.totalParams, small, wasm };
}

function crossover(family: string, shapeOf: (h: number) => number[], widths: number[], batch: number): void {
  console.log(`\n${family}, batch ${batch} (ms per training step, median):`);
  console.log('  hidden  params  ×batch   small    wasm   wasm/small');
  let found: number | undefined;
  for (const h of widths) {
    const { params, small, wasm } = stepTimes(shapeOf(h), batch);
    console.log(`  ${String(h).padStart(6)} ${String(params).padStart(7)} ${String(params * batch).padStart(7)} ${small.toFixed(3).padStart(7)} ${wasm.toFixed(3).padStart(7)}   ${(wasm / small).toFixed(2)}`);
    if (found === undefined && wasm < small) found = params;
  }
  console.log(found === undefined ? '  WASM never faster in this range' : `  WASM first faster at ${found} parameters (× batch ${found * batch})`);
}

async function main(): Promise<void> {
  console.log(`bench-small: ${cpus()[0]?.model ?? 'cpu'} ×${cpus().length}, Node ${process.version}, tfjs ${tf.version_core}; limit SMALL_NET_MAX_WORK = ${SMALL_NET_MAX_WORK}\n`);
  await playgroundEpochs();
  await initTf('wasm');
  const widths = quick ? [8, 32, 128] : [8, 16, 32, 64, 96, 128, 160, 192, 256];
  for (const batch of quick ? [10] : [10, 32]) {
    crossover('MLP 2-H-H-1 tanh', (h) => [2, h, h, 1], widths, batch);
    crossover('MLP 784-H-10 tanh', (h) => [784, h, 10], quick ? [8, 32] : [4, 8, 16, 24, 32, 48, 64], batch);
  }
}

// Run only as a script: bench-engine.ts imports the scalar engine from here.
if (require.main === module) void main();
