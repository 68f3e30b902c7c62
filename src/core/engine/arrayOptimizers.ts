// The optimizers of the course over plain Float32Arrays, for the small-network engine that
// trains tiny dense nets without tfjs (where tfjs' per-op cost dominates). The settings and
// the update rules' text live here too, with no tfjs import, and the tensor form in
// optimizers.ts reads them: both forms follow one rule book, and a test holds them equal.

import { OPTIMIZERS, sectionSpec } from '../lang/sections';
import { ModelGraph, SectionConfig } from '../model/graph';

export type OptimizerName = 'gd' | 'sgd' | 'rmsprop' | 'adagrad' | 'adadelta' | 'adam' | 'adamax' | 'nadam';

/** An optimizer line resolved to numbers, the language's defaults filled in. */
export interface OptimizerSettings {
  readonly name: OptimizerName;
  readonly lr: number;
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly rho: number;
  readonly epsilon: number;
  readonly initialAccumulator: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly decay: number;
  readonly clipValue?: number;
  readonly clipNorm?: number;
}

function specDefault(choice: string, arg: string): unknown {
  const spec = OPTIMIZERS.find((o) => o.name === choice)?.args?.find((a) => a.name === arg) ?? sectionSpec('optimizer')?.args?.find((a) => a.name === arg);
  return spec?.default;
}

/** The settings of an optimizer line; no line means Keras' default, SGD with α = 0.01. */
export function optimizerSettings(config: SectionConfig | undefined): OptimizerSettings {
  const name = (config?.name ?? 'sgd') as OptimizerName;
  if (!OPTIMIZERS.some((o) => o.name === name)) throw new Error(`Unknown optimizer '${name}' (line ${(config?.line ?? 0) + 1}).`);
  const read = (arg: string): unknown => config?.attrs[arg] ?? specDefault(name, arg);
  const num = (arg: string, fallback: number): number => {
    const value = read(arg);
    return typeof value === 'number' ? value : fallback;
  };
  const optional = (arg: string): number | undefined => {
    const value = config?.attrs[arg];
    return typeof value === 'number' ? value : undefined;
  };
  return {
    name,
    lr: num('lr', 0.01),
    momentum: num('momentum', 0),
    nesterov: read('nesterov') === true,
    rho: num('rho', 0.9),
    epsilon: num('epsilon', 1e-7),
    initialAccumulator: num('initial_accumulator', 0.1),
    beta1: num('beta1', 0.9),
    beta2: num('beta2', 0.999),
    decay: num('decay', 0),
    clipValue: optional('clip_value'),
    clipNorm: optional('clip_norm'),
  };
}

/**
 * The update rule as the course writes it. g is the gradient after clipping (first to
 * [−clip_value, clip_value] entry by entry, then g·min(1, clip_norm/‖g‖₂) per tensor);
 * α_t = α/(1 + decay·t) with t the updates done before this one.
 */
export function optimizerFormula(s: OptimizerSettings): string {
  switch (s.name) {
    case 'gd':
      // The same rule as plain SGD; g is the mean gradient over the whole training set.
      return 'W ← W − α·g';
    case 'sgd':
      if (s.momentum === 0) return 'W ← W − α·g';
      return s.nesterov ? 'v ← β·v − α·g;  W ← W + β·v − α·g' : 'v ← β·v − α·g;  W ← W + v';
    case 'rmsprop':
      return s.momentum === 0
        ? 's ← ρ·s + (1 − ρ)·g²;  W ← W − α·g/(√s + ε)'
        : 's ← ρ·s + (1 − ρ)·g²;  m ← μ·m + α·g/(√s + ε);  W ← W − m';
    case 'adagrad':
      return 's ← s + g²;  W ← W − α·g/(√s + ε)';
    case 'adadelta':
      return 's ← ρ·s + (1 − ρ)·g²;  Δ = −(√(u + ε)/√(s + ε))·g;  u ← ρ·u + (1 − ρ)·Δ²;  W ← W + α·Δ';
    case 'adam':
      return 'm ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²;  m̂ = m/(1 − β₁ᵗ);  v̂ = v/(1 − β₂ᵗ);  W ← W − α·m̂/(√v̂ + ε)';
    case 'adamax':
      return 'm ← β₁·m + (1 − β₁)·g;  u ← max(β₂·u, |g|);  W ← W − (α/(1 − β₁ᵗ))·m/(u + ε)';
    case 'nadam':
      return 'm ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²;  m̂ = m/(1 − β₁ᵗ);  v̂ = v/(1 − β₂ᵗ);  W ← W − α·(β₁·m̂ + (1 − β₁)·g/(1 − β₁ᵗ))/(√v̂ + ε)';
  }
}

