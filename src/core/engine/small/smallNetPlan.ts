// Which models the small-network path can run, and the plan it runs them by: one float input
// of rank 1, then a chain of dense and activation layers, one loss of the course. tfjs' per-op
// overhead dominates such nets (Playground's 2-8-8-1 is ~24× slower on tfjs than in plain JS),
// so the engine runs them over Float32Arrays up to the size where tfjs WASM catches up.

import { ACTIVATIONS } from '../../lang/layers/common';
import { GraphLayer, ModelGraph } from '../../model/graph';
import { ArrayActivation } from './arrayActivations';
import { LossSpec, SMALL_LOSSES, SmallLossName } from './arrayLosses';

/**
 * The most work per step, parameters × batch size, for which the small path beats tfjs WASM.
 * The crossover follows the product, not the parameters alone: tfjs pays ~0.2–0.4 ms a step
 * whatever the size, then computes ~5× faster (SIMD). scripts/bench-small.ts measured, in Node,
 * WASM first faster at 2-H-H-1 batch 10 between 97k and 170k, at 784-H-10 batch 10 between
 * 32k and 64k, at 2-H-H-1 batch 32 between 38k and 141k; so 50,000.
 */
export const SMALL_NET_MAX_WORK = 50_000;
/** The train line's default batch, for models without one. */
const DEFAULT_BATCH = 32;

export type SmallNetEligibility = { readonly eligible: true } | { readonly eligible: false; readonly reason: string };

export interface StagePlan {
  readonly layer: string;
  readonly kind: 'dense' | 'activation';
  readonly inputSize: number;
  readonly outputSize: number;
  readonly useBias: boolean;
  readonly activation: ArrayActivation;
  /** The layer's own penalties on its kernel: l1·Σ|W| + l2·Σ W². */
  readonly l1: number;
  readonly l2: number;
}

export interface SmallNetPlan {
  readonly input: string;
  readonly inputSize: number;
  readonly stages: readonly StagePlan[];
  readonly loss: LossSpec;
  /** The loss line's penalties: l1·Σ|W| and l2/(2N)·Σ W² over every kernel, N the batch's examples. */
  readonly l1: number;
  readonly l2: number;
}

/** `batch` defaults to the model's train line (32 without one). */
export function smallNetEligibility(graph: ModelGraph, batch?: number): SmallNetEligibility {
  const plan = planSmallNet(graph, batch ?? batchOf(graph));
  return 'reason' in plan ? { eligible: false, reason: plan.reason } : { eligible: true };
}

function batchOf(graph: ModelGraph): number {
  const batch = graph.training.train?.attrs.batch;
  return typeof batch === 'number' ? batch : DEFAULT_BATCH;
}

/** The plan, or why there is none; the size is checked only when a batch size is given. */
export function planSmallNet(graph: ModelGraph, batch?: number): SmallNetPlan | { readonly reason: string } {
  if (graph.inputs.length !== 1) return { reason: `the model has ${graph.inputs.length} inputs; the small path takes one` };
  const byName = new Map(graph.layers.map((l) => [l.name, l]));
  const chain: GraphLayer[] = [];
  let layer = byName.get(graph.output);
  while (layer && layer.kind !== 'input') {
    if (layer.inputs.length !== 1 || layer.inputs[0].port) return { reason: `layer '${layer.name}' is not part of a single chain` };
    chain.push(layer);
    layer = byName.get(layer.inputs[0].layer);
  }
  if (!layer) return { reason: 'the output does not lead back to an input' };
  if (chain.length + 1 !== graph.layers.length) return { reason: 'the model has layers outside the chain from its input to its output' };
  if (layer.dtype !== 'float32' || layer.outputShape.length !== 1 || layer.outputShape[0] === null) {
    return { reason: `input '${layer.name}' is not a float vector of known size` };
  }
  const input = layer;
  chain.reverse();
  const stages: StagePlan[] = [];
  let size = input.outputShape[0] as number;
  for (const l of chain) {
    const stage = stageOf(l, size);
    if ('reason' in stage) return stage;
    stages.push(stage);
    size = stage.outputSize;
  }
  const section = graph.training.loss;
  if (!section?.name) return { reason: 'the model has no loss line' };
  if (!(SMALL_LOSSES as readonly string[]).includes(section.name)) return { reason: `loss '${section.name}' is not one the small path implements` };
  if (batch !== undefined && graph.totalParams * batch > SMALL_NET_MAX_WORK) {
    return { reason: `${graph.totalParams} parameters × batch ${batch} is above ${SMALL_NET_MAX_WORK}, where tfjs WASM is faster` };
  }
  return {
    input: input.name,
    inputSize: input.outputShape[0] as number,
    stages,
    loss: { name: section.name as SmallLossName, fromLogits: section.attrs.from_logits === true },
    l1: numberAttr(section.attrs.l1),
    l2: numberAttr(section.attrs.l2),
  };
}

function stageOf(layer: GraphLayer, inputSize: number): StagePlan | { readonly reason: string } {
  const common = { layer: layer.name, inputSize, outputSize: inputSize, useBias: false, l1: 0, l2: 0 };
  if (layer.kind === 'dense') {
    const activation = activationOf(String(layer.attrs.activation ?? 'linear'), undefined);
    if (!activation) return { reason: `layer '${layer.name}' has activation '${String(layer.attrs.activation)}'` };
    return {
      ...common,
      kind: 'dense',
      outputSize: layer.outputShape[layer.outputShape.length - 1] as number,
      useBias: layer.attrs.use_bias !== false,
      activation,
      l1: numberAttr(layer.attrs.l1),
      l2: numberAttr(layer.attrs.l2),
    };
  }
  if (layer.kind === 'softmax' && layer.attrs.axis !== undefined && layer.attrs.axis !== -1 && layer.attrs.axis !== 1) {
    return { reason: `softmax layer '${layer.name}' is not over the last axis` };
  }
  const name = layer.kind === 'activation' ? String(layer.attrs.function) : layer.kind;
  const alpha = typeof layer.attrs.alpha === 'number' ? layer.attrs.alpha : undefined;
  const activation = activationOf(name, alpha);
  if (!activation) return { reason: `layer '${layer.name}' (${layer.kind}) is not a dense or activation layer` };
  return { ...common, kind: 'activation', activation };
}

/** The activation with tfjs' defaults (leaky_relu α = 0.3, elu α = 1) where no α is given. */
function activationOf(name: string, alpha: number | undefined): ArrayActivation | undefined {
  if (!(ACTIVATIONS as readonly string[]).includes(name)) return undefined;
  const fallback = name === 'elu' ? 1 : 0.3;
  return { name: name as ArrayActivation['name'], alpha: alpha ?? fallback };
}

function numberAttr(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}
