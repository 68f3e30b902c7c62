// The small-network path against tfjs: the same net written in plain tfjs-core ops (matMul,
// add, the engine's activations, losses written here) on the CPU backend must give the same
// outputs, loss, gradients, per-layer activations and dL/dA, and the same parameters after
// several SGD steps.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { Random } from '../../../src/core/data/random';
import { activate } from '../../../src/core/engine/kernels/activations';
import { SMALL_NET_MAX_WORK, SmallDenseNet, SmallParams, smallNetEligibility } from '../../../src/core/engine/small/denseNet';
import { ModelGraph } from '../../../src/core/model/graph';
import { graphOf } from '../../helpers/graph';
import { noLeaks, useCpu } from '../../helpers/tf';

const EPSILON = 1e-7;

/** Element-wise |a − e| ≤ 1e-5·max(|e|, 1e-2·max|e|) + 1e-7: relative, with a floor for near-zero entries. */
function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) {
    const tolerance = 1e-5 * Math.max(Math.abs(expected[i]), 1e-2 * scale) + 1e-7;
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `${label}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

function randomParams(graph: ModelGraph, seed: number): SmallParams {
  const random = new Random(seed, 'params');
  const params: SmallParams = {};
  for (const layer of graph.layers) {
    for (const p of layer.params) {
      const size = p.shape.reduce((a, b) => (a as number) * (b as number), 1) as number;
      const std = p.name === 'kernel' ? 0.6 : 0.2;
      (params[layer.name] ??= {})[p.name] = Float32Array.from({ length: size }, () => random.normal(0, std));
    }
  }
  return params;
}

function randomInputs(size: number, seed: number, scale = 1.5): Float32Array {
  const random = new Random(seed, 'x');
  return Float32Array.from({ length: size }, () => random.uniform(-scale, scale));
}

function targetsFor(loss: string, n: number, k: number, seed: number): Float32Array | Int32Array {
  const random = new Random(seed, 'y');
  switch (loss) {
    case 'sparse_categorical_crossentropy':
      return Int32Array.from({ length: n }, () => random.int(k));
    case 'categorical_crossentropy':
    {
      const oneHot = new Float32Array(n * k);
      for (let i = 0; i < n; i++) oneHot[i * k + random.int(k)] = 1;
      return oneHot;
    }
    case 'binary_crossentropy':
      return Float32Array.from({ length: n * k }, () => (random.bernoulli(0.5) ? 1 : 0));
    case 'hinge':
      return Float32Array.from({ length: n * k }, () => (random.bernoulli(0.5) ? 1 : -1));
    default:
      return Float32Array.from({ length: n * k }, () => random.normal(0, 1));
  }
}

/**
 * The engine's activations, except elu with α ≠ 1: kernels/activations.ts builds it with
 * tf.where(tf.greater(…)), and tfjs has no gradient for Greater, so it is written here as
 * relu(z) + α·(e^min(z, 0) − 1), the same function with the same derivative (α at 0).
 */
function tfActivate(name: string, z: tf.Tensor, alpha?: number): tf.Tensor {
  if (name === 'elu' && alpha !== undefined && alpha !== 1) return tf.add(tf.relu(z), tf.mul(alpha, tf.sub(tf.exp(tf.minimum(z, 0)), 1)));
  return activate(name, z, alpha);
}

interface Oracle {
  loss: number;
  grads: Record<string, Float32Array>;
  activations: Record<string, Float32Array>;
  dOutputs: Record<string, Float32Array>;
}

/** The tfjs loss of the test's own writing, Keras' definitions, reduced by Σw·l / nnz(w). */
function tfLoss(name: string, fromLogits: boolean, p: tf.Tensor2D, y: tf.Tensor, mask?: tf.Tensor1D): tf.Scalar {
  const k = p.shape[1];
  let perExample: tf.Tensor1D;
  const meanOver = (t: tf.Tensor) => tf.mean(t, -1) as tf.Tensor1D;
  const target = name === 'sparse_categorical_crossentropy' ? tf.oneHot(y as tf.Tensor1D, k) : y;
  switch (name) {
    case 'mse':
      perExample = meanOver(tf.square(tf.sub(p, target)));
      break;
    case 'mae':
      perExample = meanOver(tf.abs(tf.sub(p, target)));
      break;
    case 'hinge':
      perExample = meanOver(tf.relu(tf.sub(1, tf.mul(target, p))));
      break;
    case 'binary_crossentropy':
      if (fromLogits) {
        perExample = meanOver(tf.add(tf.sub(tf.relu(p), tf.mul(p, target)), tf.log1p(tf.exp(tf.neg(tf.abs(p))))));
      } else {
        const q = tf.clipByValue(p, EPSILON, 1 - EPSILON);
        perExample = meanOver(tf.neg(tf.add(tf.mul(target, tf.log(q)), tf.mul(tf.sub(1, target), tf.log(tf.sub(1, q))))));
      }
      break;
    default:
      if (fromLogits) {
        perExample = tf.sum(tf.mul(target, tf.sub(tf.logSumExp(p, -1, true), p)), -1) as tf.Tensor1D;
      } else {
        const q = tf.clipByValue(tf.div(p, tf.sum(p, -1, true)), EPSILON, 1 - EPSILON);
        perExample = tf.neg(tf.sum(tf.mul(target, tf.log(q)), -1)) as tf.Tensor1D;
      }
  }
  if (!mask) return tf.mean(perExample);
  return tf.div(tf.sum(tf.mul(perExample, mask)), tf.sum(tf.cast(tf.notEqual(mask, 0), 'float32')));
}

/** The same net in plain tfjs ops, with a zero tap on every layer's output for dL/dA. */
function oracle(graph: ModelGraph, params: SmallParams, x: Float32Array, y: Float32Array | Int32Array, n: number, mask?: Float32Array): Oracle {
  let result: Oracle | undefined;
  tf.tidy(() => {
    const names: string[] = [];
    const variables: tf.Tensor[] = [];
    for (const [layer, byName] of Object.entries(params)) {
      for (const [name, values] of Object.entries(byName)) {
        names.push(`${layer}/${name}`);
        variables.push(tf.tensor(values, layer && name === 'kernel' ? (graph.layers.find((l) => l.name === layer)!.params[0].shape as number[]) : [values.length]));
      }
    }
    const taps = graph.layers.map((l) => tf.zeros([n, l.outputShape[0] as number]));
    const lossSection = graph.training.loss!;
    const yTensor = y instanceof Int32Array ? tf.tensor1d(y, 'int32') : tf.tensor2d(y, [n, y.length / n]);
    const outputs: tf.Tensor[] = [];
    let keep = false;
    const f = (...args: tf.Tensor[]) => {
      const value = (key: string) => args[names.indexOf(key)];
      let a: tf.Tensor = tf.tensor2d(x, [n, x.length / n]);
      let penalty: tf.Tensor = tf.scalar(0);
      graph.layers.forEach((layer, index) => {
        if (layer.kind === 'dense') {
          const kernel = value(`${layer.name}/kernel`);
          const bias = value(`${layer.name}/bias`);
          const z = tf.matMul(a as tf.Tensor2D, kernel as tf.Tensor2D);
          a = tfActivate(String(layer.attrs.activation), bias ? tf.add(z, bias) : z);
          const l1 = (layer.attrs.l1 as number) + ((lossSection.attrs.l1 as number) ?? 0);
          const l2 = (layer.attrs.l2 as number) + ((lossSection.attrs.l2 as number) ?? 0) / (2 * n);
          penalty = tf.add(penalty, tf.add(tf.mul(l1, tf.sum(tf.abs(kernel))), tf.mul(l2, tf.sum(tf.square(kernel)))));
        } else if (layer.kind !== 'input') {
          const name = layer.kind === 'activation' ? String(layer.attrs.function) : layer.kind;
          a = tfActivate(name, a, layer.attrs.alpha as number | undefined);
        }
        a = tf.add(a, args[variables.length + index]);
        if (keep) outputs[index] = tf.keep(a);
      });
      const data = tfLoss(lossSection.name!, lossSection.attrs.from_logits === true, a as tf.Tensor2D, yTensor, mask && tf.tensor1d(mask));
      return tf.add(data, penalty) as tf.Scalar;
    };
    const { value, grads } = tf.valueAndGrads(f)([...variables, ...taps]);
    keep = true;
    f(...variables, ...taps);
    result = { loss: value.dataSync()[0], grads: {}, activations: {}, dOutputs: {} };
    const out = result;
    names.forEach((name, i) => (out.grads[name] = grads[i].dataSync() as Float32Array));
    graph.layers.forEach((layer, i) => {
      out.activations[layer.name] = outputs[i].dataSync() as Float32Array;
      outputs[i].dispose();
      out.dOutputs[layer.name] = grads[variables.length + i].dataSync() as Float32Array;
    });
  });
  return result!;
}

function model(body: string, loss: string): ModelGraph {
  return graphOf(`model m\n${body.trim()}\nloss ${loss}\n`);
}

function checkAgainstTfjs(graph: ModelGraph, seed = 1, n = 7, mask?: Float32Array): void {
  const params = randomParams(graph, seed);
  const inputSize = graph.layers[0].outputShape[0] as number;
  const output = graph.layers[graph.layers.length - 1].outputShape[0] as number;
  const x = randomInputs(n * inputSize, seed);
  const y = targetsFor(graph.training.loss!.name!, n, output, seed);
  const expected = oracle(graph, params, x, y, n, mask);
  const net = new SmallDenseNet(graph, params);
  assertClose(net.forward(x, n), expected.activations[graph.output], 'forward');
  const result = net.lossAndGrads(x, y, n, mask, { activations: true, dOutputs: true });
  assertClose([result.loss], [expected.loss], 'loss');
  assert.deepEqual(Object.keys(result.grads).sort(), Object.keys(expected.grads).sort());
  for (const key of Object.keys(expected.grads)) assertClose(result.grads[key], expected.grads[key], `d ${key}`);
  for (const layer of graph.layers) {
    assertClose(result.activations![layer.name], expected.activations[layer.name], `activation ${layer.name}`);
    assertClose(result.dOutputs![layer.name], expected.dOutputs[layer.name], `dOutput ${layer.name}`);
  }
}

const ACTIVATION_NAMES = ['linear', 'identity', 'step', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'gelu', 'softmax'];

const LOSS_CASES: readonly [string, string][] = [
  ['mse', 'dense out 2'],
  ['mae', 'dense out 2 activation=tanh'],
  ['binary_crossentropy', 'dense out 1 activation=sigmoid'],
  ['binary_crossentropy from_logits=true', 'dense out 1'],
  ['binary_crossentropy', 'dense out 3 activation=sigmoid'],
  ['categorical_crossentropy', 'dense out 3 activation=softmax'],
  ['categorical_crossentropy from_logits=true', 'dense out 3'],
  ['sparse_categorical_crossentropy', 'dense out 4 activation=softmax'],
  ['sparse_categorical_crossentropy from_logits=true', 'dense out 4'],
  ['hinge', 'dense out 1 activation=tanh'],
  ['hinge', 'dense out 2'],
];

/** Plain SGD behind the optimizer interface the engine's array optimizers implement. */
class LocalSgd {
  readonly name = 'sgd';
  iterations = 0;
  constructor(private readonly rate: number) {}
  learningRate(): number {
    return this.rate;
  }
  apply(params: Record<string, Float32Array>, grads: Record<string, Float32Array>): void {
    for (const [key, p] of Object.entries(params)) {
      const g = grads[key];
      for (let i = 0; i < p.length; i++) p[i] -= this.rate * g[i];
    }
    this.iterations++;
  }
  slots(): Record<string, Float32Array> {
    return {};
  }
  reset(): void {
    this.iterations = 0;
  }
}

describe('SmallDenseNet', () => {
  before(useCpu);

  describe('equals tfjs for every activation', () => {
    for (const activation of ACTIVATION_NAMES) {
      it(`dense activation=${activation}`, () => {
        checkAgainstTfjs(model(`input x [3]\ndense h 5 activation=${activation}\ndense out 2`, 'mse'));
      });
    }
    it('activation layers, with their alpha', () => {
      const body = 'input x [4]\ndense h 6\nleaky_relu lr alpha=0.1\ndense h2 5\nelu e alpha=0.5\ndense h3 5\nactivation g gelu\nsoftmax s\ndense out 2\ntanh t';
      checkAgainstTfjs(model(body, 'mse'));
    });
    it('an activation layer first, straight on the input', () => {
      checkAgainstTfjs(model('input x [3]\nsigmoid s\ndense out 2', 'mse'));
    });
    it('a dense layer without bias', () => {
      checkAgainstTfjs(model('input x [3]\ndense h 4 activation=relu use_bias=false\ndense out 1', 'mse'));
    });
  });

  describe('equals tfjs for every loss', () => {
    for (const [loss, output] of LOSS_CASES) {
      it(`${loss} on '${output}'`, () => {
        checkAgainstTfjs(model(`input x [3]\ndense h 6 activation=tanh\n${output}`, loss));
      });
    }
    it('binary cross-entropy where the clip bites', () => {
      const graph = model('input x [3]\ndense out 1 activation=sigmoid', 'binary_crossentropy');
      const params = { out: { kernel: Float32Array.of(40, -40, 30), bias: Float32Array.of(0) } };
      const x = Float32Array.of(1, 0, 0, 0, 1, 0, 0.01, 0, 0);
      const y = Float32Array.of(0, 1, 1);
      const expected = oracle(graph, params, x, y, 3);
      const result = new SmallDenseNet(graph, params).lossAndGrads(x, y, 3);
      assertClose([result.loss], [expected.loss], 'loss');
      assertClose(result.grads['out/kernel'], expected.grads['out/kernel'], 'd kernel');
    });
    it('a per-example mask averages over the examples it keeps', () => {
      const mask = Float32Array.of(1, 0, 1, 1, 0, 1, 1);
      checkAgainstTfjs(model('input x [3]\ndense h 6 activation=tanh\ndense out 3 activation=softmax', 'categorical_crossentropy'), 2, 7, mask);
      checkAgainstTfjs(model('input x [3]\ndense h 6 activation=tanh\ndense out 2', 'mse'), 2, 7, mask);
    });
  });

  describe('penalties', () => {
    it('per-layer l1 and l2 on kernels', () => {
      checkAgainstTfjs(model('input x [3]\ndense h 5 activation=tanh l1=0.01 l2=0.02\ndense out 2 l2=0.5', 'mse'));
    });
    it("the loss line's l1 (λ·Σ|W|) and l2 (λ/(2N)·Σ W²)", () => {
      checkAgainstTfjs(model('input x [3]\ndense h 5 activation=relu l1=0.01\ndense out 1 activation=sigmoid', 'binary_crossentropy l1=0.003 l2=0.2'));
    });
    it("the loss line's l2 is λ/(2N)·Σ W² with N the batch's examples", () => {
      const graph = model('input x [1]\ndense out 1 use_bias=false', 'mse l2=0.4');
      const net = new SmallDenseNet(graph, { out: { kernel: Float32Array.of(3) } });
      const result = net.lossAndGrads(Float32Array.of(0, 0, 0, 0), Float32Array.of(0, 0, 0, 0), 4);
      assert.equal(result.dataLoss, 0);
      assertClose([result.penalty], [(0.4 / (2 * 4)) * 9], 'penalty');
      assertClose(result.grads['out/kernel'], [(0.4 / 4) * 3], 'gradient');
    });
  });

  it('Playground 2-8-8-1 tanh: 25 SGD steps give the same parameters as tfjs', () => {
    const graph = model('input x [2]\ndense h1 8 activation=tanh\ndense h2 8 activation=tanh\ndense out 1 activation=tanh', 'mse l2=0.01');
    let reference = randomParams(graph, 5);
    const net = new SmallDenseNet(graph, reference);
    const optimizer = new LocalSgd(0.03);
    const n = 10;
    for (let step = 0; step < 25; step++) {
      const x = randomInputs(n * 2, 100 + step, 6);
      const y = targetsFor('hinge', n, 1, 100 + step);
      const expected = oracle(graph, reference, x, y, n);
      reference = Object.fromEntries(
        Object.entries(reference).map(([layer, byName]) => [
          layer,
          Object.fromEntries(Object.entries(byName).map(([name, values]) => [name, values.map((v, i) => v - 0.03 * expected.grads[`${layer}/${name}`][i])])),
        ]),
      );
      const loss = net.trainBatch(x, y, n, optimizer);
      assertClose([loss], [expected.loss], `loss at step ${step}`);
    }
    const params = net.params();
    for (const [layer, byName] of Object.entries(reference)) {
      for (const [name, values] of Object.entries(byName)) assertClose(params[layer][name], values, `${layer}/${name}`);
    }
    assert.equal(optimizer.iterations, 25);
  });

  it('batches of different sizes reuse and grow the buffers without changing results', () => {
    const graph = model('input x [3]\ndense h 4 activation=tanh\ndense out 2', 'mse');
    const params = randomParams(graph, 3);
    const net = new SmallDenseNet(graph, params);
    const x = randomInputs(3 * 40, 9);
    const small = net.forward(x, 3);
    const large = net.forward(x, 40);
    assert.deepEqual(small, large.subarray(0, 6));
    assertClose(net.forward(x.subarray(0, 9 * 3), 9), oracle(graph, params, x.subarray(0, 27), new Float32Array(18), 9).activations.out, 'after shrinking');
  });

  it('setParams copies in and params() copies out', () => {
    const graph = model('input x [2]\ndense out 1', 'mse');
    const net = new SmallDenseNet(graph, { out: { kernel: Float32Array.of(1, 2), bias: Float32Array.of(3) } });
    const copy = net.params();
    copy.out.kernel[0] = 100;
    assert.deepEqual(Array.from(net.forward(Float32Array.of(1, 1), 1)), [6]);
    assert.throws(() => net.setParams({ out: { kernel: Float32Array.of(1) } }), /layer 'out' kernel needs 2 values/);
  });

  it('uses no tfjs: no tensor is made by a training step', async () => {
    const graph = model('input x [2]\ndense h 3 activation=relu\ndense out 1', 'mse');
    const net = new SmallDenseNet(graph, randomParams(graph, 1));
    await noLeaks(() => net.trainBatch(randomInputs(8, 1), Float32Array.of(1, 0, 1, 0), 4, new LocalSgd(0.1)));
  });
});

describe('smallNetEligibility', () => {
  const eligibility = (text: string) => smallNetEligibility(graphOf(text));

  it("accepts Playground's 2-8-8-1 tanh net and the course's perceptron", () => {
    assert.deepEqual(eligibility('model p\ninput x [2]\ndense h1 8 activation=tanh\ndense h2 8 activation=tanh\ndense out 1 activation=tanh\nloss mse\n'), { eligible: true });
    assert.deepEqual(eligibility('model p\ninput x [2]\ndense out 1 activation=step weights=[[4], [5]] bias=[-6]\nloss mse\n'), { eligible: true });
  });

  const rejected: readonly [string, string, RegExp][] = [
    ['dropout', 'input x [2]\ndense h 8 activation=relu\ndropout 0.5\ndense out 1\nloss mse', /not a dense or activation layer/],
    ['batch norm', 'input x [2]\ndense h 8\nbatchnorm\ndense out 1\nloss mse', /not a dense or activation layer/],
    ['an image input', 'input x [4, 4, 1]\nflatten\ndense out 1\nloss mse', /not a float vector/],
    ['token ids', 'input x [5] dtype=int32\nembedding 10 4\nflatten\ndense out 1\nloss mse', /not a float vector/],
    ['no loss line', 'input x [2]\ndense out 1', /no loss line/],
    ['two inputs', 'input a [2]\ninput b [2]\nconcat from a, b\ndense out 1\nloss mse', /2 inputs/],
  ];
  for (const [what, body, reason] of rejected) {
    it(`rejects ${what}, saying why`, () => {
      const result = eligibility(`model m\n${body}\n`);
      assert.equal(result.eligible, false);
      assert.match((result as { reason: string }).reason, reason);
    });
  }

  it(`rejects nets whose parameters × batch exceed ${SMALL_NET_MAX_WORK}, where tfjs WASM is faster`, () => {
    // 2-64-64-1: 4,417 parameters; batch 10 is under the limit, batch 32 (the default) is not.
    const body = 'model m\ninput x [2]\ndense h 64 activation=relu\ndense h2 64 activation=relu\ndense out 1\nloss mse\n';
    assert.deepEqual(eligibility(body + 'train batch=10\n'), { eligible: true });
    const result = eligibility(body);
    assert.equal(result.eligible, false);
    assert.match((result as { reason: string }).reason, /4417 parameters × batch 32 is above 50000/);
    assert.deepEqual(smallNetEligibility(graphOf(body), 8), { eligible: true });
  });
});
