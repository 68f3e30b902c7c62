// The engine as the panel drives it: training epoch by epoch with pause and stop, one training
// step, stepping layer by layer through forward and backward stops, reset, and the probes the
// views draw from (live statistics per layer, the decision boundary over the plane). It uses
// tfjs and the core only — no DOM — so it runs the same in the page and in a Node test.

import * as tf from '@tensorflow/tfjs-core';
import { Dataset } from '../src/core/data/dataset';
import { applyFeatures, Feature } from '../src/core/data/features';
import { Localize, message, render } from '../src/core/lang/localize';
import { DecisionLine, decisionNeuron } from '../src/core/model/decisionLine';
import { GraphLayer, ModelGraph } from '../src/core/model/graph';
import { InnerOp } from '../src/core/engine/kernel';
import { Batch } from '../src/core/engine/objective';
import { Network, ParamKey, paramKey } from '../src/core/engine/network';
import { Objective } from '../src/core/engine/objective';
import { fusedStep } from '../src/core/engine/fusedStep';
import { readTensors } from '../src/core/engine/records';
import { GanTrainer } from '../src/core/engine/ganTraining';
import { runVariants, RunVariant } from '../src/core/engine/compare';
import { createTraining, TrainingSetup } from '../src/core/engine/setup';
import { Phase, StepSession, StopRecord } from '../src/core/engine/stepper';
import { disposeBatch, TrainSettings } from '../src/core/engine/training';
import { EpochRecord, LayerLive, ModelWeights, TensorView } from '../src/core/protocol/panel';
import { boundaryGrid } from './plane';

export type EngineState = 'idle' | 'training' | 'paused' | 'finished';
export type FinishReason = 'done' | 'stopped' | 'earlyStopping' | 'error';

export interface ProgressEvent {
  readonly epoch: number;
  readonly epochs: number;
  readonly step: number;
  readonly loss: number;
  readonly running: boolean;
}

export interface EngineEvents {
  onProgress?(progress: ProgressEvent): void;
  onEpoch?(record: EpochRecord): void;
  /** Between epochs while training: a chance to refresh views (awaited, so keep it cheap). */
  onBetweenEpochs?(): Promise<void> | void;
  onFinished?(reason: FinishReason, message?: string, line?: number): void;
  /** A run of a comparison whose loss turned NaN or infinite: it ends there, the next run starts. */
  onRunDiverged?(run: string, epoch: number, message: string, line: number): void;
}

/** What every layer looks like on the probe batch: the editor's live values and the graph's colours. */
export interface Probe {
  readonly loss: number;
  readonly layers: readonly LayerLive[];
  /** ‖dL/dW‖ for layers with a kernel, else ‖dL/d output‖. */
  readonly gradientNorms: ReadonlyMap<string, number>;
  /** The selected layer's forward and backward records, with values. */
  readonly selected?: { readonly forward?: StopRecord; readonly backward?: StopRecord };
  /** The comparison run whose parameters were probed; undefined for the model's own. */
  readonly run?: string;
}

export interface Boundary {
  readonly resolution: number;
  readonly extent: readonly [number, number, number, number];
  /** resolution² predictions, row-major, first row at the top (largest x2). */
  readonly values: Float32Array;
  readonly outputRange: readonly [number, number];
  readonly points: Float32Array;
  readonly labels: Float32Array;
  readonly testPoints: Float32Array;
  readonly testLabels: Float32Array;
  /** Each hidden unit's own map over the same grid (a few per layer). */
  readonly neurons: readonly { readonly name: string; readonly values: Float32Array }[];
  /** When the output is one neuron on (x1, x2): its line w1·x1 + w2·x2 + b = 0, current weights. */
  readonly line?: DecisionLine;
}

export interface SteppedStop {
  readonly record: StopRecord;
  /** The inner operations of the layer at this stop (forward: Z, A, gates; backward: its VJP). */
  readonly inner: readonly { readonly name: string; readonly formula: string; readonly view: TensorView }[];
  readonly stopCount: number;
}

