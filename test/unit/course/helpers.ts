// Shared by the course tests: read a sample from samples/, compile it, build its data set with
// the model's seed, and set up training as every host does (createTraining).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDataset, modelFacts } from '../../../src/core/data';
import { Dataset } from '../../../src/core/data/dataset';
import { createTraining, TrainingSetup, trainSettings } from '../../../src/core/engine/setup';
import { TrainSettings } from '../../../src/core/engine/training';
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

export async function setupOf(graph: ModelGraph, dataset?: Dataset, overrides: Partial<TrainSettings> = {}): Promise<TrainingSetup> {
  return createTraining(graph, dataset ?? (await datasetOf(graph)), overrides);
}

/** The sample's header: its leading `#` lines. */
export function headerOf(text: string): string[] {
  const lines = text.split('\n');
  const end = lines.findIndex((l) => !l.startsWith('#'));
  return lines.slice(0, end);
}
