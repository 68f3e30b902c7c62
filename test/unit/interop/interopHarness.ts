// Shared by the interop tests: tfjs models saved in memory as a model.json and its weight
// file (tfjs-node is not installed, so a save handler captures the artifacts), the NetLens
// side of an import (summary rows, a forward pass with the loaded weights), and comparisons.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { importModel, ImportResult } from '../../../src/core/interop/importModel';
import { InteropError } from '../../../src/core/interop/importError';
import { loadWeights } from '../../../src/core/interop/loadWeights';
import { Network } from '../../../src/core/engine/network';
import { analyze } from '../../../src/core/lang/checker';
import { summarize } from '../../../src/core/lang/service/summary';
import { compile, ModelGraph } from '../../../src/core/model/graph';

export interface SavedModel {
  /** The text of model.json. */
  readonly json: string;
  readonly files: Map<string, ArrayBuffer>;
}

export async function saveTfjs(model: tf.LayersModel): Promise<SavedModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const data = artifacts!.weightData!;
  const buffer = Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
  const json = JSON.stringify({ format: 'layers-model', modelTopology: artifacts!.modelTopology, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: artifacts!.weightSpecs }] });
  return { json, files: new Map([['group1-shard1of1.bin', buffer]]) };
}

export function importSaved(saved: SavedModel): ImportResult {
  return importModel(saved.json, { fileName: 'model.json', weightFiles: saved.files });
}

export function graphOf(text: string): ModelGraph {
  const analysis = analyze(text, 'imported');
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => d.message), []);
  return compile(analysis).graphs[0];
}

export interface Row {
  readonly name: string;
  readonly params: number;
  readonly outputShape: (number | null)[];
}

/** NetLens' summary rows of a .nn text, without input layers (Keras lists InputLayer with 0). */
export function netlensRows(text: string): Row[] {
  const [model] = summarize(analyze(text, 'imported'));
  return model.layers.filter((l) => l.kind !== 'input').map((l) => ({ name: l.name, params: l.params, outputShape: l.outputShape as (number | null)[] }));
}

/** What tfjs' model.summary() prints per layer: name, countParams and outputShape. */
export function tfjsRows(model: tf.LayersModel): Row[] {
  return model.layers
    .filter((l) => l.getClassName() !== 'InputLayer')
    .map((l) => {
      // A layer with several outputs (an LSTM's states) lists one shape each; the first is its output.
      const shape = Array.isArray(l.outputShape[0]) ? l.outputShape[0] : l.outputShape;
      return { name: l.name, params: l.countParams(), outputShape: shape as (number | null)[] };
    });
}

/** NetLens' forward pass of the imported text, with the weights its `weights` line names. */
export async function netlensPredict(text: string, saved: SavedModel, inputs: tf.Tensor[]): Promise<Float32Array> {
  const graph = graphOf(text);
  const values = await loadWeights(graph, {
    text: async (path) => {
      assert.equal(path, 'model.json');
      return saved.json;
    },
    binary: async (path) => {
      const data = saved.files.get(path);
      if (!data) throw new Error(`no file ${path}`);
      return data;
    },
  });
  assert.ok(values, 'the imported model has a weights line');
  const network = new Network(graph, 1, values);
  try {
    const feeds = inputs.map((x, i) => (network.fedInputs[i].dtype === 'int32' ? tf.cast(x, 'int32') : x));
    const out = tf.tidy(() => network.forward(feeds, { mode: 'eval', stepSeed: 0 }).outputs.get(graph.output)!);
    const data = (await out.data()) as Float32Array;
    out.dispose();
    feeds.forEach((f, i) => f !== inputs[i] && f.dispose());
    return data;
  } finally {
    network.dispose();
  }
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-4): void {
  assert.equal(actual.length, expected.length, 'lengths differ');
  for (let i = 0; i < actual.length; i++) {
    const scale = Math.max(1, Math.abs(expected[i]));
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance * scale, `entry ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

/** The English text of the InteropError that `body` throws. */
export function importErrorOf(body: () => unknown): string {
  try {
    body();
  } catch (error) {
    assert.ok(error instanceof InteropError, `expected an InteropError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('expected the import to fail');
}

/** Inputs of the model's input shapes, seeded; integer ids in [0, vocab) where asked. */
export function seededInputs(model: tf.LayersModel, batch = 2, vocab?: number): tf.Tensor[] {
  return model.inputs.map((input, i) => {
    const shape = [batch, ...(input.shape.slice(1) as number[])];
    return tf.tidy(() => (vocab ? tf.floor(tf.randomUniform(shape, 0, vocab, 'float32', 7 + i)) : tf.randomUniform(shape, -1, 1, 'float32', 7 + i)));
  });
}

/** Checks an import of a tfjs model: summary rows equal tfjs' own, predictions equal predict. */
export async function assertImportMatches(model: tf.LayersModel, options: { vocab?: number } = {}): Promise<ImportResult> {
  const saved = await saveTfjs(model);
  const result = importSaved(saved);
  assert.deepEqual(netlensRows(result.text), tfjsRows(model));
  assert.equal(result.totalParams, model.countParams());
  const inputs = seededInputs(model, 2, options.vocab);
  const expected = model.predict(inputs.length === 1 ? inputs[0] : inputs) as tf.Tensor;
  assertClose(await netlensPredict(result.text, saved, inputs), (await expected.data()) as Float32Array);
  tf.dispose([...inputs, expected]);
  return result;
}
