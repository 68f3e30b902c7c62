// The eight optimizers of the course over tfjs variables, written out rule by rule (not tfjs'
// own optimizers) so that the update the user steps through is exactly the formula shown, and
// its state is open to the views. Settings, formulas and slot names come from arrayOptimizers.ts,
// whose plain-array form a test holds equal to this one.

import * as tf from '@tensorflow/tfjs-core';
import { SectionConfig } from '../model/graph';
import { OptimizerName, OptimizerSettings, OptimizerState, decayedRate, optimizerFormula, optimizerSettings, slotNames } from './arrayOptimizers';

export type { OptimizerState } from './arrayOptimizers';

export interface Optimizer {
  readonly name: OptimizerName;
  /** The update rule as the course would write it. */
  readonly formula: string;
  /** Updates applied so far. */
  readonly iterations: number;
  /** α_t after decay, for the next update. */
  learningRate(): number;
  /** Clips, decays and updates in place; slots are created lazily per key. Leaves no tensor behind. */
  apply(params: Readonly<Record<string, tf.Variable>>, grads: Readonly<Record<string, tf.Tensor>>): void;
  /** Parameter key → slot name ('velocity', 'm', 'v', 'accumulator', 'delta_accumulator', 'u') → state. */
  slots(): Readonly<Record<string, Readonly<Record<string, tf.Tensor>>>>;
  /** A copy of the whole state in plain arrays (read with `await data()`, safe on WebGPU). */
  exportState(): Promise<OptimizerState>;
  /**
   * Replaces the whole state with `state` (keys it lacks start afresh); `shapeOf` gives each
   * key's parameter shape, since the arrays are flat.
   */
  importState(state: OptimizerState, shapeOf: (key: string) => readonly number[]): void;
  /** Forgets all state (Reset Weights). */
  reset(): void;
  dispose(): void;
}

/** clip_value entry by entry, then g·min(1, clip_norm/‖g‖₂) over the whole tensor. */
function clip(s: OptimizerSettings, grad: tf.Tensor): tf.Tensor {
  let g = grad;
  if (s.clipValue !== undefined) g = tf.clipByValue(g, -s.clipValue, s.clipValue);
  if (s.clipNorm !== undefined) {
    const norm = tf.norm(g);
    // Scale only when ‖g‖ > c, so a zero gradient never divides by zero.
    g = tf.mul(g, tf.where(tf.greater(norm, s.clipNorm), tf.div(s.clipNorm, norm), tf.onesLike(norm)));
  }
  return g;
}

type Slot = Record<string, tf.Variable>;

/** One update of one parameter by the rules of optimizerFormula; `t` counts from 1. Call inside tf.tidy. */
function update(s: OptimizerSettings, w: tf.Variable, g: tf.Tensor, slot: Slot, alpha: number, t: number): void {
  const eps = s.epsilon;
  switch (s.name) {
    case 'gd':
    case 'sgd': {
      if (s.momentum === 0) {
        w.assign(tf.sub(w, tf.mul(alpha, g)));
        return;
      }
      const v = tf.sub(tf.mul(s.momentum, slot.velocity), tf.mul(alpha, g));
      slot.velocity.assign(v);
      w.assign(s.nesterov ? tf.sub(tf.add(w, tf.mul(s.momentum, v)), tf.mul(alpha, g)) : tf.add(w, v));
      return;
    }
    case 'rmsprop': {
      const acc = tf.add(tf.mul(s.rho, slot.accumulator), tf.mul(1 - s.rho, tf.square(g)));
      slot.accumulator.assign(acc);
      const step = tf.div(tf.mul(alpha, g), tf.add(tf.sqrt(acc), eps));
      if (s.momentum === 0) {
        w.assign(tf.sub(w, step));
      } else {
        const m = tf.add(tf.mul(s.momentum, slot.velocity), step);
        slot.velocity.assign(m);
        w.assign(tf.sub(w, m));
      }
      return;
    }
    case 'adagrad': {
      const acc = tf.add(slot.accumulator, tf.square(g));
      slot.accumulator.assign(acc);
      w.assign(tf.sub(w, tf.div(tf.mul(alpha, g), tf.add(tf.sqrt(acc), eps))));
      return;
    }
    case 'adadelta': {
      const acc = tf.add(tf.mul(s.rho, slot.accumulator), tf.mul(1 - s.rho, tf.square(g)));
      slot.accumulator.assign(acc);
      const delta = tf.neg(tf.mul(tf.div(tf.sqrt(tf.add(slot.delta_accumulator, eps)), tf.sqrt(tf.add(acc, eps))), g));
      slot.delta_accumulator.assign(tf.add(tf.mul(s.rho, slot.delta_accumulator), tf.mul(1 - s.rho, tf.square(delta))));
      w.assign(tf.add(w, tf.mul(alpha, delta)));
      return;
    }
    case 'adam':
    case 'nadam': {
      const c1 = 1 - Math.pow(s.beta1, t);
      const c2 = 1 - Math.pow(s.beta2, t);
      const m = tf.add(tf.mul(s.beta1, slot.m), tf.mul(1 - s.beta1, g));
      const v = tf.add(tf.mul(s.beta2, slot.v), tf.mul(1 - s.beta2, tf.square(g)));
      slot.m.assign(m);
      slot.v.assign(v);
      const mHat = tf.div(m, c1);
      const numerator = s.name === 'adam' ? mHat : tf.add(tf.mul(s.beta1, mHat), tf.div(tf.mul(1 - s.beta1, g), c1));
      w.assign(tf.sub(w, tf.div(tf.mul(alpha, numerator), tf.add(tf.sqrt(tf.div(v, c2)), eps))));
      return;
    }
    case 'adamax': {
      const rate = alpha / (1 - Math.pow(s.beta1, t));
      const m = tf.add(tf.mul(s.beta1, slot.m), tf.mul(1 - s.beta1, g));
      const u = tf.maximum(tf.mul(s.beta2, slot.u), tf.abs(g));
      slot.m.assign(m);
      slot.u.assign(u);
      w.assign(tf.sub(w, tf.div(tf.mul(rate, m), tf.add(u, eps))));
      return;
    }
  }
}

