// Kernels of the convolution family: 1-D and 2-D convolution (a correlation, as the course
// and every framework compute it), transposed convolution, upsampling and pooling. Batch
// first, channels last (NHWC), Keras' weight layouts: kernel [f_h, f_w, C_in, filters].

import * as tf from '@tensorflow/tfjs-core';
import { KernelContext, KernelOutput, LayerKernel, Params } from '../kernel';
import { activate, activationFormula } from './activations';
import { RecordOp, attrBool, attrString, ints, padding, param, runForward } from './spatialCommon';

/** Bias and activation after the window sums, shared by every convolution. */
export function biasAndActivation(ctx: KernelContext, params: Params, sum: tf.Tensor, record: RecordOp): tf.Tensor {
  const { attrs } = ctx.layer;
  let z = sum;
  if (attrBool(attrs, 'use_bias', true) && params.bias) z = record('Z', 'Z = S + b', tf.add(sum, param(ctx, params, 'bias')));
  const name = attrString(attrs, 'activation', 'linear');
  return name === 'linear' || name === 'identity' ? z : record('A', activationFormula(name), activate(name, z));
}

function convolution(rank: 1 | 2): LayerKernel {
  const window = rank === 1 ? 'S[t] = Σ_{u,c} A[t·s + u, c]·W[u, c]' : 'S[i, j] = Σ_{u,v,c} A[i·s + u, j·s + v, c]·W[u, v, c]';
  return {
    kind: `conv${rank}d`,
    forward(ctx, params, [x]) {
      const { attrs } = ctx.layer;
      const strides = ints(attrs.strides, rank, Array(rank).fill(1));
      const pad = padding(attrs.padding, rank);
      return runForward(ctx, (record) => {
        const kernel = param(ctx, params, 'kernel');
        // Integer padding is explicit zeros around the input, then a 'valid' window.
        const padded = Array.isArray(pad) ? tf.pad(x, [[0, 0], ...pad.map((p): [number, number] => [p, p]), [0, 0]]) : x;
        const mode = Array.isArray(pad) ? 'valid' : pad;
        const sum =
          rank === 1
            ? tf.conv1d(padded as tf.Tensor3D, kernel as tf.Tensor3D, strides[0], mode)
            : tf.conv2d(padded as tf.Tensor4D, kernel as tf.Tensor4D, strides as [number, number], mode);
        record('S', `S = A ∗ W (correlation: ${window})`, sum);
        return { output: biasAndActivation(ctx, params, sum, record) };
      });
    },
  };
}

const conv2dTranspose: LayerKernel = {
  kind: 'conv2d_transpose',
  forward(ctx, params, [x]) {
    const { attrs } = ctx.layer;
    const [fh, fw] = ints(attrs.kernel_size, 2);
    const strides = ints(attrs.strides, 2, [1, 1]) as [number, number];
    const same = attrs.padding === 'same';
    const [batch, h, w] = x.shape;
    const filters = ctx.layer.params.find((p) => p.name === 'kernel')?.shape[2] ?? (attrs.filters as number);
    // The language's sizes: n·s with same, (n − 1)·s + f with valid.
    const outShape: [number, number, number, number] = same
      ? [batch, h * strides[0], w * strides[1], filters]
      : [batch, (h - 1) * strides[0] + fh, (w - 1) * strides[1] + fw, filters];
    return runForward(ctx, (record) => {
      const sum = tf.conv2dTranspose(x as tf.Tensor4D, param(ctx, params, 'kernel') as tf.Tensor4D, outShape, strides, same ? 'same' : 'valid');
      record('S', 'S[i·s + u, j·s + v] += A[i, j]·W[u, v] (each input pixel spreads a weighted patch)', sum);
      return { output: biasAndActivation(ctx, params, sum, record) };
    });
  },
};

const upsampling2d: LayerKernel = {
  kind: 'upsampling2d',
  forward(ctx, _params, [x]) {
    const [sh, sw] = ints(ctx.layer.attrs.size, 2, [2, 2]);
    return runForward(ctx, (record) => {
      const [b, h, w, c] = x.shape;
      // Nearest neighbour: each pixel repeated sh×sw times, as a broadcasting product with ones
      // (its gradient is a sum at any rank; tile's is not implemented past rank 4).
      const grown = tf.mul(tf.reshape(x, [b, h, 1, w, 1, c]), tf.ones([1, 1, sh, 1, sw, 1]));
      const output = tf.reshape(grown, [b, h * sh, w * sw, c]);
      record('A', `A[i, j] = X[⌊i / ${sh}⌋, ⌊j / ${sw}⌋]`, output);
      return { output };
    });
  },
};

