// The kernels NetLens adds to tfjs' WASM backend, checked against the CPU backend: conv1d,
// conv2d and transposed-convolution gradients over strides, paddings and kernel sizes, the
// embedding (gather) gradient, no leaks, and a tiny conv net that trains on WASM as on CPU.

import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerMissingWasmKernels } from '../../../src/core/engine/kernels/wasmKernels';
import { SPATIAL_KERNELS } from '../../../src/core/engine/kernels/spatial';
import { kernelFor as kernelOfKind } from '../../../src/core/engine/kernels';
import { noLeaks, useCpu } from '../../helpers/tf';
import { caseOf, contextOf, disposeCase, kernelFor } from './kernels.spatialHarness';

const WASM_DIR = join(__dirname, '..', '..', '..', 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') + '/';

/** Runs `body` on a backend and reads its tensors back as plain arrays. */
async function on(backend: string, body: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const tensors = body();
  const values = tensors.map((t) => t.dataSync() as Float32Array);
  tf.dispose(tensors);
  return values;
}

function assertClose(actual: Float32Array[], expected: Float32Array[], label: string): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => {
    assert.equal(a.length, expected[i].length, `${label} #${i} length`);
    a.forEach((v, j) => assert.ok(Math.abs(v - expected[i][j]) <= 1e-4 * (1 + Math.abs(expected[i][j])), `${label} #${i}[${j}]: wasm ${v}, cpu ${expected[i][j]}`));
  });
}

/** Gradients of Σ f(x, w)·R with respect to x and w. */
function gradients(f: (x: tf.Tensor, w: tf.Tensor) => tf.Tensor, xShape: number[], wShape: number[]): () => tf.Tensor[] {
  return () =>
    tf.tidy(() => {
      const x = tf.randomUniform(xShape, -1, 1, 'float32', 1);
      const w = tf.randomUniform(wShape, -1, 1, 'float32', 2);
      const probe = f(x, w);
      const r = tf.randomUniform(probe.shape, -1, 1, 'float32', 3);
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), r)))([x, w]);
      return [probe, dx, dw];
    });
}

const CONV2D: { title: string; x: number[]; w: number[]; strides: [number, number]; pad: 'valid' | 'same' | [[number, number], [number, number], [number, number], [number, number]] }[] = [
  { title: '3×3 valid stride 1', x: [2, 6, 6, 2], w: [3, 3, 2, 3], strides: [1, 1], pad: 'valid' },
  { title: '3×3 same stride 1', x: [1, 5, 7, 3], w: [3, 3, 3, 2], strides: [1, 1], pad: 'same' },
  { title: '3×3 valid stride 2', x: [2, 7, 7, 1], w: [3, 3, 1, 4], strides: [2, 2], pad: 'valid' },
  { title: '3×2 same stride 2 (odd sizes)', x: [2, 7, 6, 2], w: [3, 2, 2, 2], strides: [2, 2], pad: 'same' },
  { title: '2×2 valid stride (2, 3) leaving rows unread', x: [1, 7, 8, 2], w: [2, 2, 2, 3], strides: [2, 3], pad: 'valid' },
  { title: '5×5 same stride 3', x: [2, 8, 8, 1], w: [5, 5, 1, 2], strides: [3, 3], pad: 'same' },
  { title: '1×1 stride 1', x: [3, 4, 4, 3], w: [1, 1, 3, 2], strides: [1, 1], pad: 'valid' },
  { title: '3×3 explicit padding 1 stride 2', x: [1, 6, 6, 2], w: [3, 3, 2, 2], strides: [2, 2], pad: [[0, 0], [1, 1], [1, 1], [0, 0]] },
];

