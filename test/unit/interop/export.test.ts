// Export: a .nn model → tfjs layers model that tf.loadLayersModel reads and that predicts what
// NetLens predicts; → import again → the same summary; and the Keras script's shape. Layers
// Keras lacks are listed in one message.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Network } from '../../../src/core/engine/network';
import { exportKeras, exportTfjs } from '../../../src/core/interop/exportModel';
import { importModel } from '../../../src/core/interop/importModel';
import { InteropError } from '../../../src/core/interop/importError';
import { noLeaks, useCpu } from '../../helpers/tf';
import { assertClose, graphOf, netlensPredict, netlensRows } from './interopHarness';

const MODELS: { title: string; source: string }[] = [
  { title: 'an MLP', source: 'model mlp\ninput x [3]\ndense hidden 5 activation=tanh\ndense out 2 activation=softmax use_bias=false' },
  {
    title: 'a CNN with explicit padding, batch norm and every pooling',
    source: 'model cnn\ninput image [9, 9, 2]\nconv2d c1 4 3 padding=1 activation=relu\nbatchnorm bn momentum=0.9\nmaxpool2d p 2\nconv2d_transpose up 2 2 strides=2 padding=same\nupsampling2d u 1\navgpool2d a 2 strides=1\nglobal_maxpool2d g\ndense out 3',
  },
  { title: 'a 1-D CNN', source: 'model seq\ninput s [8, 2]\nconv1d c 3 3 padding=same activation=relu\nmaxpool1d p 2\navgpool1d a 2\nglobal_avgpool1d g\nleaky_relu lr alpha=0.1' },
  { title: 'recurrent layers and wrappers', source: 'model rnn\ninput s [5, 3]\nlstm l 4 return_sequences=true\ngru g 3 reset_after=false return_sequences=true\nbidirectional bi simple_rnn 2 return_sequences=true merge_mode=ave\ntime_distributed td dense 2 activation=sigmoid\nlayernorm ln\nflatten f\nreshape r [5, 2]\nsoftmax sm' },
  { title: 'depthwise, separable, zero padding', source: 'model mobile\ninput image [8, 8, 3]\nzero_padding2d z [[1, 0], [0, 1]]\ndepthwise_conv2d dw 3 depth_multiplier=2\nseparable_conv2d sep 4 3 padding=same activation=relu\nglobal_avgpool2d g' },
  { title: 'a residual block with merges and an embedding', source: 'model res\ninput ids [4] dtype=int32\nembedding emb 9 3\ndense d 3 activation=relu\nadd sum from emb, d\nmultiply m from sum, emb\nconcat j from m, d axis=0\nelu e\nflatten f\ndropout drop 0.2\ndense out 1 activation=sigmoid' },
  { title: 'hard_sigmoid gates', source: 'model gates\ninput s [4, 2]\nlstm l 3 recurrent_activation=hard_sigmoid return_sequences=true\ngru g 2 reset_after=false recurrent_activation=hard_sigmoid' },
  { title: 'LSTM states', source: 'model states\ninput s [3, 2]\nlstm enc 3 return_state=true\nconcat hc from enc.state_h, enc.state_c\ndense out 2' },
];

/** Seeded values by parameter key, as a trained panel would hand them over. */
function seededValues(network: Network): Map<string, Float32Array> {
  return new Map(network.params().map((e) => [e.key, e.variable.dataSync() as Float32Array]));
}

