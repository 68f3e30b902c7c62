// The formulas behind a layer's shape and count, computed again on demand (hover, tests)
// from the layer's resolved arguments and its inputs' shapes: the checker does not keep them.

import { LayerInfo, ModelInfo } from '../analysis';
import { argsView } from '../args';
import { inputInfo } from '../checker';
import { InferResult } from '../spec';

export function explainLayer(layer: LayerInfo, model: ModelInfo): InferResult | undefined {
  if (!layer.result) return undefined;
  return layer.spec.infer({ inputs: layer.inputs.map((ref) => inputInfo(ref, model.byName)), args: argsView(layer.args) });
}
