// Import of Keras' own JSON (hand-written fixtures in test/fixtures/keras/ for the forms only
// Keras writes: Keras 3 and 2 to_json, Keras 1's bare list, a converter's model.json with a
// nested model_config and cell-scoped weight names), with counts checked against Keras'
// formulas, and every bad input's message.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { importModel } from '../../../src/core/interop/importModel';
import { noLeaks, useCpu } from '../../helpers/tf';
import { assertClose, importErrorOf, netlensPredict, netlensRows, saveTfjs, seededInputs } from './interopHarness';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'keras');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const rows = (name: string) => netlensRows(importModel(fixture(name), { fileName: name }).text);
const paramsOf = (name: string) => Object.fromEntries(rows(name).map((r) => [r.name, r.params]));

/** A small Sequential as Keras' tensorflowjs_converter writes it: model_config nested in modelTopology. */
function convertedModelJson(layers: unknown[], weights: { name: string; shape: number[] }[]): string {
  return JSON.stringify({
    format: 'layers-model',
    generatedBy: 'keras v2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: {
      keras_version: '2.15.0',
      backend: 'tensorflow',
      model_config: { class_name: 'Sequential', config: { name: 'converted', layers } },
      training_config: { loss: 'categorical_crossentropy', optimizer_config: { class_name: 'Adam', config: { learning_rate: 0.001 } } },
    },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: weights.map((w) => ({ ...w, dtype: 'float32' })) }],
  });
}

const DENSE_LAYERS = [
  { class_name: 'Dense', config: { name: 'dense', units: 3, activation: 'relu', use_bias: true, batch_input_shape: [null, 2], dtype: 'float32' } },
  { class_name: 'Dense', config: { name: 'dense_1', units: 2, activation: 'softmax', use_bias: true } },
];
const DENSE_WEIGHTS = [
  { name: 'dense/kernel', shape: [2, 3] },
  { name: 'dense/bias', shape: [3] },
  { name: 'dense_1/kernel', shape: [3, 2] },
  { name: 'dense_1/bias', shape: [2] },
];
const denseFiles = () => new Map([['group1-shard1of1.bin', new Float32Array(6 + 3 + 6 + 2).fill(0.5).buffer]]);