const PROBE_BATCH = 32;
const NEURONS_PER_LAYER = 8;

function activationRange(layer: GraphLayer | undefined): [number, number] | undefined {
  const activation = layer?.attrs.activation;
  if (activation === 'sigmoid' || activation === 'softmax') return [0, 1];
  if (activation === 'tanh') return [-1, 1];
  return undefined;
}

/** A GAN's real and generated samples with D(x) of each, for the samples view. */
export interface GanViews {
  readonly real: TensorView;
  readonly fake: TensorView;
  readonly realScores: TensorView;
  readonly fakeScores: TensorView;
}

export class PageEngine {
  state: EngineState = 'idle';
  private setup: TrainingSetup;
  /** A GAN's trainer; it trains the setup's network as its discriminator. */
  private gan?: GanTrainer;
  private probeBatch?: Batch;
  private stepping?: { session: StepSession; batch: Batch; index: number };
  private pauseRequested = false;
  private stopRequested = false;
  /** Engine work runs one call at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private betweenEpochs = false;
  /** The comparison run training now, if any (Stop and Pause cancel it). */
  private comparing?: TrainingSetup;
  /** Each run of the last comparison as it ended: its parameters and its loss, in run order. */
  private runResults = new Map<string, { readonly values: ReadonlyMap<ParamKey, Float32Array>; readonly objective: Objective }>();
  /** The run whose parameters the network holds now; undefined while it holds its own. */
  private shownRun?: string;
  /** The network's own values, kept while a run's are shown. */
  private ownValues?: Map<ParamKey, Float32Array>;

  constructor(
    readonly graph: ModelGraph,
    readonly dataset: Dataset,
    private readonly overrides: Partial<TrainSettings>,
    private readonly events: EngineEvents,
    private readonly localize: Localize,
    /** Pretrained values from the model's `weights` line. */
    private readonly initial?: ReadonlyMap<string, Float32Array>,
  ) {
    this.setup = createTraining(graph, dataset, overrides, initial);
    this.gan = this.createGan();
  }

  /** The runs of the last comparison whose parameters can be shown (showRun), in run order. */
  get runs(): readonly string[] {
    return [...this.runResults.keys()];
  }

  /** The run the network shows now (its parameters), or undefined for the model's own. */
  get shown(): string | undefined {
    return this.shownRun;
  }

  /**
   * Loads a finished run's final parameters into the network the probes, the boundary and the
   * layer views read; undefined puts the model's own values back. Stepping and Train put the
   * own values back first: they train the model itself.
   */
  showRun(run: string | undefined): Promise<void> {
    return this.serial(async () => this.showNow(run));
  }

  private showNow(run: string | undefined): void {
    if (run === this.shownRun) return;
    const result = run === undefined ? undefined : this.runResults.get(run);
    if (run !== undefined && !result) throw new Error(render(this.localize, message('There is no run {0} to show: train the comparison first.', run)));
    // A step being stepped through belongs to the values it started from.
    this.finishStepping(false);
    this.trainer.syncNetwork();
    if (this.shownRun === undefined) this.ownValues = new Map(this.network.params().map((e) => [e.key, Float32Array.from(e.variable.dataSync())]));
    const values = result?.values ?? this.ownValues!;
    for (const [key, v] of values) this.network.assign(key, v);
    if (run === undefined) this.ownValues = undefined;
    this.shownRun = run;
  }

  get isGan(): boolean {
    return this.gan !== undefined;
  }

  /** What Train runs: the GAN's alternating steps, or the model's own trainer. */
  private get runner(): Pick<GanTrainer, 'epoch' | 'steps' | 'history' | 'runEpoch' | 'cancel' | 'shouldStopEarly'> {
    return this.gan ?? this.setup.trainer;
  }

