// The debugger's runtime, with no DAP in it: loads a model file through an injected file
// accessor, prepares data and training as the CLI does, and walks the stops of training steps
// (DESIGN.md, "Stepping") — next, step in/out of a layer's inner operations, step back within
// the step, continue to a breakpoint or a filter — telling its host through events.

import { EventEmitter } from 'node:events';
import { basename, dirname, extname, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { runVariants } from '../core/engine/compare';
import { createTraining, TrainingSetup } from '../core/engine/setup';
import { InnerOp } from '../core/engine/kernel';
import { StatsCache } from '../core/engine/records';
import { disposeBatch } from '../core/engine/training';
import { LanguageService } from '../core/lang/languageService';
import { Localize, LocaleTag, Message, message, render } from '../core/lang/localize';
import { compile, ModelGraph, pickGraph } from '../core/model/graph';
import { ModelProblem, prepare } from '../cli/engineRun';
import { BreakpointSpec, Breakpoints, FilterId, hitConditionMet, PlacedBreakpoint } from './breakpoints';
import { condition, interpolate } from './evaluate';
import { formatValue } from './format';
import { filterHit, Here, StepState, StopContext, stopsOf } from './stopContext';

export interface FileAccessor {
  readFile(path: string): Promise<string>;
  /** A data asset shipped with the adapter (dist/mnist-subset.bin). */
  loadAsset(name: string): Promise<Uint8Array>;
}

export interface LaunchOptions {
  readonly program: string;
  readonly stopOnEntry?: boolean;
  readonly seed?: number;
  readonly batch?: number;
  readonly backend?: 'auto' | 'cpu' | 'wasm';
  readonly runtime?: 'node' | 'webview';
  /** Which model of a file of several to debug; the first by default. */
  readonly model?: string;
}

export type StopReason = 'entry' | 'step' | 'breakpoint' | 'exception' | 'pause';

export interface StoppedInfo {
  readonly reason: StopReason;
  readonly breakpointIds?: number[];
  readonly filter?: FilterId;
  readonly text?: string;
}

export interface Frame {
  readonly name: string;
  readonly line: number;
}

export interface RuntimeEvents {
  stopped: [StoppedInfo];
  output: [string, number | undefined];
  end: [];
}

/** How long a continue computes before it lets requests (pause, disconnect) in. */
const YIELD_EVERY_MS = 25;

export class NetLensRuntime extends EventEmitter<RuntimeEvents> {
  readonly breakpoints = new Breakpoints();
  private program = '';
  /** The launch's `model`: breakpoints are placed on its lines, set before the launch runs. */
  modelName?: string;
  private graph?: ModelGraph;
  private setup?: TrainingSetup;
  private state?: StepState;
  private stopIndex = 0;
  private inner?: { ops: InnerOp[]; index: number };
  /** Tensors made by evaluations at this position; disposed when it changes. */
  private scratch: tf.Tensor[] = [];
  private totalSteps = 0;
  private pauseRequested = false;
  private ended = false;
  private queue: Promise<unknown> = Promise.resolve();
  lastException?: { readonly filter: FilterId; readonly text: string };

  constructor(
    private readonly files: FileAccessor,
    public localize: Localize,
    public locale: LocaleTag = 'en',
  ) {
    super();
  }

  t(m: Message): string {
    return render(this.localize, m);
  }

  /** Loads the model and the data, makes the first step's stops, then stops or runs. */
  async start(options: LaunchOptions): Promise<void> {
    this.program = resolve(options.program);
    this.modelName = options.model;
    if (options.runtime === 'webview') this.emit('output', this.t(message('The webview runtime is not available to the debugger yet: the engine runs in this process (node).')) + '\n', undefined);
    const text = await this.files.readFile(this.program);
    const service = new LanguageService({ localize: this.localize, locale: this.locale });
    const seed = options.seed ?? 1;
    const folder = dirname(this.program);
    const prepared = await prepare({ path: this.program, text, modelName: basename(this.program, extname(this.program)) }, service, options.backend ?? 'auto', seed, {
      readFile: (relative) => this.files.readFile(join(folder, relative)),
      loadAsset: (name) => this.files.loadAsset(name),
    }, options.model);
    // The stops are one network's step; a GAN's step spans two networks.
    if (prepared.graph.training.gan) throw new ModelProblem(prepared.graph.training.gan.line, this.t(message('A GAN trains its discriminator and its generator in turn, and stepping through one of its steps is not available yet: train it (netlens train, or Train in the panel).')));
    this.graph = prepared.graph;
    this.setup = createTraining(prepared.graph, prepared.dataset, { seed, ...(options.batch ? { batchSize: options.batch } : {}) }, prepared.weights);
    this.totalSteps = this.setup.settings.epochs * this.setup.trainer.stepsPerEpoch;
    this.emit('output', this.t(message('{0}: {1} examples a batch, seed {2}, tfjs backend {3}.', prepared.graph.name, this.setup.settings.batchSize, seed, prepared.backend)) + '\n', undefined);
    // A comparison is several trainings; a debug session steps one: the model as it is written.
    const runs = runVariants(prepared.graph);
    const compare = prepared.graph.training.compare;
    if (runs.length > 1 && compare) {
      this.emit('output', this.t(message("The compare line's {0} runs ({1}) train in the panel (Train) or with netlens train; the debugger steps the model as its own optimizer and loss lines are written.", runs.length, runs.map((r) => r.label).join(', '))) + '\n', compare.line);
    }
    this.state = this.newStep();
    this.stopIndex = 0;
    if (options.stopOnEntry ?? true) this.emit('stopped', { reason: 'entry' });
    else void this.serial(() => this.runFrom(true));
  }

  /** Lines that have stops in a model file (for breakpoints set before or after launch). */
  async stopLines(path: string): Promise<number[]> {
    const text = await this.files.readFile(path);
    const analysis = new LanguageService().analyze(text, basename(path, extname(path)));
    const graph = pickGraph(analysis, compile(analysis).graphs, { name: this.modelName });
    if (!graph) return [];
    const lines = graph.layers.map((l) => l.line);
    const training = graph.training;
    for (const section of [training.loss, training.optimizer]) if (section) lines.push(section.line);
    return [...new Set(lines)].sort((a, b) => a - b);
  }

  async setBreakpoints(path: string, specs: readonly BreakpointSpec[]): Promise<PlacedBreakpoint[]> {
    let lines: number[] = [];
    try {
      lines = await this.stopLines(path);
    } catch {
      // An unreadable file has no stop lines: its breakpoints stay unverified.
    }
    return this.breakpoints.set(resolve(path), specs, lines);
  }

  // Moves. Each runs after the previous one and ends in one 'stopped' or 'end' event.
  next(): Promise<void> {
    return this.serial(() => this.stepOver());
  }

  stepIn(): Promise<void> {
    return this.serial(async () => {
      if (!this.inner) {
        const ops = this.innerOps();
        if (ops.length) {
          this.clearScratch();
          this.inner = { ops, index: 0 };
          return this.stopped({ reason: 'step' });
        }
      }
      await this.stepOver();
    });
  }

  /** Out of an inner operation: back to its layer; out of a layer: on to the next phase. */
  stepOut(): Promise<void> {
    return this.serial(async () => {
      if (this.inner) {
        this.leaveInner();
        return this.stopped({ reason: 'step' });
      }
      const phase = this.here.stop.phase;
      const step = this.state!.step;
      await this.runFrom(false, (h) => h.stop.phase !== phase || h.state.step !== step);
    });
  }

  stepBack(): Promise<void> {
    return this.serial(async () => {
      if (this.inner && this.inner.index > 0) this.moveInner(this.inner.index - 1);
      else if (this.inner) this.leaveInner();
      else if (this.stopIndex > 0) this.moveTo(this.stopIndex - 1);
      else this.emit('output', this.t(message('This is the first stop of the training step: the steps before it are not kept.')) + '\n', undefined);
      this.emit('stopped', { reason: 'step' });
    });
  }

  /** Back to the previous breakpoint within this step, or to its first stop. */
  reverseContinue(): Promise<void> {
    return this.serial(async () => {
      this.leaveInner();
      while (this.stopIndex > 0) {
        this.moveTo(this.stopIndex - 1);
        const hit = await this.check();
        if (hit) return this.stopped(hit);
      }
      this.emit('stopped', { reason: 'step' });
    });
  }

  continue(): Promise<void> {
    return this.serial(() => this.runFrom(false));
  }

  pause(): void {
    this.pauseRequested = true;
  }

  /** The call stack, innermost first: operation › layer › phase › batch › epoch. */
  frames(): Frame[] {
    const here = this.here;
    const { stop, state } = here;
    const training = this.graph!.training;
    const frames: Frame[] = [];
    if (this.inner) {
      const op = this.inner.ops[this.inner.index];
      frames.push({ name: `${op.name}: ${op.formula}`, line: stop.line });
    }
    frames.push({ name: stop.layer, line: stop.line });
    frames.push({ name: this.t(message(stop.phase)), line: stop.line });
    frames.push({ name: this.t(message('batch {0}', state.batchNumber)), line: training.data?.line ?? stop.line });
    frames.push({ name: this.t(message('epoch {0}', state.epoch)), line: training.train?.line ?? this.graph!.line });
    return frames;
  }

  get sourcePath(): string {
    return this.program;
  }

  get isStarted(): boolean {
    return this.state !== undefined;
  }

  /** The current position, for views over it (variables, evaluation, inline values). */
  get here(): Here {
    const state = this.state!;
    return { state, stop: state.stops[this.stopIndex], stopIndex: this.stopIndex, inner: this.inner, graph: this.graph!, track: (t) => this.scratch.push(t) };
  }

  context(): StopContext {
    return new StopContext(this.here, this.localize);
  }

  /** Runs a view's work after the moves queued before it, never during one. */
  serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  memory(): number {
    return tf.memory().numTensors;
  }

  dispose(): void {
    this.pauseRequested = true;
    this.ended = true;
    this.disposeStep();
    this.setup?.dispose();
    this.setup = undefined;
  }

  private newStep(): StepState {
    const trainer = this.setup!.trainer;
    const perEpoch = trainer.stepsPerEpoch;
    // Stepping never runs an epoch loop: keep the trainer's epoch, which seeds each shuffle, current.
    trainer.epoch = Math.floor(trainer.steps / perEpoch);
    const step = trainer.steps;
    const { session, batch } = trainer.stepSession();
    const training = this.graph!.training;
    const updateLine = training.optimizer?.line ?? training.train?.line ?? training.loss?.line ?? 0;
    const cache: StatsCache = new WeakMap();
    return { session, batch, step, epoch: Math.floor(step / perEpoch) + 1, batchNumber: (step % perEpoch) + 1, stops: stopsOf(session, updateLine, training.optimizer?.name ?? 'sgd'), cache };
  }

  private disposeStep(): void {
    this.leaveInner();
    if (!this.state) return;
    this.state.session.dispose();
    disposeBatch(this.state.batch);
    this.state = undefined;
  }

  private innerOps(): InnerOp[] {
    const { stop, state } = this.here;
    if (stop.phase !== 'forward' && stop.phase !== 'backward') return [];
    return state.session.stepInto(stop.engine[0]);
  }

  private clearScratch(): void {
    this.scratch.forEach((t) => t.dispose());
    this.scratch = [];
  }

  private leaveInner(): void {
    this.clearScratch();
    this.inner?.ops.forEach((op) => op.tensor.dispose());
    this.inner = undefined;
  }

  private moveInner(index: number): void {
    this.clearScratch();
    this.inner = { ...this.inner!, index };
  }

  private moveTo(stopIndex: number): void {
    this.leaveInner();
    this.stopIndex = stopIndex;
  }

  /** To the next stop, into the next training step when this one is done; false at the end. */
  private async advance(): Promise<boolean> {
    if (this.ended) return false;
    if (this.stopIndex + 1 < this.state!.stops.length) {
      this.moveTo(this.stopIndex + 1);
      return true;
    }
    this.state!.session.commit();
    const done = this.state!.step + 1 >= this.totalSteps;
    this.disposeStep();
    if (done) {
      this.ended = true;
      this.emit('output', this.t(this.totalSteps === 1 ? message('Training finished: 1 step.') : message('Training finished: {0} steps.', this.totalSteps)) + '\n', undefined);
      this.emit('end');
      return false;
    }
    this.state = this.newStep();
    this.stopIndex = 0;
    return true;
  }

  private stopped(info: StoppedInfo): void {
    this.emit('stopped', info);
  }

  private async stepOver(): Promise<void> {
    if (this.inner && this.inner.index + 1 < this.inner.ops.length) this.moveInner(this.inner.index + 1);
    else if (!(await this.advance())) return;
    await this.landed();
  }

  /** After a step lands on a stop: logpoints print, a filter turns the stop into an exception. */
  private async landed(): Promise<void> {
    const hit = await this.check(true);
    this.emit('stopped', hit?.reason === 'exception' ? hit : { reason: 'step' });
  }

  /** Runs on from here (from the current stop itself when `includeHere`) to a breakpoint, a filter, `until`, pause or the end. */
  private async runFrom(includeHere: boolean, until?: (here: Here) => boolean): Promise<void> {
    this.pauseRequested = false;
    let lastYield = Date.now();
    let first = includeHere;
    for (;;) {
      if (!first && !(await this.advance())) return;
      first = false;
      if (this.pauseRequested) return this.stopped({ reason: 'pause' });
      const hit = await this.check();
      if (hit) return this.stopped(hit);
      if (until?.(this.here)) return this.stopped({ reason: 'step' });
      if (Date.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise((r) => setImmediate(r));
        lastYield = Date.now();
        if (this.ended) return;
      }
    }
  }

  /** Filters, then breakpoints, at the current stop; logpoints print and go on. */
  private async check(logOnly = false): Promise<StoppedInfo | undefined> {
    const here = this.here;
    const filtered = await filterHit(here, this.breakpoints.filters, this.localize);
    if (filtered) {
      this.lastException = filtered;
      return { reason: 'exception', filter: filtered.filter, text: filtered.text };
    }
    const candidates = this.breakpoints.at(this.program, here.stop.line, here.stop.phase);
    if (!candidates.length) return undefined;
    const context = this.context();
    try {
      for (const breakpoint of candidates) {
        if (breakpoint.condition) {
          const verdict = await condition(breakpoint.condition, context.scope());
          if (typeof verdict !== 'boolean') {
            this.emit('output', `${this.t(message("The condition '{0}' cannot be evaluated: {1}", breakpoint.condition, verdict))}\n`, here.stop.line);
            if (logOnly) continue;
            return { reason: 'breakpoint', breakpointIds: [breakpoint.id] };
          }
          if (!verdict) continue;
        }
        breakpoint.hits++;
        if (breakpoint.hitCondition && !hitConditionMet(breakpoint.hitCondition, breakpoint.hits)) continue;
        if (breakpoint.logMessage) {
          this.emit('output', (await interpolate(breakpoint.logMessage, context.scope(), (v) => formatValue(v, this.localize), (m) => this.t(m))) + '\n', here.stop.line);
          continue;
        }
        if (!logOnly) return { reason: 'breakpoint', breakpointIds: [breakpoint.id] };
      }
      return undefined;
    } finally {
      this.clearScratch();
    }
  }
}
