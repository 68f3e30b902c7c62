// How a layer reads to a person: its output shape with the batch, its parameter count, its
// formulas. Shared by hover, inlay hints, the summary table and the CLI.

import { LayerInfo, ModelInfo } from '../analysis';
import { Localize, LocaleTag, formatCount, render } from '../localize';
import { formatShape } from '../shape';
import { FormulaLine } from '../spec';

export interface Presenter {
  readonly localize: Localize;
  readonly locale: LocaleTag;
}

export function shapeText(layer: LayerInfo, model: ModelInfo): string | undefined {
  return layer.result ? formatShape([model.batch, ...layer.result.output]) : undefined;
}

export function paramsText(count: number, p: Presenter): string {
  const formatted = formatCount(count, p.locale);
  return count === 1 ? p.localize('{0} param', [formatted]) : p.localize('{0} params', [formatted]);
}

export function formulaText(line: FormulaLine, p: Presenter): string {
  return `${render(p.localize, line.label)}: ${line.expression} = ${formatCount(line.result, p.locale)}`;
}

/** `→ [32, 10, 10, 16] · 3,216 params`, or only the shape in the short style. */
export function hintText(layer: LayerInfo, model: ModelInfo, p: Presenter, style: 'full' | 'short'): string | undefined {
  const shape = shapeText(layer, model);
  if (!shape) return undefined;
  if (style === 'short' || layer.paramCount === 0) return `→ ${shape}`;
  return `→ ${shape} · ${paramsText(layer.paramCount, p)}`;
}
