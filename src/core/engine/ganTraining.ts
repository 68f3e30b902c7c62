// Adversarial training of a discriminator's graph and the generator its `gan` line names.
// Each step, on one batch of real data: (1) the discriminator learns to say 1 on the real
// samples and 0 on fakes G(z), the generator held fixed; (2) the generator learns, through
// the frozen discriminator, to make D(G(z)) say 1. Noise z ~ N(0, 1) is drawn in JavaScript
// from seeded streams, so the same seed gives the same run on every backend.

import * as tf from '@tensorflow/tfjs-core';
import { Dataset } from '../data/dataset';
import { Random } from '../data/random';
import { message } from '../lang/localize';
import { GanConfig, ModelGraph } from '../model/graph';
import { EpochRecord } from '../protocol/panel';
import { Network, ParamKey } from './network';
import { Batch, Objective } from './objective';
import { createOptimizer, Optimizer } from './optimizers';
import { mixSeed, stepSeed } from './seeds';
import { DeviceSplit, disposeBatch, EpochOutcome, StepProgress, TrainingEnd, TrainSettings, yieldToHost, YIELD_EVERY_MS } from './training';

/** Metric names of a GAN's epoch record; `loss` is the discriminator's. */
export const GAN_METRICS = { generatorLoss: 'g_loss', fakeScore: 'd_fake', realScore: 'd_real' } as const;

/** Real and generated samples with D(x) of each, as plain arrays ([count, …features]). */
export interface GanSamples {
  readonly shape: readonly number[];
  readonly real: Float32Array;
  readonly fake: Float32Array;
  readonly realScores: Float32Array;
  readonly fakeScores: Float32Array;
}

interface StepResult {
  readonly discriminatorLoss: number;
  readonly generatorLoss: number;
  readonly fakeScore: number;
  readonly realScore: number;
}

export class GanTrainer {
  readonly path = 'tfjs' as const;
  readonly pathReason = 'a GAN trains its two models with tfjs';
  readonly discriminator: Network;
  readonly generator: Network;
  readonly objective: Objective;
  readonly discriminatorOptimizer: Optimizer;
  readonly generatorOptimizer: Optimizer;
  readonly history: EpochRecord[] = [];
  readonly gan: GanConfig;
  steps = 0;
  epoch = 0;
  private readonly real: DeviceSplit;
  private order = new Int32Array(0);
  private cursor = 0;
  private cancelled = false;
  private lastYield = Date.now();

  /** Whether `dispose` disposes the discriminator (not when a host lent its own network). */
  private readonly ownsDiscriminator: boolean;

  /**
   * `discriminator` may be a host's own network of `graph` (the panel's, which its probes
   * read); by default the trainer makes one from the seed.
   */
  constructor(
    readonly graph: ModelGraph,
    readonly dataset: Dataset,
    readonly settings: TrainSettings,
    discriminator?: Network,
  ) {
    if (!graph.training.gan) throw new Error(`Model ${graph.name} has no gan line`);
    this.gan = graph.training.gan;
    this.ownsDiscriminator = !discriminator;
    this.discriminator = discriminator ?? new Network(graph, settings.seed);
    // Another seed for the generator, so layers named alike in both models start apart.
    this.generator = new Network(this.gan.generator, mixSeed(settings.seed, 0x47454e));
    this.objective = new Objective(graph);
    this.discriminatorOptimizer = createOptimizer(graph.training.optimizer);
    this.generatorOptimizer = createOptimizer(graph.training.optimizer);
    this.real = new DeviceSplit(dataset.train);
  }

  get stepsPerEpoch(): number {
    return Math.max(1, Math.ceil(this.real.count / this.settings.batchSize));
  }

  cancel(): void {
    this.cancelled = true;
  }

  async run(onEpoch?: (record: EpochRecord) => void, onStep?: (progress: StepProgress) => void): Promise<TrainingEnd> {
    this.cancelled = false;
    while (this.epoch < this.settings.epochs) {
      const outcome = await this.epochOf(onStep);
      if (outcome.kind === 'nonFinite') return { reason: 'nonFinite', epochs: this.epoch, report: outcome.report };
      if (outcome.kind === 'cancelled') return { reason: 'stopped', epochs: this.epoch };
      onEpoch?.(outcome.record);
    }
    return { reason: 'done', epochs: this.epoch };
  }

