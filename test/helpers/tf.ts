// tfjs for unit tests: the CPU backend (always there, exact enough), quiet, and a guard that
// a block of code leaves no tensor behind.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

export async function useCpu(): Promise<void> {
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
  await tf.ready();
}

/** Runs `body` and asserts that it created no tensor that is still alive afterwards. */
export async function noLeaks<T>(body: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await body();
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  return result;
}
