// Every layer kind the language accepts, in the course's order.

import { LayerKindSpec } from '../spec';
import { convolutionLayers } from './convolution';
import { coreLayers } from './core';
import { depthwiseLayers } from './depthwise';
import { normalizationAndMergeLayers } from './normalizationAndMerge';
import { sequenceLayers } from './sequence';
import { wrapperLayers } from './wrappers';

// Wrappers look their inner kind up at inference time, after this table exists.
export const LAYER_KINDS: readonly LayerKindSpec[] = [
  ...coreLayers,
  ...normalizationAndMergeLayers,
  ...convolutionLayers,
  ...depthwiseLayers,
  ...sequenceLayers,
  ...wrapperLayers((kind) => layerSpec(kind)),
];

const byKind = new Map(LAYER_KINDS.map((spec) => [spec.kind, spec]));

export function layerSpec(kind: string): LayerKindSpec | undefined {
  return byKind.get(kind);
}

/** Every argument a layer's line may hold: a wrapper's own, then its wrapped kind's. */
export function statementArgs(spec: LayerKindSpec, innerKind: string | undefined) {
  const inner = spec.wraps && innerKind && spec.wraps.includes(innerKind) ? layerSpec(innerKind) : undefined;
  return inner ? [...spec.args, ...inner.args] : spec.args;
}
