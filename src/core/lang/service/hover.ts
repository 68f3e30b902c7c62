// Hover: on a layer line, its output shape and parameter count with the formulas behind them
// in the student's own numbers, then two lines on what the layer does. On an argument, its
// meaning; on a `from` reference, that layer's shape; on a training line, what it means.

import { Analysis, LayerInfo, ModelInfo } from '../analysis';
import { literalDecisionLine, lineEquation } from '../../model/decisionLine';
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
    lines.push(...decisionLineLines(layer, model, p), ...strideLines(layer, p));
  } else {
    lines.push(p.localize('The shape is unknown until the problems above this line are fixed.', []));
  }
  for (const line of spec.explanation) lines.push('', escapeMarkdown(p.localize(line, [])));
  return lines.join('\n');
}

/** Kinds whose hover shows the row-major strides of their output: the course's view and stride. */
const STRIDE_KINDS = ['constant', 'reshape', 'flatten'];

/** Strides of a fully known shape of rank ≥ 2, as PyTorch's x.stride(): (12, 4, 1) for [2, 3, 4]. */
function strideLines(layer: LayerInfo, p: Presenter): string[] {
  const shape = layer.result?.output;
  if (!STRIDE_KINDS.includes(layer.kind) || !shape || shape.length < 2 || shape.some((d) => d === null)) return [];
  const strides = (shape as number[]).map((_, i) => (shape as number[]).slice(i + 1).reduce((a, b) => a * b, 1));
  return ['', `**${p.localize('Strides', [])}**`, `- ${escapeMarkdown(p.localize('({0}): one step along each dimension skips this many numbers in memory (row-major, as x.stride())', [strides.join(', ')]))}`];
}

/** One neuron on (x1, x2) with literal weights: the line it draws, as the course writes it. */
function decisionLineLines(layer: LayerInfo, model: ModelInfo, p: Presenter): string[] {
  if (layer.inputs.length !== 1 || layer.inputs[0].port) return [];
  const source = model.byName.get(layer.inputs[0].layer);
  const line = literalDecisionLine(layer.kind, layer.args, source?.kind, source?.result?.output);
  const equation = line && lineEquation(line);
  if (!equation) return [];
  return ['', `**${p.localize('Decision line', [])}**`, `- ${escapeMarkdown(p.localize('{0}, that is {1}: the two classes meet on this line', [equation.general, equation.solved]))}`];
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
