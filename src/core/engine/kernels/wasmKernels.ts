// Kernels that tfjs 4.22's WASM backend lacks and training needs, built from kernels it has:
// Conv2DBackpropFilter (the filter gradient of every convolution, transposed convolution
// included) and UnsortedSegmentSum (the gradient of a gather: embeddings). They call the
// backend's own kernel functions directly, outside the engine, so nothing is recorded or
// tracked; every intermediate is freed with backend.disposeData.

import * as tf from '@tensorflow/tfjs-core';

const BACKEND = 'wasm';

type Attrs = tf.NamedAttrMap;

/** Runs one of the backend's kernels on tensor infos, outside the engine. */
function call(name: string, inputs: tf.NamedTensorInfoMap, attrs: Attrs, backend: tf.KernelBackend): tf.TensorInfo {
  const kernel = tf.getKernel(name, BACKEND);
  if (!kernel) throw new Error(`the ${BACKEND} backend has no ${name} kernel`);
  const out = kernel.kernelFunc({ inputs, attrs, backend });
  return Array.isArray(out) ? out[0] : out;
}

function free(backend: tf.KernelBackend, ...infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/**
 * dW[u, v, c, k] = Σ_{b, i, j} x[b, i·s_h + u − top, j·s_w + v − left, c]·dy[b, i, j, k]: a
 * correlation of x (channels as batch, batch as channels) with dy as the filter, where the
 * forward stride becomes a dilation. Zero padding reaches every (u, v); the extra rows and
 * columns are sliced off.
 */
function conv2DBackpropFilter({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: Attrs }): tf.TensorInfo {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const a = (attrs ?? {}) as unknown as tf.Conv2DBackpropFilterAttrs;
  if (a.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter on wasm supports NHWC only');
  const [kh, kw, channels, filters] = a.filterShape;
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
  const [, height, width] = x.shape;
  const [, outHeight, outWidth] = dy.shape;
  const { top, left } = info.padInfo;
  const bottom = Math.max(0, kh - 1 + (outHeight - 1) * info.strideHeight + 1 - height - top);
  const right = Math.max(0, kw - 1 + (outWidth - 1) * info.strideWidth + 1 - width - left);
  const xT = call('Transpose', { x }, { perm: [3, 1, 2, 0] }, backend);
  const dyT = call('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }, backend);
  const full = call(
    'Conv2D',
    { x: xT, filter: dyT },
    { strides: [1, 1], pad: [[0, 0], [top, bottom], [left, right], [0, 0]], dataFormat: 'NHWC', dilations: [info.strideHeight, info.strideWidth] } as unknown as Attrs,
    backend,
  );
  free(backend, xT, dyT);
  const fits = full.shape[1] === kh && full.shape[2] === kw;
  const cut = fits ? full : call('Slice', { x: full }, { begin: [0, 0, 0, 0], size: [channels, kh, kw, filters] }, backend);
  if (!fits) free(backend, full);
  const out = call('Transpose', { x: cut }, { perm: [1, 2, 0, 3] }, backend);
  free(backend, cut);
  return out;
}

/** out[s, …] = Σ_{i: ids[i] = s} x[i, …], as one-hot(ids)ᵀ·x; ids outside [0, S) are dropped. */
function unsortedSegmentSum({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: Attrs }): tf.TensorInfo {
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const segments = (attrs as unknown as tf.UnsortedSegmentSumAttrs).numSegments;
  const count = segmentIds.shape.reduce((p, d) => p * d, 1);
  const rest = x.shape.slice(segmentIds.shape.length);
  const width = rest.reduce((p, d) => p * d, 1);
  const ids = call('Reshape', { x: segmentIds }, { shape: [count] }, backend);
  const idsInt = segmentIds.dtype === 'int32' ? ids : call('Cast', { x: ids }, { dtype: 'int32' }, backend);
  // wasm's OneHot writes int32 whatever dtype it is given, hence the cast.
  const oneHotInt = call('OneHot', { indices: idsInt }, { dtype: 'int32', depth: segments, onValue: 1, offValue: 0 }, backend);
  const oneHot = call('Cast', { x: oneHotInt }, { dtype: 'float32' }, backend);
  const rows = call('Reshape', { x }, { shape: [count, width] }, backend);
  const summed = call('BatchMatMul', { a: oneHot, b: rows }, { transposeA: true, transposeB: false }, backend);
  const out = call('Reshape', { x: summed }, { shape: [segments, ...rest] }, backend);
  free(backend, ...(idsInt === ids ? [ids] : [ids, idsInt]), oneHotInt, oneHot, rows, summed);
  return out;
}

const KERNELS: readonly tf.KernelConfig[] = [
  { kernelName: 'Conv2DBackpropFilter', backendName: BACKEND, kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc },
  { kernelName: 'UnsortedSegmentSum', backendName: BACKEND, kernelFunc: unsortedSegmentSum as unknown as tf.KernelFunc },
];

const provided = new Set<string>();

/**
 * Registers, for backend 'wasm', each kernel above that is still missing (a later tfjs may
 * bring its own). Safe to call again, before or after the backend starts; returns the kernel
 * names NetLens provides.
 */
export function registerMissingWasmKernels(): string[] {
  for (const config of KERNELS) {
    if (provided.has(config.kernelName) || tf.getKernel(config.kernelName, BACKEND)) continue;
    tf.registerKernel(config);
    provided.add(config.kernelName);
  }
  return [...provided];
}
