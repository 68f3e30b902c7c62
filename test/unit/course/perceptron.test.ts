// Course topic 1, the perceptron: perceptron-and.nn and perceptron-or.nn compute their gates'
// truth tables through the real engine with the course's fixed weights, and the line each one
// draws is the one the notes write (x2 = −4/5·x1 + 6/5 for AND), on hover before anything runs.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { createDataset, modelFacts } from '../../../src/core/data';
import { LanguageService } from '../../../src/core/lang/languageService';
import { fillTemplate } from '../../../src/core/lang/localize';
import { TensorLiteral } from '../../../src/core/lang/spec';
import { decisionNeuron, lineEquation } from '../../../src/core/model/decisionLine';
import { graphOf } from '../../helpers/graph';
import { useCpu } from '../../helpers/tf';
import { forwardValues, headerProblems, sampleText } from './sampleRun';

const spanish: Record<string, string> = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'l10n', 'bundle.l10n.es.json'), 'utf8'));

/** The gate's truth table as the engine computes it: one output per row (0,0), (0,1), (1,0), (1,1). */
async function truthTable(sample: string): Promise<{ inputs: number[]; outputs: number[]; targets: number[] }> {
  const graph = graphOf(sampleText(sample));
  const dataset = await createDataset(graph.training.data!, modelFacts(graph), 1);
  const rows = dataset.train.inputs[0];
  const x = tf.tensor2d(Float32Array.from(rows.values), rows.shape as [number, number]);
  try {
    const outputs = forwardValues(graph, [x]).get(graph.output)!.values;
    return { inputs: Array.from(rows.values), outputs, targets: Array.from(dataset.train.targets.values) };
  } finally {
    x.dispose();
  }
}

function hoverOf(sample: string, layerLine: string, localize?: (template: string, args: readonly (string | number)[]) => string): string {
  const service = new LanguageService(localize ? { localize, locale: 'es' } : {});
  const text = sampleText(sample);
  const line = text.split('\n').findIndex((l) => l.startsWith(layerLine));
  assert.ok(line >= 0, `no line starting '${layerLine}' in ${sample}`);
  return service.hover(service.analyze(text), { line, character: 2 })!.markdown;
}

describe('course 1 — the perceptron', () => {
  before(useCpu);

  it('has the EN/ES header with Try and Prueba lines, and checks without a diagnostic', () => {
    for (const name of ['perceptron-and.nn', 'perceptron-or.nn']) assert.deepEqual(headerProblems(name), [], name);
  });

  it('perceptron-and.nn: w = (4, 5), b = −6 and a step give the AND truth table 0, 0, 0, 1', async () => {
    const table = await truthTable('perceptron-and.nn');
    assert.deepEqual(table.inputs, [0, 0, 0, 1, 1, 0, 1, 1], 'rows in the course’s order');
    assert.deepEqual(table.outputs, [0, 0, 0, 1]);
    assert.deepEqual(table.targets, table.outputs, 'the data set’s AND labels');
  });

  it('perceptron-or.nn: the same weights with b = −3 give the OR truth table 0, 1, 1, 1', async () => {
    const table = await truthTable('perceptron-or.nn');
    assert.deepEqual(table.outputs, [0, 1, 1, 1]);
    assert.deepEqual(table.targets, table.outputs, 'the data set’s OR labels');
  });

  it('each draws the line the notes write, and its hover says so in English and Spanish', () => {
    const and = graphOf(sampleText('perceptron-and.nn'));
    const neuron = decisionNeuron(and)!;
    assert.equal(neuron.name, 'neuron');
    const weights = neuron.attrs.weights as TensorLiteral;
    const bias = neuron.attrs.bias as TensorLiteral;
    assert.deepEqual(lineEquation({ w1: weights.values[0], w2: weights.values[1], b: bias.values[0] }), { general: '4·x1 + 5·x2 − 6 = 0', solved: 'x2 = −4/5·x1 + 6/5' });
    const english = hoverOf('perceptron-and.nn', 'dense');
    assert.match(english, /Decision line/);
    assert.ok(english.includes('4·x1 + 5·x2 − 6 = 0, that is x2 = −4/5·x1 + 6/5'), english);
    const inSpanish = hoverOf('perceptron-or.nn', 'dense', (template, args) => fillTemplate(spanish[template] ?? `[EN] ${template}`, args));
    assert.ok(inSpanish.includes('x2 = −4/5·x1 + 3/5'), inSpanish);
    assert.match(inSpanish, /Recta de decisión/);
    assert.doesNotMatch(inSpanish, /\[EN\]/, 'every line of the hover is in Spanish');
  });
});
