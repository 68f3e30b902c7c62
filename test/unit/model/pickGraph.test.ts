import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LanguageService } from '../../../src/core/lang/languageService';
import { english, render } from '../../../src/core/lang/localize';
import { compile, pickGraph, unknownModel } from '../../../src/core/model/graph';

function load(file: string) {
  const text = readFileSync(`samples/${file}`, 'utf8');
  const analysis = new LanguageService().analyze(text, file.replace(/\.nn$/, ''));
  const lineOf = (prefix: string) => text.split('\n').findIndex((l) => l.startsWith(prefix));
  return { analysis, graphs: compile(analysis).graphs, lineOf };
}

describe('pickGraph: which model of a file the panel shows', () => {
  it('is the model block under the cursor, and the first one outside any block', () => {
    const { analysis, graphs, lineOf } = load('activations.nn');
    const names = graphs.map((g) => g.name);
    assert.ok(names.length >= 2, `activations.nn has several models: ${names}`);
    const second = analysis.models[1];
    assert.equal(pickGraph(analysis, graphs, { line: second.block.range.start.line + 2 })?.name, second.name);
    assert.equal(pickGraph(analysis, graphs, { line: lineOf('model') + 1 })?.name, analysis.models[0].name);
    assert.equal(pickGraph(analysis, graphs, { line: 0 })?.name, graphs[0].name, 'the header comment is outside every block');
    assert.equal(pickGraph(analysis, graphs)?.name, graphs[0].name);
  });

  it('keeps a named model whatever the cursor, and falls back when the name is gone', () => {
    const { analysis, graphs } = load('activations.nn');
    const second = analysis.models[1].name;
    assert.equal(pickGraph(analysis, graphs, { name: second, line: analysis.models[0].block.range.start.line })?.name, second);
    assert.equal(pickGraph(analysis, graphs, { name: 'renamed_away' })?.name, graphs[0].name);
  });

  it("shows a GAN's generator through the discriminator that trains it", () => {
    const { analysis, graphs, lineOf } = load('gan.nn');
    const picked = pickGraph(analysis, graphs, { line: lineOf('dense   g1') });
    assert.equal(picked?.name, 'discriminator');
    assert.equal(picked?.training.gan?.generator.name, 'generator');
  });

  it("named, a GAN's generator is shown through its discriminator too", () => {
    const { analysis, graphs } = load('gan.nn');
    assert.equal(pickGraph(analysis, graphs, { name: 'generator' })?.name, 'discriminator');
  });

  it('unknownModel: nothing for a model of the file, else its models and the closest name', () => {
    const { analysis } = load('tensors.nn');
    const names = analysis.models.map((m) => m.name);
    assert.equal(unknownModel(analysis, names[1], 'tensors.nn'), undefined);
    const typo = names[1].slice(0, -1) + 'x';
    assert.equal(render(english, unknownModel(analysis, typo, 'tensors.nn')!), `'${typo}' is not a model in tensors.nn. Did you mean '${names[1]}'? Its models: ${names.join(', ')}.`);
    assert.equal(render(english, unknownModel(analysis, 'zzzzzzzzzzzz', 'tensors.nn')!), `'zzzzzzzzzzzz' is not a model in tensors.nn. Its models: ${names.join(', ')}.`);
  });
});
