// Kernels of zero padding and the depthwise and separable convolutions, channels last, Keras'
// layouts: depthwise_kernel [f_h, f_w, C, dm] (output channel c·dm + m), pointwise_kernel
// [1, 1, C·dm, filters].

import * as tf from '@tensorflow/tfjs-core';
import { KernelContext, LayerKernel, Params } from '../kernel';
import { RecordOp, ints, padding, param, runForward } from './spatialCommon';
import { biasAndActivation } from './spatial';

const zeroPadding2d: LayerKernel = {
  kind: 'zero_padding2d',
  forward(ctx, _params, [x]) {
    const [top, bottom, left, right] = ints(ctx.layer.attrs.padding, 4, [1, 1, 1, 1]);
    return runForward(ctx, (record) => {
      const output = tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
      record('A', `A = X with ${top}, ${bottom} rows of zeros above and below, ${left}, ${right} columns left and right`, output);
      return { output };
    });
  },
};

/**
 * S[i, j, c·dm + m] = Σ_{u,v} X[i·s + u, j·s + v, c]·W[u, v, c, m], computed as an ordinary
 * convolution with a block-diagonal kernel [f_h, f_w, C, C·dm]: the WASM backend has no
 * gradient kernels for tfjs' depthwise convolution, and conv2d's work everywhere.
 */
function depthwiseSum(ctx: KernelContext, params: Params, x: tf.Tensor, record: RecordOp): tf.Tensor4D {
  const { attrs } = ctx.layer;
  const strides = ints(attrs.strides, 2, [1, 1]) as [number, number];
  const pad = padding(attrs.padding, 2);
  const kernel = param(ctx, params, 'depthwise_kernel');
  const [fh, fw, channels, dm] = kernel.shape as number[];
  const blocks = tf.mul(tf.expandDims(kernel, 3), tf.reshape(tf.eye(channels), [1, 1, channels, channels, 1]));
  const full = tf.reshape(blocks, [fh, fw, channels, channels * dm]) as tf.Tensor4D;
  const padded = Array.isArray(pad) ? tf.pad(x, [[0, 0], [pad[0], pad[0]], [pad[1], pad[1]], [0, 0]]) : x;
  const sum = tf.conv2d(padded as tf.Tensor4D, full, strides, Array.isArray(pad) ? 'valid' : pad);
  record('D', 'D[i, j, c·dm + m] = Σ_{u,v} A[i·s + u, j·s + v, c]·W_d[u, v, c, m] (each channel alone)', sum);
  return sum;
}

const depthwiseConv2d: LayerKernel = {
  kind: 'depthwise_conv2d',
  forward(ctx, params, [x]) {
    return runForward(ctx, (record) => ({ output: biasAndActivation(ctx, params, depthwiseSum(ctx, params, x, record), record) }));
  },
};

const separableConv2d: LayerKernel = {
  kind: 'separable_conv2d',
  forward(ctx, params, [x]) {
    return runForward(ctx, (record) => {
      const depthwise = depthwiseSum(ctx, params, x, record);
      const sum = tf.conv2d(depthwise, param(ctx, params, 'pointwise_kernel') as tf.Tensor4D, 1, 'valid');
      record('S', 'S[i, j, k] = Σ_c D[i, j, c]·W_p[c, k] (a 1×1 convolution mixes the channels)', sum);
      return { output: biasAndActivation(ctx, params, sum, record) };
    });
  },
};

export const DEPTHWISE_KERNELS: readonly LayerKernel[] = [zeroPadding2d, depthwiseConv2d, separableConv2d];
