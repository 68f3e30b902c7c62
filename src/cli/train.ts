// `netlens train FILE [--model NAME] [--epochs N] [--seed N] [--backend cpu|wasm] [--json]`: trains the model
// on its data line and prints loss and metrics per epoch — one JSON line per epoch with --json,
// then a final {"done": true, …} line; a progress bar on stderr when it is a terminal. A model
// with a `compare` line trains one run per value, each line tagged {"run": …}, and ends with a
// table ({"done": true, "compare", "runs": […]}).

import { LanguageService } from '../core/lang/languageService';
import { render } from '../core/lang/localize';
import { GAN_METRICS, GanTrainer } from '../core/engine/ganTraining';
import { createGanTraining, createTraining } from '../core/engine/setup';
import { Trainer, TrainSettings } from '../core/engine/training';
import { EpochRecord } from '../core/protocol/panel';
import { runVariants } from '../core/engine/compare';
import { ModelGraph } from '../core/model/graph';
import { checkedGraph, prepare, Prepared } from './engineRun';
import { EXIT_MODEL_ERRORS, EXIT_OK, ModelFile } from './io';

export interface TrainFlags {
  readonly epochs?: number;
  readonly seed?: number;
  readonly batch?: number;
  readonly backend?: string;
  /** --model: which model of a file of several; the first by default. */
  readonly model?: string;
}

export async function runTrain(file: ModelFile, service: LanguageService, flags: TrainFlags, json: boolean, write: (text: string) => void, progress: NodeJS.WriteStream | undefined): Promise<number> {
  const seed = flags.seed ?? seedOf(checkedGraph(file, service, flags.model));
  const prepared = await prepare(file, service, flags.backend, seed, undefined, flags.model);
  const variants = runVariants(prepared.graph);
  if (variants.length === 1) return (await trainOne(file, service, prepared, prepared.graph, undefined, flags, seed, json, write, progress)).code;
  const t = (template: string, ...args: (string | number)[]): string => service.localize(template, args);
  const results: RunResult[] = [];
  for (const [index, variant] of variants.entries()) {
    if (!json) write(`${index ? '\n' : ''}${t('Run {0}/{1}: {2}', index + 1, variants.length, variant.label)}`);
    const result = await trainOne(file, service, prepared, variant.graph, variant.label, flags, seed, json, write, progress);
    results.push(result);
    if (result.interrupted) break;
  }
  const compared = prepared.graph.training.compare?.name ?? '';
  if (json) {
    write(JSON.stringify({ done: true, compare: compared, runs: results.map((r) => r.summary) }));
  } else {
    write('\n' + t('Comparison of {0}, the same initial weights and seed:', compared));
    write(comparisonTable(results, t).join('\n'));
  }
  // A run that blows up is a result of the comparison (exploding-gradients.nn shows one), not a failure.
  return results.every((r) => r.code !== EXIT_OK) ? EXIT_MODEL_ERRORS : EXIT_OK;
}

interface RunResult {
  readonly code: number;
  readonly interrupted: boolean;
  readonly summary: Record<string, unknown>;
}

