// The `weights "model.json"` line: checked and hovered like any training line (in English and
// Spanish), loaded by name into the Network (Reset Weights returns to it), used by the panel's
// engine, which reports whether its weights are trained, and explained when its file is missing.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { createDataset, modelFacts } from '../../../src/core/data';
import { InteropError } from '../../../src/core/interop/importError';
import { loadWeights } from '../../../src/core/interop/loadWeights';
import { Network } from '../../../src/core/engine/network';
import { LanguageService } from '../../../src/core/lang/languageService';
import { english } from '../../../src/core/lang/localize';
import { PageEngine } from '../../../webview/pageEngine';
import { useCpu } from '../../helpers/tf';
import { graphOf, importSaved, saveTfjs, SavedModel } from './interopHarness';

const spanish = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'l10n', 'bundle.l10n.es.json'), 'utf8')) as Record<string, string>;

function readerOf(saved: SavedModel) {
  return { text: async () => saved.json, binary: async (path: string) => saved.files.get(path) ?? Promise.reject(new Error('missing')) };
}

describe('the weights line', () => {
  let saved: SavedModel;
  let text: string;

  before(async () => {
    await useCpu();
    const model = tf.sequential({ name: 'gate' });
    model.add(tf.layers.dense({ inputShape: [2], units: 4, activation: 'tanh', name: 'hidden' }));
    model.add(tf.layers.dense({ units: 1, activation: 'sigmoid', name: 'out' }));
    saved = await saveTfjs(model);
    text = importSaved(saved).text + 'data xor\nloss binary_crossentropy\noptimizer sgd lr=0.5\ntrain epochs=2 batch=4\n';
    model.dispose();
  });

  it('is checked like the other training lines: a file is required', () => {
    const service = new LanguageService();
    assert.deepEqual(service.analyze(text, 'm').diagnostics, []);
    const missing = service.analyze('model m\ninput x [2]\ndense out 1\nweights\n', 'm').diagnostics;
    assert.equal(missing.length, 1);
    assert.equal(missing[0].severity, 'error');
    assert.equal(missing[0].range.start.line, 3);
  });

  it('has a hover in English and in Spanish', () => {
    const line = text.split('\n').findIndex((l) => l.startsWith('weights'));
    const en = new LanguageService();
    const hoverEn = en.hover(en.analyze(text, 'm'), { line, character: 2 });
    assert.match(hoverEn!.markdown, /Pretrained weights/);
    assert.match(hoverEn!.markdown, /matched by layer name/);
    l10n.config({ contents: spanish });
    const es = new LanguageService({ localize: (template, args) => l10n.t(template, ...args), locale: 'es' });
    const hoverEs = es.hover(es.analyze(text, 'm'), { line, character: 2 });
    l10n.config({ contents: {} });
    assert.match(hoverEs!.markdown, /Pesos preentrenados/);
    assert.match(hoverEs!.markdown, /emparejados por nombre de capa/);
  });

  it('loads by name into the Network, and Reset Weights returns to the loaded values', async () => {
    const graph = graphOf(text);
    const values = (await loadWeights(graph, readerOf(saved)))!;
    assert.deepEqual([...values.keys()], ['hidden/kernel', 'hidden/bias', 'out/kernel', 'out/bias']);
    const network = new Network(graph, 1, values);
    assert.deepEqual(network.param('hidden/kernel')!.variable.dataSync(), values.get('hidden/kernel'));
    network.param('hidden/kernel')!.variable.assign(tf.zerosLike(network.param('hidden/kernel')!.variable));
    network.reset(1);
    assert.deepEqual(network.param('hidden/kernel')!.variable.dataSync(), values.get('hidden/kernel'));
    network.dispose();
  });

  it("the panel's engine starts from them and says when its weights are trained", async () => {
    const graph = graphOf(text);
    const values = (await loadWeights(graph, readerOf(saved)))!;
    const dataset = await createDataset(graph.training.data!, modelFacts(graph), 1);
    const engine = new PageEngine(graph, dataset, {}, {}, english, values);
    const before = await engine.weights();
    assert.equal(before.trained, false);
    assert.deepEqual(before.values['out/kernel'], values.get('out/kernel'));
    await engine.step();
    const after = await engine.weights();
    assert.equal(after.trained, true);
    assert.notDeepEqual(after.values['out/kernel'], values.get('out/kernel'));
    engine.dispose();
  });

  it('a weights file that cannot be read is explained', async () => {
    const graph = graphOf(text);
    await assert.rejects(
      loadWeights(graph, { text: () => Promise.reject(new Error('ENOENT')), binary: () => Promise.reject(new Error('ENOENT')) }),
      (error: unknown) => error instanceof InteropError && error.message === "Cannot read the weights file model.json named on the 'weights' line: put the model.json next to this model file.",
    );
  });
});
