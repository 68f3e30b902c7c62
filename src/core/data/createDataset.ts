// Builds the data set a model's `data` line names: the family makes the examples; then, for
// every set alike, `targets=inputs` (an autoencoder reconstructs its input), `denoise` (noise on
// the inputs only), the checks against the model (typed DataErrors with a fix), the split.
// All randomness comes from streams derived from the training seed, so the same seed gives
// the same data on every machine.

import { message } from '../lang/localize';
import { Dim, formatShape } from '../lang/shape';
import { ModelGraph, SectionConfig } from '../model/graph';
import { csvExamples } from './csv';
import { DataError } from './dataError';
import { DataPorts, Dataset, ModelFacts, TensorData } from './dataset';
import { DataArgs, Examples, Family } from './family';
import { gaussianExamples } from './gaussian';
import { karateExamples } from './karate';
import { linearExamples } from './linear';
import { mnistExamples } from './mnist';
import { playgroundExamples } from './playground';
import { Random } from './random';
import { sineExamples, tokenExamples } from './sequences';
import { splitExamples } from './split';
import { tableExamples } from './table';
import { classTargets, isSparse, outputUnits } from './targets';
import { asFloat, exampleCount, exampleShape, rowSize, withExampleShape } from './tensors';
import { textExamples } from './text';
import { truthTableExamples } from './truthTables';

export const FAMILIES: Readonly<Record<string, Family>> = {
  and: truthTableExamples,
  or: truthTableExamples,
  nand: truthTableExamples,
  nor: truthTableExamples,
  xor: truthTableExamples,
  circle: playgroundExamples,
  four_squares: playgroundExamples,
  two_blobs: playgroundExamples,
  spiral: playgroundExamples,
  plane: playgroundExamples,
  multi_gauss: playgroundExamples,
  linear: linearExamples,
  mnist: mnistExamples,
  sine: sineExamples,
  counting: tokenExamples,
  copy: tokenExamples,
  reverse: tokenExamples,
  text: textExamples,
  karate: karateExamples,
  gaussian: gaussianExamples,
  csv: csvExamples,
  table: tableExamples,
};

/**
 * The data set of a `data` line (`config`, from the compiled graph's training.data) for the
 * model described by `model` (see modelFacts). `seed` is the training seed; ports give the
 * host's file access (CSV) and bundled assets (MNIST). Throws DataError on bad input.
 */
export async function createDataset(config: SectionConfig, model: ModelFacts, seed: number, ports: DataPorts = {}): Promise<Dataset> {
  const name = config.name ?? '';
  const family = Object.hasOwn(FAMILIES, name) ? FAMILIES[name] : undefined;
  if (!family) throw new DataError('unknown-dataset', message("Unknown data set '{0}'.", name));
  const args = new DataArgs(name, config.attrs);
  // One stream per purpose, so that turning denoise on does not change the examples or the split.
  const stream = (purpose: string) => Random.stream(seed, `data:${name}:${purpose}`);
  const isReconstruction = args.raw('targets') === 'inputs';
  // An autoencoder drops the labels, so the family encodes them without the output's constraints.
  const familyModel = isReconstruction ? { inputs: model.inputs, output: { name: model.output.name, shape: [] } } : model;
  let examples = await family({ name, args, model: familyModel, random: stream('examples'), ports });
  if (isReconstruction) examples = reconstruct(name, examples, model);
  examples = addNoise(name, examples, args.number('denoise'), stream('denoise'));
  checkInputs(name, examples.inputs, model);
  checkTargets(name, examples, model);
  return splitExamples(name, examples, args.number('split'), stream('split'));
}

/** The facts createDataset needs, read from a compiled model graph. */
export function modelFacts(graph: ModelGraph): ModelFacts {
  const layers = new Map(graph.layers.map((l) => [l.name, l]));
  const inputs = graph.inputs
    .map((n) => layers.get(n)!)
    .filter((l) => l.attrs.value === undefined)
    .map((l) => ({ name: l.name, shape: l.outputShape, dtype: l.dtype }));
  const output = layers.get(graph.output)!;
  return { inputs, output: { name: output.name, shape: output.outputShape }, ...(graph.training.loss?.name ? { loss: graph.training.loss.name } : {}) };
}

