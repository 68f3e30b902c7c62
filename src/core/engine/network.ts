// A compiled model graph made runnable: its parameters as tfjs variables, and one forward
// pass that walks the layers in file order through their kernels. The same pass serves the
// fused step, the taps pass of the stepper (zero taps added to outputs and input edges, so
// one backward pass yields every dL/dA), the replay after an edit, and evaluation.

import * as tf from '@tensorflow/tfjs-core';
// tfjs-core registers no gradient functions by itself; the engine differentiates everything.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { GraphLayer, ModelGraph } from '../model/graph';
import { initialParams } from './initializers';
import { InnerOp, Mode } from './kernel';
import { kernelFor } from './kernels';
import { layerSeed } from './seeds';

/** `layer/param`, the key of a parameter everywhere in the engine. */
export type ParamKey = string;

export function paramKey(layer: string, param: string): ParamKey {
  return `${layer}/${param}`;
}

/** `layer#i`, the key of a layer's i-th input edge. */
export function edgeKey(layer: string, index: number): string {
  return `${layer}#${index}`;
}

export interface ForwardOptions {
  readonly mode: Mode;
  /** Seed of this step: dropout masks derive from it, so a replay sees the same masks. */
  readonly stepSeed: number;
  /** Parameter values to use instead of the variables (the differentiated arguments). */
  readonly params?: ReadonlyMap<ParamKey, tf.Tensor>;
  /** Zero tensors added to layer outputs (by layer) and input edges (by edgeKey). */
  readonly outputTaps?: ReadonlyMap<string, tf.Tensor>;
  readonly edgeTaps?: ReadonlyMap<string, tf.Tensor>;
  /** Layer outputs replaced by these values (an edit at a forward stop). */
  readonly overrides?: ReadonlyMap<string, tf.Tensor>;
  /** Collect the inner operations of this layer. */
  readonly innerOf?: string;
  /** tf.keep every output, input and state update, for a caller inside a gradient scope. */
  readonly keep?: boolean;
}

export interface ForwardResult {
  readonly outputs: Map<string, tf.Tensor>;
  /** The tensors each layer received, after edge taps, in input order. */
  readonly layerInputs: Map<string, tf.Tensor[]>;
  /** `layer.port` → tensor, for return_state and attention scores. */
  readonly ports: Map<string, tf.Tensor>;
  readonly stateUpdates: Map<ParamKey, tf.Tensor>;
  readonly inner: InnerOp[];
}

export interface ParamEntry {
  readonly key: ParamKey;
  readonly layer: GraphLayer;
  readonly name: string;
  readonly trainable: boolean;
  readonly variable: tf.Variable;
}

export class Network {
  private readonly entries: ParamEntry[] = [];
  private readonly byKey = new Map<ParamKey, ParamEntry>();
  /** Input layers the data feeds, in file order (literal inputs feed themselves). */
  readonly fedInputs: readonly GraphLayer[];

  constructor(
    readonly graph: ModelGraph,
    seed: number,
    /** Pretrained values (a `weights` line) that replace the seeded ones, here and on reset. */
    private readonly initial?: ReadonlyMap<ParamKey, Float32Array>,
  ) {
    this.fedInputs = graph.layers.filter((l) => l.kind === 'input' && l.attrs.value === undefined);
    for (const layer of graph.layers) {
      const values = initialParams(layer, seed);
      for (const spec of layer.params) {
        const key = paramKey(layer.name, spec.name);
        const value = initial?.get(key) ?? values[spec.name];
        const variable = tf.tidy(() => tf.variable(tf.tensor(value, [...spec.shape], 'float32'), spec.trainable, `${graph.name}/${key}/${uniqueSuffix()}`));
        const entry: ParamEntry = { key, layer, name: spec.name, trainable: spec.trainable, variable };
        this.entries.push(entry);
        this.byKey.set(key, entry);
      }
    }
  }

  params(): readonly ParamEntry[] {
    return this.entries;
  }

  trainable(): ParamEntry[] {
    return this.entries.filter((e) => e.trainable);
  }

  param(key: ParamKey): ParamEntry | undefined {
    return this.byKey.get(key);
  }

