// Training a network on a data set: epochs of seeded shuffled batches, fused steps (or the
// small-network path), validation, early stopping, cancellation between steps (so parameters
// are always those of a whole step), and a guard that stops at the first non-finite loss
// and names the layer and the stop where NaN or Inf first appeared.

import * as tf from '@tensorflow/tfjs-core';
import { Dataset, Split, TensorData } from '../data/dataset';
import { Random } from '../data/random';
import { message, Message } from '../lang/localize';
import { EpochRecord } from '../protocol/panel';
import { fusedGradients, variablesOf } from './fusedStep';
import { Batch, Objective } from './objective';
import { Network } from './network';
import { Optimizer } from './optimizers';
import { stepSeed } from './seeds';
import { smallNetEligibility, SmallParams } from './small/denseNet';
import { HostSplit, SmallRun } from './small/smallRun';
import { Phase, StepSession } from './stepper';

/** Phase names as messages, so a report reads in the user's language. */
const PHASE_NAMES: Record<Phase, Message> = { forward: message('forward'), loss: message('loss'), backward: message('backward'), update: message('update') };

export interface TrainSettings {
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly shuffle: boolean;
  /** Early stopping: epochs without a better monitored loss before stopping. */
  readonly patience?: number;
  /** With patience: stopping early puts back the weights of the best epoch (Keras' restore_best_weights). */
  readonly restoreBest?: boolean;
  /**
   * 'auto' (the default) runs small dense chains on the small-network path (plain arrays, no
   * tfjs) when smallNetEligibility allows; 'tfjs' always runs fused tfjs steps.
   */
  readonly engine?: 'auto' | 'tfjs';
}

/** Which engine runs `run`/`runEpoch`, and why. Stepping is always on tfjs. */
export type TrainingPath = 'small' | 'tfjs';

export interface StepProgress {
  readonly epoch: number;
  readonly step: number;
  readonly stepsPerEpoch: number;
  readonly loss: number;
}

export interface NonFiniteReport {
  readonly step: number;
  readonly phase: Phase;
  readonly layer: string;
  readonly line: number;
  readonly role: string;
  readonly detail: Message;
}

export type TrainingEnd =
  | { readonly reason: 'done' | 'stopped' | 'earlyStopping'; readonly epochs: number }
  | { readonly reason: 'nonFinite'; readonly epochs: number; readonly report: NonFiniteReport };

/** A split uploaded once; batches are gathered from it on the device. */
export class DeviceSplit {
  readonly inputs: tf.Tensor[];
  readonly targets: tf.Tensor;
  readonly mask?: tf.Tensor;
  readonly count: number;

  constructor(split: Split) {
    this.inputs = split.inputs.map(toTensor);
    this.targets = toTensor(split.targets);
    this.mask = split.mask ? toTensor(split.mask) : undefined;
    this.count = split.targets.shape[0] ?? 0;
  }

  batch(rows: Int32Array): Batch {
    return tf.tidy(() => {
      const index = tf.tensor1d(rows, 'int32');
      return {
        inputs: this.inputs.map((t) => tf.gather(t, index)),
        targets: tf.gather(this.targets, index),
        mask: this.mask ? tf.gather(this.mask, index) : undefined,
        size: rows.length,
      };
    });
  }

  dispose(): void {
    this.inputs.forEach((t) => t.dispose());
    this.targets.dispose();
    this.mask?.dispose();
  }
}

function toTensor(data: TensorData): tf.Tensor {
  return tf.tensor(data.values, [...data.shape], data.dtype);
}

export function disposeBatch(batch: Batch): void {
  batch.inputs.forEach((t) => t.dispose());
  batch.targets.dispose();
  batch.mask?.dispose();
}

/** How long an epoch computes before it lets the host's event loop run. */
export const YIELD_EVERY_MS = 20;

export function yieldToHost(): Promise<void> {
  const host = globalThis as unknown as { setTimeout(callback: () => void, ms: number): unknown };
  return new Promise((resolve) => host.setTimeout(resolve, 0));
}

export type EpochOutcome = { kind: 'epoch'; record: EpochRecord } | { kind: 'cancelled' } | { kind: 'nonFinite'; report: NonFiniteReport };