  /** One epoch (the rest of the current one); a host resuming epoch by epoch starts afresh. */
  runEpoch(onStep?: (progress: StepProgress) => void): Promise<EpochOutcome> {
    this.cancelled = false;
    return this.epochOf(onStep);
  }

  private async epochOf(onStep?: (progress: StepProgress) => void): Promise<EpochOutcome> {
    if (this.cursor >= this.order.length) this.startEpochOrder();
    const sums = { discriminatorLoss: 0, generatorLoss: 0, fakeScore: 0, realScore: 0 };
    let seen = 0;
    while (this.cursor < this.order.length) {
      if (Date.now() - this.lastYield >= YIELD_EVERY_MS) {
        await yieldToHost();
        this.lastYield = Date.now();
      }
      if (this.cancelled) return { kind: 'cancelled' };
      const rows = this.order.subarray(this.cursor, Math.min(this.cursor + this.settings.batchSize, this.order.length));
      this.cursor += rows.length;
      const batch = this.real.batch(rows);
      let result: StepResult | undefined;
      try {
        result = await this.step(batch);
      } finally {
        disposeBatch(batch);
      }
      if (!result) {
        const line = this.graph.training.loss?.line ?? this.graph.line;
        return { kind: 'nonFinite', report: { step: this.steps, phase: 'loss', layer: this.graph.output, line, role: 'loss', detail: message('The loss became NaN or infinite at step {0}: lower the learning rate or clip gradients (clip_norm=1).', this.steps + 1) } };
      }
      this.steps++;
      for (const key of Object.keys(sums) as (keyof StepResult)[]) sums[key] += result[key] * rows.length;
      seen += rows.length;
      onStep?.({ epoch: this.epoch + 1, step: Math.ceil(this.cursor / this.settings.batchSize), stepsPerEpoch: this.stepsPerEpoch, loss: result.discriminatorLoss });
    }
    this.epoch++;
    const mean = (value: number) => value / Math.max(1, seen);
    const record: EpochRecord = {
      epoch: this.epoch,
      loss: mean(sums.discriminatorLoss),
      metrics: { [GAN_METRICS.generatorLoss]: mean(sums.generatorLoss), [GAN_METRICS.fakeScore]: mean(sums.fakeScore), [GAN_METRICS.realScore]: mean(sums.realScore) },
    };
    this.history.push(record);
    return { kind: 'epoch', record };
  }

  /** One discriminator step and one generator step; undefined (nothing applied) when a loss is not finite. */
  private async step(real: Batch): Promise<StepResult | undefined> {
    const seed = stepSeed(this.settings.seed, this.steps);
    const count = real.size;
    const discriminator = tf.tidy(() => {
      const fake = this.generate(this.noise(count, seed, 'discriminator'), seed, 'train');
      const both: Batch = { inputs: [tf.concat([real.inputs[0], fake], 0)], targets: tf.concat([real.targets, tf.zerosLike(real.targets)], 0), size: 2 * count };
      let scores: tf.Tensor | undefined;
      const { value, grads } = tf.variableGrads(() => {
        const prediction = this.discriminator.forward(both.inputs, { mode: 'train', stepSeed: seed }).outputs.get(this.graph.output)!;
        scores = tf.keep(prediction);
        return this.objective.total(prediction, both, (key) => this.discriminator.param(key)!.variable);
      }, this.trainableOf(this.discriminator));
      const [realScores, fakeScores] = tf.split(tf.reshape(scores!, [2 * count, -1]), 2, 0);
      scores!.dispose(); // kept out of the gradient scope, so this tidy does not own it
      return { value, grads, scores: tf.stack([tf.mean(realScores), tf.mean(fakeScores)]) };
    });
    const [discriminatorLoss] = await discriminator.value.data();
    const [realScore, fakeScore] = await discriminator.scores.data();
    if (Number.isFinite(discriminatorLoss)) this.discriminatorOptimizer.apply(this.variablesOf(this.discriminator, discriminator.grads), discriminator.grads);
    tf.dispose([discriminator.value, discriminator.scores, ...Object.values(discriminator.grads)]);
    if (!Number.isFinite(discriminatorLoss)) return undefined;

    // The discriminator is frozen here: gradients flow through it to the generator only.
    const generator = tf.tidy(() => {
      const noise = this.noise(count, seed, 'generator');
      return tf.variableGrads(() => {
        const score = this.discriminator.forward([this.generate(noise, seed, 'train')], { mode: 'train', stepSeed: seed }).outputs.get(this.graph.output)!;
        return this.objective.loss.compute(tf.onesLike(score), score);
      }, this.trainableOf(this.generator));
    });
    const [generatorLoss] = await generator.value.data();
    if (Number.isFinite(generatorLoss)) this.generatorOptimizer.apply(this.variablesOf(this.generator, generator.grads), generator.grads);
    tf.dispose([generator.value, ...Object.values(generator.grads)]);
    if (!Number.isFinite(generatorLoss)) return undefined;
    return { discriminatorLoss, generatorLoss, fakeScore, realScore };
  }

