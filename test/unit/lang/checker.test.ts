// The checker's diagnostics, table-driven: each case a small model and the codes (and where)
// it must report; then the golden diagnostics of samples/errors and clean samples.

import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { analyze } from '../../../src/core/lang/checker';
import { english, render } from '../../../src/core/lang/localize';
import { matchGolden } from '../../helpers/golden';

const SAMPLES = join(__dirname, '..', '..', '..', 'samples');

interface Case {
  readonly name: string;
  readonly model: string;
  /** Expected [code, 0-based line] pairs, in order. */
  readonly expect: [string, number][];
}

const cases: Case[] = [
  { name: 'unknown kind with a suggestion', model: 'input x [2]\ndens h 4', expect: [['NL200', 1]] },
  { name: 'duplicate layer name', model: 'input x [2]\ndense h 4\ndense h 4', expect: [['NL201', 2]] },
  { name: 'reference to an unknown layer', model: 'input x [2]\ndense h 4 from y', expect: [['NL202', 1]] },
  { name: 'a first layer without input', model: 'dense h 4', expect: [['NL203', 0]] },
  { name: 'an empty model', model: 'model empty', expect: [['NL204', 0]] },
  { name: 'two models with one name', model: 'model a\ninput x [1]\nmodel a\ninput y [1]', expect: [['NL205', 2]] },
  { name: 'reference to a layer below', model: 'input x [2]\ndense a 2 from b\ndense b 2 from x', expect: [['NL206', 1]] },
  { name: 'a port the layer does not have', model: 'input x [4, 2]\nlstm l 3\ndense d 1 from l.state_c', expect: [['NL207', 2]] },
  { name: 'a reserved word as a name', model: 'input model [2]', expect: [['NL208', 0]] },
  { name: 'a dangling branch', model: 'input x [2]\ndense a 2\ndense b 2 from x', expect: [['NL209', 1]] },
  { name: 'shapes that do not broadcast', model: 'input a [3, 2]\ninput b [3]\nadd s from a, b', expect: [['NL300', 2]] },
  { name: 'a convolution on a vector', model: 'input x [10]\nconv2d c 4 3', expect: [['NL301', 1]] },
  { name: 'a kernel larger than the input', model: 'input x [4, 4, 1]\nconv2d c 1 5', expect: [['NL302', 1]] },
  { name: 'a reshape that changes the count', model: 'input x [4]\nreshape [3]', expect: [['NL303', 1]] },
  { name: 'a merge with one input', model: 'input x [2]\nadd s', expect: [['NL304', 1]] },
  { name: 'flatten of an unknown length', model: 'input x [None, 3]\nflatten', expect: [['NL305', 1]] },
  { name: 'literal weights of the wrong shape', model: 'input x [2]\ndense n 1 weights=[1, 2, 3]', expect: [['NL306', 1]] },
  { name: 'an embedding over floats', model: 'input x [5]\nembedding e 10 4', expect: [['NL307', 1]] },
  { name: 'an unknown argument', model: 'input x [2]\ndense h 4 unit=3', expect: [['NL400', 1]] },
  { name: 'a missing argument', model: 'input x [2]\ndense h', expect: [['NL401', 1]] },
  { name: 'a value of the wrong type', model: 'input x [2]\ndense h 2.5', expect: [['NL402', 1]] },
  { name: 'a value out of range', model: 'input x [2]\ndropout 1', expect: [['NL403', 1]] },
  { name: 'too many values', model: 'input x [2]\ndense h 4 5', expect: [['NL404', 1]] },
  { name: 'an argument given twice', model: 'input x [2]\ndense h 4 units=5', expect: [['NL405', 1]] },
  { name: 'an unknown choice', model: 'input x [2]\ndense h 4 activation=sigmod', expect: [['NL406', 1]] },
  { name: 'an unknown loss', model: 'input x [2]\ndense o 1\ndata xor\nloss mse2', expect: [['NL500', 3]] },
  { name: 'an unknown optimizer', model: 'input x [2]\ndense o 1\ndata xor\nloss mse\noptimizer adamm', expect: [['NL501', 4]] },
  { name: 'an unknown data set', model: 'input x [2]\ndense o 1\ndata xorr\nloss mse', expect: [['NL502', 2]] },
  { name: 'two loss lines', model: 'input x [2]\ndense o 1\ndata xor\nloss mse\nloss mae', expect: [['NL503', 4]] },
  { name: 'binary cross-entropy over many outputs', model: 'input x [2]\ndense o 3\ndata xor\nloss binary_crossentropy', expect: [['NL504', 3]] },
  { name: 'data that does not fit the input', model: 'input x [3]\ndense o 1\ndata xor\nloss mse', expect: [['NL505', 0]] },
  { name: 'a loss without data', model: 'input x [2]\ndense o 1\nloss mse', expect: [['NL506', 2]] },
  { name: 'an unknown Playground feature', model: 'input x [2]\ndense o 1\ndata spiral features=[x1, sinx2]\nloss binary_crossentropy', expect: [['NL507', 2]] },
];

describe('checker diagnostics', () => {
  for (const c of cases) {
    it(c.name, () => {
      const actual = analyze(c.model).diagnostics.map((d) => [d.code, d.range.start.line]);
      assert.deepEqual(actual, c.expect);
    });
  }

  it('offers a did-you-mean fix that replaces the misspelt word', () => {
    const [d] = analyze('input x [2]\ndense h 4 activation=sigmod').diagnostics;
    assert.equal(d.fixes?.[0].edits[0].newText, 'sigmoid');
    assert.deepEqual(d.fixes?.[0].edits[0].range, d.range);
  });

  it('offers to add a missing argument after the name', () => {
    const [d] = analyze('input x [2]\ndense h').diagnostics;
    assert.deepEqual(d.fixes?.[0].edits[0], { range: { start: { line: 1, character: 7 }, end: { line: 1, character: 7 } }, newText: ' 1' });
  });

  it('does not cascade: layers below a broken one are not reported', () => {
    const codes = analyze('input x [2]\ndense h 4 activation=sigmod\ndense a 3\ndense b 2').diagnostics.map((d) => d.code);
    assert.deepEqual(codes, ['NL406']);
  });

  it('names layers without a name after their kind', () => {
    const names = analyze('input [2]\nrelu\ndense 3\nrelu').models[0].layers.map((l) => l.name);
    assert.deepEqual(names, ['input_1', 'relu_1', 'dense_1', 'relu_2']);
  });
});

describe('samples', () => {
  const clean = readdirSync(SAMPLES).filter((f) => f.endsWith('.nn'));
  for (const file of clean) {
    it(`${file} has no errors or warnings`, () => {
      const diagnostics = analyze(readFileSync(join(SAMPLES, file), 'utf8')).diagnostics.filter((d) => d.severity !== 'info');
      assert.deepEqual(diagnostics.map((d) => `${d.range.start.line + 1}: ${d.code} ${render(english, d.message)}`), []);
    });
  }

  const broken = readdirSync(join(SAMPLES, 'errors')).filter((f) => f.endsWith('.nn'));
  for (const file of broken) {
    it(`errors/${file} reports its expected diagnostics`, () => {
      const analysis = analyze(readFileSync(join(SAMPLES, 'errors', file), 'utf8'), basename(file, '.nn'));
      assert.ok(analysis.diagnostics.some((d) => d.severity === 'error'), 'a broken sample must have an error');
      const rendered = analysis.diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: render(english, d.message), range: d.range }));
      matchGolden(`diagnostics/${basename(file, '.nn')}.json`, JSON.stringify(rendered, null, 2) + '\n');
    });
  }
});