  private createGan(): GanTrainer | undefined {
    return this.graph.training.gan ? new GanTrainer(this.graph, this.dataset, { ...this.setup.settings, engine: 'tfjs' }, this.setup.network) : undefined;
  }

  /** Every parameter's current values, and whether training has changed them. */
  weights(): Promise<ModelWeights> {
    // The model's own, also while a run's parameters are shown.
    return this.serial(async () => ({ trained: this.runner.steps > 0, values: Object.fromEntries(this.network.params().map((e) => [e.key, this.ownValues?.get(e.key) ?? (e.variable.dataSync() as Float32Array)])) }));
  }

  get settings(): TrainSettings {
    return this.setup.settings;
  }

  get trainer() {
    return this.setup.trainer;
  }

  get network() {
    return this.setup.network;
  }

  get history(): readonly EpochRecord[] {
    return this.runner.history;
  }

  /** Runs `work` after everything queued before it. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    // Views refreshing between epochs run inside the training call that awaits them.
    if (this.betweenEpochs) return work();
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Whether Train starts over (a fresh network and history) rather than going on. */
  get startsOver(): boolean {
    return runVariants(this.graph).length > 1 || this.runner.epoch >= this.settings.epochs;
  }

  /**
   * Trains from where it is until the epochs are done, a pause, a stop or a non-finite loss. A
   * model with a `compare` line trains its runs instead, one after the other (see trainRuns).
   */
  train(): Promise<void> {
    if (this.state === 'training') return Promise.resolve();
    this.pauseRequested = false;
    this.stopRequested = false;
    this.state = 'training';
    const runs = runVariants(this.graph);
    if (runs.length > 1) return this.serial(() => this.trainRuns(runs));
    return this.serial(async () => {
      if (this.runner.epoch >= this.settings.epochs) this.rebuild();
      this.showNow(undefined);
      this.finishStepping(true);
      const trainer = this.runner;
      const epochs = this.settings.epochs;
      let lastReport = 0;
      try {
        while (trainer.epoch < epochs) {
          if (this.pauseRequested || this.stopRequested) break;
          const outcome = await trainer.runEpoch((progress) => {
            const now = Date.now();
            if (now - lastReport < 100) return;
            lastReport = now;
            this.events.onProgress?.({ epoch: progress.epoch, epochs, step: trainer.steps, loss: progress.loss, running: true });
          });
          if (outcome.kind === 'cancelled') break;
          if (outcome.kind === 'nonFinite') {
            const report = outcome.report;
            this.state = 'finished';
            this.events.onFinished?.('error', render(this.localize, report.detail), report.line);
            return;
          }
          this.events.onEpoch?.(outcome.record);
          this.events.onProgress?.({ epoch: trainer.epoch, epochs, step: trainer.steps, loss: outcome.record.loss, running: trainer.epoch < epochs });
          if (trainer.shouldStopEarly(outcome.record)) {
            this.state = 'finished';
            this.events.onFinished?.('earlyStopping');
            return;
          }
          this.betweenEpochs = true;
          try {
            await this.events.onBetweenEpochs?.();
          } finally {
            this.betweenEpochs = false;
          }
        }
      } catch (error) {
        this.state = 'finished';
        throw error;
      }
      const last = this.history[this.history.length - 1];
      if (this.stopRequested || trainer.epoch >= epochs) {
        this.state = 'finished';
        this.events.onProgress?.({ epoch: trainer.epoch, epochs, step: trainer.steps, loss: last?.loss ?? NaN, running: false });
        this.events.onFinished?.(this.stopRequested ? 'stopped' : 'done');
      } else {
        this.state = 'paused';
        this.events.onProgress?.({ epoch: trainer.epoch, epochs, step: trainer.steps, loss: last?.loss ?? NaN, running: false });
      }
    });
  }

