// What views see of a tensor: shape, statistics and a bounded sample of its values. Reading
// back from the device is the expensive part, so a whole stop's tensors are summarised on the
// device and read back in one `data()` call: seven statistics per tensor, then the samples.

import * as tf from '@tensorflow/tfjs-core';
import { TensorStats, TensorView } from '../protocol/panel';

/** Tensors up to this many entries come back whole; larger ones as a strided sample. */
export const FULL_VALUES_LIMIT = 4096;

export interface ReadOptions {
  /** Whether values come back (statistics always do). */
  readonly values: boolean;
  /** Entries per tensor at most; the default keeps small tensors whole. */
  readonly limit?: number;
}

const STAT_COUNT = 7;

/** Reads every tensor's statistics (and samples, if asked) with one device read. */
export async function readTensors(tensors: Readonly<Record<string, tf.Tensor>>, options: ReadOptions): Promise<Record<string, TensorView>> {
  const names = Object.keys(tensors);
  if (!names.length) return {};
  const limit = options.limit ?? FULL_VALUES_LIMIT;
  const samplePlans = names.map((name) => samplePlan(tensors[name].size, options.values ? limit : 0));
  const packed = tf.tidy(() => {
    const parts: tf.Tensor[] = names.map((name) => statistics(tensors[name]));
    names.forEach((name, i) => {
      const plan = samplePlans[i];
      if (plan.count > 0) parts.push(sample(tensors[name], plan));
    });
    return tf.concat(parts);
  });
  let flat: Float32Array;
  try {
    flat = (await packed.data()) as Float32Array;
  } finally {
    packed.dispose();
  }
  const views: Record<string, TensorView> = {};
  let offset = names.length * STAT_COUNT;
  names.forEach((name, i) => {
    const tensor = tensors[name];
    const stats = unpackStats(flat.subarray(i * STAT_COUNT, (i + 1) * STAT_COUNT), tensor.size);
    const plan = samplePlans[i];
    let values: Float32Array | undefined;
    if (plan.count > 0) {
      values = flat.slice(offset, offset + plan.count);
      offset += plan.count;
    }
    views[name] = {
      shape: tensor.shape,
      stats,
      ...(values ? { values } : {}),
      ...(values && plan.stride > 1 ? { sampleShape: [plan.count], sampleStride: plan.stride } : {}),
    };
  });
  return views;
}

interface SamplePlan {
  readonly count: number;
  readonly stride: number;
}

function samplePlan(size: number, limit: number): SamplePlan {
  if (limit <= 0 || size === 0) return { count: 0, stride: 1 };
  if (size <= limit) return { count: size, stride: 1 };
  const stride = Math.ceil(size / limit);
  return { count: Math.ceil(size / stride), stride };
}

function sample(tensor: tf.Tensor, plan: SamplePlan): tf.Tensor {
  const flat = tf.reshape(tf.cast(tensor, 'float32'), [-1]);
  return plan.stride === 1 ? flat : tf.stridedSlice(flat, [0], [tensor.size], [plan.stride]);
}

/** [min, max, mean, sumOfSquaredDeviations, sumOfSquares, nonFinite, zeros] over the finite entries. */
function statistics(tensor: tf.Tensor): tf.Tensor {
  if (tensor.size === 0) return tf.zeros([STAT_COUNT]);
  const x = tf.reshape(tf.cast(tensor, 'float32'), [-1]);
  const finite = tf.logicalNot(tf.logicalOr(tf.isNaN(x), tf.isInf(x)));
  const finiteCount = tf.sum(tf.cast(finite, 'float32'));
  const safe = tf.where(finite, x, tf.zerosLike(x));
  const mean = tf.div(tf.sum(safe), tf.maximum(finiteCount, 1));
  const deviations = tf.where(finite, tf.sub(x, mean), tf.zerosLike(x));
  return tf.stack([
    tf.min(tf.where(finite, x, tf.fill(x.shape, Infinity))),
    tf.max(tf.where(finite, x, tf.fill(x.shape, -Infinity))),
    mean,
    tf.sum(tf.square(deviations)),
    tf.sum(tf.square(safe)),
    tf.sub(x.size, finiteCount),
    tf.sum(tf.cast(tf.equal(x, 0), 'float32')),
  ]);
}

function unpackStats(raw: Float32Array, size: number): TensorStats {
  const [min, max, mean, squaredDeviations, squares, nonFinite, zeros] = raw;
  const finite = size - nonFinite;
  return {
    min: finite > 0 ? min : NaN,
    max: finite > 0 ? max : NaN,
    mean: finite > 0 ? mean : NaN,
    std: finite > 0 ? Math.sqrt(squaredDeviations / finite) : NaN,
    norm: Math.sqrt(squares),
    nonFinite,
    zeros: size > 0 ? zeros / size : 0,
  };
}
