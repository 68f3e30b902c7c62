// The scanner and parser: statements, values, references, recovery, and never throwing.

import * as assert from 'node:assert/strict';
import { parse } from '../../../src/core/lang/parser';
import { scan } from '../../../src/core/lang/scanner';
import { analyze } from '../../../src/core/lang/checker';

describe('scanner', () => {
  it('reads words, numbers, strings and punctuation with 0-based ranges', () => {
    const tokens = scan('dense h 4 lr=-1.5e-3 file="a.csv" # note').tokens;
    assert.deepEqual(
      tokens.map((t) => [t.kind, t.text, t.line, t.start, t.end]),
      [
        ['word', 'dense', 0, 0, 5],
        ['word', 'h', 0, 6, 7],
        ['number', '4', 0, 8, 9],
        ['word', 'lr', 0, 10, 12],
        ['=', '=', 0, 12, 13],
        ['number', '-1.5e-3', 0, 13, 20],
        ['word', 'file', 0, 21, 25],
        ['=', '=', 0, 25, 26],
        ['string', '"a.csv"', 0, 26, 33],
        ['newline', '\n', 0, 40, 40],
        ['eof', '', 0, 40, 40],
      ],
    );
  });

  it('keeps a literal that spans lines inside its brackets', () => {
    const kinds = scan('input x [2, 2] value=[[1, 2],\n  [3, 4]]\ndense h 1').tokens.map((t) => t.kind);
    assert.equal(kinds.filter((k) => k === 'newline').length, 2);
  });

  it('closes an unclosed bracket at a line that starts with a word', () => {
    const { tree, diagnostics } = parse('input x [4, 4\ndense h 8');
    assert.equal(tree.models[0].statements.length, 2);
    assert.deepEqual(diagnostics.map((d) => d.code), ['NL101']);
  });

  it('accepts letters beyond ASCII in names', () => {
    const { tree, diagnostics } = parse('dense capa_señal 4');
    assert.deepEqual(diagnostics, []);
    assert.equal(tree.models[0].statements[0].positional[0].type, 'word');
  });
});

describe('parser', () => {
  it('splits a layer line into head, values, options and references', () => {
    const statement = parse('attention att 2 heads=4 from q, kv.state_h').tree.models[0].statements[0];
    assert.equal(statement.head.text, 'attention');
    assert.deepEqual(statement.positional.map((v) => v.type), ['word', 'number']);
    assert.deepEqual(statement.options.map((o) => o.key.text), ['heads']);
    assert.deepEqual(statement.from?.refs.map((r) => [r.name.text, r.port?.text]), [['q', undefined], ['kv', 'state_h']]);
  });

  it('groups statements into model blocks', () => {
    const { tree } = parse('model g\ninput z [2]\ndense o 2\nmodel d\ninput x [2]\ndense p 1');
    assert.deepEqual(tree.models.map((m) => [m.name?.text, m.statements.length]), [['g', 2], ['d', 2]]);
  });

  it('reports one problem per bad token and keeps going', () => {
    const { diagnostics, tree } = parse('input x [2] ;\ndense h 4 @ activation=relu\n] dense y 2');
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['NL100', 0], ['NL100', 1], ['NL105', 2]]);
    assert.equal(tree.models[0].statements.length, 2);
  });

  it('reads tuples in parentheses as lists, as the course writes shapes', () => {
    const analysis = analyze('input x (32, 32, 3)\nconv2d c 8 5');
    assert.deepEqual(analysis.models[0].layers[1].result?.output, [28, 28, 8]);
  });

  it('never throws on arbitrary text', () => {
    const alphabet = 'abz_ 0123456789.,=[]()#"\'\n\t-+e;@ñdense input from model';
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let run = 0; run < 500; run++) {
      let text = '';
      const length = Math.floor(random() * 200);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      assert.doesNotThrow(() => analyze(text), `input: ${JSON.stringify(text)}`);
    }
  });

  it('handles deeply nested literals without overflowing', () => {
    const text = `constant c ${'['.repeat(5000)}1${']'.repeat(5000)}`;
    assert.doesNotThrow(() => analyze(text));
  });
});
