// One training step as a sequence of stops (DESIGN.md, "Stepping"): forward per layer, the
// loss, backward per layer in reverse, the optimizer's update per layer. All stops come from
// one pass: a zero "tap" is added to every layer output and every input edge, and
// `tf.valueAndGrads` over the parameters and the taps yields every activation and every
// dL/dA, dL/dW at once. The update runs when the first update stop is read (or on commit).

import * as tf from '@tensorflow/tfjs-core';
import { TensorView } from '../protocol/panel';
import { GraphLayer } from '../model/graph';
import { InnerOp } from './kernel';
import { kernelFor } from './kernels';
import { Batch, Objective } from './objective';
import { edgeKey, Network, ParamKey, paramKey } from './network';
import { Optimizer } from './optimizers';
import { readTensors, ReadOptions, StatsCache } from './records';
import { layerSeed } from './seeds';

export type Phase = 'forward' | 'loss' | 'backward' | 'update';

export interface Stop {
  readonly index: number;
  readonly phase: Phase;
  /** The layer, or the output layer for the loss stop. */
  readonly layer: string;
  readonly kind: string;
  /** 0-based line of the layer (of the loss line for the loss stop). */
  readonly line: number;
  readonly roles: readonly string[];
}

export interface StopRecord extends Stop {
  readonly tensors: Readonly<Record<string, TensorView>>;
}

