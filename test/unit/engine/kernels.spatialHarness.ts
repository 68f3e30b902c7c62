// Test harness for layer kernels: builds a kernel's context, parameters and inputs from a
// model's source, checks shapes against the graph, and checks gradients by central finite
// differences of f = Σ output·R (plus each port's Σ port·R), R fixed and random.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { GraphLayer, ModelGraph } from '../../../src/core/model/graph';
import { InnerOp, KernelContext, KernelOutput, LayerKernel, Mode } from '../../../src/core/engine/kernel';
import { graphOf } from '../../helpers/graph';
// tfjs-core alone registers no gradient functions; the full bundle does (tests may load it).
import '@tensorflow/tfjs';

export interface Case {
  readonly graph: ModelGraph;
  readonly layer: GraphLayer;
  readonly params: Record<string, tf.Tensor>;
  readonly inputs: tf.Tensor[];
}

/** Seeded values in [−1, 1], so the same case gives the same numbers. */
function seeded(shape: number[], seed: number): tf.Tensor {
  return tf.randomUniform(shape, -1, 1, 'float32', seed);
}

/** The layer `name` of `source`, with random parameters and a random batch of its inputs. */
export function caseOf(source: string, name: string, batch = 2, seed = 7): Case {
  const graph = graphOf(source);
  const layer = graph.layers.find((l) => l.name === name);
  if (!layer) throw new Error(`no layer ${name}`);
  const params: Record<string, tf.Tensor> = {};
  layer.params.forEach((p, i) => (params[p.name] = seeded([...p.shape], seed * 100 + i)));
  const inputs = layer.inputs.map((input, i) => {
    const source = graph.layers.find((l) => l.name === input.layer)!;
    const shape = input.port ? source.ports[input.port] : source.outputShape;
    return seeded([batch, ...(shape as number[])], seed * 1000 + i);
  });
  return { graph, layer, params, inputs };
}

export function contextOf(layer: GraphLayer, mode: Mode = 'eval', inner?: InnerOp[], seed = 1): KernelContext {
  return inner ? { layer, mode, seed, inner } : { layer, mode, seed };
}

export function disposeCase(c: Case): void {
  tf.dispose(Object.values(c.params));
  tf.dispose(c.inputs);
}

export function disposeOutput(out: KernelOutput, inner: InnerOp[] = []): void {
  tf.dispose([out.output, ...Object.values(out.ports ?? {}), ...inner.map((op) => op.tensor)]);
}

export function kernelFor(kernels: readonly LayerKernel[], kind: string): LayerKernel {
  const kernel = kernels.find((k) => k.kind === kind);
  if (!kernel) throw new Error(`no kernel for ${kind}`);
  return kernel;
}

/** The output and every port have the graph's shapes with the batch in front. */
export function assertShapes(kernel: LayerKernel, c: Case, batch = 2): void {
  const out = kernel.forward(contextOf(c.layer), c.params, c.inputs);
  try {
    assert.deepEqual(out.output.shape, [batch, ...c.layer.outputShape], `${c.layer.kind} output`);
    assert.deepEqual(Object.keys(out.ports ?? {}).sort(), Object.keys(c.layer.ports).sort(), `${c.layer.kind} ports`);
    for (const [port, shape] of Object.entries(c.layer.ports)) assert.deepEqual(out.ports![port].shape, [batch, ...shape], `${c.layer.kind} port ${port}`);
  } finally {
    disposeOutput(out);
  }
}

/** Checks dF/d(every parameter and float input) against central differences. */
export function assertGradients(kernel: LayerKernel, c: Case, options: { eps?: number; tolerance?: number; samples?: number; mode?: Mode } = {}): void {
  const eps = options.eps ?? 5e-3;
  const tolerance = options.tolerance ?? 1e-2;
  const samples = options.samples ?? 12;
  const mode = options.mode ?? 'eval';
  const ctx = contextOf(c.layer, mode);
  const names = Object.keys(c.params);
  const floatInputs = c.inputs.map((t, i) => (t.dtype === 'float32' ? i : -1)).filter((i) => i >= 0);
  const probe = kernel.forward(ctx, c.params, c.inputs);
  const weights = [probe.output, ...Object.values(probe.ports ?? {})].map((t, i) => seeded(t.shape, 991 + i));
  disposeOutput(probe);

  const objective = (params: Record<string, tf.Tensor>, inputs: tf.Tensor[]): tf.Scalar =>
    tf.tidy(() => {
      const out = kernel.forward(ctx, params, inputs);
      const parts = [out.output, ...Object.values(out.ports ?? {})].map((t, i) => tf.sum(tf.mul(t, weights[i])));
      return tf.addN(parts) as tf.Scalar;
    });
  const value = (params: Record<string, tf.Tensor>, inputs: tf.Tensor[]): number => {
    const f = objective(params, inputs);
    const v = f.dataSync()[0];
    f.dispose();
    return v;
  };

  const xs = [...names.map((n) => c.params[n]), ...floatInputs.map((i) => c.inputs[i])];
  const gradients = tf.grads((...args: tf.Tensor[]) => {
    const params = Object.fromEntries(names.map((n, i) => [n, args[i]]));
    const inputs = c.inputs.map((t, i) => (floatInputs.includes(i) ? args[names.length + floatInputs.indexOf(i)] : t));
    return objective(params, inputs);
  })(xs);

  xs.forEach((x, k) => {
    const label = k < names.length ? `param ${names[k]}` : `input ${floatInputs[k - names.length]}`;
    const analytic = gradients[k].dataSync();
    const base = x.dataSync();
    const step = Math.max(1, Math.floor(base.length / samples));
    for (let j = 0; j < base.length; j += step) {
      const at = (delta: number) => {
        const copy = Float32Array.from(base);
        copy[j] += delta;
        const moved = tf.tensor(copy, x.shape);
        const params = k < names.length ? { ...c.params, [names[k]]: moved } : c.params;
        const inputs = k < names.length ? c.inputs : c.inputs.map((t, i) => (i === floatInputs[k - names.length] ? moved : t));
        const v = value(params, inputs);
        moved.dispose();
        return v;
      };
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      const error = Math.abs(numeric - analytic[j]);
      assert.ok(error <= tolerance * (1 + Math.abs(numeric)), `${c.layer.kind} ${label}[${j}]: analytic ${analytic[j]}, numeric ${numeric}`);
    }
  });
  tf.dispose([...gradients, ...weights]);
}
