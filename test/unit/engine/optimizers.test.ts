// Every optimizer against its published rule on a two-step example worked out by hand (the
// arithmetic is in the comments), plus decay, clipping, reset, leaks, and the plain-array form
// held equal to the tensor form.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../../src/core/data/random';
import { createArrayOptimizer } from '../../../src/core/engine/arrayOptimizers';
import { Optimizer, createOptimizer } from '../../../src/core/engine/optimizers';
import { SectionConfig } from '../../../src/core/model/graph';
import { noLeaks, useCpu } from '../../helpers/tf';

function config(name: string, attrs: Record<string, number | boolean> = {}): SectionConfig {
  return { name, line: 0, attrs };
}

/** Runs `steps` updates of w from w0 with the given gradients; returns w after each and the optimizer. */
function run(optimizer: Optimizer, w0: number[], grads: number[][]): number[][] {
  const w = tf.tidy(() => tf.variable(tf.tensor1d(w0)));
  const seen: number[][] = [];
  for (const g of grads) {
    const grad = tf.tensor1d(g);
    optimizer.apply({ w }, { w: grad });
    grad.dispose();
    seen.push(Array.from(w.dataSync()));
  }
  w.dispose();
  return seen;
}

function assertClose(actual: ArrayLike<number>, expected: readonly number[], tolerance = 1e-6, what = ''): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const ok = Math.abs(actual[i] - expected[i]) <= tolerance * Math.max(1, Math.abs(expected[i]));
    assert.ok(ok, `${what}[${i}]: got ${actual[i]}, expected ${expected[i]}`);
  }
}

// One example for all: w0 = (1, −2), g₁ = (0.5, −1), g₂ = (0.2, 0.4).
const W0 = [1, -2];
const GRADS = [
  [0.5, -1],
  [0.2, 0.4],
];

/**
 * |a − b| ≤ tolerance·max(|a|, |b|), or relative to the tensor’s largest entry when `wholeTensor`:
 * an entry that cancels towards zero (m ← β·m + (1 − β)·g, or W − m) keeps the float32 rounding
 * of its larger terms (rounded once from float64, or after each tfjs op), which can exceed 1e-6
 * of the small result, though never 1e-6 of the tensor.
 */
