// Inlay hints: at the end of every layer line, its output shape and parameter count.
// Live values from a running engine are appended by the caller when it has them.

import { Analysis } from '../analysis';
import { Position, Range } from '../text';
import { allStatements } from './locate';
import { Presenter, hintText } from './present';
import { layerHover } from './hover';

export interface InlayHint {
  readonly position: Position;
  readonly label: string;
  readonly layer: string;
  readonly model: string;
  /** The hover text, for the hint's own tooltip. */
  readonly tooltip: () => string;
}

export function inlayHints(analysis: Analysis, visible: Range, p: Presenter, style: 'full' | 'short' = 'full'): InlayHint[] {
  const hints: InlayHint[] = [];
  for (const { model, layer, statement } of allStatements(analysis)) {
    if (!layer) continue;
    const line = statement.range.end.line;
    if (line < visible.start.line || statement.range.start.line > visible.end.line) continue;
    const label = hintText(layer, model, p, style);
    if (!label) continue;
    hints.push({
      position: statement.range.end,
      label,
      layer: layer.name,
      model: model.name,
      tooltip: () => layerHover(layer, model, p),
    });
  }
  return hints;
}