  /**
   * The runs of a comparison, each from the model's seed (the same initial weights) to its last
   * epoch; every record carries its run's label. A run whose loss turns NaN ends there and the
   * next one starts: that is a result of the comparison. Pause and Stop both stop; the model's
   * own network (stepping, probes) is left as it was.
   */
  private async trainRuns(runs: readonly RunVariant[]): Promise<void> {
    let reason: FinishReason = 'done';
    // What the status shows at the end: the last epoch a run completed, not a blank NaN.
    let last = { epoch: 0, steps: 0, loss: NaN };
    // A new comparison: the views go back to the model's own values, the old runs are gone.
    this.showNow(undefined);
    this.runResults.clear();
    try {
      for (const run of runs) {
        if (this.pauseRequested || this.stopRequested) break;
        const setup = createTraining(run.graph, this.dataset, this.overrides, this.initial);
        this.comparing = setup;
        try {
          const trainer = setup.trainer;
          const epochs = setup.settings.epochs;
          while (trainer.epoch < epochs) {
            const outcome = await trainer.runEpoch();
            if (outcome.kind === 'nonFinite') this.events.onRunDiverged?.(run.label, trainer.epoch + 1, render(this.localize, outcome.report.detail), outcome.report.line);
            if (outcome.kind !== 'epoch') break;
            last = { epoch: trainer.epoch, steps: trainer.steps, loss: outcome.record.loss };
            this.events.onEpoch?.({ ...outcome.record, run: run.label });
            this.events.onProgress?.({ epoch: trainer.epoch, epochs, step: trainer.steps, loss: outcome.record.loss, running: true });
            if (trainer.shouldStopEarly(outcome.record)) break;
            this.betweenEpochs = true;
            try {
              await this.events.onBetweenEpochs?.();
            } finally {
              this.betweenEpochs = false;
            }
          }
          // What the run ended with (a diverged run too: its NaNs are a result), kept for showRun.
          trainer.syncNetwork();
          this.runResults.set(run.label, { values: new Map(setup.network.params().map((e) => [e.key, Float32Array.from(e.variable.dataSync())])), objective: new Objective(run.graph) });
        } finally {
          this.comparing = undefined;
          setup.dispose();
        }
      }
      if (this.pauseRequested || this.stopRequested) reason = 'stopped';
    } finally {
      this.state = 'finished';
    }
    this.events.onProgress?.({ epoch: last.epoch, epochs: this.settings.epochs, step: last.steps, loss: last.loss, running: false });
    this.events.onFinished?.(reason);
  }

  /** Pauses after the step in progress; Train resumes. */
  pause(): void {
    if (this.state !== 'training') return;
    this.pauseRequested = true;
    this.runner.cancel();
    this.comparing?.trainer.cancel();
  }

  /** Stops training; the next Train starts over. */
  stop(): void {
    this.stopRequested = true;
    this.runner.cancel();
    this.comparing?.trainer.cancel();
    if (this.state !== 'training') {
      this.state = 'finished';
      this.events.onFinished?.('stopped');
    }
  }

  /** One whole training step (the rest of the step being stepped through, if any). */
  step(): Promise<number> {
    return this.serial(async () => {
      this.showNow(undefined);
      if (!this.stepping) this.startStep();
      const { session } = this.stepping!;
      session.commit();
      const [loss] = await session.loss.data();
      this.finishStepping(false);
      this.state = 'paused';
      this.events.onProgress?.({ epoch: this.trainer.epoch, epochs: this.settings.epochs, step: this.trainer.steps, loss, running: false });
      return loss;
    });
  }

  /** The next forward stop (then the loss); past the loss, the next step's first layer. */
  stepForwardLayer(): Promise<SteppedStop> {
    return this.serial(() => this.advance(['forward', 'loss']));
  }

  /** The next backward stop (then the updates): backpropagation one layer at a time. */
  stepBackwardLayer(): Promise<SteppedStop> {
    return this.serial(() => this.advance(['backward', 'update']));
  }

