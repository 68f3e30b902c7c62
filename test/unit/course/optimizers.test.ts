// Course topic 7, the optimizers: samples/optimizers.nn compares the eight of the course with one
// `compare optimizer …` line. Every run starts from the same loss (same weights, data and seed);
// Adam reaches the threshold in far fewer epochs than plain SGD, and full-batch gradient descent
// takes one step per epoch and is slower still.

import * as assert from 'node:assert/strict';
import { runVariants } from '../../../src/core/engine/compare';
import { analyze } from '../../../src/core/lang/checker';
import { LanguageService } from '../../../src/core/lang/languageService';
import { cliLocalize } from '../../../src/cli/l10n';
import { useCpu } from '../../helpers/tf';
import { datasetOf, headerOf, sampleGraph, sampleText, setupOf } from './sampleRun';

const EIGHT = ['gd', 'sgd', 'rmsprop', 'adagrad', 'adadelta', 'adam', 'adamax', 'nadam'];
/** The loss both runs must get below; the model starts at 0.80. */
const THRESHOLD = 0.3;

interface Run {
  readonly label: string;
  readonly initialLoss: number;
  readonly losses: number[];
  readonly stepsPerEpoch: number;
}

function epochsTo(run: Run, threshold: number): number {
  const index = run.losses.findIndex((loss) => loss < threshold);
  return index < 0 ? Infinity : index + 1;
}

describe('course: optimizers.nn', () => {
  let runs: Run[] = [];

  before(async function () {
    this.timeout(60000);
    await useCpu();
    const graph = sampleGraph('optimizers.nn');
    const dataset = await datasetOf(graph);
    for (const variant of runVariants(graph)) {
      const setup = await setupOf(variant.graph, dataset);
      try {
        const initialLoss = (await setup.trainer.evaluate()).loss;
        await setup.trainer.run();
        runs.push({ label: variant.label, initialLoss, losses: setup.trainer.history.map((r) => r.loss), stepsPerEpoch: setup.trainer.stepsPerEpoch });
      } finally {
        setup.dispose();
      }
    }
  });

  after(() => (runs = []));

  it('has the bilingual header and compares the eight optimizers of the course', () => {
    const header = headerOf(sampleText('optimizers.nn'));
    assert.ok(header.some((l) => l.startsWith('# Try:')) && header.some((l) => l.startsWith('# Prueba:')));
    assert.ok(header.some((l) => l.includes('descenso del gradiente')));
    assert.deepEqual(runs.map((r) => r.label), EIGHT);
  });

  it('starts all eight runs from the same loss', () => {
    for (const run of runs) assert.equal(run.initialLoss, runs[0].initialLoss, run.label);
    assert.ok(runs[0].initialLoss > 0.6, `initial loss ${runs[0].initialLoss}`);
  });

  it('Adam gets below 0.3 within 6 epochs; plain SGD needs at least 5× as many; gd is slower still', () => {
    const byLabel = new Map(runs.map((r) => [r.label, r]));
    const adam = epochsTo(byLabel.get('adam')!, THRESHOLD);
    const sgd = epochsTo(byLabel.get('sgd')!, THRESHOLD);
    const gd = epochsTo(byLabel.get('gd')!, THRESHOLD);
    assert.ok(adam <= 6, `adam needed ${adam} epochs`);
    assert.ok(sgd >= 5 * adam, `sgd needed ${sgd} epochs, adam ${adam}`);
    assert.ok(gd > sgd, `gd needed ${gd} epochs, sgd ${sgd}`);
    // The curves differ: no two optimizers end at the same loss.
    const finals = runs.map((r) => r.losses.at(-1)!.toFixed(4));
    assert.equal(new Set(finals).size, runs.length, finals.join(', '));
  });

  it('gd is gradient descent proper: one step per epoch over the whole training set', () => {
    const byLabel = new Map(runs.map((r) => [r.label, r]));
    assert.equal(byLabel.get('gd')!.stepsPerEpoch, 1);
    assert.equal(byLabel.get('sgd')!.stepsPerEpoch, Math.ceil(320 / 16));
  });

  it('a compare line with an unknown optimizer or a single value is an error with a fix', () => {
    const base = 'input x [2]\ndense out 1 activation=sigmoid\ndata xor\nloss binary_crossentropy\n';
    const typo = analyze(base + 'compare optimizer sgd adamm\n').diagnostics.find((d) => d.code === 'NL501');
    assert.equal(typo?.message.template, "Unknown {0} '{1}'. Did you mean '{2}'?");
    assert.equal(typo?.fixes?.[0].edits[0].newText, 'adam');
    const single = analyze(base + 'compare clip_norm 1\n').diagnostics.find((d) => d.code === 'NL401');
    assert.ok(single, 'one value is not a comparison');
    assert.ok(analyze(base + 'compare clip_norm none 1\n').diagnostics.every((d) => d.severity !== 'error'));
  });

  it('gd and compare are documented in hovers (English and Spanish) and completed', () => {
    const text = 'input x [2]\ndense out 1 activation=sigmoid\ndata xor\nloss binary_crossentropy\noptimizer gd lr=0.5\ncompare optimizer gd sgd \n';
    const english = new LanguageService();
    const analysis = english.analyze(text);
    assert.match(english.hover(analysis, { line: 4, character: 2 })!.markdown, /Gradient descent \(full batch\): every step uses the whole training set/);
    assert.match(english.hover(analysis, { line: 5, character: 2 })!.markdown, /Comparison of runs[\s\S]*One run per optimizer/);
    const spanish = new LanguageService({ localize: cliLocalize('es'), locale: 'es' });
    assert.match(spanish.hover(spanish.analyze(text), { line: 4, character: 2 })!.markdown, /Descenso del gradiente \(lote completo\)/);
    const offered = english.completions(analysis, 'compare optimizer gd sgd ', { line: 5, character: 25 }).map((c) => c.label);
    assert.deepEqual(offered, EIGHT.slice(2));
  });
});