export class Trainer {
  /** Completed training steps (each one batch), across epochs: the step seed's counter. */
  steps = 0;
  epoch = 0;
  readonly history: EpochRecord[] = [];
  private readonly train: DeviceSplit;
  private readonly validation?: DeviceSplit;
  private order: Int32Array = new Int32Array(0);
  private cursor = 0;
  private cancelled = false;
  private best = Infinity;
  private sinceBest = 0;
  /** The epoch with the best monitored loss so far (0 before any), for early stopping. */
  bestEpoch = 0;
  /** Copies of every parameter at `bestEpoch`, kept only with restoreBest. */
  private bestWeights?: Map<string, tf.Tensor>;
  /** The engine `run`/`runEpoch` use, and why (for hosts to show). */
  readonly path: TrainingPath;
  readonly pathReason: string;
  /** The small path's host data, made once; undefined on the tfjs path. */
  private readonly hostTrain?: HostSplit;
  private readonly hostValidation?: HostSplit;
  private small?: SmallRun;
  /**
   * True while the small path holds the current parameters and optimizer state; the tf
   * variables and the tensor optimizer are stale until `syncNetwork()`.
   */
  private smallOwns = false;
  /** When the small path last let the host's event loop run. */
  private lastYield = Date.now();

  constructor(
    readonly network: Network,
    readonly objective: Objective,
    readonly optimizer: Optimizer,
    readonly dataset: Dataset,
    readonly settings: TrainSettings,
  ) {
    this.train = new DeviceSplit(dataset.train);
    const validationCount = dataset.validation.targets.shape[0] ?? 0;
    if (validationCount > 0) this.validation = new DeviceSplit(dataset.validation);
    const choice = this.choosePath();
    this.path = choice.path;
    this.pathReason = choice.reason;
    this.hostTrain = choice.train;
    this.hostValidation = choice.validation;
  }

  private choosePath(): { path: TrainingPath; reason: string; train?: HostSplit; validation?: HostSplit } {
    if (this.settings.engine === 'tfjs') return { path: 'tfjs', reason: 'the tfjs engine was asked for' };
    const graph = this.network.graph;
    const eligibility = smallNetEligibility(graph, this.settings.batchSize);
    if (!eligibility.eligible) return { path: 'tfjs', reason: eligibility.reason };
    if (this.optimizer.name !== (graph.training.optimizer?.name ?? 'sgd')) return { path: 'tfjs', reason: "the trainer's optimizer is not the model's optimizer line" };
    const output = graph.layers.find((l) => l.name === graph.output)!;
    const inputSize = this.network.fedInputs[0]?.outputShape[0] as number;
    const outputSize = output.outputShape[output.outputShape.length - 1] as number;
    const sparse = this.objective.loss.name === 'sparse_categorical_crossentropy';
    const train = HostSplit.of(this.dataset.train, inputSize, outputSize, sparse);
    if ('reason' in train) return { path: 'tfjs', reason: train.reason };
    let validation: HostSplit | undefined;
    if (this.validation) {
      const host = HostSplit.of(this.dataset.validation, inputSize, outputSize, sparse);
      if ('reason' in host) return { path: 'tfjs', reason: host.reason };
      validation = host;
    }
    return { path: 'small', reason: `a chain of dense layers, ${graph.totalParams} parameters × batch ${this.settings.batchSize}: plain arrays beat tfjs' per-op cost`, train, validation };
  }

  /**
   * Writes the small path's parameters and optimizer state into the tf variables and the
   * tensor optimizer, so anything reading the network sees the current values. A no-op on
   * the tfjs path and when nothing changed. `run` and `runEpoch` call it before they return;
   * a host reading the network inside their callbacks calls it first.
   */
  syncNetwork(): void {
    if (!this.smallOwns || !this.small) return;
    const params = this.small.net.params();
    for (const entry of this.network.params()) {
      const values = params[entry.layer.name]?.[entry.name];
      if (values) this.network.assign(entry.key, values);
    }
    this.optimizer.importState(this.small.optimizer.exportState(), (key) => this.network.param(key)!.variable.shape);
    this.smallOwns = false;
  }

