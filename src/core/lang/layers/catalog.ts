// Every layer kind the language accepts, in the course's order.

import { LayerKindSpec } from '../spec';
import { convolutionLayers } from './convolution';
import { coreLayers } from './core';
import { normalizationAndMergeLayers } from './normalizationAndMerge';
import { sequenceLayers } from './sequence';

export const LAYER_KINDS: readonly LayerKindSpec[] = [...coreLayers, ...normalizationAndMergeLayers, ...convolutionLayers, ...sequenceLayers];

const byKind = new Map(LAYER_KINDS.map((spec) => [spec.kind, spec]));

export function layerSpec(kind: string): LayerKindSpec | undefined {
  return byKind.get(kind);
}
