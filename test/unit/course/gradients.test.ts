// Course topic 6, vanishing and exploding gradients. ‖dKernel‖ per layer is read from the backward
// stops of a real StepSession, as the debugger shows it: in the sigmoid stack the first layer's
// gradient is more than four orders of magnitude below the last's; in the ReLU/residual twin it
// stays within one. Without clipping the exploding sample's loss turns NaN; with clip_norm=1 the
// same weights train.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runVariants } from '../../../src/core/engine/compare';
import { disposeBatch } from '../../../src/core/engine/training';
import { useCpu } from '../../helpers/tf';
import { datasetOf, headerOf, sampleGraph, SAMPLES, sampleText, setupOf } from './sampleRun';

/** ‖dKernel‖ of every dense layer at the first training step, by layer name. */
async function gradientNorms(name: string): Promise<Map<string, number>> {
  const setup = await setupOf(sampleGraph(name));
  const { session, batch } = setup.trainer.stepSession();
  try {
    const norms = new Map<string, number>();
    for (const stop of session.stops.filter((s) => s.phase === 'backward' && s.kind === 'dense')) {
      norms.set(stop.layer, (await session.read(stop.index)).tensors.dKernel.stats.norm);
    }
    return norms;
  } finally {
    session.dispose();
    disposeBatch(batch);
    setup.dispose();
  }
}

async function finalValidationAccuracy(name: string): Promise<number> {
  const setup = await setupOf(sampleGraph(name));
  try {
    await setup.trainer.run();
    return setup.trainer.history.at(-1)!.valMetrics!.accuracy;
  } finally {
    setup.dispose();
  }
}

describe('course: vanishing and exploding gradients', () => {
  before(useCpu);

  for (const name of ['vanishing-gradients.nn', 'vanishing-gradients-relu.nn', 'exploding-gradients.nn']) {
    it(`${name} has the bilingual header`, () => {
      const header = headerOf(sampleText(name));
      assert.ok(header.length >= 6, 'English, Spanish, Try and Prueba');
      assert.ok(header.some((l) => l.startsWith('# Try:')) && header.some((l) => l.startsWith('# Prueba:')));
    });
  }

  it('sigmoid stack: the first layer’s ‖g‖ is below 1e-4 × the last layer’s (measured ≈ 3e-6)', async () => {
    const norms = await gradientNorms('vanishing-gradients.nn');
    const ratio = norms.get('s1')! / norms.get('out')!;
    assert.ok(ratio < 1e-4, `‖g s1‖ / ‖g out‖ = ${ratio}`);
    // It shrinks on the way back, layer after layer.
    const order = ['out', 's10', 's8', 's6', 's4', 's2'].map((l) => norms.get(l)!);
    order.slice(1).forEach((norm, i) => assert.ok(norm < order[i], `${norm} !< ${order[i]}`));
  });

  it('ReLU + residual twin: the first layer’s ‖g‖ stays above 0.05 × the last layer’s (measured ≈ 0.1)', async () => {
    const norms = await gradientNorms('vanishing-gradients-relu.nn');
    const ratio = norms.get('h0')! / norms.get('out')!;
    assert.ok(ratio > 0.05, `‖g h0‖ / ‖g out‖ = ${ratio}`);
    for (const [layer, norm] of norms) assert.ok(norm > 1e-2, `${layer}: ${norm}`);
  });

  it('after 20 epochs the sigmoid stack is still guessing (≤ 60 %) and the twin is ≥ 95 % right', async function () {
    this.timeout(30000);
    assert.ok((await finalValidationAccuracy('vanishing-gradients.nn')) <= 0.6);
    assert.ok((await finalValidationAccuracy('vanishing-gradients-relu.nn')) >= 0.95);
  });

  it('exploding: without clipping the loss turns NaN; with clip_norm=1 the same weights train', async function () {
    this.timeout(30000);
    const graph = sampleGraph('exploding-gradients.nn');
    const dataset = await datasetOf(graph);
    const [plain, clipped] = runVariants(graph);
    assert.deepEqual([plain.label, clipped.label], ['clip_norm=none', 'clip_norm=1']);
    const unclipped = await setupOf(plain.graph, dataset);
    try {
      const start = (await unclipped.trainer.evaluate()).loss;
      const end = await unclipped.trainer.run();
      assert.equal(end.reason, 'nonFinite');
      assert.equal(end.epochs, 0, 'it blows up within the first epoch');
      assert.ok(start > 100, `initial loss ${start}`);
    } finally {
      unclipped.dispose();
    }
    const withClipping = await setupOf(clipped.graph, dataset);
    try {
      const start = (await withClipping.trainer.evaluate()).loss;
      const end = await withClipping.trainer.run();
      assert.equal(end.reason, 'done');
      const last = withClipping.trainer.history.at(-1)!;
      // The noise has σ = 1, so the best possible mse is about 1; it started above 100.
      assert.ok(last.valLoss! < 10 && last.valLoss! < start / 20, `val loss ${last.valLoss} from ${start}`);
    } finally {
      withClipping.dispose();
    }
  });

  it('netlens train --json reports each run of the comparison, then both side by side; exit 0', () => {
    const cli = join(SAMPLES, '..', 'dist', 'cli.js');
    if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `node esbuild.mjs` first (npm test does).');
    const result = spawnSync(process.execPath, [cli, 'train', join(SAMPLES, 'exploding-gradients.nn'), '--json'], { encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const last = lines.at(-1);
    assert.equal(last.compare, 'clip_norm');
    assert.deepEqual(last.runs.map((r: { run: string; reason: string }) => [r.run, r.reason]), [['clip_norm=none', 'nonFinite'], ['clip_norm=1', 'done']]);
    assert.equal(last.runs[0].initialLoss, last.runs[1].initialLoss);
    assert.ok(lines.filter((l) => l.run === 'clip_norm=1' && l.epoch !== undefined && !l.done).length === 30, 'one line per epoch of the clipped run');
  });
});