  /** Makes the small path the owner: copies parameters and optimizer state from tfjs. */
  private async takeToSmall(): Promise<SmallRun> {
    if (this.smallOwns && this.small) return this.small;
    const params: SmallParams = {};
    for (const entry of this.network.params()) (params[entry.layer.name] ??= {})[entry.name] = Float32Array.from(await entry.variable.data());
    const state = await this.optimizer.exportState();
    if (this.small) this.small.net.setParams(params);
    else this.small = new SmallRun(this.network.graph, params, { lossName: this.objective.loss.name, fromLogits: this.objective.loss.fromLogits, hasAccuracy: this.objective.hasAccuracy });
    this.small.optimizer.importState(state);
    this.smallOwns = true;
    return this.small;
  }

  /**
   * Lets the host's events (a Stop, a Pause, SIGINT) in now and then: small steps never wait
   * on a device, and on CPU and WASM a read-back resolves at once, so neither yields by itself.
   */
  private async letHostIn(): Promise<void> {
    if (Date.now() - this.lastYield < YIELD_EVERY_MS) return;
    await yieldToHost();
    this.lastYield = Date.now();
  }

  get stepsPerEpoch(): number {
    return Math.max(1, Math.ceil(this.train.count / this.settings.batchSize));
  }

  /** Asks a running `run` to stop after the step in progress. */
  cancel(): void {
    this.cancelled = true;
  }

  /** The next batch of the current epoch (a new shuffled epoch when the last one ended). */
  nextBatch(): Batch {
    if (this.cursor >= this.order.length) this.startEpochOrder();
    const rows = this.order.subarray(this.cursor, Math.min(this.cursor + this.settings.batchSize, this.order.length));
    this.cursor += rows.length;
    return this.train.batch(rows);
  }

  /**
   * The first `count` training examples in file order, as a batch that leaves the epoch's
   * cursor alone: views probe the network on it without changing what training sees.
   */
  sampleBatch(count: number): Batch {
    const rows = new Int32Array(Math.max(1, Math.min(count, this.train.count))).map((_, i) => i);
    return this.train.batch(rows);
  }

  /** A stepped training step on the next batch; committing it counts as a step. */
  stepSession(): { session: StepSession; batch: Batch } {
    this.syncNetwork();
    const batch = this.nextBatch();
    try {
      const session = new StepSession(this.network, this.objective, this.optimizer, batch, stepSeed(this.settings.seed, this.steps));
      this.steps++;
      return { session, batch };
    } catch (error) {
      disposeBatch(batch);
      throw error;
    }
  }

  /** Trains until the epochs are done, the run is cancelled, early stopping or a non-finite loss. */
  async run(onEpoch?: (record: EpochRecord) => void, onStep?: (progress: StepProgress) => void): Promise<TrainingEnd> {
    this.cancelled = false;
    try {
      while (this.epoch < this.settings.epochs) {
        const outcome = await this.epochOf(onStep);
        if (outcome.kind === 'nonFinite') return { reason: 'nonFinite', epochs: this.epoch, report: outcome.report };
        if (outcome.kind === 'cancelled') return { reason: 'stopped', epochs: this.epoch };
        onEpoch?.(outcome.record);
        if (this.shouldStopEarly(outcome.record)) return { reason: 'earlyStopping', epochs: this.epoch };
      }
      return { reason: 'done', epochs: this.epoch };
    } finally {
      this.syncNetwork();
    }
  }

  /** One epoch (the rest of the current one, after stepping); its record is in `history`. */
  async runEpoch(onStep?: (progress: StepProgress) => void): Promise<EpochOutcome> {
    // A cancel belongs to the run it stopped; a host resuming epoch by epoch starts afresh.
    this.cancelled = false;
    try {
      return await this.epochOf(onStep);
    } finally {
      this.syncNetwork();
    }
  }

  /** One epoch on the path chosen; on the small path the network may be left stale. */
  private epochOf(onStep?: (progress: StepProgress) => void): Promise<EpochOutcome> {
    return this.path === 'small' ? this.smallEpoch(onStep) : this.tfjsEpoch(onStep);
  }

