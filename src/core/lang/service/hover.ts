// Hover: on a layer line, its output shape and parameter count with the formulas behind them
// in the student's own numbers, then two lines on what the layer does. On an argument, its
// meaning; on a `from` reference, that layer's shape; on a training line, what it means.

import { Analysis, LayerInfo, ModelInfo } from '../analysis';
import { layerSpec, statementArgs } from '../layers/catalog';
import { formatCount } from '../localize';
import { sectionSpec } from '../sections';
import { ArgSpec } from '../spec';
import { Position, Range } from '../text';
import { explainLayer } from './explain';
import { isInside, locate } from './locate';
import { Presenter, formulaText, paramsText, shapeText } from './present';

export interface HoverResult {
  readonly range: Range;
  readonly markdown: string;
}

export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}

export function hover(analysis: Analysis, position: Position, p: Presenter): HoverResult | undefined {
  const located = locate(analysis, position);
  if (!located) return undefined;
  const { statement, layer, section, model } = located;
  for (const option of statement.options) {
    if (isInside(position, option.key.range)) {
      const specs = layer ? statementArgs(layer.spec, layer.args.get('layer') as string | undefined) : section ? sectionArgs(section.keyword, section.choice) : [];
      const spec = specs.find((s) => s.name === option.key.text || s.aliases?.includes(option.key.text));
      if (spec) return { range: option.key.range, markdown: argumentHover(spec, p) };
    }
  }
  for (const ref of statement.from?.refs ?? []) {
    if (isInside(position, ref.range)) {
      const target = model.byName.get(ref.name.text);
      if (target) return { range: ref.range, markdown: layerHover(target, model, p) };
    }
  }
  if (layer) return { range: statement.range, markdown: layerHover(layer, model, p) };
  if (section) {
    const spec = sectionSpec(section.keyword)!;
    const choice = spec.choices.find((c) => c.name === section.choice);
    const lines = [`**${section.keyword}**${choice ? ` \`${choice.name}\`` : ''} — ${escapeMarkdown(p.localize(spec.title, []))}`];
    if (choice) lines.push('', escapeMarkdown(p.localize(choice.doc, [])));
    // A line without choices says what its positional value is for (`weights "model.json"`).
    for (const arg of spec.choices.length ? [] : spec.args.filter((a) => a.positional)) lines.push('', escapeMarkdown(p.localize(arg.doc, [])));
    return { range: statement.range, markdown: lines.join('\n') };
  }
  if (statement === model.block.header) return { range: statement.range, markdown: modelHover(model, p) };
  return undefined;
}

function sectionArgs(keyword: string, choice: string | undefined): readonly ArgSpec[] {
  const spec = sectionSpec(keyword);
  if (!spec) return [];
  const found = spec.choices.find((c) => c.name === choice);
  return [...(found?.args ?? []), ...spec.args];
}

function argumentHover(spec: ArgSpec, p: Presenter): string {
  const fallback = spec.default === undefined ? '' : ` (${p.localize('default: {0}', [JSON.stringify(spec.default)])})`;
  return `\`${spec.name}\`${escapeMarkdown(fallback)}\n\n${escapeMarkdown(p.localize(spec.doc, []))}`;
}

export function layerHover(layer: LayerInfo, model: ModelInfo, p: Presenter): string {
  const spec = layerSpec(layer.kind)!;
  const lines: string[] = [`**${escapeMarkdown(layer.name)}** · \`${layer.kind}\` — ${escapeMarkdown(p.localize(spec.title, []))}`, ''];
  const shape = shapeText(layer, model);
  if (shape) {
    const inputs = layer.inputs.map((ref) => {
      const source = model.byName.get(ref.layer);
      const s = ref.port ? source?.result?.ports?.[ref.port] : source?.result?.output;
      return s ? `\`[${[model.batch, ...s].map((d) => (d === null ? 'None' : d)).join(', ')}]\`` : '';
    });
    const from = inputs.filter(Boolean).join(' , ');
    lines.push(`${from ? `${from} → ` : ''}\`${shape}\` · ${paramsText(layer.paramCount, p)}`);
    if (layer.trainableCount !== layer.paramCount) {
      lines.push('', p.localize('{0} trainable, {1} not trainable', [formatCount(layer.trainableCount, p.locale), formatCount(layer.paramCount - layer.trainableCount, p.locale)]));
    }
    const result = explainLayer(layer, model)!;
    if (result.shapeFormula.length) {
      lines.push('', `**${p.localize('Shape', [])}**`, ...result.shapeFormula.map((f) => `- ${escapeMarkdown(formulaText(f, p))}`));
    }
    if (result.paramFormula.length) {
      lines.push('', `**${p.localize('Parameters', [])}**`, ...result.paramFormula.map((f) => `- ${escapeMarkdown(formulaText(f, p))}`));
    }
  } else {
    lines.push(p.localize('The shape is unknown until the problems above this line are fixed.', []));
  }
  lines.push('', escapeMarkdown(p.localize(spec.explanation[0], [])), '', escapeMarkdown(p.localize(spec.explanation[1], [])));
  return lines.join('\n');
}

function modelHover(model: ModelInfo, p: Presenter): string {
  return [
    `**${p.localize('Model', [])}** \`${escapeMarkdown(model.name)}\``,
    '',
    p.localize('{0} layers · {1}', [model.layers.length, paramsText(model.totalParams, p)]),
    model.trainableParams !== model.totalParams ? p.localize('{0} trainable', [formatCount(model.trainableParams, p.locale)]) : '',
  ]
    .filter((line, i) => line !== '' || i === 1)
    .join('\n');
}
