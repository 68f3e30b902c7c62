// The stepper's promise: its stops, taken from one taps pass, hold the true gradients — equal
// to one fused tf.variableGrads pass of the whole model — for every layer kind; stepping into
// a backward stop (the layer's own vector–Jacobian product) agrees; and nothing leaks.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { kernelKinds } from '../../../src/core/engine/kernels';
import { fusedGradients } from '../../../src/core/engine/fusedStep';
import { Network } from '../../../src/core/engine/network';
import { Batch, Objective } from '../../../src/core/engine/objective';
import { createOptimizer } from '../../../src/core/engine/optimizers';
import { gradientRole, StepSession } from '../../../src/core/engine/stepper';
import { LAYER_KINDS } from '../../../src/core/lang/layers/catalog';
import { ModelGraph } from '../../../src/core/model/graph';
import { graphOf } from '../../helpers/graph';
import { useCpu } from '../../helpers/tf';
import { Random } from '../../../src/core/data/random';

/** Small models that together use every layer kind; each ends in `loss mse`. */
export const MODELS: Record<string, string> = {
  activations: `input x [3]
dense d1 4 activation=tanh
relu r
dense d2 4 activation=sigmoid
leaky_relu lr
elu e
gelu g
dense d3 4 activation=elu
sigmoid s
tanh t
linear l
identity i
activation act leaky_relu
step st
dense d4 3
softmax sm
loss mse`,
  normalization: `input x [4]
dense d1 6
batchnorm bn
dropout drop 0.5
layernorm ln
dense out 2
loss mse`,
  merges: `input x [4]
dense a 4 activation=tanh
dense b 4 from x
add sum from a, b
subtract diff from a, b
multiply prod from sum, diff
average avg from a, b, prod
concat cat from avg, x
constant c [[0.5, -1, 2, 0, 1, 1, 1, 1]]
add shifted from cat, c
dense out 2
loss mse`,
  shapes: `input x [4, 4, 1]
flatten f
dense d 8
reshape r [2, 4]
dense out 3
loss mse`,
  conv2d: `input x [8, 8, 2]
conv2d c1 3 3 padding=same activation=relu
maxpool2d p1
conv2d_transpose t 2 3 strides=2
upsampling2d u
avgpool2d p2 2 padding=same
conv2d c2 2 2 strides=2 padding=1
global_avgpool2d g
dense out 2
loss mse`,
  pools2d: `input x [6, 6, 2]
conv2d c 3 3
global_maxpool2d g
dense out 2
loss mse`,
  conv1d: `input x [10, 3]
conv1d c 4 3 activation=tanh
maxpool1d p
avgpool1d q 2 strides=1
conv1d c2 2 2
global_avgpool1d g
dense out 1
loss mse`,
  conv1dMax: `input x [10, 3]
conv1d c 4 3
global_maxpool1d g
dense out 1
loss mse`,
  recurrent: `input x [5, 3]
simple_rnn r 4 return_sequences=true
gru g 4 return_sequences=true
lstm l 3
dense out 1
loss mse`,
  separable: `input x [6, 6, 2]
zero_padding2d z 1
depthwise_conv2d dw 3 depth_multiplier=2 strides=2 activation=relu
separable_conv2d sep 3 2 padding=same
flatten f
dense out 1
loss mse`,
  wrappers: `input x [4, 5, 5, 1]
time_distributed c conv2d 2 3 activation=tanh
time_distributed f flatten
bidirectional b lstm 3 return_sequences=true
bidirectional g gru 2 merge_mode=ave
dense out 1
loss mse`,
  transformer: `input tokens [6] dtype=int32
embedding emb 7 8
positional_encoding pos learned
attention att heads=2 key_dim=4 causal=true
add res from att, pos
layernorm norm
dense out 7 activation=softmax
loss mse`,
  crossAttention: `input q [4, 6]
input kv [5, 6]
positional_encoding p sinusoidal from kv
attention att heads=2 key_dim=3 from q, p
dense out 2
loss mse`,
  graph: `input features [5, 3]
input adjacency [5, 5]
graph_conv gc 4 activation=relu from features, adjacency
graph_conv gc2 2 from gc, adjacency
loss mse`,
};

