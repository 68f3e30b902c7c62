// The course samples as a student runs them: read the real file from samples/, build its data
// set and training with the file's own seed (or a given one), train, or run one forward pass
// of a model made of literal tensors. Everything on tfjs' CPU backend.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { createDataset, Dataset, modelFacts } from '../../../src/core/data';
import { Network } from '../../../src/core/engine/network';
import { createTraining, TrainingSetup, trainSettings } from '../../../src/core/engine/setup';
import { TrainSettings } from '../../../src/core/engine/training';
import { analyze } from '../../../src/core/lang/checker';
import { english, render } from '../../../src/core/lang/localize';
import { EpochRecord } from '../../../src/core/protocol/panel';
import { ModelGraph } from '../../../src/core/model/graph';
import { graphOf } from '../../helpers/graph';

export const SAMPLES = join(__dirname, '..', '..', '..', 'samples');

export function sampleText(name: string): string {
  return readFileSync(join(SAMPLES, name), 'utf8');
}

export function sampleGraph(name: string): ModelGraph {
  return graphOf(sampleText(name));
}

export async function datasetOf(graph: ModelGraph): Promise<Dataset> {
  return createDataset(graph.training.data!, modelFacts(graph), trainSettings(graph).seed);
}

/** Training set up as every host does it (createTraining), on the file's data and seed. */
export async function setupOf(graph: ModelGraph, dataset?: Dataset, overrides: Partial<TrainSettings> = {}): Promise<TrainingSetup> {
  return createTraining(graph, dataset ?? (await datasetOf(graph)), overrides);
}

/** The sample's header: its leading `#` lines. */
export function headerOf(text: string): string[] {
  const lines = text.split('\n');
  return lines.slice(0, lines.findIndex((l) => !l.startsWith('#')));
}

/** `text` with each [from, to] replaced once; fails if a `from` is not there (the sample changed). */
export function edited(text: string, ...edits: readonly [string, string][]): string {
  let out = text;
  for (const [from, to] of edits) {
    if (!out.includes(from)) throw new Error(`the sample no longer contains '${from}'`);
    out = out.replace(from, to);
  }
  return out;
}

/** The training seed of the file's `train seed=`, 1 when it has none. */
function fileSeed(graph: ModelGraph): number {
  const seed = graph.training.train?.attrs.seed;
  return typeof seed === 'number' ? seed : 1;
}

export interface Trained {
  readonly graph: ModelGraph;
  readonly dataset: Dataset;
  readonly history: readonly EpochRecord[];
  readonly last: EpochRecord;
  /** Parameters after training, by 'layer/param'. */
  readonly params: ReadonlyMap<string, Float32Array>;
}

/** Trains the model of `text` to its end with `seed` (data and initial weights alike). */
export async function train(text: string, seed?: number): Promise<Trained> {
  const graph = graphOf(text);
  const chosen = seed ?? fileSeed(graph);
  const dataset = await createDataset(graph.training.data!, modelFacts(graph), chosen);
  let setup: TrainingSetup | undefined;
  try {
    setup = createTraining(graph, dataset, { seed: chosen });
    const end = await setup.trainer.run();
    if (end.reason !== 'done') throw new Error(`training ended early: ${end.reason}`);
    setup.trainer.syncNetwork();
    const params = new Map(setup.network.params().map((p) => [p.key, p.variable.dataSync() as Float32Array]));
    const history = setup.trainer.history;
    return { graph, dataset, history, last: history.at(-1)!, params };
  } finally {
    setup?.dispose();
  }
}

/** One evaluation forward pass of `graph`, fed `feeds` (none for literal models): each layer's shape and values. */
export function forwardValues(graph: ModelGraph, feeds: readonly tf.Tensor[] = [], seed = 1): Map<string, { shape: number[]; values: number[] }> {
  const network = new Network(graph, seed);
  try {
    const out = new Map<string, { shape: number[]; values: number[] }>();
    tf.tidy(() => {
      const result = network.forward(feeds, { mode: 'eval', stepSeed: 0 });
      for (const [name, tensor] of result.outputs) out.set(name, { shape: tensor.shape, values: Array.from(tensor.dataSync()) });
    });
    return out;
  } finally {
    network.dispose();
  }
}

/**
 * The agreed header (as samples/xor.nn): leading `#` lines saying what the sample shows in
 * English, then in Spanish, then `# Try:` and `# Prueba:`; and the file checks without any
 * diagnostic. Returns the problems found, empty when the sample is in order.
 */
export function headerProblems(name: string): string[] {
  const text = sampleText(name);
  const header = headerOf(text);
  const problems: string[] = [];
  const tryAt = header.findIndex((l) => l.startsWith('# Try: '));
  const pruebaAt = header.findIndex((l) => l.startsWith('# Prueba: '));
  if (tryAt < 2) problems.push('no "# Try:" line after a description in English and Spanish');
  if (pruebaAt <= tryAt) problems.push('no "# Prueba:" line after "# Try:"');
  if (!header.slice(0, tryAt).some((l) => /[áéíóúñ¿]|\b(la|las|los|una|con)\b/.test(l))) problems.push('no Spanish description before "# Try:"');
  const diagnostics = analyze(text).diagnostics;
  for (const d of diagnostics) problems.push(`line ${d.range.start.line + 1}: ${d.code} ${render(english, d.message)}`);
  return problems;
}