/** Zeros before and after one axis for 'same': TensorFlow puts the odd one at the end. */
function samePads(n: number, f: number, s: number): [number, number] {
  const total = Math.max((Math.ceil(n / s) - 1) * s + f - n, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/**
 * Average pooling. With 'same', each window's mean is over its pixels inside the image (as
 * Keras), built from a 'valid' pool of the zero-padded input rescaled by f·f / count:
 * tfjs' own 'same' gradient divides by f·f at the borders too, which is wrong there.
 */
function averagePool(x: tf.Tensor4D, size: [number, number], strides: [number, number], mode: 'valid' | 'same'): tf.Tensor4D {
  if (mode === 'valid') return tf.avgPool(x, size, strides, 'valid');
  const [, h, w] = x.shape;
  const pads = [samePads(h, size[0], strides[0]), samePads(w, size[1], strides[1])];
  const padded = tf.pad(x, [[0, 0], pads[0], pads[1], [0, 0]]);
  const pooled = tf.avgPool(padded, size, strides, 'valid');
  const [, oh, ow] = pooled.shape;
  const inside = (o: number, axis: 0 | 1, n: number) => {
    const start = o * strides[axis] - pads[axis][0];
    return Math.min(start + size[axis], n) - Math.max(start, 0);
  };
  const scale = new Float32Array(oh * ow);
  for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) scale[i * ow + j] = (size[0] * size[1]) / (inside(i, 0, h) * inside(j, 1, w));
  return tf.mul(pooled, tf.tensor4d(scale, [1, oh, ow, 1]));
}

function pooling(op: 'max' | 'avg', rank: 1 | 2): LayerKernel {
  return {
    kind: `${op}pool${rank}d`,
    forward(ctx, _params, [x]) {
      const { attrs } = ctx.layer;
      const size = ints(attrs.pool_size, rank, Array(rank).fill(2));
      const strides = ints(attrs.strides, rank, size);
      const mode = attrs.padding === 'same' ? 'same' : 'valid';
      return runForward(ctx, (record) => {
        // 1-D pooling is 2-D pooling over a height of 1.
        const x4 = (rank === 1 ? tf.expandDims(x, 1) : x) as tf.Tensor4D;
        const size2: [number, number] = rank === 1 ? [1, size[0]] : [size[0], size[1]];
        const strides2: [number, number] = rank === 1 ? [1, strides[0]] : [strides[0], strides[1]];
        const pooled = op === 'max' ? tf.maxPool(x4, size2, strides2, mode) : averagePool(x4, size2, strides2, mode);
        const output = rank === 1 ? tf.squeeze(pooled, [1]) : pooled;
        const f = size.join('×');
        record('A', op === 'max' ? `A = max over each ${f} window (stride ${strides.join('×')})` : `A = mean over each ${f} window (stride ${strides.join('×')})`, output);
        return { output };
      });
    },
  };
}

function globalPooling(op: 'max' | 'avg', rank: 1 | 2): LayerKernel {
  const axes = rank === 1 ? [1] : [1, 2];
  return {
    kind: `global_${op}pool${rank}d`,
    forward(ctx, _params, [x]) {
      return runForward(ctx, (record) => {
        const output = op === 'max' ? tf.max(x, axes) : tf.mean(x, axes);
        record('A', op === 'max' ? 'A[c] = max over all positions of X[…, c]' : 'A[c] = mean over all positions of X[…, c]', output);
        return { output } satisfies KernelOutput;
      });
    },
  };
}

export const SPATIAL_KERNELS: readonly LayerKernel[] = [
  convolution(1),
  convolution(2),
  conv2dTranspose,
  upsampling2d,
  pooling('max', 1),
  pooling('max', 2),
  pooling('avg', 1),
  pooling('avg', 2),
  globalPooling('avg', 1),
  globalPooling('avg', 2),
  globalPooling('max', 1),
  globalPooling('max', 2),
];
