// What the debugger sees at one position of a training step: the stop's tensors sorted into
// scopes (Activations, Parameters, Gradients, Optimizer state, Batch), the names expressions
// may use there, the exception filters' verdicts and the inline values of each layer line.

import * as tf from '@tensorflow/tfjs-core';
import { InnerOp } from '../core/engine/kernel';
import { readTensors, StatsCache } from '../core/engine/records';
import { Batch } from '../core/engine/objective';
import { gradientRole, Phase, StepSession } from '../core/engine/stepper';
import { Localize, Message, message, render } from '../core/lang/localize';
import { GraphLayer, ModelGraph } from '../core/model/graph';
import { TensorView } from '../core/protocol/panel';
import { FilterId } from './breakpoints';
import { EvaluationScope, Origin, Value } from './evaluate';
import { formatNumber } from './format';

/** A stop as the debugger walks it: the engine's stops, with its update stops merged into one on the optimizer line. */
export interface RuntimeStop {
  readonly phase: Phase;
  /** The layer's name; the optimizer's for the update. */
  readonly layer: string;
  readonly line: number;
  /** The engine's stop indices (several for the update). */
  readonly engine: readonly number[];
}

export interface StepState {
  readonly session: StepSession;
  readonly batch: Batch;
  /** 0-based training step; epoch and batch are 1-based, as people count. */
  readonly step: number;
  readonly epoch: number;
  readonly batchNumber: number;
  readonly stops: readonly RuntimeStop[];
  readonly cache: StatsCache;
}

export interface Here {
  readonly state: StepState;
  readonly stop: RuntimeStop;
  readonly stopIndex: number;
  readonly inner?: { readonly ops: readonly InnerOp[]; readonly index: number };
  readonly graph: ModelGraph;
  readonly track: (tensor: tf.Tensor) => void;
}

export type ScopeName = 'operation' | 'activations' | 'parameters' | 'gradients' | 'optimizer' | 'batch';

export const SCOPE_TITLES: Record<ScopeName, Message> = {
  operation: message('Operation'),
  activations: message('Activations'),
  parameters: message('Parameters'),
  gradients: message('Gradients'),
  optimizer: message('Optimizer state'),
  batch: message('Batch'),
};

/** One row of a scope: a tensor (with its statistics) or a number. */
export interface Entry {
  readonly name: string;
  /** The expression that gives it again in the debug console (Add to Watch, Copy as Expression). */
  readonly expression: string;
  readonly tensor?: tf.Tensor;
  readonly view?: TensorView;
  readonly number?: number;
  /** A note before the statistics: an operation's formula. */
  readonly note?: string;
}

export function stopsOf(session: StepSession, updateLine: number, optimizer: string): RuntimeStop[] {
  const stops: RuntimeStop[] = [];
  const updates: number[] = [];
  for (const s of session.stops) {
    if (s.phase === 'update') updates.push(s.index);
    else stops.push({ phase: s.phase, layer: s.layer, line: s.line, engine: [s.index] });
  }
  if (updates.length) stops.push({ phase: 'update', layer: optimizer, line: updateLine, engine: updates });
  return stops;
}

function isGradient(role: string): boolean {
  return /^d[A-Z]/.test(role);
}

export class StopContext {
  constructor(
    readonly here: Here,
    private readonly localize: Localize,
  ) {}

  layer(name: string): GraphLayer | undefined {
    return this.here.graph.layers.find((l) => l.name === name);
  }

  /** The engine's tensors of a layer in a phase (never the update's, which would commit it). */
  tensorsOf(layer: string, phase: 'forward' | 'backward'): Record<string, tf.Tensor> {
    const { state } = this.here;
    const stop = state.session.stops.find((s) => s.layer === layer && s.phase === phase);
    return stop ? state.session.tensors(stop.index) : {};
  }

  /** A layer's gradient for `grad` and the filters: its first parameter's, else its output's. */
  gradientOf(layer: string): { role: string; tensor: tf.Tensor } | undefined {
    const tensors = this.tensorsOf(layer, 'backward');
    const spec = this.layer(layer)?.params.find((p) => p.trainable && gradientRole(p.name) in tensors);
    const role = spec ? gradientRole(spec.name) : 'dOutput';
    return tensors[role] ? { role, tensor: tensors[role] } : undefined;
  }

  /** The current stop's tensors by role; the update's are named `layer.role`. */
  stopTensors(): Record<string, tf.Tensor> {
    const { state, stop } = this.here;
    if (stop.phase !== 'update') return state.session.tensors(stop.engine[0]);
    const out: Record<string, tf.Tensor> = {};
    for (const index of stop.engine) {
      const layer = state.session.stops[index].layer;
      for (const [role, t] of Object.entries(state.session.tensors(index))) out[`${layer}.${role}`] = t;
    }
    return out;
  }

