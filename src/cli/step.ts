// `netlens step FILE [--model NAME] [--seed N] [--batch N] [--values] [--backend cpu|wasm] [--json]`: every
// stop of one training step on the first batch — each layer's input and output, the loss,
// each layer's gradients in reverse order, the optimizer's update — with shapes, statistics
// and, with --values, the numbers (whole for small tensors, a strided sample otherwise).

import { createTraining } from '../core/engine/setup';
import { disposeBatch } from '../core/engine/training';
import { StopRecord } from '../core/engine/stepper';
import { LanguageService } from '../core/lang/languageService';
import { TensorView } from '../core/protocol/panel';
import { ModelProblem, prepare } from './engineRun';
import { EXIT_OK, ModelFile } from './io';

export interface StepFlags {
  readonly seed?: number;
  readonly batch?: number;
  readonly values: boolean;
  readonly backend?: string;
  /** --model: which model of a file of several; the first by default. */
  readonly model?: string;
}

export async function runStep(file: ModelFile, service: LanguageService, flags: StepFlags, json: boolean, write: (text: string) => void): Promise<number> {
  const t = (template: string, ...args: (string | number)[]): string => service.localize(template, args);
  const seed = flags.seed ?? 1;
  const prepared = await prepare(file, service, flags.backend, seed, undefined, flags.model);
  // The stops are one network's step; a GAN's step spans two networks.
  if (prepared.graph.training.gan) throw new ModelProblem(prepared.graph.training.gan.line, service.localize('A GAN trains its discriminator and its generator in turn, and stepping through one of its steps is not available yet: train it (netlens train, or Train in the panel).', []));
  const setup = createTraining(prepared.graph, prepared.dataset, { seed, batchSize: flags.batch, shuffle: false }, prepared.weights);
  const { session, batch } = setup.trainer.stepSession();
  try {
    const records: StopRecord[] = [];
    for (const stop of session.stops) records.push(await session.read(stop.index, { values: flags.values }));
    if (json) {
      write(JSON.stringify({ file: file.path, model: prepared.graph.name, backend: prepared.backend, batch: batch.size, seed, stops: records.map(stopJson) }));
    } else {
      write(t('One training step of {0} on {1} examples ({2}, seed {3}): {4} stops', prepared.graph.name, batch.size, prepared.backend, seed, records.length));
      for (const record of records) write(stopText(record, flags.values, t));
    }
    return EXIT_OK;
  } finally {
    session.dispose();
    disposeBatch(batch);
    setup.dispose();
  }
}

function stopJson(record: StopRecord): Record<string, unknown> {
  return {
    phase: record.phase,
    layer: record.layer,
    kind: record.kind,
    line: record.line,
    tensors: Object.fromEntries(
      Object.entries(record.tensors).map(([role, view]) => [
        role,
        {
          shape: view.shape,
          stats: Object.fromEntries(Object.entries(view.stats).map(([k, v]) => [k, Number.isFinite(v) ? v : String(v)])),
          ...(view.values ? { values: Array.from(view.values, (v) => (Number.isFinite(v) ? v : String(v))) } : {}),
          ...(view.sampleStride ? { sampleStride: view.sampleStride } : {}),
        },
      ]),
    ),
  };
}

function stopText(record: StopRecord, values: boolean, t: (template: string, ...args: (string | number)[]) => string): string {
  const title: Record<string, string> = { forward: t('forward'), loss: t('loss'), backward: t('backward'), update: t('update') };
  const lines = [`\n#${record.index + 1} ${title[record.phase]} · ${record.layer} (${record.kind}) · ${t('line {0}', record.line + 1)}`];
  const width = Math.max(...Object.keys(record.tensors).map((r) => r.length));
  for (const [role, view] of Object.entries(record.tensors)) {
    lines.push(`  ${role.padEnd(width)}  ${statsText(view, t)}`);
    if (values && view.values) lines.push(...valuesText(view, t).map((l) => `  ${' '.repeat(width)}  ${l}`));
  }
  return lines.join('\n');
}

type Translate = (template: string, ...args: (string | number)[]) => string;

function statsText(view: TensorView, t: Translate): string {
  const s = view.stats;
  const shape = `[${view.shape.join(', ')}]`.padEnd(16);
  const extra = [s.nonFinite ? `NaN/Inf ${s.nonFinite}` : '', s.zeros > 0 ? t('zeros {0} %', (s.zeros * 100).toFixed(0)) : ''].filter(Boolean).join('  ');
  const stats = t('min {0}  max {1}  mean {2}  std {3}', num(s.min), num(s.max), num(s.mean), num(s.std));
  return `${shape} ${stats}  ‖·‖ ${num(s.norm)}${extra ? '  ' + extra : ''}`;
}

/** Small tensors as rows of their last axis; samples as one flat list. */
function valuesText(view: TensorView, t: Translate): string[] {
  const values = Array.from(view.values!, num);
  if (view.sampleStride) return [`${t('(every {0}th value)', view.sampleStride)} ${values.slice(0, 32).join(' ')}${values.length > 32 ? ' …' : ''}`];
  const rowLength = view.shape.length ? view.shape[view.shape.length - 1] || 1 : 1;
  const rows: string[] = [];
  for (let i = 0; i < values.length && rows.length < 64; i += rowLength) rows.push('[' + values.slice(i, i + rowLength).join(', ') + ']');
  if (values.length / rowLength > 64) rows.push('…');
  return rows;
}

function num(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  return abs >= 1e4 || abs < 1e-3 ? value.toExponential(3) : String(Number(value.toPrecision(5)));
}
