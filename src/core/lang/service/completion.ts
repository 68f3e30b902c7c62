// Completion from the text before the cursor on its line: a statement keyword at the start,
// a value after `key=`, a layer name after `from`, otherwise the statement's arguments.

import { Analysis } from '../analysis';
import { LAYER_KINDS, layerSpec, statementArgs } from '../layers/catalog';
import { SECTIONS, sectionSpec } from '../sections';
import { ArgSpec } from '../spec';
import { Position } from '../text';
import { locate } from './locate';
import { Presenter, shapeText } from './present';

export type CompletionKind = 'keyword' | 'argument' | 'value' | 'layer' | 'section';

export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  readonly documentation?: string;
  /** A snippet in VS Code's syntax when `isSnippet`, else plain text. */
  readonly insertText: string;
  readonly isSnippet?: boolean;
}

export function completions(analysis: Analysis, lineText: string, position: Position, p: Presenter): CompletionItem[] {
  const before = lineText.slice(0, position.character);
  const commentAt = before.indexOf('#');
  if (commentAt >= 0) return [];
  const words = before.trimStart().split(/\s+/);
  if (words.length <= 1) return keywordItems(p);
  const head = words[0];
  const current = words[words.length - 1];
  const located = locate(analysis, position);
  const model = located?.model ?? analysis.models[analysis.models.length - 1];

  const fromAt = words.lastIndexOf('from');
  if (fromAt > 0 && !current.includes('=')) {
    const above = model?.layers.filter((l) => l.statement.range.start.line < position.line) ?? [];
    return above.map((layer) => ({ label: layer.name, kind: 'layer', detail: model ? shapeText(layer, model) : undefined, insertText: layer.name }));
  }
  const argSpecs = argumentsOf(head, words);
  const equals = current.indexOf('=');
  if (equals > 0) {
    const key = current.slice(0, equals);
    const spec = argSpecs.find((s) => s.name === key || s.aliases?.includes(key));
    return spec ? valueItems(spec) : [];
  }
  const section = sectionSpec(head);
  if (section && section.choices.length && words.length === 2) {
    return section.choices.map((c) => ({ label: c.name, kind: 'value', documentation: p.localize(c.doc, []), insertText: c.name }));
  }
  const given = new Set(words.slice(1, -1).map((w) => w.split('=')[0]));
  const items: CompletionItem[] = argSpecs
    .filter((s) => !s.positional && !given.has(s.name))
    .map((s) => ({ label: `${s.name}=`, kind: 'argument', documentation: p.localize(s.doc, []), insertText: `${s.name}=`, detail: s.default !== undefined ? String(s.default) : undefined }));
  if (layerSpec(head) && !words.includes('from')) items.push({ label: 'from', kind: 'keyword', insertText: 'from ' });
  return items;
}

function argumentsOf(head: string, words: readonly string[]): readonly ArgSpec[] {
  const firstWord = words[1];
  const layer = layerSpec(head);
  if (layer) return statementArgs(layer, words.slice(1, 3).find((w) => layer.wraps?.includes(w)));
  const section = sectionSpec(head);
  if (!section) return [];
  const choice = section.choices.find((c) => c.name === firstWord);
  return [...(choice?.args ?? []), ...section.args];
}

function valueItems(spec: ArgSpec): CompletionItem[] {
  switch (spec.type.kind) {
    case 'choice':
      return spec.type.choices.map((c) => ({ label: c, kind: 'value', insertText: c }));
    case 'bool':
      return ['true', 'false'].map((c) => ({ label: c, kind: 'value', insertText: c }));
    case 'padding':
      return ['valid', 'same'].map((c) => ({ label: c, kind: 'value', insertText: c }));
    default:
      return [];
  }
}

function keywordItems(p: Presenter): CompletionItem[] {
  const layers: CompletionItem[] = LAYER_KINDS.map((spec) => ({
    label: spec.kind,
    kind: 'keyword',
    detail: p.localize(spec.title, []),
    documentation: `${p.localize(spec.explanation[0], [])}\n\n${p.localize(spec.explanation[1], [])}`,
    insertText: spec.snippet,
    isSnippet: true,
  }));
  const sections: CompletionItem[] = SECTIONS.map((spec) => ({
    label: spec.keyword,
    kind: 'section',
    detail: p.localize(spec.title, []),
    insertText: spec.snippet,
    isSnippet: true,
  }));
  return [...layers, ...sections, { label: 'model', kind: 'keyword', detail: p.localize('Start a model block', []), insertText: 'model ${1:name}', isSnippet: true }];
}