/** `kernel` → `dKernel`, `recurrent_kernel` → `dRecurrentKernel`: the role of a gradient. */
export function gradientRole(name: string): string {
  return 'd' + name.replace(/(^|[_/])([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

export function inputRole(index: number, count: number): string {
  return count === 1 ? 'input' : `input${index}`;
}

interface Pass {
  readonly value: tf.Scalar;
  readonly outputs: Map<string, tf.Tensor>;
  readonly layerInputs: Map<string, tf.Tensor[]>;
  readonly ports: Map<string, tf.Tensor>;
  readonly stateUpdates: Map<ParamKey, tf.Tensor>;
  readonly dOutputs: Map<string, tf.Tensor>;
  readonly dEdges: Map<string, tf.Tensor>;
  readonly dParams: Map<ParamKey, tf.Tensor>;
  /** Everything the pass created, to dispose (never the batch's or the variables' tensors). */
  readonly owned: Set<tf.Tensor>;
}

export class StepSession {
  readonly stops: Stop[] = [];
  private pass: Pass;
  private before?: Map<ParamKey, tf.Tensor>;
  private readonly overrides = new Map<string, tf.Tensor>();
  /** Statistics read in this step, by tensor data (see StatsCache). */
  private readonly statsCache: StatsCache = new WeakMap();
  private disposed = false;

  constructor(
    private readonly network: Network,
    private readonly objective: Objective,
    private readonly optimizer: Optimizer,
    private readonly batch: Batch,
    readonly stepSeed: number,
  ) {
    this.pass = this.runPass();
    this.buildStops();
  }

  get committed(): boolean {
    return this.before !== undefined;
  }

  /** The step's loss (a scalar tensor owned by the session). */
  get loss(): tf.Scalar {
    return this.pass.value;
  }

  /** The tensors of a stop by role; they belong to the session (read, don't dispose). */
  tensors(index: number): Record<string, tf.Tensor> {
    const stop = this.stops[index];
    if (stop.phase === 'update') this.commit();
    const pass = this.pass;
    const layer = this.layerNamed(stop.layer);
    const out: Record<string, tf.Tensor> = {};
    switch (stop.phase) {
      case 'forward': {
        const inputs = pass.layerInputs.get(layer.name) ?? [];
        if (layer.kind !== 'input') inputs.forEach((t, i) => (out[inputRole(i, inputs.length)] = t));
        out.output = pass.outputs.get(layer.name)!;
        for (const spec of layer.params) out[spec.name] = this.paramValue(paramKey(layer.name, spec.name));
        for (const port of Object.keys(layer.ports)) {
          const t = pass.ports.get(`${layer.name}.${port}`);
          if (t) out[port] = t;
        }
        break;
      }
      case 'loss':
        out.output = pass.outputs.get(layer.name)!;
        out.target = this.batch.targets;
        if (this.batch.mask) out.mask = this.batch.mask;
        out.loss = pass.value;
        if (pass.dOutputs.has(layer.name)) out.dOutput = pass.dOutputs.get(layer.name)!;
        break;
      case 'backward': {
        const dOutput = pass.dOutputs.get(layer.name);
        if (dOutput) out.dOutput = dOutput;
        layer.inputs.forEach((_, i) => {
          const d = pass.dEdges.get(edgeKey(layer.name, i));
          if (d) out[gradientRole(inputRole(i, layer.inputs.length))] = d;
        });
        for (const spec of layer.params) {
          const d = pass.dParams.get(paramKey(layer.name, spec.name));
          if (d) out[gradientRole(spec.name)] = d;
        }
        break;
      }
      case 'update':
        for (const spec of layer.params) {
          const key = paramKey(layer.name, spec.name);
          const entry = this.network.param(key)!;
          const before = this.before!.get(key);
          if (!before) continue;
          out[`${spec.name}Before`] = before;
          out[spec.name] = entry.variable;
          const d = pass.dParams.get(key);
          if (d) out[gradientRole(spec.name)] = d;
          const slots = this.optimizer.slots()[key] ?? {};
          for (const [slot, t] of Object.entries(slots)) out[`${spec.name}.${slot}`] = t;
        }
        break;
    }
    return out;
  }

  /** A stop with its tensors' statistics (and values, if asked), read back in one call. */
  async read(index: number, options: ReadOptions = { values: false }): Promise<StopRecord> {
    const tensors = this.tensors(index);
    return { ...this.stops[index], tensors: await readTensors(tensors, options, this.statsCache) };
  }

  /**
   * Step into a stop. Forward: the layer's inner operations, replayed with the same inputs,
   * parameters and masks. Backward: the vector–Jacobian product of the layer's own function
   * with the upstream dy, giving d(input) and d(param) from the layer alone. The returned
   * tensors belong to the caller.
   */
  stepInto(index: number): InnerOp[] {
    const stop = this.stops[index];
    const layer = this.layerNamed(stop.layer);
    const layerIndex = this.network.graph.layers.indexOf(layer);
    const inputs = this.pass.layerInputs.get(layer.name) ?? [];
    const params = Object.fromEntries(layer.params.map((p) => [p.name, this.paramValue(paramKey(layer.name, p.name))]));
    const seed = layerSeed(this.stepSeed, layerIndex);
    if (stop.phase === 'forward') {
      const inner: InnerOp[] = [];
      const kept = tf.tidy(() => {
        const result = kernelFor(layer.kind).forward({ layer, mode: 'train', seed, inner }, params, inputs);
        inner.forEach((op) => tf.keep(op.tensor));
        return result.output;
      });
      if (!inner.some((op) => op.tensor === kept)) kept.dispose();
      return inner;
    }
    if (stop.phase !== 'backward') return [];
    const dy = this.pass.dOutputs.get(layer.name);
    if (!dy) return [];
    return vectorJacobian(layer, inputs, params, dy, seed);
  }

  /**
   * Replaces a value and recomputes the step from it: a parameter (`kernel` at a forward stop)
   * is written to its variable; a layer's `output` is overridden. Stops keep their indices.
   */
  edit(index: number, role: string, values: Float32Array): void {
    if (this.committed) throw new Error('The update has already been applied in this step');
    const stop = this.stops[index];
    const layer = this.layerNamed(stop.layer);
    if (stop.phase !== 'forward') throw new Error('Only forward values can be edited');
    const spec = layer.params.find((p) => p.name === role);
    if (spec) {
      this.network.assign(paramKey(layer.name, spec.name), values);
    } else if (role === 'output') {
      const current = this.pass.outputs.get(layer.name)!;
      this.overrides.get(layer.name)?.dispose();
      this.overrides.set(layer.name, tf.tensor(values, current.shape, current.dtype));
    } else {
      throw new Error(`Role ${role} cannot be edited`);
    }
    this.disposePass();
    this.pass = this.runPass();
  }

  /** Applies the optimizer's update and batch norm's running averages, once. */
  commit(): void {
    if (this.before) return;
    const keys = [...this.pass.dParams.keys()];
    this.before = new Map(keys.map((key) => [key, tf.clone(this.network.param(key)!.variable)]));
    const variables = Object.fromEntries(keys.map((key) => [key, this.network.param(key)!.variable]));
    this.optimizer.apply(variables, Object.fromEntries(this.pass.dParams));
    this.network.applyStateUpdates(this.pass.stateUpdates);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposePass();
    this.before?.forEach((t) => t.dispose());
    this.overrides.forEach((t) => t.dispose());
  }

  private paramValue(key: ParamKey): tf.Tensor {
    return this.before?.get(key) ?? this.network.param(key)!.variable;
  }

  private layerNamed(name: string): GraphLayer {
    return this.network.graph.layers.find((l) => l.name === name)!;
  }

  private runPass(): Pass {
    const network = this.network;
    const graph = network.graph;
    const overridden = new Set(this.overrides.keys());
    const ancestors = network.ancestorsOfOutput(overridden);
    // An overridden layer's own parameters and inputs no longer reach the loss.
    const flowsBack = (layer: string): boolean => ancestors.has(layer) && !overridden.has(layer);
    const trainable = network.trainable().filter((e) => flowsBack(e.layer.name));
    const shapes = this.outputShapes();
    const outputTaps = new Map<string, tf.Tensor>();
    const edgeTaps = new Map<string, tf.Tensor>();
    const owned = new Set<tf.Tensor>();
    for (const layer of graph.layers) {
      if (!ancestors.has(layer.name)) continue;
      if (layer.dtype === 'float32' && shapes.has(layer.name)) outputTaps.set(layer.name, tf.zeros(shapes.get(layer.name)!));
      if (!flowsBack(layer.name)) continue;
      layer.inputs.forEach((input, i) => {
        const source = graph.layers.find((l) => l.name === input.layer);
        const shape = input.port ? undefined : shapes.get(input.layer);
        if (source?.dtype === 'float32' && shape) edgeTaps.set(edgeKey(layer.name, i), tf.zeros(shape));
      });
    }
    const outputKeys = [...outputTaps.keys()];
    const edgeKeys = [...edgeTaps.keys()];
    const args = [...trainable.map((e) => e.variable as tf.Tensor), ...outputTaps.values(), ...edgeTaps.values()];
    let captured: ReturnType<Network['forward']> | undefined;
    let value: tf.Scalar;
    let grads: tf.Tensor[];
    try {
      ({ value, grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => {
        const params = new Map(trainable.map((e, i) => [e.key, xs[i]]));
        const outs = new Map(outputKeys.map((k, i) => [k, xs[trainable.length + i]]));
        const edges = new Map(edgeKeys.map((k, i) => [k, xs[trainable.length + outputKeys.length + i]]));
        captured = network.forward(this.batch.inputs, { mode: 'train', stepSeed: this.stepSeed, params, outputTaps: outs, edgeTaps: edges, overrides: this.overrides, keep: true });
        return objective(this.objective, captured.outputs.get(graph.output)!, this.batch, (key) => params.get(key) ?? network.param(key)!.variable);
      })(args) as { value: tf.Scalar; grads: tf.Tensor[] });
    } catch (error) {
      if (captured) collectOwned(captured, owned, this.protectedTensors());
      owned.forEach((t) => t.dispose());
      [...outputTaps.values(), ...edgeTaps.values()].forEach((t) => t.dispose());
      throw error;
    }
    [...outputTaps.values(), ...edgeTaps.values()].forEach((t) => t.dispose());
    const result = captured!;
    collectOwned(result, owned, this.protectedTensors());
    owned.add(value);
    const dParams = new Map(trainable.map((e, i) => [e.key, grads[i]]));
    const dOutputs = new Map(outputKeys.map((k, i) => [k, grads[trainable.length + i]]));
    const dEdges = new Map(edgeKeys.map((k, i) => [k, grads[trainable.length + outputKeys.length + i]]));
    grads.forEach((g) => owned.add(g));
    return { value, outputs: result.outputs, layerInputs: result.layerInputs, ports: result.ports, stateUpdates: result.stateUpdates, dOutputs, dEdges, dParams, owned };
  }

  /** Tensors the pass may hand back unchanged but does not own. */
  private protectedTensors(): Set<tf.Tensor> {
    const set = new Set<tf.Tensor>([...this.batch.inputs, this.batch.targets, ...this.overrides.values()]);
    if (this.batch.mask) set.add(this.batch.mask);
    for (const entry of this.network.params()) set.add(entry.variable);
    return set;
  }

  /** Batched output shapes from the graph; a dimension the checker left open is measured. */
  private outputShapes(): Map<string, number[]> {
    const n = this.batch.size;
    const shapes = new Map<string, number[]>();
    const open = this.network.graph.layers.some((l) => l.outputShape.some((d) => d === null));
    if (!open) {
      for (const layer of this.network.graph.layers) shapes.set(layer.name, [n, ...(layer.outputShape as number[])]);
      return shapes;
    }
    tf.tidy(() => {
      const result = this.network.forward(this.batch.inputs, { mode: 'eval', stepSeed: this.stepSeed, overrides: this.overrides });
      result.outputs.forEach((t, name) => shapes.set(name, t.shape));
    });
    return shapes;
  }

  private buildStops(): void {
    const graph = this.network.graph;
    const ancestors = this.network.ancestorsOfOutput();
    const layers = graph.layers.filter((l) => ancestors.has(l.name));
    const add = (phase: Phase, layer: GraphLayer, line = layer.line): void => {
      const index = this.stops.length;
      this.stops.push({ index, phase, layer: layer.name, kind: layer.kind, line, roles: [] });
      (this.stops[index] as { roles: readonly string[] }).roles = Object.keys(this.peekRoles(index));
    };
    for (const layer of layers) add('forward', layer);
    const output = layers.find((l) => l.name === graph.output)!;
    add('loss', output, graph.training.loss?.line ?? output.line);
    for (const layer of [...layers].reverse()) if (layer.kind !== 'input' && layer.kind !== 'constant') add('backward', layer);
    for (const layer of layers) if (layer.params.some((p) => this.pass.dParams.has(paramKey(layer.name, p.name)))) add('update', layer);
  }

  /** Role names of a stop without committing the update. */
  private peekRoles(index: number): Record<string, true> {
    const stop = this.stops[index];
    if (stop.phase !== 'update') return Object.fromEntries(Object.keys(this.tensors(index)).map((r) => [r, true]));
    const layer = this.layerNamed(stop.layer);
    const roles: Record<string, true> = {};
    for (const spec of layer.params) {
      if (!this.pass.dParams.has(paramKey(layer.name, spec.name))) continue;
      roles[`${spec.name}Before`] = true;
      roles[spec.name] = true;
      roles[gradientRole(spec.name)] = true;
    }
    return roles;
  }

  private disposePass(): void {
    this.pass.owned.forEach((t) => t.dispose());
  }
}

function objective(objective: Objective, prediction: tf.Tensor, batch: Batch, params: (key: ParamKey) => tf.Tensor): tf.Scalar {
  return objective.total(prediction, batch, params);
}

function collectOwned(result: ReturnType<Network['forward']>, owned: Set<tf.Tensor>, protect: Set<tf.Tensor>): void {
  const add = (t: tf.Tensor): void => {
    if (!protect.has(t)) owned.add(t);
  };
  result.outputs.forEach(add);
  result.layerInputs.forEach((list) => list.forEach(add));
  result.ports.forEach(add);
  result.stateUpdates.forEach(add);
}

/** d(input) and d(param) of one layer alone, given the upstream dy (the VJP of its forward). */
function vectorJacobian(layer: GraphLayer, inputs: readonly tf.Tensor[], params: Record<string, tf.Tensor>, dy: tf.Tensor, seed: number): InnerOp[] {
  const floatInputs = inputs.map((t, i) => ({ t, i })).filter(({ t }) => t.dtype === 'float32');
  const paramNames = layer.params.filter((p) => p.trainable).map((p) => p.name);
  const xs = [...floatInputs.map(({ t }) => t), ...paramNames.map((n) => params[n])];
  if (!xs.length) return [];
  const grads = tf.grads((...args: tf.Tensor[]) => {
    const ins = [...inputs];
    floatInputs.forEach(({ i }, k) => (ins[i] = args[k]));
    const ps = { ...params };
    paramNames.forEach((n, k) => (ps[n] = args[floatInputs.length + k]));
    return kernelFor(layer.kind).forward({ layer, mode: 'train', seed }, ps, ins).output;
  })(xs, dy);
  const ops: InnerOp[] = [];
  floatInputs.forEach(({ i }, k) => ops.push({ name: gradientRole(inputRole(i, inputs.length)), formula: 'dL/dA_prev = (dL/dA)·∂A/∂A_prev', tensor: grads[k] }));
  paramNames.forEach((n, k) => ops.push({ name: gradientRole(n), formula: `dL/d${n} = (dL/dA)·∂A/∂${n}`, tensor: grads[floatInputs.length + k] }));
  return ops;
}
