// `netlens import` and `netlens export`, run as a user runs them (the built dist/cli.js in a
// child process) on files in a temporary folder: a tfjs model saved there by tfjs itself.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Network } from '../../src/core/engine/network';
import { useCpu } from '../helpers/tf';
import { assertClose, graphOf, saveTfjs } from './interop/interopHarness';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '', NETLENS_LANG: '' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('netlens import and export', () => {
  let folder: string;
  let model: tf.LayersModel;

  before(async function () {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `node esbuild.mjs` first (npm test does).');
    await useCpu();
    folder = mkdtempSync(join(tmpdir(), 'netlens-interop-'));
    const stack = tf.sequential({ name: 'blobs' });
    stack.add(tf.layers.dense({ inputShape: [2], units: 3, activation: 'relu', name: 'hidden' }));
    stack.add(tf.layers.dense({ units: 1, activation: 'sigmoid', name: 'out' }));
    model = stack;
    const saved = await saveTfjs(model);
    writeFileSync(join(folder, 'model.json'), saved.json);
    for (const [name, data] of saved.files) writeFileSync(join(folder, name), new Uint8Array(data));
  });

  after(() => {
    model.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('import writes a .nn beside the JSON that references the weights, and it checks', () => {
    const { code, stdout } = run('import', join(folder, 'model.json'));
    assert.equal(code, 0);
    assert.equal(stdout.trim(), `Wrote ${join(folder, 'model.nn')}: 3 layers, 13 parameters, weights from model.json.`);
    const text = readFileSync(join(folder, 'model.nn'), 'utf8');
    assert.match(text, /^weights\s+"model\.json"$/m);
    const summary = JSON.parse(run('summary', join(folder, 'model.nn'), '--json').stdout);
    assert.equal(summary.models[0].totalParams, 13);
  });

  it('export --format tfjs of the imported file gives back the same weights and predictions', async () => {
    const out = join(folder, 'exported');
    const { code, stdout } = run('export', join(folder, 'model.nn'), '--format', 'tfjs', '-o', out, '--backend', 'cpu');
    assert.equal(code, 0, stdout);
    assert.match(stdout, /: weights from model\.json\.$/m);
    const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    const data = readFileSync(join(out, 'weights.bin'));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) }));
    const x = tf.tensor2d([[0.5, -1], [2, 0.25]]);
    const expected = model.predict(x) as tf.Tensor;
    const actual = loaded.predict(x) as tf.Tensor;
    assertClose((await actual.data()) as Float32Array, (await expected.data()) as Float32Array);
    tf.dispose([x, expected, actual]);
    loaded.dispose();
  });

  it('export without a weights line writes the seeded initial weights and says so', async () => {
    const out = join(folder, 'xor');
    const { code, stdout } = run('export', 'samples/xor.nn', '--format', 'tfjs', '-o', out, '--backend', 'cpu');
    assert.equal(code, 0);
    assert.match(stdout, /: initial weights, seed 1\.$/m);
    const network = new Network(graphOf(readFileSync(join(ROOT, 'samples/xor.nn'), 'utf8')), 1);
    const bin = readFileSync(join(out, 'weights.bin'));
    const expected = network.params().flatMap((e) => Array.from(e.variable.dataSync()));
    assertClose(new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength)), expected, 0);
    network.dispose();
  });

  it('export --train trains with the training section first', () => {
    const out = join(folder, 'trained');
    const { code, stdout } = run('export', 'samples/xor.nn', '--format', 'tfjs', '-o', out, '--train', '--epochs', '3', '--backend', 'cpu');
    assert.equal(code, 0);
    assert.match(stdout, /: trained weights \(3 epochs\)\.$/m);
    assert.notDeepEqual(readFileSync(join(out, 'weights.bin')), readFileSync(join(folder, 'xor', 'weights.bin')));
  });

  it('export --format keras writes the script', () => {
    const { code, stdout } = run('export', 'samples/xor.nn', '--format', 'keras', '-o', join(folder, 'keras'));
    assert.equal(code, 0);
    assert.match(stdout, /xor\.py: a Keras script that rebuilds the architecture\.$/m);
    assert.match(readFileSync(join(folder, 'keras', 'xor.py'), 'utf8'), /^model = keras\.Sequential\($/m);
  });

  it('a failed import exits 1 with the message and writes nothing', () => {
    const bad = join(folder, 'lambda.json');
    writeFileSync(bad, JSON.stringify({ class_name: 'Sequential', config: { layers: [{ class_name: 'Lambda', config: { name: 'fn', batch_input_shape: [null, 2] } }] } }));
    const { code, stderr } = run('import', bad, '-o', join(folder, 'lambda.nn'));
    assert.equal(code, 1);
    assert.match(stderr, /lambda\.json: Layer 'fn' is a Lambda layer: it holds Python code, which NetLens never runs\./);
    assert.equal(existsSync(join(folder, 'lambda.nn')), false);
  });

  it('an unknown --format is a usage error', () => {
    const { code, stderr } = run('export', 'samples/xor.nn', '--format', 'onnx', '-o', folder);
    assert.equal(code, 2);
    assert.match(stderr, /--format must be tfjs or keras, not 'onnx'/);
  });
});
