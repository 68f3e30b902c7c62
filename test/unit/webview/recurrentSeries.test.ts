// The panel's recurrent view reads gates and states over time from a kernel's inner operations
// by name; a bidirectional layer's names carry their copy, and both copies must come out as
// separate series in the course's order, forward first.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { InnerOp } from '../../../src/core/engine/kernel';
import { kernelFor } from '../../../src/core/engine/kernels';
import { seriesOf } from '../../../webview/views/recurrent';
import { caseOf, contextOf, disposeCase, disposeOutput } from '../engine/kernels.spatialHarness';
import { useCpu } from '../../helpers/tf';

describe('recurrent view series', () => {
  before(useCpu);

  it('a bidirectional LSTM gives each copy its own gates and states, 3 steps each', () => {
    const k = caseOf('input x [3, 2]\nbidirectional layer lstm 2', 'layer');
    const before = tf.memory().numTensors;
    const inner: InnerOp[] = [];
    const out = kernelFor('bidirectional').forward(contextOf(k.layer, 'eval', inner), k.params, k.inputs);
    const series = seriesOf(inner.map((op) => ({ name: op.name, formula: op.formula, tensor: { shape: op.tensor.shape } as never })));
    const symbols = ['f', 'i', 'ĉ', 'o', 'c', 'h'];
    assert.deepEqual([...series.keys()], [...symbols.map((s) => `forward/${s}`), ...symbols.map((s) => `backward/${s}`)]);
    for (const list of series.values()) assert.deepEqual(list.map((s) => s.step), [1, 2, 3]);
    disposeOutput(out, inner);
    assert.equal(tf.memory().numTensors, before);
    disposeCase(k);
  });
});
