// The quantity a training step minimises: the loss line's loss between the model's output and
// the targets, plus the L1/L2 penalties of the layers and of the loss line.

import * as tf from '@tensorflow/tfjs-core';
import { ModelGraph } from '../model/graph';
import { createLoss, penalty, accuracy, Loss } from './losses';
import { Network, ParamKey } from './network';

/** One batch on the device: a tensor per fed input, the targets and an optional mask. */
export interface Batch {
  readonly inputs: readonly tf.Tensor[];
  readonly targets: tf.Tensor;
  readonly mask?: tf.Tensor;
  readonly size: number;
}

export class Objective {
  readonly loss: Loss;
  /** Accuracy means something for class outputs only, not for regression losses. */
  readonly hasAccuracy: boolean;

  constructor(readonly graph: ModelGraph) {
    const output = graph.layers.find((l) => l.name === graph.output)!;
    this.loss = createLoss(graph.training.loss, output);
    this.hasAccuracy = !['mse', 'mae'].includes(this.loss.name);
  }

  /** Loss plus penalties, given the prediction and the parameter values the penalty sees. */
  total(prediction: tf.Tensor, batch: Batch, params: (key: ParamKey) => tf.Tensor): tf.Scalar {
    return tf.tidy(() => tf.add(this.loss.compute(batch.targets, prediction, batch.mask), this.penalty(batch.size, params)));
  }

  penalty(batchSize: number, params: (key: ParamKey) => tf.Tensor): tf.Scalar {
    const byLayer: Record<string, Record<string, tf.Tensor>> = {};
    for (const layer of this.graph.layers) {
      if (!layer.params.length) continue;
      byLayer[layer.name] = Object.fromEntries(layer.params.map((p) => [p.name, params(`${layer.name}/${p.name}`)]));
    }
    return penalty(this.graph, byLayer, this.graph.training.loss, batchSize);
  }

  accuracy(prediction: tf.Tensor, batch: Batch): tf.Scalar {
    return accuracy(batch.targets, prediction, this.loss.name, batch.mask);
  }
}

/** The variable's value for a key, for penalties outside a gradient scope. */
export function variableValues(network: Network): (key: ParamKey) => tf.Tensor {
  return (key) => network.param(key)!.variable;
}