function assertRelative(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string, wholeTensor = false): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const largest = Math.max(...Array.from(expected, Math.abs));
  for (let i = 0; i < expected.length; i++) {
    const scale = wholeTensor ? largest : Math.max(Math.abs(actual[i]), Math.abs(expected[i]));
    const ok = Math.abs(actual[i] - expected[i]) <= tolerance * scale;
    assert.ok(ok, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

interface Case {
  readonly title: string;
  readonly config: SectionConfig;
  /** w after step 1 and after step 2, by hand. */
  readonly expected: [number[], number[]];
}

const CASES: Case[] = [
  // w₁ = 1 − 0.1·0.5 = 0.95;  w₂ = 0.95 − 0.1·0.2 = 0.93.
  { title: 'sgd: W ← W − α·g', config: config('sgd', { lr: 0.1 }), expected: [[0.95, -1.9], [0.93, -1.94]] },
  // v₁ = −0.1·0.5 = −0.05, w₁ = 0.95;  v₂ = 0.9·(−0.05) − 0.1·0.2 = −0.065, w₂ = 0.885.
  { title: 'sgd with momentum: v ← β·v − α·g; W ← W + v', config: config('sgd', { lr: 0.1, momentum: 0.9 }), expected: [[0.95, -1.9], [0.885, -1.85]] },
  // v₁ = −0.05, w₁ = 1 + 0.9·(−0.05) − 0.05 = 0.905;  v₂ = −0.065, w₂ = 0.905 − 0.0585 − 0.02 = 0.8265.
  {
    title: 'sgd with Nesterov momentum: W ← W + β·v − α·g',
    config: config('sgd', { lr: 0.1, momentum: 0.9, nesterov: true }),
    expected: [[0.905, -1.81], [0.8265, -1.805]],
  },
  // s₁ = 0.1·0.25 = 0.025, w₁ = 1 − 0.01·0.5/√0.025 = 1 − 0.0316228 = 0.9683772;
  // s₂ = 0.9·0.025 + 0.1·0.04 = 0.0265, w₂ = 0.9683772 − 0.01·0.2/√0.0265 = 0.9683772 − 0.0122859 = 0.9560913.
  // Second entry: s₁ = 0.1, w₁ = −2 + 0.0316228 = −1.9683772; s₂ = 0.106, w₂ = −1.9683772 − 0.004/0.3255764 = −1.9806631.
  { title: 'rmsprop: s ← ρ·s + (1−ρ)·g²; W ← W − α·g/(√s + ε)', config: config('rmsprop', { lr: 0.01 }), expected: [[0.9683772, -1.9683772], [0.9560913, -1.9806631]] },
  // m₁ = 0.0316228 (the rmsprop step), w₁ = 0.9683772; m₂ = 0.5·0.0316228 + 0.0122859 = 0.0280973, w₂ = 0.9402800.
  // Second entry: m₁ = −0.0316228; m₂ = −0.0158114 + 0.0122859 = −0.0035255, w₂ = −1.9648517.
  { title: 'rmsprop with momentum: m ← μ·m + α·g/(√s + ε); W ← W − m', config: config('rmsprop', { lr: 0.01, momentum: 0.5 }), expected: [[0.9683772, -1.9683772], [0.94028, -1.9648518]] },
  // s₁ = 0.1 + 0.25 = 0.35, w₁ = 1 − 0.1·0.5/√0.35 = 0.9154846; s₂ = 0.39, w₂ = 0.9154846 − 0.02/√0.39 = 0.8834590.
  // Second entry: s₁ = 1.1, w₁ = −2 + 0.1/√1.1 = −1.9046537; s₂ = 1.26, w₂ = −1.9046537 − 0.04/√1.26 = −1.9402886.
  { title: 'adagrad: s ← s + g² (from initial_accumulator); W ← W − α·g/(√s + ε)', config: config('adagrad', { lr: 0.1 }), expected: [[0.9154846, -1.9046537], [0.883459, -1.9402886]] },
  // s₁ = 0.05·0.25 = 0.0125, Δ₁ = −(√1e−7/√0.0125001)·0.5 = −0.0014142, u₁ = 0.05·Δ₁² = 1.0e−7, w₁ = 0.9985858;
  // s₂ = 0.95·0.0125 + 0.05·0.04 = 0.013875, Δ₂ = −(√2.0e−7/√0.013875)·0.2 = −0.00075932, w₂ = 0.9978265.
  { title: 'adadelta: Δ = −(√(u + ε)/√(s + ε))·g; W ← W + α·Δ', config: config('adadelta'), expected: [[0.9985858, -1.9985858], [0.9978265, -1.9993451]] },
  // m₁ = 0.05, v₁ = 0.00025, m̂ = 0.5, v̂ = 0.25, w₁ = 1 − 0.1·0.5/0.5 = 0.9;
  // m₂ = 0.065, v₂ = 0.00028975, m̂ = 0.065/0.19 = 0.3421053, v̂ = 0.00028975/0.001999 = 0.1449475,
  // w₂ = 0.9 − 0.1·0.3421053/0.3807197 = 0.8101425.
  { title: 'adam: bias-corrected m̂, v̂; W ← W − α·m̂/(√v̂ + ε)', config: config('adam', { lr: 0.1 }), expected: [[0.9, -1.9], [0.8101425, -1.8654394]] },
  // m₁ = 0.05, u₁ = 0.5, w₁ = 1 − (0.1/0.1)·0.05/0.5 = 0.9; m₂ = 0.065, u₂ = max(0.4995, 0.2) = 0.4995,
  // w₂ = 0.9 − (0.1/0.19)·0.065/0.4995 = 0.9 − 0.0684895 = 0.8315105.
  { title: 'adamax: u ← max(β₂·u, |g|); W ← W − (α/(1 − β₁ᵗ))·m/(u + ε)', config: config('adamax', { lr: 0.1 }), expected: [[0.9, -1.9], [0.8315105, -1.8736579]] },
  // w₁ = 1 − 0.1·(0.9·0.5 + 0.1·0.5/0.1)/0.5 = 1 − 0.19 = 0.81;
  // numerator₂ = 0.9·0.3421053 + 0.1·0.2/0.19 = 0.4131579, w₂ = 0.81 − 0.1·0.4131579/0.3807197 = 0.7014798.
  { title: 'nadam: W ← W − α·(β₁·m̂ + (1 − β₁)·g/(1 − β₁ᵗ))/(√v̂ + ε)', config: config('nadam', { lr: 0.1 }), expected: [[0.81, -1.81], [0.7014798, -1.806544]] },
];

describe('optimizers', () => {
  before(useCpu);

  for (const c of CASES) {
    it(`${c.title} (tensors, two steps by hand)`, async () => {
      await noLeaks(() => {
        const optimizer = createOptimizer(c.config);
        const [w1, w2] = run(optimizer, W0, GRADS);
        assertClose(w1, c.expected[0], 2e-6, 'step 1');
        assertClose(w2, c.expected[1], 2e-6, 'step 2');
        assert.equal(optimizer.iterations, 2);
        optimizer.dispose();
      });
    });

    it(`${c.title} (arrays, two steps by hand)`, () => {
      const optimizer = createArrayOptimizer(c.config);
      const w = Float32Array.from(W0);
      const seen = GRADS.map((g) => {
        optimizer.apply({ w }, { w: Float32Array.from(g) });
        return Array.from(w);
      });
      assertClose(seen[0], c.expected[0], 2e-6, 'step 1');
      assertClose(seen[1], c.expected[1], 2e-6, 'step 2');
    });
  }

  it('exposes the update rule and the state by the names the views read', () => {
    const adam = createOptimizer(config('adam'));
    assert.match(adam.formula, /m̂ = m\/\(1 − β₁ᵗ\)/);
    const w = tf.tidy(() => tf.variable(tf.tensor1d([1, 2])));
    const g = tf.tensor1d([0.5, 0.5]);
    adam.apply({ w }, { w: g });
    assert.deepEqual(Object.keys(adam.slots().w).sort(), ['m', 'v']);
    assertClose(adam.slots().w.m.dataSync(), [0.05, 0.05]);
    assertClose(adam.slots().w.v.dataSync(), [0.00025, 0.00025]);
    const slotsOf = (name: string, attrs: Record<string, number> = {}) => {
      const o = createOptimizer(config(name, attrs));
      o.apply({ w }, { w: g });
      const names = Object.keys(o.slots().w).sort();
      o.dispose();
      return names;
    };
    assert.deepEqual(slotsOf('sgd'), []);
    assert.deepEqual(slotsOf('sgd', { momentum: 0.9 }), ['velocity']);
    assert.deepEqual(slotsOf('rmsprop', { momentum: 0.9 }), ['accumulator', 'velocity']);
    assert.deepEqual(slotsOf('adagrad'), ['accumulator']);
    assert.deepEqual(slotsOf('adadelta'), ['accumulator', 'delta_accumulator']);
    assert.deepEqual(slotsOf('adamax'), ['m', 'u']);
    adam.dispose();
    tf.dispose([w, g]);
  });

  it('uses the language defaults when the line gives none, and SGD α = 0.01 with no line', () => {
    const none = createOptimizer(undefined);
    assert.equal(none.name, 'sgd');
    assert.equal(none.learningRate(), 0.01);
    assert.equal(createOptimizer(config('adam')).learningRate(), 0.001);
    assert.equal(createOptimizer(config('adadelta')).learningRate(), 1);
    assert.equal(createOptimizer(config('nadam')).learningRate(), 0.002);
  });

  it('decays the learning rate as α_t = α/(1 + decay·t)', async () => {
    await noLeaks(() => {
      const optimizer = createOptimizer(config('sgd', { lr: 0.1, decay: 0.5 }));
      assert.equal(optimizer.learningRate(), 0.1);
      // w₁ = 1 − 0.1·1 = 0.9; α₁ = 0.1/1.5 = 0.0666667, w₂ = 0.8333333; α₂ = 0.1/2 = 0.05.
      const [w1, w2] = run(optimizer, [1], [[1], [1]]);
      assertClose(w1, [0.9]);
      assertClose(w2, [0.8333333]);
      assert.ok(Math.abs(optimizer.learningRate() - 0.05) < 1e-12);
      optimizer.dispose();
    });
  });

  it('clips each entry to [−clip_value, clip_value]', async () => {
    await noLeaks(() => {
      const [w] = run(createOptimizer(config('sgd', { lr: 1, clip_value: 0.5 })), [0, 0, 0], [[2, -0.3, -4]]);
      assertClose(w, [-0.5, 0.3, 0.5]);
    });
  });

  it('rescales a gradient whose norm exceeds clip_norm, and leaves smaller ones and zeros alone', async () => {
    await noLeaks(() => {
      const optimizer = createOptimizer(config('sgd', { lr: 1, clip_norm: 1 }));
      // ‖(3, 4)‖ = 5 → (0.6, 0.8); ‖(0.3, 0.4)‖ = 0.5 ≤ 1 → unchanged; zero stays zero (no 0/0).
      const [w1, w2, w3] = run(optimizer, [0, 0], [[3, 4], [0.3, 0.4], [0, 0]]);
      assertClose(w1, [-0.6, -0.8]);
      assertClose(w2, [-0.9, -1.2]);
      assertClose(w3, [-0.9, -1.2]);
    });
  });

  it('clips by value first, then by norm', async () => {
    await noLeaks(() => {
      // (6, 8) → (3.5, 3.5), norm 4.9497475 → (0.7071068, 0.7071068).
      const [w] = run(createOptimizer(config('sgd', { lr: 1, clip_value: 3.5, clip_norm: 1 })), [0, 0], [[6, 8]]);
      assertClose(w, [-0.7071068, -0.7071068]);
    });
  });

  it('reset forgets the state: the next steps repeat a fresh optimizer', async () => {
    await noLeaks(() => {
      const optimizer = createOptimizer(config('adam', { lr: 0.1, decay: 0.1 }));
      const first = run(optimizer, W0, GRADS);
      optimizer.reset();
      assert.equal(optimizer.iterations, 0);
      assert.deepEqual(optimizer.slots(), {});
      assert.equal(optimizer.learningRate(), 0.1);
      assert.deepEqual(run(optimizer, W0, GRADS), first);
      optimizer.dispose();
    });
  });

  for (const name of ['sgd', 'rmsprop', 'adagrad', 'adadelta', 'adam', 'adamax', 'nadam']) {
    it(`${name} leaves no tensor behind over 100 updates`, () => {
      const start = tf.memory().numTensors;
      const optimizer = createOptimizer(config(name, { momentum: name === 'sgd' || name === 'rmsprop' ? 0.9 : 0, clip_norm: 1, clip_value: 2, decay: 0.01 }));
      const w = tf.tidy(() => tf.variable(tf.randomNormal([4, 3], 0, 1, 'float32', 1)));
      const g = tf.randomNormal([4, 3], 0, 1, 'float32', 2);
      optimizer.apply({ w }, { w: g });
      const afterFirst = tf.memory().numTensors;
      for (let i = 0; i < 100; i++) optimizer.apply({ w }, { w: g });
      assert.equal(tf.memory().numTensors, afterFirst);
      optimizer.dispose();
      tf.dispose([w, g]);
      assert.equal(tf.memory().numTensors, start);
    });
  }

  it('rejects a gradient for a parameter it was not given', () => {
    const w = tf.tidy(() => tf.variable(tf.zeros([2])));
    const g = tf.ones([2]);
    assert.throws(() => createOptimizer(config('sgd')).apply({ w }, { other: g }), /other/);
    tf.dispose([w, g]);
  });
});

describe('array optimizers agree with the tensor form', () => {
  before(useCpu);

  const variants: [string, Record<string, number | boolean>][] = [
    ['sgd', {}],
    ['sgd', { momentum: 0.9 }],
    ['sgd', { momentum: 0.9, nesterov: true }],
    ['rmsprop', {}],
    ['rmsprop', { momentum: 0.5 }],
    ['adagrad', {}],
    ['adadelta', {}],
    ['adam', {}],
    ['adamax', {}],
    ['nadam', {}],
  ];
  for (const [name, extra] of variants) {
    it(`${name} ${JSON.stringify(extra)}: 5 steps with clipping and decay, to 1e-6 relative`, () => {
      const attrs = { lr: 0.05, decay: 0.3, clip_value: 1.5, clip_norm: 2, ...extra };
      const random = Random.stream(7, `agree/${name}`);
      const shapes: Record<string, number[]> = { kernel: [3, 4], bias: [4] };
      const arrays: Record<string, Float32Array> = {};
      const variables: Record<string, tf.Variable> = {};
      for (const [key, shape] of Object.entries(shapes)) {
        arrays[key] = random.fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1)));
        variables[key] = tf.tidy(() => tf.variable(tf.tensor(arrays[key], shape)));
      }
      const tensorForm = createOptimizer(config(name, attrs));
      const arrayForm = createArrayOptimizer(config(name, attrs));
      for (let step = 0; step < 5; step++) {
        assert.equal(arrayForm.learningRate(), tensorForm.learningRate());
        const gradArrays: Record<string, Float32Array> = {};
        const grads: Record<string, tf.Tensor> = {};
        for (const [key, shape] of Object.entries(shapes)) {
          gradArrays[key] = random.fillNormal(new Float32Array(arrays[key].length), 0, 1.5);
          grads[key] = tf.tensor(gradArrays[key], shape);
        }
        tensorForm.apply(variables, grads);
        arrayForm.apply(arrays, gradArrays);
        tf.dispose(Object.values(grads));
        for (const key of Object.keys(shapes)) {
          assertRelative(arrays[key], variables[key].dataSync(), 1e-6, `${key} after step ${step + 1}`, true);
          for (const [slot, value] of Object.entries(tensorForm.slots()[key])) {
            assertRelative(arrayForm.slots()[key][slot], value.dataSync(), 1e-6, `${key}.${slot} after step ${step + 1}`, true);
          }
        }
      }
      assert.equal(arrayForm.iterations, 5);
      tensorForm.dispose();
      tf.dispose(Object.values(variables));
    });
  }
});