  private async smallEpoch(onStep?: (progress: StepProgress) => void): Promise<EpochOutcome> {
    if (this.cursor >= this.order.length) this.startEpochOrder();
    const small = await this.takeToSmall();
    const train = this.hostTrain!;
    let lossSum = 0;
    let accuracySum = 0;
    let seen = 0;
    while (this.cursor < this.order.length) {
      await this.letHostIn();
      if (this.cancelled) return { kind: 'cancelled' };
      const rows = this.order.subarray(this.cursor, Math.min(this.cursor + this.settings.batchSize, this.order.length));
      const { loss, accuracy } = small.measure(train, rows);
      // tfjs holds the loss in float32: a loss beyond its range is Inf there, so here too.
      if (!Number.isFinite(Math.fround(loss))) {
        // The parameters are those before this step: hand them to tfjs and replay it there.
        this.syncNetwork();
        const batch = this.train.batch(rows);
        this.cursor += rows.length;
        try {
          return { kind: 'nonFinite', report: await this.diagnose(batch, stepSeed(this.settings.seed, this.steps)) };
        } finally {
          disposeBatch(batch);
        }
      }
      small.update();
      this.cursor += rows.length;
      this.steps++;
      lossSum += loss * rows.length;
      accuracySum += accuracy * rows.length;
      seen += rows.length;
      onStep?.({ epoch: this.epoch + 1, step: this.cursor / this.settings.batchSize, stepsPerEpoch: this.stepsPerEpoch, loss });
    }
    this.epoch++;
    const validation = this.hostValidation ? small.evaluate(this.hostValidation) : undefined;
    return { kind: 'epoch', record: this.record(lossSum, accuracySum, seen, validation) };
  }

  private async tfjsEpoch(onStep?: (progress: StepProgress) => void): Promise<EpochOutcome> {
    if (this.cursor >= this.order.length) this.startEpochOrder();
    let lossSum = 0;
    let accuracySum = 0;
    let seen = 0;
    const measureAccuracy = this.objective.hasAccuracy;
    while (this.cursor < this.order.length) {
      await this.letHostIn();
      if (this.cancelled) return { kind: 'cancelled' };
      const batch = this.nextBatch();
      const seed = stepSeed(this.settings.seed, this.steps);
      let loss: number;
      let accuracy = 0;
      try {
        const grads = fusedGradients(this.network, this.objective, batch, seed);
        try {
          const accuracyTensor = measureAccuracy ? this.objective.accuracy(grads.prediction, batch) : undefined;
          const [lossValue] = await grads.loss.data();
          accuracy = accuracyTensor ? (await accuracyTensor.data())[0] : 0;
          accuracyTensor?.dispose();
          loss = lossValue;
          if (Number.isFinite(loss)) {
            this.optimizer.apply(variablesOf(this.network, grads.grads), Object.fromEntries(grads.grads));
            this.network.applyStateUpdates(grads.stateUpdates);
          }
        } finally {
          grads.loss.dispose();
          grads.prediction.dispose();
          grads.grads.forEach((g) => g.dispose());
          grads.stateUpdates.forEach((t) => t.dispose());
        }
        if (!Number.isFinite(loss)) return { kind: 'nonFinite', report: await this.diagnose(batch, seed) };
      } finally {
        disposeBatch(batch);
      }
      this.steps++;
      lossSum += loss * batch.size;
      accuracySum += accuracy * batch.size;
      seen += batch.size;
      onStep?.({ epoch: this.epoch + 1, step: this.cursor / this.settings.batchSize, stepsPerEpoch: this.stepsPerEpoch, loss });
    }
    this.epoch++;
    const validation = this.validation ? await this.evaluate(this.validation) : undefined;
    return { kind: 'epoch', record: this.record(lossSum, accuracySum, seen, validation) };
  }

  private record(lossSum: number, accuracySum: number, seen: number, validation: { loss: number; accuracy: number } | undefined): EpochRecord {
    const measureAccuracy = this.objective.hasAccuracy;
    const record: EpochRecord = {
      epoch: this.epoch,
      loss: seen ? lossSum / seen : NaN,
      ...(validation ? { valLoss: validation.loss } : {}),
      metrics: measureAccuracy && seen ? { accuracy: accuracySum / seen } : {},
      ...(validation && measureAccuracy ? { valMetrics: { accuracy: validation.accuracy } } : {}),
    };
    this.history.push(record);
    return record;
  }

