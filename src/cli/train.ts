// `netlens train FILE [--epochs N] [--seed N] [--backend cpu|wasm] [--json]`: trains the model
// on its data line and prints loss and metrics per epoch — one JSON line per epoch with --json,
// then a final {"done": true, …} line; a progress bar on stderr when it is a terminal.

import { LanguageService } from '../core/lang/languageService';
import { render } from '../core/lang/localize';
import { createTraining } from '../core/engine/setup';
import { EpochRecord } from '../core/protocol/panel';
import { prepare } from './engineRun';
import { EXIT_MODEL_ERRORS, EXIT_OK, ModelFile } from './io';

export interface TrainFlags {
  readonly epochs?: number;
  readonly seed?: number;
  readonly batch?: number;
  readonly backend?: string;
}

export async function runTrain(file: ModelFile, service: LanguageService, flags: TrainFlags, json: boolean, write: (text: string) => void, progress: NodeJS.WriteStream | undefined): Promise<number> {
  const t = (template: string, ...args: (string | number)[]): string => service.localize(template, args);
  const seed = flags.seed ?? seedOf(file, service);
  const prepared = await prepare(file, service, flags.backend, seed);
  const setup = createTraining(prepared.graph, prepared.dataset, { epochs: flags.epochs, seed, batchSize: flags.batch }, prepared.weights);
  const started = Date.now();
  const interrupt = (): void => setup.trainer.cancel();
  process.once('SIGINT', interrupt);
  try {
    if (!json) write(t('Training {0} on {1} ({2}, {6} path): {3} epochs, batch {4}, seed {5}', prepared.graph.name, prepared.dataset.name, prepared.backend, setup.settings.epochs, setup.settings.batchSize, seed, setup.trainer.path));
    const bar = progress?.isTTY && !json ? progress : undefined;
    const end = await setup.trainer.run(
      (record) => {
        bar?.write('\r\x1b[K');
        write(json ? JSON.stringify(epochJson(record)) : epochLine(record, setup.settings.epochs, t));
      },
      bar ? (p) => bar.write(`\r${progressBar(p.step / p.stepsPerEpoch)} ${t('epoch {0}', p.epoch)} · ${t('loss {0}', p.loss.toFixed(4))}`) : undefined,
    );
    bar?.write('\r\x1b[K');
    const last = setup.trainer.history.at(-1);
    const seconds = (Date.now() - started) / 1000;
    if (end.reason === 'nonFinite') {
      const where = `${file.path}:${end.report.line + 1}`;
      if (json) write(JSON.stringify({ done: true, reason: 'nonFinite', epochs: end.epochs, layer: end.report.layer, phase: end.report.phase, line: end.report.line, message: render(service.localize, end.report.detail) }));
      else write(`${where}: ${render(service.localize, end.report.detail)}`);
      return EXIT_MODEL_ERRORS;
    }
    if (json) {
      write(JSON.stringify({ done: true, reason: end.reason, epochs: end.epochs, ...(last ? epochJson(last) : {}), backend: prepared.backend, path: setup.trainer.path, seconds: round(seconds, 3) }));
    } else {
      const why = end.reason === 'earlyStopping' ? t('stopped early: the validation loss stopped improving') : end.reason === 'stopped' ? t('stopped by the user') : t('done');
      write(t('{0} after {1} epochs in {2} s', why, end.epochs, seconds.toFixed(1)));
    }
    return EXIT_OK;
  } finally {
    process.removeListener('SIGINT', interrupt);
    setup.dispose();
  }
}

function seedOf(file: ModelFile, service: LanguageService): number {
  const seed = service.analyze(file.text, file.modelName).models[0]?.sections.train?.args.get('seed');
  return typeof seed === 'number' ? seed : 1;
}

function epochJson(record: EpochRecord): Record<string, unknown> {
  return {
    epoch: record.epoch,
    loss: round(record.loss, 6),
    valLoss: record.valLoss === undefined ? null : round(record.valLoss, 6),
    metrics: Object.fromEntries(Object.entries(record.metrics).map(([k, v]) => [k, round(v, 6)])),
    ...(record.valMetrics ? { valMetrics: Object.fromEntries(Object.entries(record.valMetrics).map(([k, v]) => [k, round(v, 6)])) } : {}),
  };
}

function epochLine(record: EpochRecord, epochs: number, t: (template: string, ...args: (string | number)[]) => string): string {
  const parts = [t('epoch {0}/{1}', record.epoch, epochs).padEnd(14), t('loss {0}', record.loss.toFixed(4))];
  if (record.metrics.accuracy !== undefined) parts.push(t('accuracy {0}', percent(record.metrics.accuracy)));
  if (record.valLoss !== undefined) parts.push(t('val_loss {0}', record.valLoss.toFixed(4)));
  if (record.valMetrics?.accuracy !== undefined) parts.push(t('val_accuracy {0}', percent(record.valMetrics.accuracy)));
  return parts.join('  ');
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

function progressBar(fraction: number): string {
  const width = 24;
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