  /** Sets every parameter back to its initial values for `seed`, or the pretrained ones (Reset Weights). */
  reset(seed: number): void {
    for (const layer of this.graph.layers) {
      const values = initialParams(layer, seed);
      for (const spec of layer.params) {
        const key = paramKey(layer.name, spec.name);
        const value = this.initial?.get(key) ?? values[spec.name];
        tf.tidy(() => this.byKey.get(key)!.variable.assign(tf.tensor(value, [...spec.shape], 'float32')));
      }
    }
  }

  /** Replaces one parameter's values (an edit in the debugger or a loaded checkpoint). */
  assign(key: ParamKey, values: Float32Array): void {
    const entry = this.byKey.get(key);
    if (!entry) throw new Error(`No parameter ${key}`);
    tf.tidy(() => entry.variable.assign(tf.tensor(values, entry.variable.shape, 'float32')));
  }

  /** Runs the layers in file order. Tensors it returns belong to the caller (or the scope). */
  forward(feeds: readonly tf.Tensor[], options: ForwardOptions): ForwardResult {
    const outputs = new Map<string, tf.Tensor>();
    const layerInputs = new Map<string, tf.Tensor[]>();
    const ports = new Map<string, tf.Tensor>();
    const stateUpdates = new Map<ParamKey, tf.Tensor>();
    const inner: InnerOp[] = [];
    const keep = <T extends tf.Tensor>(t: T): T => (options.keep ? tf.keep(t) : t);
    let fed = 0;
    this.graph.layers.forEach((layer, index) => {
      const isFed = layer.kind === 'input' && layer.attrs.value === undefined;
      const inputs: tf.Tensor[] = isFed
        ? [feeds[fed++]]
        : layer.inputs.map((input, i) => {
            const source = input.port ? ports.get(`${input.layer}.${input.port}`) : outputs.get(input.layer);
            if (!source) throw new Error(`Layer ${layer.name} reads ${input.layer}${input.port ? '.' + input.port : ''}, which has not run`);
            const tap = options.edgeTaps?.get(edgeKey(layer.name, i));
            return tap ? keep(tf.add(source, tap)) : source;
          });
      layerInputs.set(layer.name, inputs);
      const params: Record<string, tf.Tensor> = {};
      for (const spec of layer.params) {
        const key = paramKey(layer.name, spec.name);
        params[spec.name] = options.params?.get(key) ?? this.byKey.get(key)!.variable;
      }
      const collect = options.innerOf === layer.name ? inner : undefined;
      const result = kernelFor(layer.kind).forward({ layer, mode: options.mode, seed: layerSeed(options.stepSeed, index), inner: collect }, params, inputs);
      let output = options.overrides?.get(layer.name) ?? result.output;
      const tap = options.outputTaps?.get(layer.name);
      if (tap) output = tf.add(output, tap);
      outputs.set(layer.name, keep(output));
      for (const [port, tensor] of Object.entries(result.ports ?? {})) ports.set(`${layer.name}.${port}`, keep(tensor));
      for (const [param, tensor] of Object.entries(result.stateUpdates ?? {})) stateUpdates.set(paramKey(layer.name, param), keep(tensor));
      if (collect) collect.forEach((op) => keep(op.tensor));
    });
    return { outputs, layerInputs, ports, stateUpdates, inner };
  }

  /** Writes batch norm's moving averages after a training step. */
  applyStateUpdates(updates: ReadonlyMap<ParamKey, tf.Tensor>): void {
    for (const [key, value] of updates) this.byKey.get(key)?.variable.assign(value);
  }

  /**
   * The layers the model's output depends on: only they get taps and gradients. A layer whose
   * output is overridden (an edit) is reached, but what lies behind it is not.
   */
  ancestorsOfOutput(overridden: ReadonlySet<string> = new Set()): Set<string> {
    const byName = new Map(this.graph.layers.map((l) => [l.name, l]));
    const seen = new Set<string>();
    const visit = (name: string): void => {
      if (seen.has(name)) return;
      seen.add(name);
      if (overridden.has(name)) return;
      for (const input of byName.get(name)?.inputs ?? []) visit(input.layer);
    };
    visit(this.graph.output);
    return seen;
  }

  dispose(): void {
    for (const entry of this.entries) entry.variable.dispose();
    this.entries.length = 0;
    this.byKey.clear();
  }
}

let variableCounter = 0;
/** Variable names must be unique in the tfjs engine; several networks may live at once. */
function uniqueSuffix(): string {
  return String(++variableCounter);
}