describe('import of Keras JSON', () => {
  before(useCpu);

  it("keras.io's Simple MNIST convnet (Keras 3 to_json) has Keras' 34,826 parameters and shapes", () => {
    const result = importModel(fixture('mnist-convnet.keras3.json'), { fileName: 'model.json' });
    assert.equal(result.totalParams, 34826);
    assert.deepEqual(rows('mnist-convnet.keras3.json'), [
      { name: 'conv2d', params: 320, outputShape: [null, 26, 26, 32] },
      { name: 'max_pooling2d', params: 0, outputShape: [null, 13, 13, 32] },
      { name: 'conv2d_1', params: 18496, outputShape: [null, 11, 11, 64] },
      { name: 'max_pooling2d_1', params: 0, outputShape: [null, 5, 5, 64] },
      { name: 'flatten', params: 0, outputShape: [null, 1600] },
      { name: 'dropout', params: 0, outputShape: [null, 1600] },
      { name: 'dense', params: 16010, outputShape: [null, 10] },
    ]);
    assert.equal(result.hasWeights, false);
    assert.doesNotMatch(result.text, /^weights/m);
  });

  it("GRU counts follow Keras: reset_after=True 3·u·(d + u + 2), reset_after=False 3·u·(d + u + 1)", () => {
    assert.deepEqual(paramsOf('gru.keras2.json'), { gru: 3 * 16 * (8 + 16 + 2), gru_1: 3 * 4 * (16 + 4 + 1), dense: 5 });
  });

  it("Keras 3 MultiHeadAttention called by keyword maps to attention with Keras' kernel layout", () => {
    const text = importModel(fixture('attention.keras3.json'), { fileName: 'a.json' }).text;
    assert.match(text, /^attention\s+mha\s+heads=2 key_dim=4 from tokens, tokens$/m);
    // query, key, value: d·h·k + h·k each; output: h·v·d + d (Keras' MultiHeadAttention).
    assert.deepEqual(paramsOf('attention.keras3.json'), { mha: 3 * (8 * 2 * 4 + 2 * 4) + (2 * 4 * 8 + 8), residual: 0, norm: 16, pool: 0, out: 27 });
  });

  it("Keras 1's Sequential (config a bare list, Keras 1 argument names)", () => {
    assert.deepEqual(rows('sequential.keras1.json'), [
      { name: 'convolution2d_1', params: 80, outputShape: [null, 12, 12, 8] },
      { name: 'maxpooling2d_1', params: 0, outputShape: [null, 6, 6, 8] },
      { name: 'flatten_1', params: 0, outputShape: [null, 288] },
      { name: 'dense_1', params: 9248, outputShape: [null, 32] },
      { name: 'dropout_1', params: 0, outputShape: [null, 32] },
      { name: 'dense_2', params: 330, outputShape: [null, 10] },
    ]);
  });

  it('a converter model.json (nested model_config, cell-scoped names, statistics last) loads weights by name', async () => {
    const model = tf.sequential({ name: 'ref' });
    model.add(tf.layers.lstm({ inputShape: [3, 2], units: 3, recurrentActivation: 'sigmoid', name: 'lstm' }));
    model.add(tf.layers.batchNormalization({ name: 'bn' }));
    model.add(tf.layers.dense({ units: 2, name: 'dense' }));
    // Make the batch-norm statistics non-trivial so a mix-up would show.
    model.getLayer('bn').setWeights(model.getLayer('bn').getWeights().map((w, i) => tf.add(w, tf.scalar(0.1 * (i + 1)))));
    const saved = await saveTfjs(model);
    const { weightsManifest, modelTopology } = JSON.parse(saved.json);
    // Keras' converter scopes RNN weights under the cell: lstm/lstm_cell/kernel.
    const weights = weightsManifest[0].weights.map((w: { name: string }) => ({ ...w, name: w.name.replace(/^lstm\//, 'lstm/lstm_cell/') }));
    const json = convertedModelJson(modelTopology.config.layers, weights);
    const converted = { json, files: saved.files };
    const result = importModel(json, { fileName: 'model.json', weightFiles: saved.files });
    assert.match(result.text, /^loss\s+categorical_crossentropy$/m);
    assert.match(result.text, /^optimizer adam lr=0\.001$/m);
    const inputs = seededInputs(model);
    const expected = model.predict(inputs[0]) as tf.Tensor;
    assertClose(await noLeaks(() => netlensPredict(result.text, converted, inputs)), (await expected.data()) as Float32Array);
    tf.dispose([...inputs, expected]);
    model.dispose();
  });

  describe('bad input gets one clear message', () => {
    it('not JSON', () => {
      assert.match(importErrorOf(() => importModel('<html>model</html>', { fileName: 'page.json' })), /^page\.json is not JSON \(.*\): give a TensorFlow\.js model\.json or the JSON of Keras’ model\.to_json\(\)\.$/);
    });

    it('truncated JSON', () => {
      const text = fixture('mnist-convnet.keras3.json');
      assert.equal(importErrorOf(() => importModel(text.slice(0, text.length / 2), { fileName: 'model.json' })), 'model.json ends before its JSON does: the file looks truncated. Copy it again whole.');
    });

    it('a graph model is rejected as such', () => {
      const graph = JSON.stringify({ format: 'graph-model', modelTopology: { node: [{ name: 'x', op: 'Placeholder' }], versions: { producer: 1 } }, weightsManifest: [] });
      assert.match(importErrorOf(() => importModel(graph, { fileName: 'model.json' })), /^model\.json is a TensorFlow\.js graph model .*not a layers model/);
    });

    it('unknown classes and unsupported settings are listed together, with names and types', () => {
      const layers = [
        { class_name: 'Conv2D', config: { name: 'dilated', filters: 2, kernel_size: [3, 3], dilation_rate: [2, 2], batch_input_shape: [null, 8, 8, 1] } },
        { class_name: 'Cropping2D', config: { name: 'crop', cropping: [[1, 1], [1, 1]] } },
        { class_name: 'Flatten', config: { name: 'flat' } },
        { class_name: 'Dense', config: { name: 'out', units: 2, activation: 'selu' } },
      ];
      const text = JSON.stringify({ class_name: 'Sequential', config: { name: 's', layers } });
      assert.equal(
        importErrorOf(() => importModel(text, { fileName: 'm.json' })),
        "NetLens cannot import 3 of the layers: dilated (Conv2D: dilation_rate 2); crop (Cropping2D); out (Dense: activation 'selu'). See the README’s list of Keras layers NetLens reads.",
      );
    });

    it("Keras 3's hard_sigmoid gates (relu6(z + 3)/6) are not tfjs' and are refused", () => {
      const lstm = { module: 'keras.layers', class_name: 'LSTM', config: { name: 'lstm', units: 2, recurrent_activation: 'hard_sigmoid', batch_input_shape: [null, 3, 2] }, registered_name: null };
      assert.equal(
        importErrorOf(() => importModel(JSON.stringify({ module: 'keras', class_name: 'Sequential', config: { name: 's', layers: [lstm] } }), { fileName: 'm.json' })),
        "NetLens cannot import 1 of the layers: lstm (LSTM: recurrent_activation 'hard_sigmoid' (NetLens' gates use the sigmoid, or tfjs' hard_sigmoid: rebuild with recurrent_activation='sigmoid')). See the README’s list of Keras layers NetLens reads.",
      );
    });

    it('a Lambda layer is refused, never run', () => {
      const layers = [
        { class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: [null, 2] } },
        { class_name: 'Lambda', config: { name: 'square', function: ['4wEAAAAAAAAA', null, null], function_type: 'lambda' } },
      ];
      assert.equal(
        importErrorOf(() => importModel(JSON.stringify({ class_name: 'Sequential', config: { layers } }), { fileName: 'm.json' })),
        "Layer 'square' is a Lambda layer: it holds Python code, which NetLens never runs. Replace it with built-in layers and export the model again.",
      );
    });

    it('a missing weight file names the file and the layers it holds', () => {
      const json = convertedModelJson(DENSE_LAYERS, DENSE_WEIGHTS);
      assert.equal(
        importErrorOf(() => importModel(json, { fileName: 'model.json', weightFiles: new Map() })),
        'The weight file group1-shard1of1.bin that model.json lists is missing (it holds the weights of dense, dense_1): put it next to model.json, or import the JSON without a weightsManifest.',
      );
    });

    it('weights whose shapes disagree with the topology name the layer', () => {
      const weights = DENSE_WEIGHTS.map((w) => (w.name === 'dense_1/kernel' ? { ...w, shape: [2, 3] } : w));
      assert.equal(
        importErrorOf(() => importModel(convertedModelJson(DENSE_LAYERS, weights), { fileName: 'model.json', weightFiles: denseFiles() })),
        "The weight dense_1/kernel has shape [2, 3], but layer 'dense_1' needs kernel of shape [3, 2]: the weights do not fit this topology.",
      );
    });

    it('a weight file shorter than the manifest says', () => {
      const short = new Map([['group1-shard1of1.bin', new Float32Array(10).buffer]]);
      assert.match(importErrorOf(() => importModel(convertedModelJson(DENSE_LAYERS, DENSE_WEIGHTS), { fileName: 'model.json', weightFiles: short })), /^The weight files of model\.json end before the weight dense_1\/kernel: they hold 40 bytes/);
    });

    it('a weight the manifest lacks names the layer and parameter', () => {
      const weights = DENSE_WEIGHTS.filter((w) => w.name !== 'dense_1/bias');
      assert.equal(
        importErrorOf(() => importModel(convertedModelJson(DENSE_LAYERS, weights), { fileName: 'model.json', weightFiles: denseFiles() })),
        "No weight for 'bias' of layer 'dense_1' in the weight files (looked for a name like dense_1/bias).",
      );
    });

    it('a model with two outputs', () => {
      const text = fixture('gru.keras2.json').replace('"output_layers": [\n   [\n    "dense",', '"output_layers": [\n   [\n    "gru_1",\n    0,\n    0\n   ],\n   [\n    "dense",');
      assert.equal(importErrorOf(() => importModel(text, { fileName: 'm.json' })), 'The model has 2 outputs; a NetLens model has one. Import each output as its own model.');
    });

    it('a layer that reads a layer the model does not define', () => {
      const text = fixture('gru.keras2.json').replace('["gru_1", 0, 0, {}]', '["ghost", 0, 0, {}]').replace(/"gru_1",\s*0,\s*0,\s*\{\}/, '"ghost", 0, 0, {}');
      assert.equal(importErrorOf(() => importModel(text, { fileName: 'm.json' })), "A layer reads 'ghost', which the model does not define.");
    });
  });
});
