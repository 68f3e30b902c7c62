// Layer names as symbols: go to definition, find references, rename; the outline of models,
// layers and training lines; folding of model blocks and multi-line literals.

import { Analysis, NameUse } from '../analysis';
import { TextEdit } from '../diagnostics';
import { Message, message } from '../localize';
import { Position, Range, containsPosition } from '../text';
import { Presenter, shapeText } from './present';

function useAt(analysis: Analysis, position: Position): NameUse | undefined {
  return analysis.nameUses.find((use) => containsPosition(use.range, position));
}

function definitionOf(analysis: Analysis, model: string, name: string): Range | undefined {
  const layer = analysis.models.find((m) => m.name === model)?.byName.get(name);
  return layer ? (layer.nameRange ?? layer.statement.head.range) : undefined;
}

export function definition(analysis: Analysis, position: Position): Range | undefined {
  const use = useAt(analysis, position);
  return use ? definitionOf(analysis, use.model, use.name) : undefined;
}

export function references(analysis: Analysis, position: Position, includeDeclaration: boolean): Range[] {
  const use = useAt(analysis, position);
  if (!use) return [];
  return analysis.nameUses.filter((u) => u.model === use.model && u.name === use.name && (includeDeclaration || !u.isDefinition)).map((u) => u.range);
}

export type RenameResult = { readonly edits: TextEdit[] } | { readonly error: Message };

export function prepareRename(analysis: Analysis, position: Position): Range | undefined {
  return useAt(analysis, position)?.range;
}

export function rename(analysis: Analysis, position: Position, newName: string): RenameResult {
  const use = useAt(analysis, position);
  if (!use) return { error: message('Put the cursor on a layer name to rename it.') };
  if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(newName)) return { error: message("'{0}' is not a valid name: use letters, digits and _.", newName) };
  const model = analysis.models.find((m) => m.name === use.model);
  if (model?.byName.has(newName) && newName !== use.name) return { error: message("There is already a layer named '{0}'.", newName) };
  const uses = analysis.nameUses.filter((u) => u.model === use.model && u.name === use.name);
  if (!uses.some((u) => u.isDefinition)) return { error: message("'{0}' is not defined in this model.", use.name) };
  return { edits: uses.map((u) => ({ range: u.range, newText: newName })) };
}

export type SymbolKind = 'model' | 'layer' | 'section';

export interface DocumentSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: SymbolKind;
  readonly range: Range;
  readonly selectionRange: Range;
  readonly children: DocumentSymbol[];
}

export function documentSymbols(analysis: Analysis, p: Presenter): DocumentSymbol[] {
  return analysis.models.map((model) => {
    const layers: DocumentSymbol[] = model.layers.map((layer) => ({
      name: layer.name,
      detail: `${layer.kind} ${shapeText(layer, model) ?? ''}`.trim(),
      kind: 'layer',
      range: layer.statement.range,
      selectionRange: layer.nameRange ?? layer.statement.head.range,
      children: [],
    }));
    const sections: DocumentSymbol[] = Object.values(model.sections).map((section) => ({
      name: section!.keyword,
      detail: section!.choice ?? '',
      kind: 'section',
      range: section!.statement.range,
      selectionRange: section!.statement.head.range,
      children: [],
    }));
    const children = [...layers, ...sections].sort((a, b) => a.range.start.line - b.range.start.line);
    return {
      name: model.name,
      detail: p.localize('{0} params', [model.totalParams]),
      kind: 'model',
      range: model.block.range,
      selectionRange: model.nameRange ?? model.block.range,
      children,
    };
  });
}

export interface FoldingRange {
  readonly startLine: number;
  readonly endLine: number;
}

export function foldingRanges(analysis: Analysis): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  for (const model of analysis.models) {
    if (model.block.header && model.block.range.end.line > model.block.range.start.line) {
      ranges.push({ startLine: model.block.range.start.line, endLine: model.block.range.end.line });
    }
    for (const statement of model.block.statements) {
      if (statement.range.end.line > statement.range.start.line) {
        ranges.push({ startLine: statement.range.start.line, endLine: statement.range.end.line });
      }
    }
  }
  return ranges;
}

export interface ModelLens {
  readonly model: string;
  readonly range: Range;
  readonly totalParams: number;
  readonly canTrain: boolean;
}

/** Where to put the "Summary" (and "Train", "Debug") lenses: above each model. */
export function modelLenses(analysis: Analysis): ModelLens[] {
  return analysis.models.map((model) => ({
    model: model.name,
    range: model.block.header?.range ?? model.block.range,
    totalParams: model.totalParams,
    canTrain: Boolean(model.sections.data && model.sections.loss),
  }));
}
