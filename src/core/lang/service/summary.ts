// The Keras-style model summary, as a table for people and as JSON for programs (the CLI's
// `summary --json` contract: batch dimension null, 0-based lines).

import { Analysis, ModelInfo } from '../analysis';
import { formatCount } from '../localize';
import { Dim, formatShape } from '../shape';
import { Presenter } from './present';

export interface LayerSummary {
  readonly name: string;
  readonly kind: string;
  readonly line: number;
  readonly outputShape: Dim[] | null;
  readonly params: number;
  readonly trainableParams: number;
  readonly inputs: string[];
}

export interface ModelSummary {
  readonly name: string;
  readonly layers: LayerSummary[];
  readonly totalParams: number;
  readonly trainableParams: number;
}

export function summarize(analysis: Analysis): ModelSummary[] {
  return analysis.models.map((model) => ({
    name: model.name,
    layers: model.layers.map((layer) => ({
      name: layer.name,
      kind: layer.kind,
      line: layer.statement.range.start.line,
      outputShape: layer.result ? [null, ...layer.result.output] : null,
      params: layer.paramCount,
      trainableParams: layer.trainableCount,
      inputs: layer.inputs.map((i) => (i.port ? `${i.layer}.${i.port}` : i.layer)),
    })),
    totalParams: model.totalParams,
    trainableParams: model.trainableParams,
  }));
}

/** Keras 3's box-drawn table; a "Connected to" column when the model is not a plain stack. */
export function summaryTable(model: ModelInfo, p: Presenter): string {
  const isStack = model.layers.every((layer, i) => layer.inputs.length === (i === 0 || layer.spec.inputs.max === 0 ? 0 : 1) && (i === 0 || layer.spec.inputs.max === 0 || layer.inputs[0]?.layer === model.layers[i - 1].name));
  const header = [p.localize('Layer (type)', []), p.localize('Output Shape', []), p.localize('Param #', [])];
  if (!isStack) header.push(p.localize('Connected to', []));
  const rows = model.layers.map((layer) => {
    const row = [`${layer.name} (${layer.kind})`, layer.result ? formatShape([null, ...layer.result.output]) : '?', formatCount(layer.paramCount, p.locale)];
    if (!isStack) row.push(layer.inputs.map((i) => (i.port ? `${i.layer}.${i.port}` : i.layer)).join(', ') || '-');
    return row;
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)) + 2);
  const pad = (text: string, c: number) => (c === 2 ? ` ${text.padStart(widths[c] - 2)} ` : ` ${text.padEnd(widths[c] - 2)} `);
  const line = (left: string, mid: string, right: string, fill: string) => left + widths.map((w) => fill.repeat(w)).join(mid) + right;
  const out = [
    p.localize('Model: "{0}"', [model.name]),
    line('┏', '┳', '┓', '━'),
    '┃' + header.map(pad).join('┃') + '┃',
    line('┡', '╇', '┩', '━'),
    ...rows.flatMap((r, i) => ['│' + r.map(pad).join('│') + '│', i < rows.length - 1 ? line('├', '┼', '┤', '─') : line('└', '┴', '┘', '─')]),
    ` ${p.localize('Total params: {0}', [formatCount(model.totalParams, p.locale)])}`,
    ` ${p.localize('Trainable params: {0}', [formatCount(model.trainableParams, p.locale)])}`,
    ` ${p.localize('Non-trainable params: {0}', [formatCount(model.totalParams - model.trainableParams, p.locale)])}`,
  ];
  if (rows.length === 0) out.splice(4, 0, line('└', '┴', '┘', '─'));
  return out.join('\n');
}
