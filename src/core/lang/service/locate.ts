// Finding what is under the cursor: the statement on a line (binary search over statements in
// file order), the layer or section it is, and the token inside it.

import { Analysis, LayerInfo, ModelInfo, SectionInfo } from '../analysis';
import { Statement } from '../syntaxTree';
import { Position, containsPosition } from '../text';

export interface Located {
  readonly model: ModelInfo;
  readonly statement: Statement;
  readonly layer?: LayerInfo;
  readonly section?: SectionInfo;
}

const indexCache = new WeakMap<Analysis, Located[]>();

function statementIndex(analysis: Analysis): Located[] {
  let index = indexCache.get(analysis);
  if (index) return index;
  index = [];
  for (const model of analysis.models) {
    const layersByStatement = new Map(model.layers.map((l) => [l.statement, l]));
    const sectionsByStatement = new Map(Object.values(model.sections).map((s) => [s!.statement, s!]));
    if (model.block.header) index.push({ model, statement: model.block.header });
    for (const statement of model.block.statements) {
      index.push({ model, statement, layer: layersByStatement.get(statement), section: sectionsByStatement.get(statement) });
    }
  }
  index.sort((a, b) => a.statement.range.start.line - b.statement.range.start.line);
  indexCache.set(analysis, index);
  return index;
}

/** The statement whose lines contain the position, if any. */
export function locate(analysis: Analysis, position: Position): Located | undefined {
  const index = statementIndex(analysis);
  let low = 0;
  let high = index.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (index[mid].statement.range.start.line <= position.line) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  if (found < 0) return undefined;
  const candidate = index[found];
  const r = candidate.statement.range;
  return position.line <= r.end.line ? candidate : undefined;
}

export function allStatements(analysis: Analysis): readonly Located[] {
  return statementIndex(analysis);
}

export function isInside(position: Position, range: { start: Position; end: Position }): boolean {
  return containsPosition(range, position);
}
