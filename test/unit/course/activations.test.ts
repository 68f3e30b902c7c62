// Course topic 5, activations (notes 003): activations.nn sends the same Z through sigmoid,
// tanh, ReLU, leaky ReLU and softmax side by side; the engine's values match the formulas, and
// its Glorot-initialised layer has Var(W) ≈ 2/(n_in + n_out).

import * as assert from 'node:assert/strict';
import { graphsOf } from '../../helpers/graph';
import { useCpu } from '../../helpers/tf';
import { edited, forwardValues, headerProblems, sampleText } from './sampleRun';
import { Network } from '../../../src/core/engine/network';

const Z = [-3, -2, -1, 0, 1, 2, 3];
const FORMULAS: Record<string, (z: number) => number> = {
  sigmoid_z: (z) => 1 / (1 + Math.exp(-z)),
  tanh_z: (z) => (Math.exp(z) - Math.exp(-z)) / (Math.exp(z) + Math.exp(-z)),
  relu_z: (z) => Math.max(0, z),
  leaky_z: (z) => (z >= 0 ? z : 0.1 * z),
};
const softmax = (zs: number[]) => {
  const sum = zs.reduce((s, z) => s + Math.exp(z), 0);
  return zs.map((z) => Math.exp(z) / sum);
};

function weightStats(text: string, seed: number): { variance: number; mean: number; max: number; fanIn: number; fanOut: number } {
  const graph = graphsOf(text).find((g) => g.name === 'glorot')!;
  const network = new Network(graph, seed);
  try {
    const kernel = network.param('wide/kernel')!.variable;
    const [fanIn, fanOut] = kernel.shape;
    const w = kernel.dataSync();
    let sum = 0, squares = 0, max = 0;
    for (const v of w) (sum += v), (squares += v * v), (max = Math.max(max, Math.abs(v)));
    const mean = sum / w.length;
    return { variance: squares / w.length - mean * mean, mean, max, fanIn, fanOut };
  } finally {
    network.dispose();
  }
}

describe('course 5 — activations and Glorot initialisation', () => {
  before(useCpu);

  it('has the EN/ES header with Try and Prueba lines, and checks without a diagnostic', () => {
    for (const name of ['activations.nn']) assert.deepEqual(headerProblems(name), [], name);
  });

  it('sigmoid, tanh, ReLU and leaky ReLU (α = 0.1) of Z = −3 … 3 match their formulas within 1e-6', () => {
    const values = forwardValues(graphsOf(sampleText('activations.nn'))[0]);
    assert.deepEqual(values.get('z')!.values, Z, 'the literal Z');
    for (const [layer, f] of Object.entries(FORMULAS)) {
      const got = values.get(layer)!.values;
      assert.equal(got.length, Z.length, layer);
      Z.forEach((z, i) => assert.ok(Math.abs(got[i] - f(z)) < 1e-6, `${layer}(${z}) = ${got[i]}, formula ${f(z)}`));
    }
  });

  it('softmax turns the seven values into probabilities e^z_j / Σ e^z_k that sum to 1', () => {
    const got = forwardValues(graphsOf(sampleText('activations.nn'))[0]).get('softmax_z')!.values;
    softmax(Z).forEach((p, i) => assert.ok(Math.abs(got[i] - p) < 1e-6, `softmax[${i}] = ${got[i]}, formula ${p}`));
    assert.ok(Math.abs(got.reduce((a, b) => a + b, 0) - 1) < 1e-6);
  });

  it('the table puts the five side by side: one row per z, one column per activation', () => {
    const values = forwardValues(graphsOf(sampleText('activations.nn'))[0]);
    const table = values.get('table')!;
    assert.deepEqual(table.shape, [1, 7, 5]);
    const columns = ['sigmoid_z', 'tanh_z', 'relu_z', 'leaky_z', 'softmax_z'];
    Z.forEach((_, row) => columns.forEach((layer, column) => assert.equal(table.values[row * 5 + column], values.get(layer)!.values[row], `${layer} at z = ${Z[row]}`)));
  });

  it('Glorot uniform gives Var(W) = 2/(n_in + n_out) = 0.002 within 3 % on 400 × 600 weights, for seeds 1–3', () => {
    for (const seed of [1, 2, 3]) {
      const stats = weightStats(sampleText('activations.nn'), seed);
      const expected = 2 / (stats.fanIn + stats.fanOut);
      assert.equal(expected, 0.002);
      assert.ok(Math.abs(stats.variance / expected - 1) < 0.03, `seed ${seed}: Var(W) = ${stats.variance}, expected ${expected}`);
      assert.ok(Math.abs(stats.mean) < 1e-3, `mean ${stats.mean}`);
      assert.ok(stats.max <= Math.sqrt(6 / (stats.fanIn + stats.fanOut)) + 1e-7, 'uniform on ±√(6/(n_in + n_out))');
    }
  });

  it('Glorot normal has the same variance, and a plain N(0, 0.05²) does not', () => {
    const text = sampleText('activations.nn');
    const normal = weightStats(edited(text, ['kernel_initializer=glorot_uniform', 'kernel_initializer=glorot_normal']), 1);
    assert.ok(Math.abs(normal.variance / 0.002 - 1) < 0.03, `glorot_normal Var(W) = ${normal.variance}`);
    const plain = weightStats(edited(text, ['kernel_initializer=glorot_uniform', 'kernel_initializer=random_normal']), 1);
    assert.ok(Math.abs(plain.variance / 0.002 - 1) > 0.2, `random_normal Var(W) = ${plain.variance}`);
  });
});