  /** The stop being stepped through, re-read (after the user picks another layer, say). */
  current(): Promise<SteppedStop | undefined> {
    return this.serial(async () => (this.stepping ? this.readStop(this.stepping.index) : undefined));
  }

  /** Fresh weights from the model's seed, a fresh optimizer and history. */
  reset(): Promise<void> {
    this.stop();
    return this.serial(async () => {
      this.rebuild();
      this.runResults.clear();
      this.state = 'idle';
    });
  }

  /** Statistics of every layer on a fixed batch: no update, no change to what training sees. */
  probe(selectedLayer?: string): Promise<Probe> {
    return this.serial(() => this.probeNow(selectedLayer));
  }

  /** The decision boundary over the plane, for 2-D data sets. */
  boundary(resolution = 48): Promise<Boundary | undefined> {
    return this.serial(async () => this.boundaryNow(resolution));
  }

  /**
   * A forward pass on the probe batch in evaluation mode: the named layers' outputs and ports
   * (`att.scores`), the first `examples` examples of each, read back whole.
   */
  outputs(layers: readonly string[], examples = 1): Promise<Map<string, TensorView>> {
    return this.serial(async () => {
      this.trainer.syncNetwork();
      const batch = this.ensureProbeBatch();
      const picked = tf.tidy(() => {
        const forward = this.network.forward(batch.inputs, { mode: 'eval', stepSeed: 0 });
        const out: Record<string, tf.Tensor> = {};
        const first = (t: tf.Tensor): tf.Tensor => tf.slice(t, 0, Math.min(examples, t.shape[0] ?? 1));
        for (const name of layers) {
          const t = forward.outputs.get(name);
          if (t) out[name] = first(t);
          for (const [key, port] of forward.ports) if (key.startsWith(`${name}.`)) out[key] = first(port);
        }
        return out;
      });
      try {
        return new Map(Object.entries(await readTensors(picked, { values: true, limit: 1 << 18 })));
      } finally {
        tf.dispose(Object.values(picked));
      }
    });
  }

  /** A layer's inner operations on the probe batch's first example (LSTM gates per time step). */
  inner(layer: string): Promise<{ name: string; formula: string; view: TensorView }[]> {
    return this.serial(async () => {
      this.trainer.syncNetwork();
      const batch = this.ensureProbeBatch();
      const ops = tf.tidy(() => {
        const inputs = batch.inputs.map((t) => tf.slice(t, 0, 1));
        const forward = this.network.forward(inputs, { mode: 'eval', stepSeed: 0, innerOf: layer });
        return forward.inner.map((op) => ({ name: op.name, formula: op.formula, tensor: tf.keep(tf.clone(op.tensor)) }));
      });
      try {
        const views = await readTensors(Object.fromEntries(ops.map((op, i) => [String(i), op.tensor])), { values: true, limit: 1 << 16 });
        return ops.map((op, i) => ({ name: op.name, formula: op.formula, view: views[String(i)] }));
      } finally {
        ops.forEach((op) => op.tensor.dispose());
      }
    });
  }

  /** A GAN's first `count` real samples and as many generated ones, with D(x); undefined for other models. */
  ganSamples(count = 256): Promise<GanViews | undefined> {
    return this.serial(async () => {
      if (!this.gan) return undefined;
      const samples = await this.gan.samples(count);
      const rows = samples.shape[0];
      const tensors = {
        real: tf.tensor(samples.real, [...samples.shape]),
        fake: tf.tensor(samples.fake, [...samples.shape]),
        realScores: tf.tensor(samples.realScores, [rows, samples.realScores.length / rows]),
        fakeScores: tf.tensor(samples.fakeScores, [rows, samples.fakeScores.length / rows]),
      };
      try {
        const views = await readTensors(tensors, { values: true, limit: 1 << 18 });
        return { real: views.real, fake: views.fake, realScores: views.realScores, fakeScores: views.fakeScores };
      } finally {
        tf.dispose(Object.values(tensors));
      }
    });
  }

