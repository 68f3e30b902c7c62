// Everything a host needs to train or step a checked model, built from its graph and its data
// set: the network with seeded parameters, the objective, the optimizer and the trainer. The
// CLI, the webview and the debug adapter all start here, so they train the same way.

import { Dataset } from '../data/dataset';
import { ModelGraph } from '../model/graph';
import { l1Strengths } from './arrayOptimizers';
import { GanTrainer } from './ganTraining';
import { Network, ParamKey } from './network';
import { Objective } from './objective';
import { createOptimizer, Optimizer } from './optimizers';
import { Trainer, TrainSettings } from './training';

export interface TrainingSetup {
  readonly network: Network;
  readonly objective: Objective;
  readonly optimizer: Optimizer;
  readonly trainer: Trainer;
  readonly settings: TrainSettings;
  dispose(): void;
}

/** The train line's settings, with a host's overrides (CLI flags) on top. */
export function trainSettings(graph: ModelGraph, overrides: Partial<TrainSettings> = {}): TrainSettings {
  const attrs = graph.training.train?.attrs ?? {};
  const number = (name: string, fallback: number): number => (typeof attrs[name] === 'number' ? (attrs[name] as number) : fallback);
  return {
    epochs: overrides.epochs ?? number('epochs', 10),
    batchSize: overrides.batchSize ?? number('batch', 32),
    seed: overrides.seed ?? number('seed', 1),
    shuffle: overrides.shuffle ?? (attrs.shuffle === undefined ? true : attrs.shuffle === true),
    engine: overrides.engine ?? 'auto',
    patience: overrides.patience ?? (typeof attrs.patience === 'number' ? attrs.patience : undefined),
    restoreBest: overrides.restoreBest ?? attrs.restore_best === true,
  };
}

/** `initial`: pretrained values by parameter key (a model's `weights` line), else all seeded. */
export function createTraining(graph: ModelGraph, dataset: Dataset, overrides: Partial<TrainSettings> = {}, initial?: ReadonlyMap<ParamKey, Float32Array>): TrainingSetup {
  let settings = trainSettings(graph, overrides);
  // Gradient descent proper: one step per epoch over the whole training set.
  if (graph.training.optimizer?.name === 'gd') settings = { ...settings, batchSize: Math.max(1, dataset.train.targets.shape[0] ?? 1) };
  const network = new Network(graph, settings.seed, initial);
  const objective = new Objective(graph);
  const optimizer = createOptimizer(graph.training.optimizer, l1Strengths(graph));
  const trainer = new Trainer(network, objective, optimizer, dataset, settings);
  return {
    network,
    objective,
    optimizer,
    trainer,
    settings,
    dispose() {
      trainer.dispose();
      optimizer.dispose();
      network.dispose();
    },
  };
}

/** A GAN's trainer, from the graph of its discriminator (the model holding the gan line). */
export function createGanTraining(graph: ModelGraph, dataset: Dataset, overrides: Partial<TrainSettings> = {}): GanTrainer {
  return new GanTrainer(graph, dataset, { ...trainSettings(graph, overrides), engine: 'tfjs' });
}