function randomBatch(graph: ModelGraph, size: number, seed: number): Batch {
  const random = new Random(seed, 'batch');
  const fed = graph.layers.filter((l) => l.kind === 'input' && l.attrs.value === undefined);
  const inputs = fed.map((layer) => {
    const shape = [size, ...(layer.outputShape as number[])];
    const count = shape.reduce((a, b) => a * b, 1);
    if (layer.dtype === 'int32') return tf.tensor(Int32Array.from({ length: count }, () => random.int(7)), shape, 'int32');
    if (layer.name === 'adjacency') return tf.tensor(Float32Array.from({ length: count }, () => (random.next() < 0.4 ? 1 : 0)), shape);
    return tf.tensor(random.fillNormal(new Float32Array(count)), shape);
  });
  const output = graph.layers.find((l) => l.name === graph.output)!;
  const targetShape = [size, ...(output.outputShape as number[])];
  const targets = tf.tensor(random.fillUniform(new Float32Array(targetShape.reduce((a, b) => a * b, 1))), targetShape);
  return { inputs, targets, size };
}

function disposeBatch(batch: Batch): void {
  tf.dispose([...batch.inputs, batch.targets]);
}

function assertClose(actual: tf.Tensor, expected: tf.Tensor, what: string, tolerance = 1e-5): void {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  const a = actual.dataSync();
  const e = expected.dataSync();
  const scale = Math.max(1e-3, ...Array.from(e, Math.abs));
  for (let i = 0; i < e.length; i++) {
    assert.ok(Math.abs(a[i] - e[i]) <= tolerance * scale, `${what}[${i}]: stepped ${a[i]} vs fused ${e[i]}`);
  }
}

