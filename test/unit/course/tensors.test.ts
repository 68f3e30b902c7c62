// Course topic 15, tensors (notes 004): tensors.nn's broadcasting and views give the notes'
// numbers through the real engine, its hovers show the strides (12, 4, 1), and the notes'
// [3, 2] + [3] (the file's Try line) is an error that states the rule and a fix that works.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/lang/checker';
import { LanguageService } from '../../../src/core/lang/languageService';
import { english, fillTemplate, render } from '../../../src/core/lang/localize';
import { graphsOf } from '../../helpers/graph';
import { useCpu } from '../../helpers/tf';
import { edited, forwardValues, headerProblems, sampleText } from './sampleRun';

const spanish: Record<string, string> = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'l10n', 'bundle.l10n.es.json'), 'utf8'));
const inSpanish = (template: string, args: readonly (string | number)[]) => fillTemplate(spanish[template] ?? `[EN] ${template}`, args);

function model(text: string, name: string) {
  const graph = graphsOf(text).find((g) => g.name === name);
  assert.ok(graph, `model ${name}`);
  return forwardValues(graph);
}

/** The Try line's failing case, added to the first model. */
const withTryLine = (text: string) => edited(text, ['add       M_plus_a  from M, a\n', 'add       M_plus_a  from M, a\nconstant  N  [[1, 1], [1, 1], [1, 1]]\nadd       bad  from N, a\n']);

describe('course 15 — tensors', () => {
  before(useCpu);

  it('has the EN/ES header with Try and Prueba lines, and checks without a diagnostic', () => {
    for (const name of ['tensors.nn']) assert.deepEqual(headerProblems(name), [], name);
  });

  it('the sample itself checks without a single diagnostic', () => {
    assert.deepEqual(analyze(sampleText('tensors.nn')).diagnostics.map((d) => `${d.code} ${render(english, d.message)}`), []);
  });

  it('[3, 3] + [3] adds a = [0, 1, 2] to every row of M: [[1, 2, 3], [1, 2, 3], [1, 2, 3]]', () => {
    const sum = model(sampleText('tensors.nn'), 'broadcasting').get('M_plus_a')!;
    assert.deepEqual(sum.shape.slice(1), [3, 3]);
    assert.deepEqual(sum.values, [1, 2, 3, 1, 2, 3, 1, 2, 3]);
  });

  it('A [4, 2, 1] + B [3] = C [4, 2, 3], B added to each element of A, as the notes compute', () => {
    const c = model(sampleText('tensors.nn'), 'broadcasting_3d').get('C')!;
    assert.deepEqual(c.shape.slice(1), [4, 2, 3]);
    const a = [[1, 2], [3, 4], [1, 2], [3, 4]];
    const b = [3, 2, 1];
    assert.deepEqual(c.values, a.flatMap((matrix) => matrix.flatMap((v) => b.map((w) => v + w))));
    assert.deepEqual(c.values.slice(0, 12), [4, 3, 2, 5, 4, 3, 6, 5, 4, 7, 6, 5], 'the notes’ first two matrices');
  });

  it('a view keeps the numbers in their order: [4, 4] → [2, 8] and [2, 3, 4] → [6, 4]', () => {
    const views = model(sampleText('tensors.nn'), 'views');
    assert.deepEqual(views.get('x_view')!.shape.slice(1), [2, 8]);
    assert.deepEqual(views.get('x_view')!.values, views.get('x')!.values);
    const strides = model(sampleText('tensors.nn'), 'strides');
    assert.deepEqual(strides.get('t_rows')!.shape.slice(1), [6, 4]);
    // Element [i, j, k] of t sits at i·12 + j·4 + k: the values 0…23 are their own offsets.
    const t = strides.get('t')!.values;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) assert.equal(t[i * 12 + j * 4 + k], i * 12 + j * 4 + k);
    assert.deepEqual(strides.get('t_rows')!.values, t);
  });

  it("the hover on t shows the notes' strides (12, 4, 1), in English and Spanish", () => {
    const text = sampleText('tensors.nn');
    const line = text.split('\n').findIndex((l) => l.startsWith('constant  t '));
    for (const [service, word] of [[new LanguageService(), 'Strides'], [new LanguageService({ localize: inSpanish, locale: 'es' }), 'Zancadas']] as const) {
      const markdown = service.hover(service.analyze(text), { line, character: 2 })!.markdown;
      assert.ok(markdown.includes(`**${word}`), markdown);
      assert.ok(markdown.includes('(12, 4, 1)'), markdown);
      assert.doesNotMatch(markdown, /\[EN\]/);
    }
  });

  it('the Try line [3, 2] + [3] is error NL300 on its line, with the rule, the sizes that clash and a fix (EN, ES)', () => {
    const text = withTryLine(sampleText('tensors.nn'));
    const errors = analyze(text).diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1);
    const [error] = errors;
    assert.equal(error.code, 'NL300');
    assert.equal(text.split('\n')[error.range.start.line].trim(), 'add       bad  from N, a');
    const en = render(english, error.message);
    assert.match(en, /Cannot broadcast N \[3, 2\] \+ a \[3\]/);
    assert.match(en, /from the last dimension, each pair of sizes must be equal, or one of them 1 or missing/);
    assert.match(en, /2 and 3 are neither/);
    assert.match(en, /Fix: view a as \[3, 1\] \(write 'reshape a_view \[3, 1\] from a'/);
    const es = render(inSpanish, error.message);
    assert.doesNotMatch(es, /\[EN\]/);
    assert.match(es, /desde la última dimensión/);
    assert.match(es, /Solución: mira a como \[3, 1\]/);
  });

  it('the fix the message suggests works: N + a_view gives [[1, 1], [2, 2], [3, 3]]', () => {
    const broken = withTryLine(sampleText('tensors.nn'));
    const error = analyze(broken).diagnostics.find((d) => d.code === 'NL300')!;
    const suggested = /'(reshape [^']+)'/.exec(render(english, error.message))![1];
    const fixed = edited(broken, ['add       bad  from N, a', `${suggested}\nadd       bad  from N, a_view`]);
    assert.deepEqual(analyze(fixed).diagnostics.filter((d) => d.severity === 'error'), []);
    const bad = model(fixed, 'broadcasting').get('bad')!;
    assert.deepEqual(bad.shape.slice(1), [3, 2]);
    assert.deepEqual(bad.values, [1, 1, 2, 2, 3, 3]);
  });
});
