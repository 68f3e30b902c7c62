// The CLI's tfjs backends start in Node: WASM from the binaries in node_modules (dist/ once
// bundled), the CPU backend on request, and 'auto' picks WASM.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initTf, wasmFolder } from '../../../src/cli/tfNode';

async function addsUp(): Promise<void> {
  const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), 1));
  assert.deepEqual(Array.from(await sum.data()), [2, 3]);
  sum.dispose();
}

describe('CLI tfjs backends', () => {
  after(async () => {
    tf.env().set('PROD', false);
    await tf.setBackend('cpu');
  });

  it('finds the .wasm binaries', () => {
    assert.ok(wasmFolder());
  });

  it("'auto' starts WASM, the faster one in Node", async () => {
    assert.deepEqual(await initTf('auto'), { backend: 'wasm', reason: 'fastest available in Node' });
    assert.equal(tf.getBackend(), 'wasm');
    await addsUp();
  });

  it("'cpu' and 'wasm' start the backend asked for", async () => {
    assert.equal((await initTf('cpu')).backend, 'cpu');
    assert.equal(tf.getBackend(), 'cpu');
    await addsUp();
    assert.equal((await initTf('wasm')).backend, 'wasm');
    assert.equal(tf.getBackend(), 'wasm');
    await addsUp();
  });
});
