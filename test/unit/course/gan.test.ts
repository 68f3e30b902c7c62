// Course topic 12, GANs (samples/gan.nn): the discriminator first learns to tell the generator's
// fakes (D(fake) falls below 0.5), then the generator learns the real distribution N(4, 1.25²)
// and D(fake) drifts back to 0.5, the course's "the discriminator has been fooled". Seed 1.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { datasetForGraph } from '../../../src/core/data';
import { GAN_METRICS } from '../../../src/core/engine/ganTraining';
import { createGanTraining } from '../../../src/core/engine/setup';
import { analyze } from '../../../src/core/lang/checker';
import { graphsOf } from '../../helpers/graph';
import { useCpu } from '../../helpers/tf';

const ROOT = join(__dirname, '..', '..', '..');
const TEXT = readFileSync(join(ROOT, 'samples', 'gan.nn'), 'utf8');

function meanAndStd(values: Float32Array): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, std: Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length) };
}

describe('course 12: GAN (gan.nn)', () => {
  before(useCpu);

  it('the discriminator comes first and carries its generator and latent size', () => {
    const [graph] = graphsOf(TEXT);
    assert.equal(graph.name, 'discriminator');
    assert.equal(graph.training.gan?.generator.name, 'generator');
    assert.equal(graph.training.gan?.latent, 4);
    // Hosts run the first graph: the discriminator comes first wherever the file puts it.
    const generatorFirst = 'model g\ninput z [2]\ndense s 1\nmodel d\ninput x [1]\ndense o 1 activation=sigmoid\ndata gaussian\nloss binary_crossentropy\ngan generator=g\n';
    assert.deepEqual(graphsOf(generatorFirst).map((g) => g.name), ['d', 'g']);
  });

  it('D(fake) dips below 0.5, then drifts to 0.5 as the generated mean and std approach the real ones', async () => {
    const [graph] = graphsOf(TEXT);
    const trainer = createGanTraining(graph, (await datasetForGraph(graph))!, { epochs: 30 });
    try {
      const start = meanAndStd((await trainer.samples(1000)).fake);
      const beforeTraining = tf.memory().numTensors;
      await trainer.runEpoch();
      const tensors = tf.memory().numTensors; // optimizer slots now exist
      await trainer.run();
      assert.ok(beforeTraining <= tensors);
      assert.equal(tf.memory().numTensors, tensors, 'an epoch leaked tensors');
      const fakeScores = trainer.history.map((r) => r.metrics[GAN_METRICS.fakeScore]);
      const last = fakeScores.slice(-5);
      const samples = await trainer.samples(1000);
      const real = meanAndStd(samples.real);
      const fake = meanAndStd(samples.fake);
      // Measured with seed 1: start mean 0.18, std 0.64; min D(fake) 0.437 (epoch 3);
      // last five epochs' mean D(fake) within 0.005 of 0.5; generated mean 4.02, std 1.00 vs real 4.06, 1.24.
      assert.ok(Math.abs(start.mean - real.mean) > 3, `the untrained generator is far off (mean ${start.mean})`);
      assert.ok(Math.min(...fakeScores.slice(0, 10)) < 0.47, `the discriminator first tells fakes apart: ${fakeScores.slice(0, 10)}`);
      assert.ok(last.every((s) => Math.abs(s - 0.5) < 0.03), `D(fake) ends near 0.5: ${last}`);
      assert.ok(Math.abs(fake.mean - real.mean) < 0.3, `generated mean ${fake.mean} vs real ${real.mean}`);
      assert.ok(Math.abs(fake.std - real.std) < 0.35, `generated std ${fake.std} vs real ${real.std}`);
    } finally {
      trainer.dispose();
    }
  });

  it('netlens train prints D loss, G loss and mean D(fake) per epoch, and the same in --json', function () {
    const cli = join(ROOT, 'dist', 'cli.js');
    if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `node esbuild.mjs` first (npm test does).');
    const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'train', 'samples/gan.nn', '--epochs', '2', '--backend', 'cpu', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '', NETLENS_LANG: '' } });
    const text = run();
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /epoch 1\/2 +D loss \d\.\d{4}  G loss \d\.\d{4}  mean D\(fake\) 0\.\d{4}  mean D\(real\) 0\.\d{4}/);
    const lines = run('--json').stdout.trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(lines.length, 3);
    assert.deepEqual(Object.keys(lines[0].metrics).sort(), ['d_fake', 'd_real', 'g_loss']);
    assert.equal(lines[2].done, true);
  });

  it('a gan line naming no model, or a generator of the wrong shape, is an error on that line', () => {
    const codes = (text: string) => analyze(text).diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.range.start.line]);
    const discriminator = 'model d\ninput x [1]\ndense o 1 activation=sigmoid\ndata gaussian\nloss binary_crossentropy\n';
    assert.deepEqual(codes(`${discriminator}gan generator=gen\nmodel g\ninput z [2]\ndense s 1`), [['NL508', 5]]);
    assert.deepEqual(codes(`${discriminator}gan generator=d\nmodel g\ninput z [2]\ndense s 1`), [['NL508', 5]]);
    assert.deepEqual(codes(`${discriminator}gan generator=g\nmodel g\ninput z [2]\ndense s 3`), [['NL509', 5]]);
    assert.deepEqual(codes(`${discriminator}gan generator=g latent=3\nmodel g\ninput z [2]\ndense s 1`), [['NL509', 5]]);
    assert.deepEqual(codes(`${discriminator}gan generator=g latent=2\nmodel g\ninput z [2]\ndense s 1`), []);
  });
});