  async views(tensors: Record<string, tf.Tensor>): Promise<Record<string, TensorView>> {
    return readTensors(tensors, { values: true, limit: 6 }, this.here.state.cache);
  }

  /** The rows of a scope at this position. */
  async entries(scope: ScopeName): Promise<Entry[]> {
    const { stop, state, inner } = this.here;
    const tensors: { name: string; expression: string; tensor: tf.Tensor; note?: string }[] = [];
    const numbers: Entry[] = [];
    const prefix = stop.phase === 'update' ? '' : `${stop.layer}.`;
    if (scope === 'operation' && inner) {
      inner.ops.slice(0, inner.index + 1).forEach((op) => tensors.push({ name: op.name, expression: op.name, tensor: op.tensor, note: op.formula }));
    } else if (scope === 'batch') {
      const inputs = this.here.graph.layers.filter((l) => l.kind === 'input');
      state.batch.inputs.forEach((t, i) => tensors.push({ name: inputs[i]?.name ?? `input${i}`, expression: `${inputs[i]?.name ?? 'input'}.output`, tensor: t }));
      tensors.push({ name: 'target', expression: 'target', tensor: state.batch.targets });
      if (state.batch.mask) tensors.push({ name: 'mask', expression: 'mask', tensor: state.batch.mask });
      numbers.push({ name: 'epoch', expression: 'epoch', number: state.epoch }, { name: 'batch', expression: 'batch', number: state.batchNumber }, { name: 'step', expression: 'step', number: state.step + 1 });
    } else if (scope !== 'operation') {
      const own = this.stopTensors();
      // A backward stop also shows what its layer computed going forward, for context.
      const context = stop.phase === 'backward' ? this.tensorsOf(stop.layer, 'forward') : {};
      const all = { ...context, ...own };
      const params = new Set(this.here.graph.layers.flatMap((l) => l.params.map((p) => p.name)));
      for (const [role, tensor] of Object.entries(all)) {
        const bare = role.includes('.') && stop.phase === 'update' ? role.slice(role.indexOf('.') + 1) : role;
        const kind: ScopeName = isGradient(bare) ? 'gradients' : bare.includes('.') ? 'optimizer' : params.has(bare) || /Before$/.test(bare) ? 'parameters' : bare === 'target' || bare === 'mask' ? 'batch' : 'activations';
        if (kind === scope) tensors.push({ name: role, expression: role === 'loss' ? 'loss' : `${prefix}${role}`, tensor });
      }
    }
    const views = await this.views(Object.fromEntries(tensors.map((t, i) => [String(i), t.tensor])));
    return [...tensors.map((t, i) => ({ ...t, view: views[String(i)] })), ...numbers];
  }

  /** The names an expression may use here. */
  scope(): EvaluationScope {
    const { stop, state, inner, graph } = this.here;
    const own = stop.phase === 'update' ? {} : this.stopTensors();
    const tensorOf = (t: tf.Tensor, origin?: Origin): Value => ({ kind: 'tensor', tensor: t, origin });
    const numbers: Record<string, () => Promise<Value>> = {
      loss: async () => ({ kind: 'number', value: (await state.session.loss.data())[0] }),
      epoch: async () => ({ kind: 'number', value: state.epoch }),
      batch: async () => ({ kind: 'number', value: state.batchNumber }),
      step: async () => ({ kind: 'number', value: state.step + 1 }),
      forward: async () => ({ kind: 'boolean', value: stop.phase === 'forward' }),
      backward: async () => ({ kind: 'boolean', value: stop.phase === 'backward' }),
      update: async () => ({ kind: 'boolean', value: stop.phase === 'update' }),
    };
    return {
      name: async (name) => {
        const op = inner?.ops.slice(0, inner.index + 1).find((o) => o.name === name);
        if (op) return tensorOf(op.tensor);
        if (name in numbers) return numbers[name]();
        if (name === 'target') return tensorOf(state.batch.targets);
        if (name === 'grad' && stop.phase === 'backward') {
          const g = this.gradientOf(stop.layer);
          return g ? tensorOf(g.tensor) : undefined;
        }
        if (Object.hasOwn(own, name)) return tensorOf(own[name], { layer: stop.layer, role: name });
        if (this.layer(name)) return { kind: 'layer', layer: name };
        return undefined;
      },
      member: (layer, name) => {
        if (name === 'grad') {
          const g = this.gradientOf(layer);
          return g ? tensorOf(g.tensor) : undefined;
        }
        // At the update, a parameter is its new value (kernelBefore the old one).
        const update = stop.phase === 'update' ? stop.engine.find((i) => state.session.stops[i].layer === layer) : undefined;
        const sources = [...(update === undefined ? [] : [state.session.tensors(update)]), this.tensorsOf(layer, 'forward'), this.tensorsOf(layer, 'backward')];
        for (const tensors of sources) {
          if (Object.hasOwn(tensors, name)) return tensorOf(tensors[name], { layer, role: name });
        }
        return undefined;
      },
      gradient: ({ layer, role }) => {
        const tensors = this.tensorsOf(layer, 'backward');
        const wanted = role === 'output' ? 'dOutput' : gradientRole(role);
        return tensors[wanted] ? tensorOf(tensors[wanted]) : undefined;
      },
      names: () => [...(inner ? inner.ops.slice(0, inner.index + 1).map((o) => o.name) : []), ...Object.keys(own), ...Object.keys(numbers), ...graph.layers.map((l) => l.name)],
      track: this.here.track,
    };
  }