  dispose(): void {
    this.finishStepping(false);
    if (this.probeBatch) disposeBatch(this.probeBatch);
    this.probeBatch = undefined;
    this.gan?.dispose();
    this.setup.dispose();
  }

  private rebuild(): void {
    this.finishStepping(false);
    if (this.probeBatch) disposeBatch(this.probeBatch);
    this.probeBatch = undefined;
    this.gan?.dispose();
    this.setup.dispose();
    this.setup = createTraining(this.graph, this.dataset, this.overrides, this.initial);
    this.gan = this.createGan();
    // The fresh network holds seeded values: no run is shown.
    this.shownRun = undefined;
    this.ownValues = undefined;
  }

  private startStep(): void {
    // The stepper walks one network's step; a GAN's step spans two networks.
    if (this.gan) throw new Error(render(this.localize, message('A GAN trains its discriminator and its generator in turn, and stepping through one of its steps is not available yet: train it (netlens train, or Train in the panel).')));
    const { session, batch } = this.trainer.stepSession();
    this.stepping = { session, batch, index: -1 };
  }

  /** Ends the stepped step: `commit` applies its update first (when training takes over). */
  private finishStepping(commit: boolean): void {
    if (!this.stepping) return;
    if (commit) this.stepping.session.commit();
    this.stepping.session.dispose();
    disposeBatch(this.stepping.batch);
    this.stepping = undefined;
  }

