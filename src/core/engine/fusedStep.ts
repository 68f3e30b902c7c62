// One training step with no stops, for speed: forward, loss, every gradient in one fused
// `tf.variableGrads` pass, batch norm's running averages, then the optimizer's update. It is
// also the reference the stepper's gradients are tested against.

import * as tf from '@tensorflow/tfjs-core';
import { Batch, Objective } from './objective';
import { Network, ParamKey } from './network';
import { Optimizer } from './optimizers';

export interface FusedGradients {
  readonly loss: tf.Scalar;
  readonly prediction: tf.Tensor;
  readonly grads: Map<ParamKey, tf.Tensor>;
  readonly stateUpdates: Map<ParamKey, tf.Tensor>;
}

/** Loss, prediction and the gradient of every trainable parameter the output depends on. */
export function fusedGradients(network: Network, objective: Objective, batch: Batch, stepSeed: number): FusedGradients {
  const ancestors = network.ancestorsOfOutput();
  const entries = network.trainable().filter((e) => ancestors.has(e.layer.name));
  let prediction: tf.Tensor | undefined;
  let stateUpdates = new Map<ParamKey, tf.Tensor>();
  let value: tf.Scalar;
  let grads: tf.NamedTensorMap;
  try {
    ({ value, grads } = tf.variableGrads(() => {
      const result = network.forward(batch.inputs, { mode: 'train', stepSeed });
      prediction = tf.keep(result.outputs.get(network.graph.output)!);
      stateUpdates = new Map([...result.stateUpdates].map(([k, t]) => [k, tf.keep(t)]));
      return objective.total(prediction, batch, (key) => network.param(key)!.variable);
    }, entries.map((e) => e.variable)));
  } catch (error) {
    // A kernel that throws mid-pass must not leave the kept tensors behind.
    prediction?.dispose();
    stateUpdates.forEach((t) => t.dispose());
    throw error;
  }
  const byKey = new Map<ParamKey, tf.Tensor>();
  for (const entry of entries) byKey.set(entry.key, grads[entry.variable.name]);
  return { loss: value, prediction: prediction!, grads: byKey, stateUpdates };
}

/** A whole training step; returns the loss (a scalar the caller reads and disposes). */
export function fusedStep(network: Network, objective: Objective, optimizer: Optimizer, batch: Batch, stepSeed: number): tf.Scalar {
  const { loss, prediction, grads, stateUpdates } = fusedGradients(network, objective, batch, stepSeed);
  try {
    optimizer.apply(variablesOf(network, grads), Object.fromEntries(grads));
    network.applyStateUpdates(stateUpdates);
  } finally {
    prediction.dispose();
    grads.forEach((g) => g.dispose());
    stateUpdates.forEach((t) => t.dispose());
  }
  return loss;
}

export function variablesOf(network: Network, keys: ReadonlyMap<ParamKey, unknown>): Record<ParamKey, tf.Variable> {
  return Object.fromEntries([...keys.keys()].map((key) => [key, network.param(key)!.variable]));
}
