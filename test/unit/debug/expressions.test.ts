// The debug console's expression language: what it parses, with precedence, and the clear
// message it gives for what it cannot.

import * as assert from 'node:assert/strict';
import { english, render } from '../../../src/core/lang/localize';
import { Expression, parseExpression } from '../../../src/debug/expressions/parse';

function show(e: Expression): string {
  switch (e.type) {
    case 'number':
      return String(e.value);
    case 'name':
      return e.name;
    case 'member':
      return `${show(e.object)}.${e.name}${e.call ? '()' : ''}`;
    case 'index':
      return `${show(e.object)}[${e.indices.map((i) => (i.type === 'at' ? String(i.index) : `${i.start ?? ''}:${i.end ?? ''}`)).join(',')}]`;
    case 'unary':
      return `(${e.operator}${show(e.operand)})`;
    case 'binary':
      return `(${show(e.left)} ${e.operator} ${show(e.right)})`;
  }
}

function parsed(text: string): string {
  const outcome = parseExpression(text);
  if ('error' in outcome) throw new Error(render(english, outcome.error));
  return show(outcome.expression);
}

describe('debug expressions', () => {
  const cases: [string, string][] = [
    ['loss', 'loss'],
    ['conv2.output[0, :, :, 3]', 'conv2.output[0,:,:,3]'],
    ['dense1.kernel.grad.norm()', 'dense1.kernel.grad.norm()'],
    ['grad.norm > 10', '(grad.norm > 10)'],
    ['output.zeros > 0.5 && epoch == 3', '((output.zeros > 0.5) && (epoch == 3))'],
    ['1 + 2 * 3 - 4 / 2', '((1 + (2 * 3)) - (4 / 2))'],
    ['-x.mean < -1e-3', '((-x.mean) < (-0.001))'],
    ['!(a || b)', '(!(a || b))'],
    ['h[1:3, -1]', 'h[1:3,-1]'],
    ['w[:2]', 'w[:2]'],
    ['capa_señal.output', 'capa_señal.output'],
  ];
  for (const [text, expected] of cases) it(`parses ${text}`, () => assert.equal(parsed(text), expected));

  const errors: [string, string][] = [
    ['', 'The expression is empty.'],
    ['a +', 'The expression ends too early.'],
    ['a[1', "Expected ']' at the end."],
    ['a[x]', "An index must be a whole number, not 'x'."],
    ['a. 3', "Expected a name after '.', found '3'."],
    ['a $ b', "Unexpected '$' at column 3."],
    ['a b', "Unexpected 'b'."],
  ];
  for (const [text, expected] of errors) {
    it(`explains what is wrong in ${JSON.stringify(text)}`, () => {
      const outcome = parseExpression(text);
      assert.ok('error' in outcome);
      assert.equal(render(english, outcome.error), expected);
    });
  }
});