/** The gradient at weights that are exactly 0, for L1's exact zeros (see l1AtZero in arrayOptimizers.ts). */
function l1AtZero(w: tf.Tensor, g: tf.Tensor, lambda: number): tf.Tensor {
  const data = tf.add(g, lambda);
  const nearest = tf.mul(tf.sign(data), tf.relu(tf.sub(tf.abs(data), lambda)));
  return tf.where(tf.equal(w, 0), nearest, g);
}

/** `l1` maps 'layer/param' to its L1 strength λ; `l1Strengths` in losses.ts makes it. */
export function createOptimizer(config: SectionConfig | undefined, l1: Readonly<Record<string, number>> = {}): Optimizer {
  const settings = optimizerSettings(config);
  const names = slotNames(settings);
  let slots: Record<string, Slot> = {};
  let iterations = 0;
  const slotFor = (key: string, w: tf.Variable): Slot => {
    let slot = slots[key];
    if (!slot) {
      const start = settings.name === 'adagrad' ? settings.initialAccumulator : 0;
      // Inside tidy: tf.variable(t) keeps its own copy alive, the initial tensor goes.
      slot = tf.tidy(() => Object.fromEntries(names.map((name) => [name, tf.variable(tf.fill(w.shape, start), false)])));
      slots[key] = slot;
    }
    return slot;
  };
  const disposeSlots = () => {
    for (const slot of Object.values(slots)) for (const variable of Object.values(slot)) variable.dispose();
    slots = {};
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
        if (!tf.util.arraysEqual(w.shape, grad.shape)) throw new Error(`Optimizer: '${key}' has shape [${w.shape.join(', ')}] but its gradient [${grad.shape.join(', ')}].`);
        const slot = slotFor(key, w);
        const lambda = l1[key];
        tf.tidy(() => {
          const before = lambda ? tf.clone(w) : undefined;
          const g = before ? l1AtZero(before, clip(settings, grad), lambda) : clip(settings, grad);
          update(settings, w, g, slot, alpha, iterations + 1);
          // A step that crosses 0 stops at 0.
          if (before) w.assign(tf.where(tf.less(tf.mul(before, w), 0), tf.zerosLike(w), w));
        });
      }
      iterations++;
    },
    slots: () => slots,
    async exportState() {
      const copy: Record<string, Record<string, Float32Array>> = {};
      for (const [key, slot] of Object.entries(slots)) {
        copy[key] = {};
        for (const [name, variable] of Object.entries(slot)) copy[key][name] = Float32Array.from(await variable.data());
      }
      return { iterations, slots: copy };
    },
    importState(state, shapeOf) {
      for (const [key, slot] of Object.entries(state.slots)) {
        const missing = names.filter((name) => !slot[name]);
        if (missing.length) throw new Error(`Optimizer: the state of '${key}' has no ${missing.join(', ')}.`);
      }
      // Existing slot variables are assigned in place (views holding them stay valid); the rest
      // are made, and keys the state lacks are dropped.
      for (const [key, slot] of Object.entries(slots)) {
        if (state.slots[key]) continue;
        Object.values(slot).forEach((variable) => variable.dispose());
        delete slots[key];
      }
      for (const [key, slot] of Object.entries(state.slots)) {
        const shape = [...shapeOf(key)];
        const existing = slots[key];
        if (existing && tf.util.arraysEqual(existing[names[0]]?.shape ?? [], shape)) {
          tf.tidy(() => names.forEach((name) => existing[name].assign(tf.tensor(slot[name], shape, 'float32'))));
        } else {
          if (existing) Object.values(existing).forEach((variable) => variable.dispose());
          slots[key] = tf.tidy(() => Object.fromEntries(names.map((name) => [name, tf.variable(tf.tensor(slot[name], shape, 'float32'), false)])));
        }
      }
      iterations = state.iterations;
    },
    reset() {
      disposeSlots();
      iterations = 0;
    },
    dispose: disposeSlots,
  };
}
