// Figures for Import and Export: import time, and how far NetLens' forward pass is from tfjs'
// own predict on the same weights (max |Δ| over a batch of 64), for models built with tfjs —
// then the round trip .nn → tfjs export → tf.loadLayersModel. Run: npx tsx scripts/bench-interop.ts
import * as tf from '@tensorflow/tfjs';
import { exportTfjs } from '../src/core/interop/exportModel';
import { loadWeights } from '../src/core/interop/loadWeights';
import { importSaved, graphOf, netlensPredict, saveTfjs } from '../test/unit/interop/interopHarness';

type Build = () => tf.LayersModel;

const models: [string, Build, number[]][] = [
  [
    "Keras' Simple MNIST convnet",
    () =>
      tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.flatten(),
          tf.layers.dropout({ rate: 0.5 }),
          tf.layers.dense({ units: 10, activation: 'softmax' }),
        ],
      }),
    [28, 28, 1],
  ],
  [
    'separable + depthwise + batch norm',
    () =>
      tf.sequential({
        layers: [
          tf.layers.zeroPadding2d({ inputShape: [16, 16, 3], padding: 1 }),
          tf.layers.separableConv2d({ filters: 16, kernelSize: 3, depthMultiplier: 2, activation: 'relu' }),
          tf.layers.batchNormalization(),
          tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2 }),
          tf.layers.globalAveragePooling2d({}),
          tf.layers.dense({ units: 4 }),
        ],
      }),
    [16, 16, 3],
  ],
  [
    'bidirectional LSTM + time-distributed dense',
    () =>
      tf.sequential({
        layers: [
          tf.layers.bidirectional({ inputShape: [12, 8], layer: tf.layers.lstm({ units: 16, returnSequences: true }) as tf.RNN, mergeMode: 'concat' }),
          tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 3 }) }),
        ],
      }),
    [12, 8],
  ],
];

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  console.log('model | params | import ms | max |Δ| import vs predict | max |Δ| export → loadLayersModel');
  for (const [title, build, shape] of models) {
    const model = build();
    const saved = await saveTfjs(model);
    const t0 = performance.now();
    const imported = importSaved(saved);
    const importMs = performance.now() - t0;
    const input = tf.randomUniform([64, ...shape], -1, 1, 'float32', 3);
    const expected = (await (model.predict(input) as tf.Tensor).data()) as Float32Array;
    const ours = await netlensPredict(imported.text, saved, [input]);
    // Export what was imported, with the same weights, and let tfjs load it back.
    const graph = graphOf(imported.text);
    // The weights as the import's weights line loads them (matched by name).
    const values = (await loadWeights(graph, { text: async () => saved.json, binary: async (path) => saved.files.get(path)! }))!;
    let roundTrip = 'n/a';
    try {
      const artifacts = exportTfjs(graph, values);
      const json = JSON.parse(artifacts.modelJson);
      const reloaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: artifacts.weightsBin }));
      const back = (await (reloaded.predict(input) as tf.Tensor).data()) as Float32Array;
      roundTrip = maxDiff(back, expected).toExponential(1);
    } catch (error) {
      roundTrip = `(${(error as Error).message.slice(0, 60)})`;
    }
    console.log(`${title} | ${model.countParams().toLocaleString('en')} | ${importMs.toFixed(1)} | ${maxDiff(ours, expected).toExponential(1)} | ${roundTrip}`);
  }
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

void main();