  private async advance(phases: readonly Phase[]): Promise<SteppedStop> {
    if (this.state === 'training') throw new Error(render(this.localize, message('Pause training before stepping.')));
    this.showNow(undefined);
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!this.stepping) this.startStep();
      const stepping = this.stepping!;
      const next = stepping.session.stops.findIndex((stop) => stop.index > stepping.index && phases.includes(stop.phase));
      if (next >= 0) {
        stepping.index = next;
        this.state = 'paused';
        return this.readStop(next);
      }
      // This step has no such stop left: finish it (its update applies) and start the next.
      const { session } = stepping;
      session.commit();
      const [loss] = await session.loss.data();
      this.finishStepping(false);
      this.events.onProgress?.({ epoch: this.trainer.epoch, epochs: this.settings.epochs, step: this.trainer.steps, loss, running: false });
    }
    throw new Error('no stop to step to');
  }

  private async readStop(index: number): Promise<SteppedStop> {
    const { session } = this.stepping!;
    const record = await session.read(index, { values: true });
    let inner: InnerOp[] = [];
    if (record.phase === 'forward' || record.phase === 'backward') inner = session.stepInto(index);
    try {
      const views = await readTensors(Object.fromEntries(inner.map((op, i) => [String(i), op.tensor])), { values: true, limit: 16384 });
      return { record, stopCount: session.stops.length, inner: inner.map((op, i) => ({ name: op.name, formula: op.formula, view: views[String(i)] })) };
    } finally {
      inner.forEach((op) => op.tensor.dispose());
    }
  }

  private ensureProbeBatch(): Batch {
    this.probeBatch ??= this.trainer.sampleBatch(Math.min(PROBE_BATCH, this.settings.batchSize));
    return this.probeBatch;
  }

  private async probeNow(selectedLayer: string | undefined): Promise<Probe> {
    this.trainer.syncNetwork();
    // A shown run's gradients are those of its own loss (its penalty), as it trained.
    const objective = (this.shownRun !== undefined ? this.runResults.get(this.shownRun)?.objective : undefined) ?? this.setup.objective;
    const session = new StepSession(this.network, objective, this.setup.optimizer, this.ensureProbeBatch(), 0);
    try {
      const wanted: Record<string, tf.Tensor> = { loss: session.loss };
      const stopsOf = new Map<string, { forward?: number; backward?: number }>();
      for (const stop of session.stops) {
        if (stop.phase !== 'forward' && stop.phase !== 'backward') continue;
        const entry = stopsOf.get(stop.layer) ?? {};
        entry[stop.phase] = stop.index;
        stopsOf.set(stop.layer, entry);
        const tensors = session.tensors(stop.index);
        if (stop.phase === 'forward' && tensors.output) wanted[`${stop.layer}\u0000output`] = tensors.output;
        const gradient = tensors.dKernel ?? tensors.dOutput;
        if (stop.phase === 'backward' && gradient) wanted[`${stop.layer}\u0000gradient`] = gradient;
      }
      const views = await readTensors(wanted, { values: false });
      const layers: LayerLive[] = [];
      const gradientNorms = new Map<string, number>();
      for (const layer of this.graph.layers) {
        const output = views[`${layer.name}\u0000output`];
        const gradient = views[`${layer.name}\u0000gradient`];
        if (gradient) gradientNorms.set(layer.name, gradient.stats.norm);
        if (output || gradient) {
          layers.push({ layer: layer.name, line: layer.line, outputMean: output?.stats.mean, outputStd: output?.stats.std, gradientNorm: gradient?.stats.norm });
        }
      }
      const indices = selectedLayer ? stopsOf.get(selectedLayer) : undefined;
      const selected = indices && {
        forward: indices.forward !== undefined ? await session.read(indices.forward, { values: true }) : undefined,
        backward: indices.backward !== undefined ? await session.read(indices.backward, { values: true }) : undefined,
      };
      return { loss: views.loss.stats.mean, layers, gradientNorms, selected, ...(this.shownRun !== undefined ? { run: this.shownRun } : {}) };
    } finally {
      session.dispose();
    }
  }

  private async boundaryNow(resolution: number): Promise<Boundary | undefined> {
    const plane = this.dataset.plane;
    const input = this.network.fedInputs[0];
    if (!plane || this.network.fedInputs.length !== 1 || !input) return undefined;
    this.trainer.syncNetwork();
    const grid = applyFeatures(boundaryGrid(resolution, plane.extent), plane.features as Feature[]);
    const count = resolution * resolution;
    const output = this.graph.layers.find((l) => l.name === this.graph.output);
    const hidden = this.graph.layers.filter((l) => l.kind === 'dense' && l.name !== this.graph.output);
    const picked = tf.tidy(() => {
      const x = tf.tensor2d(grid, [count, grid.length / count]);
      const forward = this.network.forward([x], { mode: 'eval', stepSeed: 0 });
      let prediction = forward.outputs.get(this.graph.output)!;
      const units = prediction.shape[prediction.shape.length - 1] ?? 1;
      // Two classes in a softmax: the probability of the second; more: the expected class id.
      if (units === 2) prediction = tf.slice(prediction, [0, 1], [count, 1]);
      else if (units > 2) prediction = tf.div(tf.sum(tf.mul(prediction, tf.range(0, units)), -1), units - 1);
      const parts = [tf.reshape(prediction, [count, 1])];
      for (const layer of hidden) {
        const out = forward.outputs.get(layer.name)!;
        const keep = Math.min(NEURONS_PER_LAYER, out.shape[1] ?? 0);
        parts.push(tf.slice(out, [0, 0], [count, keep]));
      }
      return tf.concat(parts, 1);
    });
    const values = (await picked.data()) as Float32Array;
    const width = picked.shape[1]!;
    picked.dispose();
    const column = (c: number): Float32Array => {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = values[i * width + c];
      return out;
    };
    const neurons: { name: string; values: Float32Array }[] = [];
    let c = 1;
    for (const layer of hidden) {
      const keep = Math.min(NEURONS_PER_LAYER, (layer.outputShape[0] as number) ?? 0);
      for (let unit = 0; unit < keep; unit++) neurons.push({ name: `${layer.name}[${unit}]`, values: column(c++) });
    }
    const main = column(0);
    let range = activationRange(output);
    if (!range) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of main) if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
      range = lo < hi ? [lo, hi] : [lo - 1, lo + 1];
    }
    const labelsOf = (targets: Dataset['train']['targets']): Float32Array => {
      const n = targets.shape[0] ?? 0;
      const per = targets.values.length / Math.max(1, n);
      const labels = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        if (per === 1) labels[i] = targets.values[i];
        else {
          let best = 0;
          for (let k = 1; k < per; k++) if (targets.values[i * per + k] > targets.values[i * per + best]) best = k;
          labels[i] = best;
        }
      }
      return labels;
    };
    const line = await this.decisionLine(plane.features);
    return {
      resolution,
      extent: plane.extent,
      values: main,
      outputRange: range,
      points: plane.points,
      labels: labelsOf(this.dataset.train.targets),
      testPoints: plane.validationPoints,
      testLabels: labelsOf(this.dataset.validation.targets),
      neurons,
      ...(line ? { line } : {}),
    };
  }

  /** The output neuron's line, read from its current weights, when it takes the raw (x1, x2). */
  private async decisionLine(features: readonly string[]): Promise<DecisionLine | undefined> {
    const neuron = decisionNeuron(this.graph);
    if (!neuron || features.length !== 2 || features[0] !== 'x1' || features[1] !== 'x2') return undefined;
    const kernel = this.network.param(paramKey(neuron.name, 'kernel'));
    const bias = this.network.param(paramKey(neuron.name, 'bias'));
    if (!kernel) return undefined;
    const w = await kernel.variable.data();
    const b = bias ? (await bias.variable.data())[0] : 0;
    return { w1: w[0], w2: w[1], b };
  }
}

