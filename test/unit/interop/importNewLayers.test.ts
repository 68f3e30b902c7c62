// Import of the layers the language gained for interop (zero_padding2d, depthwise_conv2d,
// separable_conv2d, bidirectional, time_distributed), from tfjs models built here: summaries
// equal tfjs' and predictions equal model.predict; a wrapper named like a layer kind is renamed
// and still gets its weights.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { noLeaks, useCpu } from '../../helpers/tf';
import { assertClose, importSaved, netlensPredict, netlensRows, saveTfjs, seededInputs, assertImportMatches } from './interopHarness';

const L = tf.layers;

function stack(inputShape: number[], ...layers: tf.layers.Layer[]): tf.LayersModel {
  const m = tf.sequential({ name: 'stack' });
  m.add(tf.layers.inputLayer({ inputShape, name: 'x' }));
  layers.forEach((layer) => m.add(layer));
  return m;
}

const CASES: { title: string; build: () => tf.LayersModel }[] = [
  { title: 'ZeroPadding2D, symmetric and per side', build: () => stack([4, 5, 2], L.zeroPadding2d({ padding: [1, 2], name: 'zp' }), L.zeroPadding2d({ padding: [[1, 0], [0, 2]], name: 'zp2' }), L.conv2d({ filters: 1, kernelSize: 2, name: 'c' })) },
  { title: 'DepthwiseConv2D with a depth multiplier', build: () => stack([6, 6, 3], L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, activation: 'relu', name: 'dw' })) },
  { title: 'DepthwiseConv2D with strides, same padding, no bias', build: () => stack([6, 6, 2], L.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: 'dw' })) },
  { title: 'SeparableConv2D', build: () => stack([7, 7, 3], L.separableConv2d({ filters: 4, kernelSize: 3, depthMultiplier: 2, padding: 'same', name: 'sep' })) },
  { title: 'Bidirectional LSTM, concat', build: () => stack([5, 3], L.bidirectional({ layer: L.lstm({ units: 3, recurrentActivation: 'sigmoid' }) as tf.RNN, name: 'bi' })) },
  { title: "Bidirectional LSTM with tfjs' default hard_sigmoid gates", build: () => stack([5, 2], L.bidirectional({ layer: L.lstm({ units: 2 }) as tf.RNN, name: 'bi' })) },
  { title: 'Bidirectional GRU, sum, sequences', build: () => stack([4, 2], L.bidirectional({ layer: L.gru({ units: 2, recurrentActivation: 'sigmoid', returnSequences: true }) as tf.RNN, mergeMode: 'sum', name: 'bi' })) },
  { title: 'Bidirectional SimpleRNN, ave', build: () => stack([4, 2], L.bidirectional({ layer: L.simpleRNN({ units: 3 }) as tf.RNN, mergeMode: 'ave', name: 'bi' })) },
  { title: 'TimeDistributed Dense after an LSTM', build: () => stack([4, 3], L.lstm({ units: 3, returnSequences: true, recurrentActivation: 'sigmoid', name: 'l' }), L.timeDistributed({ layer: L.dense({ units: 2, activation: 'relu' }), name: 'td' })) },
  { title: 'TimeDistributed Conv2D over frames', build: () => stack([3, 5, 5, 1], L.timeDistributed({ layer: L.conv2d({ filters: 2, kernelSize: 3 }), name: 'frames' }), L.timeDistributed({ layer: L.flatten(), name: 'flat' })) },
];

describe('import of the wrapper and depthwise layers', () => {
  before(useCpu);

  for (const c of CASES) {
    it(`${c.title}: summary equals tfjs', forward pass equals predict`, async () => {
      const model = c.build();
      await noLeaks(() => assertImportMatches(model));
      model.dispose();
    });
  }

  it("a wrapper named 'bidirectional' (Keras' default) becomes 'bidirectional_' and keeps its weights", async () => {
    const model = stack([4, 2], L.bidirectional({ layer: L.lstm({ units: 2, recurrentActivation: 'sigmoid' }) as tf.RNN, name: 'bidirectional' }));
    const saved = await saveTfjs(model);
    const result = importSaved(saved);
    assert.match(result.text, /^bidirectional bidirectional_ lstm 2$/m);
    assert.deepEqual(netlensRows(result.text).map((r) => r.params), [2 * 4 * (2 * 2 + 2 * 2 + 2)]);
    const inputs = seededInputs(model);
    const expected = model.predict(inputs[0]) as tf.Tensor;
    assertClose(await netlensPredict(result.text, saved, inputs), (await expected.data()) as Float32Array);
    tf.dispose([...inputs, expected]);
    model.dispose();
  });
});