describe('stepper', () => {
  before(useCpu);

  it('the models above use every layer kind the language has', () => {
    const used = new Set(Object.values(MODELS).flatMap((text) => graphOf(text).layers.map((l) => l.kind)));
    const missing = LAYER_KINDS.map((k) => k.kind).filter((kind) => !used.has(kind));
    assert.deepEqual(missing, []);
    assert.deepEqual(LAYER_KINDS.map((k) => k.kind).filter((kind) => !kernelKinds().includes(kind)), []);
  });

  for (const [name, text] of Object.entries(MODELS)) {
    it(`stepped gradients equal one fused pass: ${name}`, () => {
      const graph = graphOf(text);
      const network = new Network(graph, 7);
      const objective = new Objective(graph);
      const optimizer = createOptimizer(undefined);
      const batch = randomBatch(graph, 3, 11);
      const before = tf.memory().numTensors;
      const session = new StepSession(network, objective, optimizer, batch, 1234);
      const fused = fusedGradients(network, objective, batch, 1234);
      try {
        assertClose(session.loss, fused.loss, 'loss');
        assert.ok(fused.grads.size > 0);
        for (const [key, grad] of fused.grads) {
          const layer = key.slice(0, key.indexOf('/'));
          const param = key.slice(key.indexOf('/') + 1);
          const stop = session.stops.find((s) => s.phase === 'backward' && s.layer === layer)!;
          assertClose(session.tensors(stop.index)[gradientRole(param)], grad, key);
        }
        // Stepping into a backward stop: the layer's own VJP gives the same gradients.
        for (const stop of session.stops.filter((s) => s.phase === 'backward')) {
          const tensors = session.tensors(stop.index);
          const ops = session.stepInto(stop.index);
          try {
            for (const op of ops) if (tensors[op.name]) assertClose(op.tensor, tensors[op.name], `${stop.layer} step into ${op.name}`, 1e-4);
          } finally {
            tf.dispose(ops.map((o) => o.tensor));
          }
        }
      } finally {
        fused.loss.dispose();
        fused.prediction.dispose();
        tf.dispose([...fused.grads.values(), ...fused.stateUpdates.values()]);
        session.dispose();
      }
      assert.equal(tf.memory().numTensors, before, 'a step session leaves no tensor behind');
      disposeBatch(batch);
      network.dispose();
      optimizer.dispose();
    });
  }

  it('orders its stops: forward per layer, the loss, backward in reverse, then the updates', () => {
    const graph = graphOf(MODELS.normalization);
    const network = new Network(graph, 1);
    const optimizer = createOptimizer(undefined);
    const batch = randomBatch(graph, 4, 2);
    const session = new StepSession(network, new Objective(graph), optimizer, batch, 5);
    try {
      const phases = session.stops.map((s) => `${s.phase}:${s.layer}`);
      assert.deepEqual(phases, [
        'forward:x', 'forward:d1', 'forward:bn', 'forward:drop', 'forward:ln', 'forward:out',
        'loss:out',
        'backward:out', 'backward:ln', 'backward:drop', 'backward:bn', 'backward:d1',
        'update:d1', 'update:bn', 'update:ln', 'update:out',
      ]);
      const forward = session.stops[1];
      assert.deepEqual([...forward.roles].sort(), ['bias', 'input', 'kernel', 'output']);
      assert.deepEqual([...session.stops[7].roles].sort(), ['dBias', 'dInput', 'dKernel', 'dOutput']);
      assert.equal(forward.line, 1);
    } finally {
      session.dispose();
      disposeBatch(batch);
      network.dispose();
      optimizer.dispose();
    }
  });

  it('applies the update once, showing the parameters before and after and the optimizer state', async () => {
    const graph = graphOf(`input x [2]\ndense out 1 weights=[[1], [2]] bias=[0.5]\nloss mse\noptimizer sgd lr=0.1 momentum=0.9`);
    const network = new Network(graph, 1);
    const optimizer = createOptimizer(graph.training.optimizer);
    const batch: Batch = { inputs: [tf.tensor2d([[1, 1]])], targets: tf.tensor2d([[0]]), size: 1 };
    const session = new StepSession(network, new Objective(graph), optimizer, batch, 1);
    try {
      const update = session.stops.find((s) => s.phase === 'update')!;
      assert.deepEqual([...update.roles].sort(), ['bias', 'biasBefore', 'dBias', 'dKernel', 'kernel', 'kernelBefore']);
      const record = await session.read(update.index, { values: true });
      // ŷ = 1 + 2 + 0.5 = 3.5; dL/dŷ = 2·3.5 = 7; dW = [7, 7]; v = −0.1·7; W ← W + v.
      assert.deepEqual(Array.from(record.tensors.kernelBefore.values!), [1, 2]);
      assert.deepEqual(Array.from(record.tensors.kernel.values!, (v) => Number(v.toFixed(5))), [0.3, 1.3]);
      assert.deepEqual(Array.from(record.tensors['kernel.velocity'].values!, (v) => Number(v.toFixed(5))), [-0.7, -0.7]);
      session.commit();
      assert.deepEqual(Array.from(network.param('out/kernel')!.variable.dataSync(), (v) => Number(v.toFixed(5))), [0.3, 1.3], 'commit twice applies once');
      // The forward stop still shows the weights the forward pass used.
      assert.deepEqual(Array.from(session.tensors(1).kernel.dataSync()), [1, 2]);
    } finally {
      session.dispose();
      disposeBatch(batch);
      network.dispose();
      optimizer.dispose();
    }
  });

  it('an edit at a forward stop recomputes the rest of the step', async () => {
    const graph = graphOf(`input x [2]\ndense h 2 weights=[[1, 0], [0, 1]] bias=[0, 0]\ndense out 1 weights=[[1], [1]] bias=[0]\nloss mse`);
    const network = new Network(graph, 1);
    const optimizer = createOptimizer(undefined);
    const batch: Batch = { inputs: [tf.tensor2d([[1, 2]])], targets: tf.tensor2d([[0]]), size: 1 };
    const session = new StepSession(network, new Objective(graph), optimizer, batch, 1);
    try {
      assert.equal((await session.loss.data())[0], 9);
      session.edit(1, 'kernel', Float32Array.from([2, 0, 0, 2]));
      assert.equal((await session.loss.data())[0], 36);
      session.edit(1, 'output', Float32Array.from([0, 1]));
      assert.equal((await session.loss.data())[0], 1);
      const backward = session.stops.find((s) => s.phase === 'backward' && s.layer === 'out')!;
      assert.deepEqual(Array.from(session.tensors(backward.index).dKernel.dataSync()), [0, 2]);
    } finally {
      session.dispose();
      disposeBatch(batch);
      network.dispose();
      optimizer.dispose();
    }
  });

  it('stepping into a forward stop shows the inner operations, ending in the output', () => {
    const graph = graphOf(`input x [2]\ndense out 1 activation=sigmoid weights=[[1], [2]] bias=[0.5]\nloss mse`);
    const network = new Network(graph, 1);
    const optimizer = createOptimizer(undefined);
    const batch: Batch = { inputs: [tf.tensor2d([[1, 1]])], targets: tf.tensor2d([[0]]), size: 1 };
    const session = new StepSession(network, new Objective(graph), optimizer, batch, 1);
    const before = tf.memory().numTensors;
    const ops = session.stepInto(1);
    try {
      assert.deepEqual(ops.map((o) => o.name), ['Z', 'A']);
      assert.equal(ops[0].tensor.dataSync()[0], 3.5);
      assertClose(ops[1].tensor, session.tensors(1).output, 'A');
    } finally {
      tf.dispose(ops.map((o) => o.tensor));
      assert.equal(tf.memory().numTensors, before);
      session.dispose();
      disposeBatch(batch);
      network.dispose();
      optimizer.dispose();
    }
  });
});
