// The train/validation split, as TensorFlow Playground makes it: shuffle the examples with the
// seed, then the first ⌊n·split⌋ train and the rest validate. Examples the user wrote (a
// table, a CSV, an exact truth table) keep their order when nothing is held out, so the rows
// a student sees in the views are the rows of the file.

import { message } from '../lang/localize';
import { DataError } from './dataError';
import { Dataset, Split, TensorData } from './dataset';
import { Examples } from './family';
import { Random } from './random';
import { takeRows } from './tensors';

export function splitRows(count: number, split: number, keepOrder: boolean, random: Random): { train: Int32Array; validation: Int32Array } {
  // The epsilon keeps 0.7·10 = 7.000000000000001 and 0.29·100 = 28.999999999999996 at 7 and 29.
  const trainCount = Math.min(count, Math.floor(count * split + 1e-9));
  if (count > 0 && trainCount === 0) {
    throw new DataError('split', message('split={0} leaves no training examples out of {1}: raise split.', split, count));
  }
  const order = keepOrder && split >= 1 ? Int32Array.from({ length: count }, (_, i) => i) : random.permutation(count);
  return { train: order.slice(0, trainCount), validation: order.slice(trainCount) };
}

function rowsOf(inputs: readonly TensorData[], targets: TensorData, rows: Int32Array): Split {
  return { inputs: inputs.map((t) => takeRows(t, rows)), targets: takeRows(targets, rows) };
}

/** Interleaved (x1, x2) points of the given rows. */
function pointsOf(points: Float32Array, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * 2);
  rows.forEach((row, i) => out.set(points.subarray(2 * row, 2 * row + 2), 2 * i));
  return out;
}

/** The finished data set: rows split (or masks applied, for a one-example graph). */
export function splitExamples(name: string, examples: Examples, split: number, random: Random): Dataset {
  const { inputs, targets, task, classes, labels } = examples;
  const common = { name, task, ...(classes !== undefined ? { classes } : {}), ...(labels ? { labels } : {}) };
  if (examples.masks) {
    return { ...common, train: { inputs, targets, mask: examples.masks.train }, validation: { inputs, targets, mask: examples.masks.validation } };
  }
  const rows = splitRows(targets.shape[0], split, examples.isLiteral === true, random);
  const dataset: Dataset = { ...common, train: rowsOf(inputs, targets, rows.train), validation: rowsOf(inputs, targets, rows.validation) };
  if (!examples.plane) return dataset;
  const { points, extent, features } = examples.plane;
  return { ...dataset, plane: { points: pointsOf(points, rows.train), validationPoints: pointsOf(points, rows.validation), extent, features } };
}