/** The state each optimizer keeps per parameter, by the names views show. */
export function slotNames(s: OptimizerSettings): readonly string[] {
  switch (s.name) {
    case 'gd':
      return [];
    case 'sgd':
      return s.momentum === 0 ? [] : ['velocity'];
    case 'rmsprop':
      // s is the running mean of g²; velocity is the momentum buffer m.
      return s.momentum === 0 ? ['accumulator'] : ['accumulator', 'velocity'];
    case 'adagrad':
      return ['accumulator'];
    case 'adadelta':
      return ['accumulator', 'delta_accumulator'];
    case 'adam':
    case 'nadam':
      return ['m', 'v'];
    case 'adamax':
      return ['m', 'u'];
  }
}

/** The learning rate for update number t + 1 (t updates done). */
export function decayedRate(s: OptimizerSettings, t: number): number {
  return s.lr / (1 + s.decay * t);
}

export interface ArrayOptimizer {
  readonly name: OptimizerName;
  readonly formula: string;
  readonly iterations: number;
  learningRate(): number;
  /** Clips, decays and updates `params` in place; slots are created on a key's first update. */
  apply(params: Readonly<Record<string, Float32Array>>, grads: Readonly<Record<string, Float32Array>>): void;
  slots(): Readonly<Record<string, Readonly<Record<string, Float32Array>>>>;
  /** A copy of the whole state, to hand to the other engine (see OptimizerState). */
  exportState(): OptimizerState;
  /** Replaces the whole state with a copy of `state`: keys it lacks start afresh. */
  importState(state: OptimizerState): void;
  reset(): void;
}

/**
 * An optimizer's whole state in plain arrays, the same for both forms (tensor and array), so
 * the small-network path and tfjs can hand training over without resetting momentum or Adam's
 * moments: updates done so far, and per parameter key ('layer/param') each slot's values.
 */
export interface OptimizerState {
  readonly iterations: number;
  readonly slots: Readonly<Record<string, Readonly<Record<string, Float32Array>>>>;
}

/** Weights a penalty applies to: kernels (also recurrent, depthwise and attention projections), never biases. */
export function isPenalised(paramName: string): boolean {
  return paramName === 'kernel' || paramName.endsWith('_kernel') || paramName.endsWith('/kernel');
}

/** The weights a layer's own l1/l2 penalise, as Keras' kernel_regularizer (depthwise_ and pointwise_ for separable ones). */
export const LAYER_PENALISED: ReadonlySet<string> = new Set(['kernel', 'depthwise_kernel', 'pointwise_kernel', 'forward_kernel', 'backward_kernel']);

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

/**
 * λ of the L1 term on each penalised parameter ('layer/param' → λ), by the same rule as
 * `penalty`: the layer's l1 on its kernel plus the loss line's l1 on every penalised weight.
 */
export function l1Strengths(graph: ModelGraph): Record<string, number> {
  const globalL1 = num(graph.training.loss?.attrs.l1);
  const strengths: Record<string, number> = {};
  for (const layer of graph.layers) {
    for (const spec of layer.params) {
      if (!spec.trainable || !isPenalised(spec.name)) continue;
      const l1 = (LAYER_PENALISED.has(spec.name) ? num(layer.attrs.l1) : 0) + globalL1;
      if (l1 > 0) strengths[`${layer.name}/${spec.name}`] = l1;
    }
  }
  return strengths;
}