  /** Loss and accuracy of the current parameters on a split, in evaluation mode. */
  async evaluate(split: DeviceSplit = this.train): Promise<{ loss: number; accuracy: number }> {
    this.syncNetwork();
    const size = 512;
    let lossSum = 0;
    let accuracySum = 0;
    for (let start = 0; start < split.count; start += size) {
      const rows = new Int32Array(Math.min(size, split.count - start)).map((_, i) => start + i);
      const batch = split.batch(rows);
      try {
        const [loss, accuracy] = tf.tidy(() => {
          const prediction = this.network.forward(batch.inputs, { mode: 'eval', stepSeed: 0 }).outputs.get(this.network.graph.output)!;
          const lossValue = this.objective.total(prediction, batch, (key) => this.network.param(key)!.variable);
          return [lossValue, this.objective.hasAccuracy ? this.objective.accuracy(prediction, batch) : tf.scalar(0)];
        });
        const both = tf.stack([loss, accuracy]);
        const values = await both.data();
        tf.dispose([loss, accuracy, both]);
        lossSum += values[0] * rows.length;
        accuracySum += values[1] * rows.length;
      } finally {
        disposeBatch(batch);
      }
    }
    return { loss: lossSum / Math.max(1, split.count), accuracy: accuracySum / Math.max(1, split.count) };
  }

  dispose(): void {
    this.train.dispose();
    this.validation?.dispose();
    this.bestWeights?.forEach((t) => t.dispose());
    this.bestWeights = undefined;
  }

  private startEpochOrder(): void {
    const n = this.train.count;
    const order = new Int32Array(n).map((_, i) => i);
    if (this.settings.shuffle) Random.stream(this.settings.seed, `shuffle/${this.epoch}`).shuffle(order);
    this.order = order;
    this.cursor = 0;
  }

  /** Early stopping's verdict on an epoch just finished (hosts that run epoch by epoch ask it). */
  shouldStopEarly(record: EpochRecord): boolean {
    if (!this.settings.patience) return false;
    const monitored = record.valLoss ?? record.loss;
    if (monitored < this.best - 1e-12) {
      this.best = monitored;
      this.sinceBest = 0;
      this.bestEpoch = record.epoch;
      if (this.settings.restoreBest) this.keepBestWeights();
      return false;
    }
    this.sinceBest++;
    const stop = this.sinceBest >= this.settings.patience;
    if (stop && this.settings.restoreBest) this.restoreBestWeights();
    return stop;
  }

  private keepBestWeights(): void {
    this.syncNetwork();
    const copies = new Map(this.network.params().map((entry) => [entry.key, tf.clone(entry.variable)] as const));
    this.bestWeights?.forEach((t) => t.dispose());
    this.bestWeights = copies;
  }

  /** Puts back the best epoch's weights; the small path then re-reads them from tfjs. */
  private restoreBestWeights(): void {
    if (!this.bestWeights) return;
    this.syncNetwork();
    for (const entry of this.network.params()) {
      const kept = this.bestWeights.get(entry.key);
      if (kept) entry.variable.assign(kept);
    }
  }

  /** Replays the failing step with stops and names the first one holding NaN or Inf. */
  private async diagnose(batch: Batch, seed: number): Promise<NonFiniteReport> {
    const session = new StepSession(this.network, this.objective, this.optimizer, batch, seed);
    try {
      for (const stop of session.stops) {
        if (stop.phase === 'update') break;
        const record = await session.read(stop.index);
        for (const [role, view] of Object.entries(record.tensors)) {
          if (view.stats.nonFinite > 0) {
            return {
              step: this.steps,
              phase: stop.phase,
              layer: stop.layer,
              line: stop.line,
              role,
              detail: message('{0} of layer {1} holds {2} NaN or infinite values at the {3} stop of step {4}: lower the learning rate, check the data for extreme values, or clip gradients (clip_norm=1).', role, stop.layer, view.stats.nonFinite, PHASE_NAMES[stop.phase], this.steps + 1),
            };
          }
        }
      }
      return { step: this.steps, phase: 'loss', layer: this.network.graph.output, line: this.network.graph.training.loss?.line ?? 0, role: 'loss', detail: message('The loss became NaN or infinite at step {0}: lower the learning rate or clip gradients (clip_norm=1).', this.steps + 1) };
    } finally {
      session.dispose();
    }
  }
}
