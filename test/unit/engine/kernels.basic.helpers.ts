// Shared pieces of the basic-kernel tests: find a layer in a compiled model, build seeded
// parameters and inputs for it, run its kernel, and check gradients by finite differences.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
// The gradients ship apart from tfjs-core's ops; the engine will register them the same way.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { Random } from '../../../src/core/data/random';
import { InnerOp, KernelOutput, Mode, Params } from '../../../src/core/engine/kernel';
import { BASIC_KERNELS } from '../../../src/core/engine/kernels/basic';
import { GraphLayer, ModelGraph } from '../../../src/core/model/graph';
import { graphOf } from '../../helpers/graph';

export function kernelOf(kind: string) {
  const kernel = BASIC_KERNELS.find((k) => k.kind === kind);
  if (!kernel) throw new Error(`no kernel for ${kind}`);
  return kernel;
}

export function layerOf(source: string, name?: string): { graph: ModelGraph; layer: GraphLayer } {
  const graph = graphOf(source);
  const layer = name ? graph.layers.find((l) => l.name === name) : graph.layers[graph.layers.length - 1];
  if (!layer) throw new Error(`no layer ${name}`);
  return { graph, layer };
}

export interface Run {
  layer: GraphLayer;
  params?: Params;
  inputs?: readonly tf.Tensor[];
  mode?: Mode;
  seed?: number;
  inner?: InnerOp[];
}

export function forward(run: Run): KernelOutput {
  return kernelOf(run.layer.kind).forward(
    { layer: run.layer, mode: run.mode ?? 'eval', seed: run.seed ?? 7, inner: run.inner },
    run.params ?? {},
    run.inputs ?? [],
  );
}

/** Runs the layer and returns its output as nested arrays, freeing every tensor it returned. */
export function values(run: Run): unknown {
  const result = forward(run);
  const out = result.output.arraySync();
  disposeOutput(result);
  return out;
}

export function disposeOutput(result: KernelOutput): void {
  result.output.dispose();
  Object.values(result.ports ?? {}).forEach((t) => t.dispose());
  Object.values(result.stateUpdates ?? {}).forEach((t) => t.dispose());
}

/** Values away from 0 (|v| in [0.1, 1]) so kinks (relu, step) are not crossed by ±eps. */
export function awayFromZero(random: Random, n: number): number[] {
  return Array.from({ length: n }, () => (random.bernoulli(0.5) ? 1 : -1) * random.uniform(0.1, 1));
}

/** Seeded parameters with the layer's own shapes; variances are positive. */
export function randomParams(layer: GraphLayer, random: Random): Record<string, tf.Tensor> {
  const params: Record<string, tf.Tensor> = {};
  for (const spec of layer.params) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const data = spec.name.includes('variance') ? Array.from({ length: n }, () => random.uniform(0.5, 1.5)) : awayFromZero(random, n);
    params[spec.name] = tf.tensor(data, [...spec.shape]);
  }
  return params;
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5, what = ''): void {
  assert.equal(actual.length, expected.length, `${what}: lengths differ`);
  for (let i = 0; i < actual.length; i++) {
    const ok = Math.abs(actual[i] - expected[i]) <= tolerance * Math.max(1, Math.abs(expected[i]));
    assert.ok(ok, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

export function assertDeepClose(actual: unknown, expected: unknown, tolerance = 1e-5): void {
  const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
  assert.deepEqual(shapeOfNested(actual), shapeOfNested(expected), 'shapes differ');
  assertClose(flat(actual), flat(expected), tolerance);
}

function shapeOfNested(v: unknown): number[] {
  return Array.isArray(v) ? [v.length, ...shapeOfNested(v[0])] : [];
}

/**
 * d(Σ output·R)/d(each parameter and each float input) by tf.grads, against central finite
 * differences evaluated with float64 sums over the float32 outputs.
 */
export function checkGradients(run: Run, random: Random, eps = 1e-2, tolerance = 2e-2): void {
  // In training, batch norm's running averages do not reach the output: nothing to check there.
  const reaches = (k: string) => run.mode !== 'train' || run.layer.params.find((p) => p.name === k)?.trainable !== false;
  const names = Object.keys(run.params ?? {}).filter((k) => run.params![k].dtype === 'float32' && reaches(k));
  const floatInputs = (run.inputs ?? []).map((t, i) => (t.dtype === 'float32' ? i : -1)).filter((i) => i >= 0);
  const base = [...names.map((k) => run.params![k]), ...floatInputs.map((i) => run.inputs![i])];
  const assemble = (xs: readonly tf.Tensor[]): Run => {
    const params = { ...run.params };
    names.forEach((k, j) => (params[k] = xs[j]));
    const inputs = [...(run.inputs ?? [])];
    floatInputs.forEach((i, j) => (inputs[i] = xs[names.length + j]));
    return { ...run, params, inputs, inner: undefined };
  };
  const probe = forward(assemble(base));
  const r = awayFromZero(random, probe.output.size);
  const rTensor = tf.tensor(r, probe.output.shape);
  disposeOutput(probe);
  const objective = (xs: readonly tf.Tensor[]): number => {
    const result = forward(assemble(xs));
    const out = result.output.dataSync();
    disposeOutput(result);
    let sum = 0;
    for (let i = 0; i < out.length; i++) sum += out[i] * r[i];
    return sum;
  };
  const analytic = tf.grads((...xs: tf.Tensor[]) => tf.tidy(() => {
    const result = forward(assemble(xs));
    Object.values(result.stateUpdates ?? {}).forEach((t) => t.dispose());
    return tf.sum(tf.mul(result.output, rTensor));
  }))(base);
  rTensor.dispose();
  base.forEach((x, j) => {
    const label = j < names.length ? `d/d ${names[j]}` : `d/d input ${floatInputs[j - names.length]}`;
    const values = Float32Array.from(x.dataSync());
    const numeric = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const at = (delta: number) => {
        const copy = Float32Array.from(values);
        copy[i] += delta;
        const t = tf.tensor(copy, x.shape);
        const xs = base.map((b, k) => (k === j ? t : b));
        const f = objective(xs);
        t.dispose();
        return f;
      };
      numeric[i] = (at(eps) - at(-eps)) / (2 * eps);
    }
    const got = analytic[j].dataSync();
    const scale = Math.max(1e-1, ...Array.from(numeric, Math.abs));
    for (let i = 0; i < numeric.length; i++) {
      assert.ok(Math.abs(got[i] - numeric[i]) <= tolerance * scale, `${run.layer.kind} ${label}[${i}]: analytic ${got[i]} vs numeric ${numeric[i]}`);
    }
  });
  analytic.forEach((g) => g.dispose());
}