/**
 * L1 with exact zeros (the clipping of Tsuruoka et al., 2009, as scikit-learn's SGD does): at a
 * weight that is exactly 0 the gradient of λ·|w| is taken as the subgradient nearest 0 (tfjs'
 * autodiff gave −λ there): the weight stays at 0 while the data's pull |g| is at most λ. After
 * the update, a weight whose step crossed 0 stops at 0. So L1 gives truly sparse weights.
 */
export function l1AtZero(g: number, lambda: number): number {
  const data = g + lambda;
  return Math.sign(data) * Math.max(0, Math.abs(data) - lambda);
}

/** The clipped gradient, in float64: clip_value entry by entry, then clip_norm on the whole. */
function clipped(s: OptimizerSettings, grad: Float32Array): Float64Array {
  const g = Float64Array.from(grad);
  if (s.clipValue !== undefined) {
    const v = s.clipValue;
    for (let i = 0; i < g.length; i++) g[i] = Math.min(v, Math.max(-v, g[i]));
  }
  if (s.clipNorm !== undefined) {
    let squares = 0;
    for (let i = 0; i < g.length; i++) squares += g[i] * g[i];
    const norm = Math.sqrt(squares);
    if (norm > s.clipNorm) {
      const scale = s.clipNorm / norm;
      for (let i = 0; i < g.length; i++) g[i] *= scale;
    }
  }
  return g;
}

/** One update of one parameter by the rules above; `t` counts from 1. */
function update(s: OptimizerSettings, w: Float32Array, g: Float64Array, slot: Record<string, Float32Array>, alpha: number, t: number): void {
  const { epsilon: eps } = s;
  switch (s.name) {
    case 'gd':
    case 'sgd': {
      if (s.momentum === 0) {
        for (let i = 0; i < w.length; i++) w[i] = w[i] - alpha * g[i];
        return;
      }
      const v = slot.velocity;
      const beta = s.momentum;
      for (let i = 0; i < w.length; i++) {
        const vi = beta * v[i] - alpha * g[i];
        v[i] = vi;
        w[i] = s.nesterov ? w[i] + beta * vi - alpha * g[i] : w[i] + vi;
      }
      return;
    }
    case 'rmsprop': {
      const acc = slot.accumulator;
      for (let i = 0; i < w.length; i++) {
        const si = s.rho * acc[i] + (1 - s.rho) * g[i] * g[i];
        acc[i] = si;
        const step = (alpha * g[i]) / (Math.sqrt(si) + eps);
        if (s.momentum === 0) {
          w[i] = w[i] - step;
        } else {
          const mi = s.momentum * slot.velocity[i] + step;
          slot.velocity[i] = mi;
          w[i] = w[i] - mi;
        }
      }
      return;
    }
    case 'adagrad': {
      const acc = slot.accumulator;
      for (let i = 0; i < w.length; i++) {
        const si = acc[i] + g[i] * g[i];
        acc[i] = si;
        w[i] = w[i] - (alpha * g[i]) / (Math.sqrt(si) + eps);
      }
      return;
    }
    case 'adadelta': {
      const acc = slot.accumulator;
      const deltas = slot.delta_accumulator;
      for (let i = 0; i < w.length; i++) {
        const si = s.rho * acc[i] + (1 - s.rho) * g[i] * g[i];
        acc[i] = si;
        const delta = -(Math.sqrt(deltas[i] + eps) / Math.sqrt(si + eps)) * g[i];
        deltas[i] = s.rho * deltas[i] + (1 - s.rho) * delta * delta;
        w[i] = w[i] + alpha * delta;
      }
      return;
    }
    case 'adam':
    case 'nadam': {
      const { m, v } = slot;
      const c1 = 1 - Math.pow(s.beta1, t);
      const c2 = 1 - Math.pow(s.beta2, t);
      for (let i = 0; i < w.length; i++) {
        const mi = s.beta1 * m[i] + (1 - s.beta1) * g[i];
        const vi = s.beta2 * v[i] + (1 - s.beta2) * g[i] * g[i];
        m[i] = mi;
        v[i] = vi;
        const mHat = mi / c1;
        const vHat = vi / c2;
        const numerator = s.name === 'adam' ? mHat : s.beta1 * mHat + ((1 - s.beta1) * g[i]) / c1;
        w[i] = w[i] - (alpha * numerator) / (Math.sqrt(vHat) + eps);
      }
      return;
    }
    case 'adamax': {
      const { m, u } = slot;
      const rate = alpha / (1 - Math.pow(s.beta1, t));
      for (let i = 0; i < w.length; i++) {
        const mi = s.beta1 * m[i] + (1 - s.beta1) * g[i];
        const ui = Math.max(s.beta2 * u[i], Math.abs(g[i]));
        m[i] = mi;
        u[i] = ui;
        w[i] = w[i] - (rate * mi) / (ui + eps);
      }
      return;
    }
  }
}

