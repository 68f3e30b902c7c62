// Training against evaluation: dropout's mask (statistics, scaling, replay by seed, identity
// at evaluation) and batch norm's statistics and running averages.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { InnerOp } from '../../../src/core/engine/kernel';
import { dropoutMask } from '../../../src/core/engine/kernels/basic';
import { useCpu } from '../../helpers/tf';
import { assertClose, disposeOutput, forward, layerOf } from './kernels.basic.helpers';

describe('basic kernels: training and evaluation', () => {
  before(useCpu);

  describe('dropout', () => {
    const { layer } = layerOf('input x [200]\ndropout 0.3');

    it('drops about a fraction p and scales the kept by 1/(1−p) in training', () => {
      const x = tf.ones([50, 200]);
      const result = forward({ layer, inputs: [x], mode: 'train', seed: 42 });
      const out = Array.from(result.output.dataSync());
      const zeros = out.filter((v) => v === 0).length / out.length;
      assert.ok(Math.abs(zeros - 0.3) < 0.02, `dropped fraction ${zeros}`);
      assert.ok(out.every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-6), 'kept values are scaled by 1/(1−p)');
      const mean = out.reduce((a, b) => a + b, 0) / out.length;
      assert.ok(Math.abs(mean - 1) < 0.03, `the mean stays about 1, got ${mean}`);
      disposeOutput(result);
      x.dispose();
    });

    it('gives the same mask for the same seed, another for another seed', () => {
      const x = tf.ones([4, 200]);
      const run = (seed: number) => {
        const result = forward({ layer, inputs: [x], mode: 'train', seed });
        const out = Array.from(result.output.dataSync());
        disposeOutput(result);
        return out;
      };
      assert.deepEqual(run(3), run(3));
      assert.notDeepEqual(run(3), run(4));
      assert.deepEqual(Array.from(dropoutMask(800, 0.3, 3)), run(3));
      x.dispose();
    });

    it('multiplies by the mask it shows as an inner operation', () => {
      const x = tf.tensor2d([[1, 2, 3, 4, 5, 6, 7, 8]]);
      const inner: InnerOp[] = [];
      const result = forward({ layer: layerOf('input x [8]\ndropout 0.5').layer, inputs: [x], mode: 'train', seed: 1, inner });
      assert.deepEqual(inner.map((op) => op.name), ['M', 'A']);
      const mask = inner[0].tensor.dataSync();
      assertClose(result.output.dataSync(), Array.from(mask, (m, i) => m * (i + 1)));
      assert.ok(mask.every((m) => m === 0 || m === 2));
      inner.forEach((op) => op.tensor.dispose());
      disposeOutput(result);
      x.dispose();
    });

    it('is the identity at evaluation', () => {
      const x = tf.tensor2d([[1, -2, 3]]);
      const result = forward({ layer: layerOf('input x [3]\ndropout 0.9').layer, inputs: [x], mode: 'eval', seed: 1 });
      assert.deepEqual(result.output.arraySync(), [[1, -2, 3]]);
      disposeOutput(result);
      x.dispose();
    });
  });

  describe('batchnorm', () => {
    const { layer } = layerOf('input x [2]\nbatchnorm momentum=0.9 epsilon=0.01');
    const params = () => ({
      gamma: tf.tensor1d([1, 2]),
      beta: tf.tensor1d([0, 1]),
      moving_mean: tf.tensor1d([0.5, -1]),
      moving_variance: tf.tensor1d([2, 0.25]),
    });
    // Batch: column 0 = 1, 3 (μ 2, σ² 1); column 1 = 2, 6 (μ 4, σ² 4).
    const batch = () => tf.tensor2d([[1, 2], [3, 6]]);

    it('normalises with the batch statistics in training and returns the running averages', () => {
      const p = params();
      const x = batch();
      const inner: InnerOp[] = [];
      const result = forward({ layer, params: p, inputs: [x], mode: 'train', inner });
      const s0 = Math.sqrt(1 + 0.01);
      const s1 = Math.sqrt(4 + 0.01);
      assertClose(result.output.dataSync(), [-1 / s0, 2 * (-2 / s1) + 1, 1 / s0, 2 * (2 / s1) + 1]);
      assert.deepEqual(inner.map((op) => op.name), ['mu_B', 'var_B', 'x_hat', 'y']);
      assertClose(inner[0].tensor.dataSync(), [2, 4]);
      assertClose(inner[1].tensor.dataSync(), [1, 4]);
      // moving = momentum·moving + (1 − momentum)·batch
      assertClose(result.stateUpdates!.moving_mean.dataSync(), [0.9 * 0.5 + 0.1 * 2, 0.9 * -1 + 0.1 * 4]);
      assertClose(result.stateUpdates!.moving_variance.dataSync(), [0.9 * 2 + 0.1 * 1, 0.9 * 0.25 + 0.1 * 4]);
      inner.forEach((op) => op.tensor.dispose());
      disposeOutput(result);
      tf.dispose([x, ...Object.values(p)]);
    });

    it('uses the running averages at evaluation and updates nothing', () => {
      const p = params();
      const x = batch();
      const result = forward({ layer, params: p, inputs: [x], mode: 'eval' });
      const f0 = (v: number) => (v - 0.5) / Math.sqrt(2 + 0.01);
      const f1 = (v: number) => 2 * ((v + 1) / Math.sqrt(0.25 + 0.01)) + 1;
      assertClose(result.output.dataSync(), [f0(1), f1(2), f0(3), f1(6)]);
      assert.equal(result.stateUpdates, undefined);
      disposeOutput(result);
      tf.dispose([x, ...Object.values(p)]);
    });

    it('takes statistics over every axis but the channels', () => {
      const p = params();
      const x = tf.tensor3d([[[1, 2], [3, 6]], [[1, 2], [3, 6]]]);
      const result = forward({ layer: layerOf('input x [2, 2]\nbatchnorm momentum=0.9 epsilon=0.01').layer, params: p, inputs: [x], mode: 'train' });
      assertClose(result.stateUpdates!.moving_mean.dataSync(), [0.9 * 0.5 + 0.1 * 2, 0.9 * -1 + 0.1 * 4]);
      disposeOutput(result);
      tf.dispose([x, ...Object.values(p)]);
    });
  });
});
