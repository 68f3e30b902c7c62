// Small helpers over TensorData (batch-first, row-major typed arrays): make one, read its
// per-example shape, pick rows by index for a split. Data sets never need more than this.

import { TensorData } from './dataset';

export function floatTensor(shape: readonly number[], values: Float32Array | readonly number[]): TensorData {
  return checked({ shape: [...shape], dtype: 'float32', values: values instanceof Float32Array ? values : Float32Array.from(values) });
}

export function intTensor(shape: readonly number[], values: Int32Array | readonly number[]): TensorData {
  return checked({ shape: [...shape], dtype: 'int32', values: values instanceof Int32Array ? values : Int32Array.from(values) });
}

function checked(tensor: TensorData): TensorData {
  const size = tensor.shape.reduce((a, b) => a * b, 1);
  if (size !== tensor.values.length) throw new RangeError(`Tensor of shape [${tensor.shape.join(', ')}] needs ${size} values, got ${tensor.values.length}`);
  return tensor;
}

/** The shape of one example: the tensor's shape without its first (batch) axis. */
export function exampleShape(tensor: TensorData): number[] {
  return tensor.shape.slice(1);
}

export function exampleCount(tensor: TensorData): number {
  return tensor.shape[0];
}

/** Values per example. */
export function rowSize(tensor: TensorData): number {
  return exampleShape(tensor).reduce((a, b) => a * b, 1);
}

/** The examples at `rows`, in that order. */
export function takeRows(tensor: TensorData, rows: ArrayLike<number>): TensorData {
  const size = rowSize(tensor);
  const values = tensor.dtype === 'int32' ? new Int32Array(rows.length * size) : new Float32Array(rows.length * size);
  for (let i = 0; i < rows.length; i++) {
    values.set(tensor.values.subarray(rows[i] * size, (rows[i] + 1) * size), i * size);
  }
  return { shape: [rows.length, ...exampleShape(tensor)], dtype: tensor.dtype, values };
}

/** The same values seen with another per-example shape of the same size (as a reshape layer does). */
export function withExampleShape(tensor: TensorData, shape: readonly number[]): TensorData {
  return checked({ shape: [exampleCount(tensor), ...shape], dtype: tensor.dtype, values: tensor.values });
}

/** Float copy of a tensor (token ids as numbers, for a reconstruction target). */
export function asFloat(tensor: TensorData): TensorData {
  return tensor.dtype === 'float32' ? tensor : { shape: tensor.shape, dtype: 'float32', values: Float32Array.from(tensor.values) };
}
