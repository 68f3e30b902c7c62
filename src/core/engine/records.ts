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

/**
 * Statistics already read, keyed by a tensor's data (tfjs data never change in place: a
 * variable's assign gives it new data). A step session keeps one, so a tensor shown at several
 * stops (a layer's output is the next one's input, dKernel is at the backward and the update
 * stops, kernelBefore is the forward stop's kernel) is summarised once.
 */
export type StatsCache = WeakMap<object, TensorStats>;

/** Reads every tensor's statistics (and samples, if asked) with one device read. */
export async function readTensors(tensors: Readonly<Record<string, tf.Tensor>>, options: ReadOptions, cache?: StatsCache): Promise<Record<string, TensorView>> {
  const names = Object.keys(tensors);
  if (!names.length) return {};
  const limit = options.limit ?? FULL_VALUES_LIMIT;
  const samplePlans = names.map((name) => samplePlan(tensors[name].size, options.values ? limit : 0));
  const cached = names.map((name) => cache?.get(tensors[name].dataId));
  // A tensor shown twice in one stop (the same data under two roles) is summarised once too.
  const slots = new Map<object, number>();
  const toSummarise: tf.Tensor[] = [];
  const slotOf = names.map((name, i) => {
    if (cached[i]) return -1;
    const dataId = tensors[name].dataId;
    let slot = slots.get(dataId);
    if (slot === undefined) {
      slot = toSummarise.length;
      slots.set(dataId, slot);
      toSummarise.push(tensors[name]);
    }
    return slot;
  });
  let flat: Float32Array = new Float32Array(0);
  if (toSummarise.length || samplePlans.some((p) => p.count > 0)) {
    const packed = tf.tidy(() => {
      const parts: tf.Tensor[] = toSummarise.map((t) => statistics(t));
      names.forEach((name, i) => {
        const plan = samplePlans[i];
        if (plan.count > 0) parts.push(sample(tensors[name], plan));
      });
      return tf.concat(parts);
    });
    try {
      flat = (await packed.data()) as Float32Array;
    } finally {
      packed.dispose();
    }
  }
  // The fast statistics assume finite entries; a tensor holding NaN or Inf (rare) is summarised
  // again over its finite entries only, with a second read.
  const redo = toSummarise.map((t, slot) => ({ t, slot })).filter(({ slot }) => flat[slot * STAT_COUNT + 5] > 0);
  if (redo.length) {
    const packed = tf.tidy(() => tf.concat(redo.map(({ t }) => statistics(t, true))));
    try {
      const exact = (await packed.data()) as Float32Array;
      redo.forEach(({ slot }, k) => flat.set(exact.subarray(k * STAT_COUNT, (k + 1) * STAT_COUNT), slot * STAT_COUNT));
    } finally {
      packed.dispose();
    }
  }
  const views: Record<string, TensorView> = {};
  let offset = toSummarise.length * STAT_COUNT;
  names.forEach((name, i) => {
    const tensor = tensors[name];
    const slot = slotOf[i];
    const stats = cached[i] ?? unpackStats(flat.subarray(slot * STAT_COUNT, (slot + 1) * STAT_COUNT), tensor.size);
    cache?.set(tensor.dataId, stats);
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

/**
 * [min, max, mean, sumOfSquaredDeviations, sumOfSquares, nonFinite, zeros] over the finite
 * entries. Unmasked (the default) assumes every entry is finite, which avoids `where` (slow on
 * WASM); its nonFinite count is exact either way, so a caller redoes the masked version when it
 * is not 0. Both give the same numbers on a finite tensor.
 */
function statistics(tensor: tf.Tensor, masked = false): tf.Tensor {
  if (tensor.size === 0) return tf.zeros([STAT_COUNT]);
  const x = tf.reshape(tf.cast(tensor, 'float32'), [-1]);
  const finite = tf.isFinite(x);
  const finiteCount = tf.sum(tf.cast(finite, 'float32'));
  const safe = masked ? tf.where(finite, x, tf.zerosLike(x)) : x;
  const mean = tf.div(tf.sum(safe), tf.maximum(finiteCount, 1));
  const deviations = masked ? tf.where(finite, tf.sub(x, mean), tf.zerosLike(x)) : tf.sub(x, mean);
  return tf.stack([
    tf.min(masked ? tf.where(finite, x, tf.fill(x.shape, Infinity)) : x),
    tf.max(masked ? tf.where(finite, x, tf.fill(x.shape, -Infinity)) : x),
    mean,
    tf.sum(tf.square(deviations)),
    tf.sum(tf.square(safe)),
    tf.sub(x.size, finiteCount),
    tf.sum(tf.cast(tf.equal(x, 0), 'float32')),
  ]);
}

/** The seven raw sums of `statistics` as TensorStats (exported for per-row summaries). */
export function unpackStats(raw: Float32Array, size: number): TensorStats {
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