/** `l1` maps 'layer/param' to its L1 strength λ (see l1AtZero); `l1Strengths` in losses.ts makes it. */
export function createArrayOptimizer(config: SectionConfig | undefined, l1: Readonly<Record<string, number>> = {}): ArrayOptimizer {
  const settings = optimizerSettings(config);
  const names = slotNames(settings);
  let slots: Record<string, Record<string, Float32Array>> = {};
  let iterations = 0;
  const slotFor = (key: string, size: number): Record<string, Float32Array> => {
    let slot = slots[key];
    if (!slot) {
      slot = {};
      for (const name of names) slot[name] = new Float32Array(size).fill(settings.name === 'adagrad' ? settings.initialAccumulator : 0);
      slots[key] = slot;
    }
    return slot;
  };
  return {
    name: settings.name,
    formula: optimizerFormula(settings),
    get iterations() {
      return iterations;
    },
    learningRate: () => decayedRate(settings, iterations),
    apply(params, grads) {
      const alpha = decayedRate(settings, iterations);
      for (const [key, grad] of Object.entries(grads)) {
        const w = params[key];
        if (!w) throw new Error(`Optimizer: a gradient for '${key}', which is no parameter.`);
        if (w.length !== grad.length) throw new Error(`Optimizer: '${key}' has ${w.length} values but its gradient ${grad.length}.`);
        const g = clipped(settings, grad);
        const lambda = l1[key];
        const before = lambda ? w.slice() : undefined;
        if (lambda) for (let i = 0; i < g.length; i++) if (w[i] === 0) g[i] = l1AtZero(g[i], lambda);
        update(settings, w, g, slotFor(key, w.length), alpha, iterations + 1);
        if (before) for (let i = 0; i < w.length; i++) if (before[i] * w[i] < 0) w[i] = 0;
      }
      iterations++;
    },
    slots: () => slots,
    exportState() {
      const copy: Record<string, Record<string, Float32Array>> = {};
      for (const [key, slot] of Object.entries(slots)) copy[key] = Object.fromEntries(Object.entries(slot).map(([name, values]) => [name, values.slice()]));
      return { iterations, slots: copy };
    },
    importState(state) {
      const next: Record<string, Record<string, Float32Array>> = {};
      for (const [key, slot] of Object.entries(state.slots)) {
        const missing = names.filter((name) => !slot[name]);
        if (missing.length) throw new Error(`Optimizer: the state of '${key}' has no ${missing.join(', ')}.`);
        next[key] = Object.fromEntries(names.map((name) => [name, Float32Array.from(slot[name])]));
      }
      slots = next;
      iterations = state.iterations;
    },
    reset() {
      slots = {};
      iterations = 0;
    },
  };
}
