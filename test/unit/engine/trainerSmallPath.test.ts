// The Trainer's small-network path against its tfjs path: the same epochs (seeded order),
// loss, accuracy and validation history and the same final parameters; optimizer state that
// survives run → stepSession → run; no tensors left behind; dropout nets stay on tfjs.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { Dataset, Split } from '../../../src/core/data/dataset';
import { Random } from '../../../src/core/data/random';
import { createOptimizer } from '../../../src/core/engine/optimizers';
import { createArrayOptimizer } from '../../../src/core/engine/arrayOptimizers';
import { createTraining, TrainingSetup } from '../../../src/core/engine/setup';
import { smallNetEligibility } from '../../../src/core/engine/small/denseNet';
import { TrainSettings } from '../../../src/core/engine/training';
import { EpochRecord } from '../../../src/core/protocol/panel';
import { graphOf } from '../../helpers/graph';
import { useCpu } from '../../helpers/tf';

const TOLERANCE = 1e-4;

function close(actual: number, expected: number, label: string): void {
  const tolerance = TOLERANCE * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tolerance, `${label}: ${actual} vs ${expected}`);
}

function closeArrays(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) {
    const tolerance = TOLERANCE * Math.max(Math.abs(expected[i]), 1e-2 * scale, 1e-3);
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `${label}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

function closeHistory(actual: readonly EpochRecord[], expected: readonly EpochRecord[]): void {
  assert.equal(actual.length, expected.length, 'epochs');
  expected.forEach((e, i) => {
    const a = actual[i];
    assert.equal(a.epoch, e.epoch);
    close(a.loss, e.loss, `epoch ${e.epoch} loss`);
    assert.deepEqual(Object.keys(a.metrics), Object.keys(e.metrics));
    for (const [k, v] of Object.entries(e.metrics)) close(a.metrics[k], v, `epoch ${e.epoch} ${k}`);
    assert.equal(a.valLoss === undefined, e.valLoss === undefined, 'valLoss present');
    if (e.valLoss !== undefined) close(a.valLoss!, e.valLoss, `epoch ${e.epoch} valLoss`);
    for (const [k, v] of Object.entries(e.valMetrics ?? {})) close(a.valMetrics![k], v, `epoch ${e.epoch} val ${k}`);
  });
}

/** Points in the plane; XOR-like (sign of x1·x2) or three angular sectors. */
function split(kind: 'xor' | 'three', encoding: 'binary' | 'onehot' | 'sparse', n: number, seed: number): Split {
  const random = new Random(seed, 'points');
  const x = new Float32Array(n * 2);
  const classes: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = random.uniform(-1, 1);
    const b = random.uniform(-1, 1);
    x[2 * i] = a;
    x[2 * i + 1] = b;
    classes.push(kind === 'xor' ? (a * b > 0 ? 1 : 0) : Math.min(2, Math.floor(((Math.atan2(b, a) + Math.PI) / (2 * Math.PI)) * 3)));
  }
  const targets =
    encoding === 'binary'
      ? { shape: [n, 1], dtype: 'float32' as const, values: Float32Array.from(classes) }
      : encoding === 'sparse'
        ? { shape: [n], dtype: 'int32' as const, values: Int32Array.from(classes) }
        : { shape: [n, 3], dtype: 'float32' as const, values: Float32Array.from(classes.flatMap((c) => [0, 1, 2].map((k) => (k === c ? 1 : 0)))) };
  return { inputs: [{ shape: [n, 2], dtype: 'float32', values: x }], targets };
}

function dataset(kind: 'xor' | 'three', encoding: 'binary' | 'onehot' | 'sparse', validation = 24): Dataset {
  return {
    name: kind,
    train: split(kind, encoding, 60, 1),
    validation: split(kind, encoding, validation, 2),
    task: kind === 'xor' ? 'binary' : 'multiclass',
    classes: kind === 'xor' ? 2 : 3,
  };
}

const XOR = (optimizer: string): string => `model xorish
input x [2]
dense hidden 6 activation=tanh
dense out 1 activation=sigmoid
loss binary_crossentropy
optimizer ${optimizer}
train epochs=6 batch=8 seed=3
`;

const THREE = (optimizer: string, loss = 'categorical_crossentropy'): string => `model three
input x [2]
dense hidden 8 activation=relu l2=0.001
dense out 3 activation=softmax
loss ${loss}
optimizer ${optimizer}
train epochs=6 batch=7 seed=5
`;

const OPTIMIZERS = ['adam lr=0.05', 'sgd lr=0.2 momentum=0.9'];

interface Case {
  readonly name: string;
  readonly text: (optimizer: string) => string;
  readonly data: () => Dataset;
}

const CASES: Case[] = [
  { name: 'XOR-like, binary cross-entropy', text: XOR, data: () => dataset('xor', 'binary') },
  { name: '3-class softmax, categorical cross-entropy', text: (o) => THREE(o), data: () => dataset('three', 'onehot') },
  { name: '3-class softmax, sparse ids', text: (o) => THREE(o, 'sparse_categorical_crossentropy'), data: () => dataset('three', 'sparse') },
];

function setupOf(text: string, data: Dataset, overrides: Partial<TrainSettings> = {}): TrainingSetup {
  return createTraining(graphOf(text), data, overrides);
}

async function paramsOf(setup: TrainingSetup): Promise<Record<string, Float32Array>> {
  const out: Record<string, Float32Array> = {};
  for (const entry of setup.network.params()) out[entry.key] = Float32Array.from(await entry.variable.data());
  return out;
}

async function compareParams(small: TrainingSetup, reference: TrainingSetup): Promise<void> {
  const a = await paramsOf(small);
  const b = await paramsOf(reference);
  assert.deepEqual(Object.keys(a), Object.keys(b));
  for (const key of Object.keys(b)) closeArrays(a[key], b[key], key);
  const sa = await small.optimizer.exportState();
  const sb = await reference.optimizer.exportState();
  assert.equal(sa.iterations, sb.iterations, 'iterations');
  assert.deepEqual(Object.keys(sa.slots).sort(), Object.keys(sb.slots).sort());
  for (const key of Object.keys(sb.slots)) for (const name of Object.keys(sb.slots[key])) closeArrays(sa.slots[key][name], sb.slots[key][name], `${key} ${name}`);
}

describe('Trainer small-network path', () => {
  before(useCpu);

  for (const c of CASES) {
    for (const optimizer of OPTIMIZERS) {
      it(`${c.name}, ${optimizer}: same history and parameters as tfjs`, async () => {
        const small = setupOf(c.text(optimizer), c.data());
        const reference = setupOf(c.text(optimizer), c.data(), { engine: 'tfjs' });
        try {
          assert.equal(small.trainer.path, 'small', small.trainer.pathReason);
          assert.equal(reference.trainer.path, 'tfjs');
          const endSmall = await small.trainer.run();
          const endReference = await reference.trainer.run();
          assert.deepEqual(endSmall, endReference);
          closeHistory(small.trainer.history, reference.trainer.history);
          assert.equal(small.trainer.steps, reference.trainer.steps);
          await compareParams(small, reference);
        } finally {
          small.dispose();
          reference.dispose();
        }
      });
    }
  }

  for (const optimizer of OPTIMIZERS) {
    it(`optimizer state survives run → stepSession → run (${optimizer})`, async () => {
      const text = THREE(optimizer).replace('epochs=6', 'epochs=2');
      const small = setupOf(text, dataset('three', 'onehot'));
      const reference = setupOf(text, dataset('three', 'onehot'), { engine: 'tfjs' });
      try {
        for (const setup of [small, reference]) {
          await setup.trainer.runEpoch();
          const { session, batch } = setup.trainer.stepSession();
          try {
            session.commit();
          } finally {
            session.dispose();
            batch.inputs.forEach((t) => t.dispose());
            batch.targets.dispose();
          }
          await setup.trainer.run();
        }
        closeHistory(small.trainer.history, reference.trainer.history);
        await compareParams(small, reference);
      } finally {
        small.dispose();
        reference.dispose();
      }
    });
  }

  it('leaves no tensor behind after a small-path run, and the network holds the result', async () => {
    const setup = setupOf(XOR('adam lr=0.05'), dataset('xor', 'binary'));
    try {
      // The first epoch creates Adam's slots (state, not a leak); then nothing may be added.
      await setup.trainer.runEpoch();
      const before = tf.memory().numTensors;
      await setup.trainer.run();
      assert.equal(tf.memory().numTensors, before);
      // The network holds the small path's result: tfjs' evaluate of the validation split
      // gives the last epoch's validation numbers.
      const last = setup.trainer.history.at(-1)!;
      const validation = (setup.trainer as unknown as { validation: Parameters<typeof setup.trainer.evaluate>[0] }).validation;
      const measured = await setup.trainer.evaluate(validation);
      close(measured.loss, last.valLoss!, 'valLoss');
      close(measured.accuracy, last.valMetrics!.accuracy, 'val accuracy');
      assert.equal(tf.memory().numTensors, before);
    } finally {
      setup.dispose();
    }
  });

  it('stops at cancellation with the parameters of whole steps in the network', async () => {
    const small = setupOf(XOR('sgd lr=0.2 momentum=0.9'), dataset('xor', 'binary'));
    const reference = setupOf(XOR('sgd lr=0.2 momentum=0.9'), dataset('xor', 'binary'), { engine: 'tfjs' });
    try {
      for (const setup of [small, reference]) {
        const end = await setup.trainer.run(undefined, (p) => {
          if (p.epoch === 2 && p.step === 3) setup.trainer.cancel();
        });
        assert.equal(end.reason, 'stopped');
      }
      assert.equal(small.trainer.steps, reference.trainer.steps);
      await compareParams(small, reference);
    } finally {
      small.dispose();
      reference.dispose();
    }
  });

  it('reports a non-finite loss the way the tfjs path does', async () => {
    const text = `model exploding
input x [2]
dense hidden 4 activation=relu
dense out 1
loss mse
optimizer sgd lr=1e6
train epochs=5 batch=8 seed=2
`;
    const small = setupOf(text, dataset('xor', 'binary'));
    const reference = setupOf(text, dataset('xor', 'binary'), { engine: 'tfjs' });
    try {
      const a = await small.trainer.run();
      const b = await reference.trainer.run();
      assert.equal(a.reason, 'nonFinite');
      assert.deepEqual(a, b);
      assert.equal(small.trainer.steps, reference.trainer.steps);
      await compareParams(small, reference);
    } finally {
      small.dispose();
      reference.dispose();
    }
  });

  it('is not eligible with dropout, and says why', () => {
    const graph = graphOf(`model dropped
input x [2]
dense hidden 8 activation=relu
dropout drop 0.5
dense out 1 activation=sigmoid
loss binary_crossentropy
optimizer sgd lr=0.1
train epochs=1 batch=8
`);
    const eligibility = smallNetEligibility(graph, 8);
    assert.equal(eligibility.eligible, false);
    const setup = createTraining(graph, dataset('xor', 'binary'));
    try {
      assert.equal(setup.trainer.path, 'tfjs');
      assert.match(setup.trainer.pathReason, /drop/);
    } finally {
      setup.dispose();
    }
  });
});

describe('optimizer state export and import', () => {
  before(useCpu);

  for (const line of ['sgd lr=0.1 momentum=0.9 nesterov=true', 'rmsprop lr=0.01 momentum=0.5', 'adagrad lr=0.1', 'adadelta lr=1', 'adam lr=0.01', 'adamax lr=0.01', 'nadam lr=0.01']) {
    it(`${line}: array → tensor → array round trip keeps every slot and the iteration count`, async () => {
      const [name, ...args] = line.split(' ');
      const attrs = Object.fromEntries(args.map((a) => a.split('=')).map(([k, v]) => [k, v === 'true' ? true : Number(v)]));
      const config = { name, attrs, line: 0 } as unknown as Parameters<typeof createArrayOptimizer>[0];
      const array = createArrayOptimizer(config);
      const w = { 'd/kernel': Float32Array.from([0.5, -0.25, 1, 2]), 'd/bias': Float32Array.from([0.1, -0.1]) };
      array.apply(w, { 'd/kernel': Float32Array.from([0.3, -0.2, 0.1, 0.05]), 'd/bias': Float32Array.from([1, -1]) });
      array.apply(w, { 'd/kernel': Float32Array.from([-0.1, 0.4, 0.2, -0.3]), 'd/bias': Float32Array.from([0.5, 0.25]) });
      const state = array.exportState();
      const tensor = createOptimizer(config);
      try {
        const before = tf.memory().numTensors;
        tensor.importState(state, (key) => (key === 'd/kernel' ? [2, 2] : [2]));
        assert.equal(tf.memory().numTensors - before, Object.keys(state.slots).length * Object.keys(state.slots['d/kernel'] ?? {}).length);
        assert.equal(tensor.iterations, 2);
        assert.deepEqual(tensor.slots()['d/kernel'] && Object.keys(tensor.slots()['d/kernel']).length ? tensor.slots()['d/kernel'][Object.keys(tensor.slots()['d/kernel'])[0]].shape : [2, 2], [2, 2]);
        // One more update on each form from the same state gives the same parameters.
        const grads = { 'd/kernel': Float32Array.from([0.2, 0.2, -0.4, 0.1]), 'd/bias': Float32Array.from([-0.5, 0.3]) };
        const variables = { 'd/kernel': tf.variable(tf.tensor(w['d/kernel'], [2, 2])), 'd/bias': tf.variable(tf.tensor(w['d/bias'], [2])) };
        const gradTensors = { 'd/kernel': tf.tensor(grads['d/kernel'], [2, 2]), 'd/bias': tf.tensor(grads['d/bias'], [2]) };
        tensor.apply(variables, gradTensors);
        array.apply(w, grads);
        closeArrays(await variables['d/kernel'].data(), w['d/kernel'], 'kernel');
        closeArrays(await variables['d/bias'].data(), w['d/bias'], 'bias');
        const back = await tensor.exportState();
        const arrayState = array.exportState();
        assert.equal(back.iterations, 3);
        for (const key of Object.keys(arrayState.slots)) for (const slot of Object.keys(arrayState.slots[key])) closeArrays(back.slots[key][slot], arrayState.slots[key][slot], `${key} ${slot}`);
        const again = createArrayOptimizer(config);
        again.importState(back);
        assert.equal(again.iterations, 3);
        assert.deepEqual(Object.keys(again.slots()), Object.keys(back.slots));
        tf.dispose([variables['d/kernel'], variables['d/bias'], gradTensors['d/kernel'], gradTensors['d/bias']]);
      } finally {
        tensor.dispose();
      }
    });
  }

  it('import replaces the state: keys it lacks are dropped', () => {
    const array = createArrayOptimizer({ name: 'adam', attrs: {}, line: 0 } as unknown as Parameters<typeof createArrayOptimizer>[0]);
    array.apply({ a: new Float32Array(2) }, { a: Float32Array.from([1, 2]) });
    array.importState({ iterations: 0, slots: {} });
    assert.deepEqual(array.slots(), {});
    assert.equal(array.iterations, 0);
    assert.throws(() => array.importState({ iterations: 1, slots: { a: { m: new Float32Array(2) } } }), /no v/);
  });
});