/** The data set of a compiled model, with its own `train seed=` (1 by default); undefined without a data line. */
export function datasetForGraph(graph: ModelGraph, ports: DataPorts = {}, seed?: number): Promise<Dataset> | undefined {
  const data = graph.training.data;
  if (!data) return undefined;
  const trainSeed = graph.training.train?.attrs.seed;
  return createDataset(data, modelFacts(graph), seed ?? (typeof trainSeed === 'number' ? trainSeed : 1), ports);
}

/** targets=inputs: the first input, laid out as the output when only the layout differs. */
function reconstruct(name: string, examples: Examples, model: ModelFacts): Examples {
  const source = examples.inputs[0];
  const count = exampleCount(source);
  let targets: TensorData;
  if (source.dtype === 'int32') {
    const classes = examples.classes ?? (source.values as Int32Array).reduce((a, b) => Math.max(a, b), 1) + 1;
    targets = classTargets(source.values as Int32Array, count, { dataset: name, classes, idShape: exampleShape(source) }, model);
  } else {
    const shape = model.output.shape;
    const fits = shape.every((d) => d !== null) && shape.reduce<number>((a, d) => a * (d as number), 1) === rowSize(source);
    targets = fits ? withExampleShape(asFloat(source), shape as number[]) : source;
  }
  return { ...examples, targets, task: 'reconstruction' };
}

/** denoise=σ: Gaussian noise N(0, σ²) on the first input only, drawn once; targets stay clean. */
function addNoise(name: string, examples: Examples, sigma: number, random: Random): Examples {
  if (!(sigma > 0)) return examples;
  const [first, ...rest] = examples.inputs;
  if (first.dtype === 'int32') throw new DataError('denoise-tokens', message("denoise adds noise to numbers, but the data '{0}' gives token ids: remove denoise.", name));
  const noisy = Float32Array.from(first.values, (v) => v + random.normal(0, sigma));
  return { ...examples, inputs: [{ ...first, values: noisy }, ...rest] };
}

function fits(actual: readonly number[], expected: readonly Dim[]): boolean {
  return actual.length === expected.length && expected.every((d, i) => d === null || d === actual[i]);
}

function checkInputs(name: string, inputs: readonly TensorData[], model: ModelFacts): void {
  if (inputs.length !== model.inputs.length) {
    const shapes = inputs.map((t) => formatShape(exampleShape(t))).join(', ');
    throw new DataError('input-count', message("The data '{0}' gives {1} input(s), of shape {2}, but the model has {3}: declare one input line for each, in this order.", name, inputs.length, shapes, model.inputs.length));
  }
  inputs.forEach((tensor, i) => {
    const input = model.inputs[i];
    const shape = exampleShape(tensor);
    if (!fits(shape, input.shape)) {
      throw new DataError('input-shape', message("The data '{0}' gives examples of shape {1}, but the input '{2}' is {3}: change the input to {1}.", name, formatShape(shape), input.name, formatShape(input.shape)));
    }
    if (tensor.dtype === 'int32' && input.dtype !== 'int32') throw new DataError('input-dtype', message("The data '{0}' gives token ids: declare the input with dtype=int32.", name));
    if (tensor.dtype === 'float32' && input.dtype === 'int32') throw new DataError('input-dtype', message("The data '{0}' gives numbers, not token ids: remove dtype=int32 from the input '{1}'.", name, input.name));
  });
}

/** Targets must be the output's shape (without its class axis for sparse class ids). */
function checkTargets(name: string, examples: Examples, model: ModelFacts): void {
  const output = model.output.shape;
  const sparse = isSparse(model) && examples.targets.dtype === 'int32';
  const expected = sparse ? output.slice(0, -1) : output;
  const shape = exampleShape(examples.targets);
  if (fits(shape, expected)) return;
  const needed = sparse ? [...shape, outputUnits(model) ?? examples.classes ?? null] : shape;
  throw new DataError('output-shape', message("The data '{0}' needs an output of shape {1}, but the output '{2}' is {3}.", name, formatShape(needed), model.output.name, formatShape(output)));
}