/** Trains one graph (the model, or one run of a comparison, labelled `run`). */
async function trainOne(file: ModelFile, service: LanguageService, prepared: Prepared, graph: ModelGraph, run: string | undefined, flags: TrainFlags, seed: number, json: boolean, write: (text: string) => void, progress: NodeJS.WriteStream | undefined): Promise<RunResult> {
  const t = (template: string, ...args: (string | number)[]): string => service.localize(template, args);
  const overrides = { epochs: flags.epochs, seed, batchSize: flags.batch };
  // A GAN trains its discriminator and generator in turn; other models, one network.
  const isGan = graph.training.gan !== undefined;
  const setup: Runnable = isGan ? ganSetup(createGanTraining(graph, prepared.dataset, overrides)) : createTraining(graph, prepared.dataset, overrides, prepared.weights);
  const label = run === undefined ? {} : { run };
  const started = Date.now();
  const interrupt = (): void => setup.trainer.cancel();
  process.once('SIGINT', interrupt);
  try {
    if (!json) write(t('Training {0} on {1} ({2}, {6} path): {3} epochs, batch {4}, seed {5}', graph.name, prepared.dataset.name, prepared.backend, setup.settings.epochs, setup.settings.batchSize, seed, setup.trainer.path));
    // Where each run starts: the same for every run of a comparison (same weights, same data).
    const initialLoss = run === undefined || !setup.trainer.evaluate ? undefined : (await setup.trainer.evaluate()).loss;
    if (initialLoss !== undefined && !json) write(t('initial loss {0}', initialLoss.toFixed(4)));
    const bar = progress?.isTTY && !json ? progress : undefined;
    const end = await setup.trainer.run(
      (record) => {
        bar?.write('\r\x1b[K');
        write(json ? JSON.stringify({ ...label, ...epochJson(record) }) : isGan ? ganEpochLine(record, setup.settings.epochs, t) : epochLine(record, setup.settings.epochs, t));
      },
      bar ? (p) => bar.write(`\r${progressBar(p.step / p.stepsPerEpoch)} ${t('epoch {0}', p.epoch)} · ${t('loss {0}', p.loss.toFixed(4))}`) : undefined,
    );
    bar?.write('\r\x1b[K');
    const last = setup.trainer.history.at(-1);
    const seconds = (Date.now() - started) / 1000;
    const restored = end.reason === 'earlyStopping' && setup.settings.restoreBest ? { bestEpoch: (setup.trainer.bestEpoch ?? end.epochs) } : {};
    const start = initialLoss === undefined ? {} : { initialLoss: round(initialLoss, 6) };
    if (end.reason === 'nonFinite') {
      const where = `${file.path}:${end.report.line + 1}`;
      const summary = { ...label, done: true, reason: 'nonFinite', epochs: end.epochs, ...start, layer: end.report.layer, phase: end.report.phase, line: end.report.line, message: render(service.localize, end.report.detail) };
      if (json) write(JSON.stringify(summary));
      else write(`${where}: ${render(service.localize, end.report.detail)}`);
      return { code: EXIT_MODEL_ERRORS, interrupted: false, summary };
    }
    const summary = { ...label, done: true, reason: end.reason, epochs: end.epochs, ...start, ...(last ? epochJson(last) : {}), ...restored, backend: prepared.backend, path: setup.trainer.path, seconds: round(seconds, 3) };
    if (json) {
      write(JSON.stringify(summary));
    } else {
      const why =
        end.reason === 'earlyStopping'
          ? setup.settings.restoreBest
            ? t('stopped early: the validation loss stopped improving; the weights of epoch {0} are restored', (setup.trainer.bestEpoch ?? end.epochs))
            : t('stopped early: the validation loss stopped improving')
          : end.reason === 'stopped'
            ? t('stopped by the user')
            : t('done');
      write(t('{0} after {1} epochs in {2} s', why, end.epochs, seconds.toFixed(1)));
    }
    return { code: EXIT_OK, interrupted: end.reason === 'stopped', summary };
  } finally {
    process.removeListener('SIGINT', interrupt);
    setup.dispose();
  }
}

/** What `runTrain` needs of a training setup; a GAN's trainer provides it too. */
interface Runnable {
  readonly trainer: Pick<Trainer, 'run' | 'cancel' | 'history' | 'path'> & Partial<Pick<Trainer, 'evaluate' | 'bestEpoch'>>;
  readonly settings: TrainSettings;
  dispose(): void;
}

function ganSetup(trainer: GanTrainer): Runnable {
  return { trainer, settings: trainer.settings, dispose: () => trainer.dispose() };
}

/** One row per run: where it started, where it ended, and its best loss. */
function comparisonTable(results: readonly RunResult[], t: (template: string, ...args: (string | number)[]) => string): string[] {
  const rows = results.map((r) => {
    const s = r.summary as { run: string; reason: string; epochs: number; initialLoss?: number; loss?: number };
    return [s.run, String(s.epochs), s.initialLoss?.toFixed(4) ?? '—', s.reason === 'nonFinite' ? 'NaN' : (s.loss?.toFixed(4) ?? '—')];
  });
  const header = [t('run'), t('epochs'), t('initial loss'), t('final loss')];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)];
}

/** The `train seed=N` of the model that runs (--model, else the first). */
function seedOf(graph: ModelGraph): number {
  const seed = graph.training.train?.attrs.seed;
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

/** D loss, G loss and the discriminator's mean output on fakes and on real samples. */
function ganEpochLine(record: EpochRecord, epochs: number, t: (template: string, ...args: (string | number)[]) => string): string {
  const metric = (name: string) => (record.metrics[name] ?? NaN).toFixed(4);
  return [t('epoch {0}/{1}', record.epoch, epochs).padEnd(14), t('D loss {0}', record.loss.toFixed(4)), t('G loss {0}', metric(GAN_METRICS.generatorLoss)), t('mean D(fake) {0}', metric(GAN_METRICS.fakeScore)), t('mean D(real) {0}', metric(GAN_METRICS.realScore))].join('  ');
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
