// Shared by `netlens train` and `netlens step`: read and check the model, build its data set
// with the host's file access, set up tfjs in Node, and explain bad input (a model with
// errors, no data line, a data file that is missing) with a location and a fix.

import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { createDataset, DataError, modelFacts } from '../core/data';
import { DataPorts, Dataset } from '../core/data/dataset';
import { LanguageService } from '../core/lang/languageService';
import { render } from '../core/lang/localize';
import { compile, ModelGraph, pickGraph, unknownModel } from '../core/model/graph';
import { InteropError } from '../core/interop/importError';
import { loadWeights } from '../core/interop/loadWeights';
import { ModelFile, UsageError } from './io';
import { sortDiagnostics } from './check';
import { initTf } from './tfNode';

/** A model that cannot run: printed as `file:line: message`, exit code 1. */
export class ModelProblem extends Error {
  constructor(
    readonly line: number | undefined,
    text: string,
  ) {
    super(text);
  }
}

export interface Prepared {
  readonly graph: ModelGraph;
  /** Pretrained values from the model's `weights` line, by parameter key. */
  readonly weights?: ReadonlyMap<string, Float32Array>;
  readonly dataset: Dataset;
  readonly backend: string;
  readonly backendReason: string;
}

/**
 * The model to run: the one named `model` (--model, the debugger's `model`), else the file's
 * first. A file with errors is a ModelProblem at the first; a name the file lacks, a UsageError
 * that lists its models.
 */
export function checkedGraph(file: ModelFile, service: LanguageService, model?: string): ModelGraph {
  const t = (template: string, ...args: (string | number)[]): string => service.localize(template, args);
  const analysis = service.analyze(file.text, file.modelName);
  const unknown = model === undefined ? undefined : unknownModel(analysis, model, basename(file.path));
  if (unknown) throw new UsageError(unknown.template, ...unknown.args);
  const errors = sortDiagnostics(analysis.diagnostics.filter((d) => d.severity === 'error'));
  if (errors.length) {
    throw new ModelProblem(errors[0].range.start.line, `${render(service.localize, errors[0].message)} (${errors[0].code})${errors.length > 1 ? ' ' + t('and {0} more errors: run netlens check', errors.length - 1) : ''}`);
  }
  const { graphs } = compile(analysis);
  const graph = pickGraph(analysis, graphs, { name: model });
  if (!graph) throw new ModelProblem(undefined, t('The file has no model to run.'));
  // pickGraph falls back to the first model; a named one that did not compile must not.
  if (model !== undefined && graph.name !== model && graph.training.gan?.generator.name !== model) {
    throw new ModelProblem(analysis.models.find((m) => m.name === model)?.block.range.start.line, t("The model '{0}' cannot run: it has no layers or no output. Run netlens check.", model));
  }
  return graph;
}

/** `ports` reads the data files (the debug adapter injects its own); by default the model's folder on disk. */
export async function prepare(file: ModelFile, service: LanguageService, backend: string | undefined, seed: number, ports?: DataPorts, model?: string): Promise<Prepared> {
  const t = (template: string, ...args: (string | number)[]): string => service.localize(template, args);
  const graph = checkedGraph(file, service, model);
  if (!graph.training.loss) throw new ModelProblem(graph.line, t("The model has no 'loss' line: add one, for example 'loss mse' or 'loss binary_crossentropy'."));
  if (!graph.training.data) throw new ModelProblem(graph.line, t("The model has no 'data' line: add one, for example 'data xor' or 'data csv file=points.csv target=label'."));
  if (backend !== undefined && !['auto', 'cpu', 'wasm'].includes(backend)) throw new UsageError("--backend must be auto, cpu or wasm, not '{0}'", backend);
  const tf = await initTf((backend ?? 'auto') as 'auto' | 'cpu' | 'wasm');
  const folder = dirname(resolve(file.path));
  let dataset: Dataset;
  try {
    dataset = await createDataset(
      graph.training.data,
      modelFacts(graph),
      seed,
      ports ?? {
        readFile: (relative) => readFile(join(folder, relative), 'utf8'),
        loadAsset: async (name) => new Uint8Array(await readFile(join(__dirname, name))),
      },
    );
  } catch (error) {
    if (error instanceof DataError) throw new ModelProblem(graph.training.data.line, render(service.localize, error.detail));
    throw error;
  }
  const weights = await readWeights(graph, folder, service);
  return { graph, dataset, weights, backend: tf.backend, backendReason: tf.reason };
}

/** The values a `weights "model.json"` line names, read from the model's folder. */
export async function readWeights(graph: ModelGraph, folder: string, service: LanguageService): Promise<Map<string, Float32Array> | undefined> {
  try {
    return await loadWeights(graph, {
      text: (relative) => readFile(join(folder, relative), 'utf8'),
      binary: async (relative) => {
        const data = await readFile(join(folder, relative));
        return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
      },
    });
  } catch (error) {
    if (error instanceof InteropError) throw new ModelProblem(graph.training.weights?.line, render(service.localize, error.detail));
    throw error;
  }
}