  /** A GAN has no validation loss to watch: it never stops early. */
  shouldStopEarly(_record: EpochRecord): boolean {
    return false;
  }

  /** Samples for views and tests: the first `count` real examples, fakes from a fixed noise. */
  async samples(count: number): Promise<GanSamples> {
    const rows = new Int32Array(Math.max(1, Math.min(count, this.real.count))).map((_, i) => i);
    const batch = this.real.batch(rows);
    try {
      const [real, fake, realScores, fakeScores] = tf.tidy(() => {
        const generated = this.generate(this.noise(rows.length, this.settings.seed, 'preview'), 0, 'eval');
        const score = (x: tf.Tensor) => this.discriminator.forward([x], { mode: 'eval', stepSeed: 0 }).outputs.get(this.graph.output)!;
        return [batch.inputs[0], generated, score(batch.inputs[0]), score(generated)].map((t) => tf.reshape(t, [rows.length, -1]));
      });
      const values = await Promise.all([real, fake, realScores, fakeScores].map((t) => t.data() as Promise<Float32Array>));
      tf.dispose([real, fake, realScores, fakeScores]);
      return { shape: [rows.length, ...(batch.inputs[0].shape.slice(1) as number[])], real: values[0], fake: values[1], realScores: values[2], fakeScores: values[3] };
    } finally {
      disposeBatch(batch);
    }
  }

  dispose(): void {
    this.real.dispose();
    this.discriminatorOptimizer.dispose();
    this.generatorOptimizer.dispose();
    if (this.ownsDiscriminator) this.discriminator.dispose();
    this.generator.dispose();
  }

  private generate(noise: tf.Tensor, seed: number, mode: 'train' | 'eval'): tf.Tensor {
    return this.generator.forward([noise], { mode, stepSeed: seed }).outputs.get(this.gan.generator.output)!;
  }

  /** z ~ N(0, 1), [count, latent], from a stream of its own per step and purpose. */
  private noise(count: number, seed: number, purpose: string): tf.Tensor {
    const random = Random.stream(seed, `gan:${purpose}`);
    const values = new Float32Array(count * this.gan.latent);
    for (let i = 0; i < values.length; i++) values[i] = random.normal();
    return tf.tensor2d(values, [count, this.gan.latent]);
  }

  private trainableOf(network: Network): tf.Variable[] {
    return network.trainable().map((e) => e.variable);
  }

  private variablesOf(network: Network, grads: tf.NamedTensorMap): Record<ParamKey, tf.Variable> {
    // variableGrads keys gradients by variable name; the optimizer keys its slots by it too.
    const byName = new Map(network.trainable().map((e) => [e.variable.name, e.variable]));
    return Object.fromEntries(Object.keys(grads).map((name) => [name, byName.get(name)!]));
  }

  private startEpochOrder(): void {
    const order = new Int32Array(this.real.count).map((_, i) => i);
    if (this.settings.shuffle) Random.stream(this.settings.seed, `shuffle/${this.epoch}`).shuffle(order);
    this.order = order;
    this.cursor = 0;
  }
}

/** Whether a graph is a GAN's discriminator (it holds the gan line and its generator's graph). */
export function isGanGraph(graph: ModelGraph): boolean {
  return graph.training.gan !== undefined;
}