  /** Text at the end of each layer line: output mean and std forward, ‖grad‖ once backward reached it. */
  async inlineValues(): Promise<{ line: number; text: string }[]> {
    const { state, stopIndex } = this.here;
    const reached = state.stops.slice(0, stopIndex + 1);
    const out: { line: number; text: string }[] = [];
    for (const layer of this.here.graph.layers) {
      const backward = reached.find((s) => s.phase === 'backward' && s.layer === layer.name);
      const forward = reached.find((s) => s.phase === 'forward' && s.layer === layer.name);
      if (backward) {
        const g = this.gradientOf(layer.name);
        if (g) out.push({ line: layer.line, text: `‖${g.role}‖ ${formatNumber((await this.views({ g: g.tensor })).g.stats.norm)}` });
      } else if (forward) {
        const output = this.tensorsOf(layer.name, 'forward').output;
        if (output) {
          const s = (await this.views({ output })).output.stats;
          out.push({ line: layer.line, text: render(this.localize, message('mean {0} · std {1}', formatNumber(s.mean), formatNumber(s.std))) });
        }
      }
    }
    const loss = this.here.graph.training.loss;
    if (loss && reached.some((s) => s.phase === 'loss')) out.push({ line: loss.line, text: `loss ${formatNumber((await state.session.loss.data())[0])}` });
    return out;
  }
}

/** The first enabled filter that this stop trips, with the sentence that says so. */
export async function filterHit(here: Here, filters: ReadonlyMap<FilterId, number>, localize: Localize): Promise<{ filter: FilterId; text: string } | undefined> {
  if (!filters.size) return undefined;
  const context = new StopContext(here, localize);
  const { stop } = here;
  const t = (template: string, ...args: (string | number)[]) => render(localize, message(template, ...args));
  const phaseName = render(localize, message(stop.phase));
  if (filters.has('nan')) {
    const views = await context.views(context.stopTensors());
    const bad = Object.entries(views).find(([, v]) => v.stats.nonFinite > 0);
    if (bad) return { filter: 'nan', text: t('{0} of {1} holds {2} NaN or infinite values ({3}).', bad[0], stop.layer, bad[1].stats.nonFinite, phaseName) };
  }
  if (stop.phase === 'backward' && (filters.has('vanishing') || filters.has('exploding'))) {
    const g = context.gradientOf(stop.layer);
    const norm = g ? (await context.views({ g: g.tensor })).g.stats.norm : NaN;
    if (g && filters.has('vanishing') && norm < filters.get('vanishing')!) return { filter: 'vanishing', text: t('Vanishing gradient at {0}: ‖{1}‖ = {2}, below {3}.', stop.layer, g.role, formatNumber(norm), formatNumber(filters.get('vanishing')!)) };
    if (g && filters.has('exploding') && norm > filters.get('exploding')!) return { filter: 'exploding', text: t('Exploding gradient at {0}: ‖{1}‖ = {2}, above {3}.', stop.layer, g.role, formatNumber(norm), formatNumber(filters.get('exploding')!)) };
  }
  const layer = context.layer(stop.layer);
  if (stop.phase === 'forward' && filters.has('deadRelu') && layer && (layer.kind === 'relu' || layer.attrs.activation === 'relu')) {
    const output = context.tensorsOf(stop.layer, 'forward').output;
    const zeros = output ? (await context.views({ output })).output.stats.zeros : 0;
    if (zeros > filters.get('deadRelu')!) return { filter: 'deadRelu', text: t('Dead ReLUs in {0}: {1} % of its outputs are zero, above {2} %.', stop.layer, formatNumber(zeros * 100), formatNumber(filters.get('deadRelu')! * 100)) };
  }
  return undefined;
}
