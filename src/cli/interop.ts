// `netlens import FILE.json [-o OUT.nn]` and `netlens export FILE.nn --format tfjs|keras -o DIR
// [--train]`: the file I/O around src/core/interop. Import reads the weight files the manifest
// lists next to the JSON; nothing is written when the import or export fails.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { InteropError } from '../core/interop/importError';
import { importModel } from '../core/interop/importModel';
import { exportKeras, exportTfjs } from '../core/interop/exportModel';
import { createTraining } from '../core/engine/setup';
import { Network } from '../core/engine/network';
import { LanguageService } from '../core/lang/languageService';
import { formatCount, render } from '../core/lang/localize';
import { ModelGraph } from '../core/model/graph';
import { checkedGraph, prepare, readWeights } from './engineRun';
import { EXIT_MODEL_ERRORS, EXIT_OK, ModelFile, UsageError } from './io';
import { initTf } from './tfNode';

type Write = (text: string) => void;

/** The manifest's weight files that exist next to the JSON, by their manifest path. */
function weightFilesBeside(jsonPath: string, text: string): Map<string, ArrayBuffer> {
  const files = new Map<string, ArrayBuffer>();
  let manifest: unknown;
  try {
    manifest = (JSON.parse(text) as { weightsManifest?: unknown }).weightsManifest;
  } catch {
    return files; // importModel explains what is wrong with the JSON
  }
  if (!Array.isArray(manifest)) return files;
  for (const group of manifest as { paths?: unknown }[]) {
    for (const path of Array.isArray(group?.paths) ? group.paths : []) {
      const full = join(dirname(jsonPath), String(path));
      if (existsSync(full)) {
        const data = readFileSync(full);
        files.set(String(path), data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
      }
    }
  }
  return files;
}

export function runImport(path: string | undefined, out: string | undefined, service: LanguageService, write: Write): number {
  const t = (template: string, ...args: (string | number)[]): string => service.localize(template, args);
  if (!path) throw new UsageError('missing FILE: give the path of a model.json or a Keras .json file');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError('no such file: {0}', path);
  }
  const target = out ?? join(dirname(path), `${basename(path, extname(path))}.nn`);
  // The weights line names the JSON relative to the .nn's folder.
  const reference = relative(dirname(resolve(target)), resolve(path)).split(sep).join('/');
  try {
    const result = importModel(text, { fileName: reference, weightFiles: weightFilesBeside(path, text) });
    writeFileSync(target, result.text);
    write(
      result.hasWeights
        ? t('Wrote {0}: {1} layers, {2} parameters, weights from {3}.', target, result.layerCount, formatCount(result.totalParams, service.locale), reference)
        : t('Wrote {0}: {1} layers, {2} parameters, no weights (initial values are seeded).', target, result.layerCount, formatCount(result.totalParams, service.locale)),
    );
    return EXIT_OK;
  } catch (error) {
    if (error instanceof InteropError) {
      process.stderr.write(`${path}: ${render(service.localize, error.detail)}\n`);
      return EXIT_MODEL_ERRORS;
    }
    throw error;
  }
}

export interface ExportFlags {
  readonly format?: string;
  readonly out?: string;
  readonly train?: boolean;
  readonly epochs?: number;
  readonly seed?: number;
  readonly backend?: string;
  /** --model: which model of a file of several; the first by default. */
  readonly model?: string;
}

/** Parameter values to export, and which they are: trained, pretrained or seeded. */
async function exportValues(file: ModelFile, graph: ModelGraph, service: LanguageService, flags: ExportFlags): Promise<{ values: Map<string, Float32Array>; which: string }> {
  const t = (template: string, ...args: (string | number)[]): string => service.localize(template, args);
  const seed = flags.seed ?? (typeof graph.training.train?.attrs.seed === 'number' ? graph.training.train.attrs.seed : 1);
  if (flags.train) {
    const prepared = await prepare(file, service, flags.backend, seed, undefined, flags.model);
    const setup = createTraining(prepared.graph, prepared.dataset, { seed, ...(flags.epochs ? { epochs: flags.epochs } : {}) }, prepared.weights);
    try {
      const end = await setup.trainer.run(() => undefined);
      return { values: snapshot(setup.network), which: t('trained weights ({0} epochs)', end.epochs) };
    } finally {
      setup.dispose();
    }
  }
  await initTf((flags.backend ?? 'auto') as 'auto' | 'cpu' | 'wasm');
  const pretrained = await readWeights(graph, dirname(resolve(file.path)), service);
  const network = new Network(graph, seed, pretrained);
  try {
    return { values: snapshot(network), which: pretrained ? t('weights from {0}', String(graph.training.weights?.attrs.file)) : t('initial weights, seed {0}', seed) };
  } finally {
    network.dispose();
  }
}

function snapshot(network: Network): Map<string, Float32Array> {
  return new Map(network.params().map((e) => [e.key, new Float32Array(e.variable.dataSync())]));
}

export async function runExport(file: ModelFile, service: LanguageService, flags: ExportFlags, write: Write): Promise<number> {
  const t = (template: string, ...args: (string | number)[]): string => service.localize(template, args);
  if (flags.format !== 'tfjs' && flags.format !== 'keras') throw new UsageError("--format must be tfjs or keras, not '{0}'", flags.format ?? '');
  if (!flags.out) throw new UsageError('missing -o DIR: the folder to write the exported model to');
  const graph = checkedGraph(file, service, flags.model);
  try {
    if (flags.format === 'keras') {
      const script = exportKeras(graph, basename(file.path));
      mkdirSync(flags.out, { recursive: true });
      const target = join(flags.out, `${graph.name}.py`);
      writeFileSync(target, script);
      write(t('Wrote {0}: a Keras script that rebuilds the architecture.', target));
      return EXIT_OK;
    }
    const { values, which } = await exportValues(file, graph, service, flags);
    const artifacts = exportTfjs(graph, values);
    mkdirSync(flags.out, { recursive: true });
    writeFileSync(join(flags.out, 'model.json'), artifacts.modelJson);
    writeFileSync(join(flags.out, artifacts.weightsFileName), new Uint8Array(artifacts.weightsBin));
    write(t('Wrote {0} and {1}: {2}.', join(flags.out, 'model.json'), join(flags.out, artifacts.weightsFileName), which));
    return EXIT_OK;
  } catch (error) {
    if (error instanceof InteropError) {
      process.stderr.write(`${file.path}: ${render(service.localize, error.detail)}\n`);
      return EXIT_MODEL_ERRORS;
    }
    throw error;
  }
}