/** Milliseconds per fused training step of this model on the active backend: a short calibration. */
export async function calibrate(graph: ModelGraph, dataset: Dataset, settings: Partial<TrainSettings>, budgetMs = 400): Promise<number> {
  const setup = createTraining(graph, dataset, { ...settings, engine: 'tfjs' });
  try {
    const times: number[] = [];
    const started = performance.now();
    // The first step compiles kernels and shaders: it is not timed.
    for (let i = 0; i < 12 && (i < 3 || performance.now() - started < budgetMs); i++) {
      const batch = setup.trainer.nextBatch();
      const t0 = performance.now();
      try {
        const loss = fusedStep(setup.network, setup.objective, setup.optimizer, batch, i);
        await loss.data();
        loss.dispose();
      } finally {
        disposeBatch(batch);
      }
      if (i > 0) times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  } finally {
    setup.dispose();
  }
}

/** One forward pass on a seeded random input, for a model that cannot train (no data or loss). */
export async function previewForward(graph: ModelGraph, seed: number, initial?: ReadonlyMap<string, Float32Array>): Promise<Map<string, TensorView>> {
  const network = new Network(graph, seed, initial);
  try {
    const picked = tf.tidy(() => {
      const feeds = network.fedInputs.map((layer) => {
        const shape = [1, ...layer.outputShape.map((d) => d ?? 1)];
        return layer.dtype === 'int32' ? tf.randomUniform(shape, 0, 8, 'int32', seed) : tf.randomUniform(shape, 0, 1, 'float32', seed);
      });
      const forward = network.forward(feeds, { mode: 'eval', stepSeed: 0 });
      const out: Record<string, tf.Tensor> = {};
      for (const [name, t] of forward.outputs) out[name] = t;
      for (const [key, t] of forward.ports) out[key] = t;
      for (const entry of network.params()) out[entry.key] = entry.variable;
      return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, tf.clone(t)]));
    });
    try {
      return new Map(Object.entries(await readTensors(picked, { values: true, limit: 65536 })));
    } finally {
      tf.dispose(Object.values(picked));
    }
  } finally {
    network.dispose();
  }
}

