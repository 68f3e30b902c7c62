// Import of TensorFlow.js layers models built here with tfjs: for every supported layer the
// imported summary equals tfjs' own (countParams, outputShape per layer) and NetLens' forward
// pass with the loaded weights equals model.predict to 1e-4.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { noLeaks, useCpu } from '../../helpers/tf';
import { assertImportMatches } from './interopHarness';

type Build = () => tf.LayersModel;

function stack(inputShape: number[], ...layers: tf.layers.Layer[]): tf.LayersModel {
  const input = tf.input({ shape: inputShape, name: 'x' });
  let y: tf.SymbolicTensor = input;
  for (const layer of layers) y = layer.apply(y) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: y, name: 'stack' });
}

const L = tf.layers;

const CASES: { title: string; build: Build; vocab?: number }[] = [
  {
    title: 'Sequential Dense with activations and no bias',
    build: () => {
      const m = tf.sequential({ name: 'mlp' });
      m.add(L.dense({ inputShape: [3], units: 4, activation: 'tanh', name: 'hidden' }));
      m.add(L.dense({ units: 2, activation: 'softmax', useBias: false, name: 'out' }));
      return m;
    },
  },
  { title: 'Conv1D, pooling 1-D and global pooling', build: () => stack([9, 2], L.conv1d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c' }), L.maxPooling1d({ poolSize: 2, name: 'mp' }), L.averagePooling1d({ poolSize: 2, strides: 1, name: 'ap' }), L.globalMaxPooling1d({ name: 'g' })) },
  { title: 'Conv1D to global average pooling', build: () => stack([6, 2], L.conv1d({ filters: 2, kernelSize: 2, strides: 2, name: 'c' }), L.globalAveragePooling1d({ name: 'g' })) },
  {
    title: 'Conv2D, strides, pooling 2-D, flatten, dropout, dense',
    build: () => stack([8, 8, 2], L.conv2d({ filters: 3, kernelSize: [3, 2], strides: [1, 2], activation: 'relu', name: 'c' }), L.maxPooling2d({ poolSize: 2, name: 'mp' }), L.averagePooling2d({ poolSize: 1, name: 'ap' }), L.flatten({ name: 'f' }), L.dropout({ rate: 0.3, name: 'd' }), L.dense({ units: 2, name: 'o' })),
  },
  { title: 'Conv2DTranspose and UpSampling2D', build: () => stack([3, 3, 2], L.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', name: 't' }), L.upSampling2d({ size: [2, 1], name: 'u' }), L.conv2dTranspose({ filters: 1, kernelSize: 2, name: 't2' })) },
  { title: 'global average and max pooling 2-D', build: () => stack([4, 4, 3], L.globalAveragePooling2d({ name: 'g' })) },
  { title: 'global max pooling 2-D', build: () => stack([4, 4, 3], L.globalMaxPooling2d({ name: 'g' })) },
  { title: 'BatchNormalization (statistics last in the manifest) and LayerNormalization', build: () => stack([5], L.dense({ units: 4, name: 'd' }), L.batchNormalization({ name: 'bn', momentum: 0.9, epsilon: 0.01 }), L.layerNormalization({ name: 'ln' })) },
  { title: 'Reshape, Activation, ReLU, LeakyReLU, ELU, Softmax', build: () => stack([6], L.reshape({ targetShape: [2, 3], name: 'r' }), L.activation({ activation: 'sigmoid', name: 'a' }), L.reLU({ name: 'relu1' }), L.leakyReLU({ alpha: 0.2, name: 'lr' }), L.elu({ name: 'e' }), L.softmax({ axis: -1, name: 's' })) },
  { title: 'Embedding into SimpleRNN', vocab: 7, build: () => stack([5], L.embedding({ inputDim: 7, outputDim: 3, name: 'emb' }), L.simpleRNN({ units: 4, name: 'rnn' })) },
  { title: 'LSTM with sequences (sigmoid gates)', build: () => stack([4, 3], L.lstm({ units: 3, returnSequences: true, recurrentActivation: 'sigmoid', name: 'lstm1' }), L.lstm({ units: 2, recurrentActivation: 'sigmoid', name: 'lstm2' })) },
  { title: "LSTM and GRU with tfjs' default hard_sigmoid gates", build: () => stack([4, 3], L.lstm({ units: 3, returnSequences: true, name: 'lstm' }), L.gru({ units: 2, name: 'gru' })) },
  { title: 'GRU (tfjs: reset_after=false, 3·(d·u + u·u + u) parameters)', build: () => stack([4, 3], L.gru({ units: 5, recurrentActivation: 'sigmoid', name: 'gru' })) },
  {
    title: 'functional Add, Concatenate, Multiply with two inputs',
    build: () => {
      const a = tf.input({ shape: [4], name: 'a' });
      const b = tf.input({ shape: [4], name: 'b' });
      const da = L.dense({ units: 4, name: 'da' }).apply(a) as tf.SymbolicTensor;
      const sum = L.add({ name: 'sum' }).apply([da, b]) as tf.SymbolicTensor;
      const product = L.multiply({ name: 'product' }).apply([sum, a]) as tf.SymbolicTensor;
      const joined = L.concatenate({ name: 'joined' }).apply([product, da]) as tf.SymbolicTensor;
      const out = L.dense({ units: 1, activation: 'sigmoid', name: 'out' }).apply(joined) as tf.SymbolicTensor;
      return tf.model({ inputs: [a, b], outputs: out, name: 'residual' });
    },
  },
  {
    title: 'functional LSTM states feeding a dense layer',
    build: () => {
      const x = tf.input({ shape: [3, 2], name: 'x' });
      const [, h, c] = L.lstm({ units: 3, returnState: true, recurrentActivation: 'sigmoid', name: 'enc' }).apply(x) as tf.SymbolicTensor[];
      const both = L.concatenate({ name: 'hc' }).apply([h, c]) as tf.SymbolicTensor;
      return tf.model({ inputs: x, outputs: L.dense({ units: 2, name: 'out' }).apply(both) as tf.SymbolicTensor, name: 'states' });
    },
  },
];

describe('import of TensorFlow.js layers models', () => {
  before(useCpu);

  for (const c of CASES) {
    it(`${c.title}: summary equals tfjs', forward pass equals predict`, async () => {
      const model = c.build();
      await noLeaks(() => assertImportMatches(model, { vocab: c.vocab }));
      model.dispose();
    });
  }

  it('writes a weights line naming the model.json, and the layers in order', async () => {
    const model = CASES[0].build();
    const result = await assertImportMatches(model);
    assert.match(result.text, /^weights\s+"model\.json"$/m);
    assert.match(result.text, /^dense\s+hidden\s+4 activation=tanh$/m);
    assert.match(result.text, /^dense\s+out\s+2 activation=softmax use_bias=false$/m);
    assert.equal(result.hasWeights, true);
    model.dispose();
  });
});