describe('WASM kernels', function () {
  this.timeout(60000);
  let registered: string[];

  before(async () => {
    setWasmPaths(WASM_DIR);
    registered = registerMissingWasmKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });
  after(useCpu);

  it('registers the missing kernels once, for the wasm backend only', () => {
    assert.deepEqual([...registered].sort(), ['Conv2DBackpropFilter', 'UnsortedSegmentSum']);
    assert.deepEqual(registerMissingWasmKernels().sort(), [...registered].sort());
    assert.ok(tf.getKernel('Conv2DBackpropFilter', 'wasm'));
    assert.ok(tf.getKernel('Conv2DBackpropFilter', 'cpu'), 'the CPU backend keeps its own');
  });

  for (const c of CONV2D) {
    it(`conv2d gradients equal the CPU's: ${c.title}`, async () => {
      const run = gradients((x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.strides, c.pad), c.x, c.w);
      const expected = await on('cpu', run);
      await tf.setBackend('wasm');
      const actual = await noLeaks(() => on('wasm', run));
      assertClose(actual, expected, c.title);
    });
  }

  it('conv1d gradients equal the CPU’s (strides 1 and 2, valid and same)', async () => {
    for (const [stride, pad] of [[1, 'valid'], [2, 'same'], [2, 'valid']] as const) {
      const run = gradients((x, w) => tf.conv1d(x as tf.Tensor3D, w as tf.Tensor3D, stride, pad), [2, 9, 3], [3, 3, 2]);
      assertClose(await on('wasm', run), await on('cpu', run), `conv1d stride ${stride} ${pad}`);
    }
  });

  it('transposed-convolution gradients equal the CPU’s', async () => {
    for (const pad of ['valid', 'same'] as const) {
      const run = gradients((x, w) => tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, pad === 'same' ? [2, 6, 8, 2] : [2, 7, 9, 2], 2, pad), [2, 3, 4, 3], [3, 3, 2, 3]);
      assertClose(await on('wasm', run), await on('cpu', run), `conv2dTranspose ${pad}`);
    }
  });

  it('the conv kernels’ own gradients (int padding, bias, activation) equal the CPU’s', async () => {
    const k = caseOf('input x [6, 6, 2]\nconv2d layer 3 3 strides=2 padding=1 activation=tanh\n', 'layer');
    const kernel = kernelFor(SPATIAL_KERNELS, 'conv2d');
    const run = () =>
      tf.tidy(() => {
        const [dx, dk, db] = tf.grads((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(kernel.forward(contextOf(k.layer), { kernel: w, bias: b }, [x]).output)))([k.inputs[0], k.params.kernel, k.params.bias]);
        return [dx, dk, db];
      });
    assertClose(await on('wasm', run), await on('cpu', run), 'conv2d kernel');
    disposeCase(k);
  });

  for (const line of [
    'input x [6, 6, 2]\nseparable_conv2d layer 3 3 depth_multiplier=2 strides=2 padding=same activation=tanh',
    'input x [5, 5, 3]\ndepthwise_conv2d layer 3 padding=1',
    'input x [4, 3]\nbidirectional layer lstm 2 return_sequences=true',
    'input x [3, 5, 5, 1]\ntime_distributed layer conv2d 2 3',
  ]) {
    it(`trains on WASM: gradients of '${line.split('\n')[1]}' equal the CPU’s`, async () => {
      const k = caseOf(line, 'layer');
      const kernel = kernelOfKind(k.layer.kind);
      const names = Object.keys(k.params);
      const run = () =>
        tf.tidy(() =>
          tf.grads((x: tf.Tensor, ...ws: tf.Tensor[]) => tf.sum(tf.square(kernel.forward(contextOf(k.layer), Object.fromEntries(names.map((n, i) => [n, ws[i]])), [x]).output)))([
            k.inputs[0],
            ...names.map((n) => k.params[n]),
          ]),
        );
      assertClose(await noLeaks(() => on('wasm', run)), await on('cpu', run), k.layer.kind);
      disposeCase(k);
    });
  }

  it('the gather (embedding) gradient equals the CPU’s', async () => {
    const run = () =>
      tf.tidy(() => {
        const table = tf.randomUniform([6, 3], -1, 1, 'float32', 4);
        const ids = tf.tensor2d([[0, 2, 2], [5, 1, 0]], [2, 3], 'int32');
        const r = tf.randomUniform([2, 3, 3], -1, 1, 'float32', 5);
        return tf.grads((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), r)))([table]);
      });
    assertClose(await noLeaks(() => on('wasm', run)), await on('cpu', run), 'gather');
  });

  it('trains a tiny conv net on WASM with the same losses as on CPU', async () => {
    const train = (backend: string) =>
      noLeaks(async () => {
        await tf.setBackend(backend);
        const x = tf.randomUniform([4, 6, 6, 1], 0, 1, 'float32', 6);
        const y = tf.randomUniform([4, 2], 0, 1, 'float32', 7);
        // Inside tidy: tf.variable(t) keeps t alive otherwise.
        const [w1, w2] = tf.tidy(() => [tf.variable(tf.randomUniform([3, 3, 1, 4], -0.5, 0.5, 'float32', 8)), tf.variable(tf.randomUniform([16, 2], -0.5, 0.5, 'float32', 9))]);
        const optimizer = tf.train.sgd(0.1);
        const losses: number[] = [];
        for (let step = 0; step < 5; step++) {
          const loss = optimizer.minimize(() => {
            const hidden = tf.maxPool(tf.relu(tf.conv2d(x as tf.Tensor4D, w1 as tf.Tensor4D, 1, 'valid')), 2, 2, 'valid');
            const out = tf.matMul(tf.reshape(hidden, [4, 16]), w2);
            return tf.mean(tf.square(tf.sub(out, y))) as tf.Scalar;
          }, true)!;
          losses.push(loss.dataSync()[0]);
          loss.dispose();
        }
        optimizer.dispose();
        tf.dispose([x, y, w1, w2]);
        return losses;
      });
    const wasm = await train('wasm');
    const cpu = await train('cpu');
    assert.ok(wasm[4] < wasm[0], `loss falls on wasm: ${wasm.join(', ')}`);
    wasm.forEach((loss, i) => assert.ok(Math.abs(loss - cpu[i]) < 1e-5 * (1 + cpu[i]), `step ${i}: wasm ${loss}, cpu ${cpu[i]}`));
  });
});
