// Class labels encoded for the model's loss and output. The data set decides the classes;
// the model decides the encoding: sparse_categorical_crossentropy takes class ids, an output
// with one unit per class takes one-hot rows, a single unit on two classes takes 0/1 (−1/+1
// for hinge, as an SVM). One rule for every set keeps the engine free of special cases.

import { message } from '../lang/localize';
import { DataError } from './dataError';
import { ModelFacts, TensorData } from './dataset';
import { floatTensor, intTensor } from './tensors';

export const SPARSE_LOSS = 'sparse_categorical_crossentropy';

export function isSparse(model: ModelFacts): boolean {
  return model.loss === SPARSE_LOSS;
}

/**
 * For numeric labels written by the user (a table's y, a CSV's target column): true when they
 * must be class ids, because the loss is categorical or the output has a unit per class.
 * Otherwise they are used as written (0/1 for a sigmoid, −1/+1 for hinge, values to regress).
 */
export function wantsClassIds(model: ModelFacts): boolean {
  const units = outputUnits(model);
  return model.loss === 'categorical_crossentropy' || isSparse(model) || (units !== null && units > 1);
}

/** The task of labels used as written: binary under a two-class loss, else regression. */
export function writtenLabelTask(model: ModelFacts): 'binary' | 'regression' {
  return model.loss === 'binary_crossentropy' || model.loss === 'hinge' ? 'binary' : 'regression';
}

/** Units of the model's last axis, when known. */
export function outputUnits(model: ModelFacts): number | null {
  const shape = model.output.shape;
  return shape.length ? shape[shape.length - 1] : null;
}

/** True when the output keeps a position axis ([length, units]): targets are then per position. */
export function hasPositionAxis(model: ModelFacts): boolean {
  return model.output.shape.length >= 2;
}

export interface ClassTargetOptions {
  /** The data set's name, for messages. */
  readonly dataset: string;
  readonly classes: number;
  /** Shape of one example's ids: [] for one class per example, [length] per position, [nodes] per node. */
  readonly idShape: readonly number[];
}

/**
 * Encodes `ids` (count × size(idShape) class ids in 0 … classes−1) for the model. Under hinge
 * the "off" value is −1, so a one-unit output gets −1/+1 and a one-hot row gets −1 off its class.
 */
export function classTargets(ids: Int32Array, count: number, options: ClassTargetOptions, model: ModelFacts): TensorData {
  const { classes, idShape } = options;
  const units = outputUnits(model);
  if (isSparse(model)) {
    // Ids index the output's units: fewer units than classes would read past the end.
    if (units !== null && units < classes) throw classCountError(options.dataset, classes, model, units);
    return intTensor([count, ...idShape], ids);
  }
  const on = 1;
  const off = model.loss === 'hinge' ? -1 : 0;
  if (classes === 2 && units === 1) {
    return floatTensor([count, ...idShape, 1], Float32Array.from(ids, (id) => (id === 1 ? on : off)));
  }
  if (units !== null && units !== classes) throw classCountError(options.dataset, classes, model, units);
  const values = new Float32Array(ids.length * classes).fill(off);
  for (let i = 0; i < ids.length; i++) values[i * classes + ids[i]] = on;
  return floatTensor([count, ...idShape, classes], values);
}

function classCountError(dataset: string, classes: number, model: ModelFacts, units: number): DataError {
  const categorical = model.loss === 'categorical_crossentropy' || isSparse(model);
  if (classes === 2 && categorical) {
    return new DataError('class-count', message("The data '{0}' has 2 classes: with {1} the output '{2}' needs 2 units, not {3}.", dataset, model.loss!, model.output.name, units));
  }
  return classes === 2
    ? new DataError('class-count', message("The data '{0}' has 2 classes: give the output '{1}' 1 unit (binary_crossentropy) or 2 units (categorical losses), not {2}.", dataset, model.output.name, units))
    : new DataError('class-count', message("The data '{0}' has {1} classes, but the output '{2}' has {3} units: use {1} units.", dataset, classes, model.output.name, units));
}

/**
 * Numbers used as class ids (a table's y, a numeric CSV target under a classification loss):
 * each must be a whole number from 0 up, else `invalid` makes the error that names the row.
 * Returns the ids and the class count: the largest id + 1, or the output's units when it has
 * more (a small table need not show every class).
 */
export function toClassIds(values: ArrayLike<number>, model: ModelFacts, invalid: (value: number, index: number) => DataError): { ids: Int32Array; classes: number } {
  const ids = new Int32Array(values.length);
  let largest = 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0) throw invalid(v, i);
    ids[i] = v;
    largest = Math.max(largest, v);
  }
  const units = outputUnits(model) ?? 0;
  return { ids, classes: Math.max(largest + 1, units > 1 ? units : 2) };
}