describe('export', () => {
  before(useCpu);

  for (const m of MODELS) {
    it(`${m.title}: tf.loadLayersModel predicts what NetLens predicts; re-import gives the same summary`, async () => {
      const graph = graphOf(m.source);
      const network = new Network(graph, 3);
      const artifacts = exportTfjs(graph, seededValues(network));
      const json = JSON.parse(artifacts.modelJson);
      const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: artifacts.weightsBin }));
      const feeds = network.fedInputs.map((layer, i) => {
        const shape = [2, ...(layer.outputShape as number[])];
        return layer.dtype === 'int32' ? tf.randomUniform(shape, 0, 9, 'int32', 5 + i) : tf.randomUniform(shape, -1, 1, 'float32', 5 + i);
      });
      await noLeaks(async () => {
        const ours = tf.tidy(() => network.forward(feeds, { mode: 'eval', stepSeed: 0 }).outputs.get(graph.output)!);
        const floats = feeds.map((f) => tf.cast(f, 'float32'));
        const theirs = model.predict(floats) as tf.Tensor;
        assertClose((await theirs.data()) as Float32Array, (await ours.data()) as Float32Array);
        tf.dispose([ours, theirs, ...floats]);
      });
      tf.dispose(feeds);

      const files = new Map([[artifacts.weightsFileName, artifacts.weightsBin]]);
      const reimported = importModel(artifacts.modelJson, { fileName: 'model.json', weightFiles: files });
      assert.deepEqual(
        // Explicit conv padding comes back as its own zero_padding2d layer.
        netlensRows(reimported.text).filter((r) => !r.name.endsWith('_padding')),
        netlensRows(m.source),
        'same names, shapes and counts after the round trip',
      );
      // And the re-imported model computes the same function with the exported weights.
      const input = tf.tidy(() => network.fedInputs.map((layer, i) => tf.randomUniform([1, ...(layer.outputShape as number[])], 0, layer.dtype === 'int32' ? 8 : 1, 'float32', 11 + i)).map((t, i) => (network.fedInputs[i].dtype === 'int32' ? tf.floor(t) : t)));
      const again = await netlensPredict(reimported.text, { json: artifacts.modelJson, files }, input);
      const direct = tf.tidy(() => network.forward(input.map((t, i) => (network.fedInputs[i].dtype === 'int32' ? tf.cast(t, 'int32') : t)), { mode: 'eval', stepSeed: 0 }).outputs.get(graph.output)!);
      assertClose(again, (await direct.data()) as Float32Array);
      tf.dispose([...input, direct]);
      model.dispose();
      network.dispose();
    });
  }

  it('the Keras script of a stack is a keras.Sequential with the layers and the training section', () => {
    const graph = graphOf('model xor\ninput x [2]\ndense hidden 4 activation=tanh\ndense out 1 activation=sigmoid\nloss binary_crossentropy\noptimizer sgd lr=0.3');
    const script = exportKeras(graph, 'xor.nn');
    assert.match(script, /^model = keras\.Sequential\($/m);
    assert.match(script, /^ {8}keras\.Input\(shape=\(2,\), name="x"\),$/m);
    assert.match(script, /^ {8}layers\.Dense\(units=4, activation="tanh", name="hidden"\),$/m);
    assert.match(script, /^model\.compile\(optimizer=keras\.optimizers\.SGD\(learning_rate=0\.3\), loss="binary_crossentropy", metrics=\["accuracy"\]\)$/m);
    assert.match(script, /^model\.summary\(\)$/m);
  });

  it('the Keras script of a graph is functional: merges take lists, attention its query and value, states index the outputs', () => {
    const graph = graphOf('model enc\ninput s [4, 6]\nattention att heads=2 key_dim=3 causal=true\nadd res from s, att\nlstm l 2 return_state=true\ndense out 1 from l.state_c');
    const script = exportKeras(graph, 'enc.nn');
    assert.match(script, /^att = layers\.MultiHeadAttention\(num_heads=2, key_dim=3, name="att"\)\(s, s, use_causal_mask=True\)$/m);
    assert.match(script, /^res = layers\.Add\(name="res"\)\(\[s, att\]\)$/m);
    assert.match(script, /^out = layers\.Dense\(units=1, name="out"\)\(l\[2\]\)$/m);
    assert.match(script, /^model = keras\.Model\(inputs=s, outputs=out, name="enc"\)$/m);
  });

  it('layers Keras lacks, and attention for tfjs, are listed in one message', () => {
    const graph = graphOf('model g\ninput x [4, 3]\npositional_encoding pe\nattention a heads=1 key_dim=2\ndense out 1 activation=step');
    assert.throws(
      () => exportTfjs(graph, new Map()),
      (error: unknown) =>
        error instanceof InteropError &&
        error.message === "Cannot export 3 layers to TensorFlow.js: pe (positional_encoding: no Keras layer); a (attention: TensorFlow.js 4.22 has no MultiHeadAttention layer: export Keras code); out (dense: activation 'step').",
    );
    assert.throws(() => exportKeras(graph, 'g.nn'), /^Error: Cannot export 2 layers to Keras: pe \(positional_encoding: no Keras layer\); out \(dense: activation 'step'\)\.$/);
  });

  it("hard_sigmoid gates do not export to Keras 3, whose hard_sigmoid is another function", () => {
    const graph = graphOf('model g\ninput x [4, 3]\nlstm l 2 recurrent_activation=hard_sigmoid');
    assert.throws(() => exportKeras(graph, 'g.nn'), /^Error: Cannot export 1 layers to Keras: l \(lstm: recurrent_activation=hard_sigmoid \(Keras 3’s hard_sigmoid is another function\)\)\.$/);
  });

  it('a GRU with reset_after=true exports to Keras but not to tfjs 4.22', () => {
    const graph = graphOf('model g\ninput x [4, 3]\ngru g 2');
    assert.match(exportKeras(graph, 'g.nn'), /layers\.GRU\(units=2, recurrent_activation="sigmoid", reset_after=True, name="g"\)/);
    assert.throws(() => exportTfjs(graph, new Map()), /GRU reset_after=true \(TensorFlow\.js 4\.22 runs only reset_after=false/);
  });
});
