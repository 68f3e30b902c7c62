// The language side of the Keras-import layers: a wrapped layer is checked exactly as if it
// were written alone (same codes, same messages, same columns shifted by the wrapper's words),
// wrapper-specific diagnostics land on the right word, and hovers, hints and completion show
// the wrapped shapes, parameters and formulas.

import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/lang/checker';
import { Diagnostic } from '../../../src/core/lang/diagnostics';
import { english, render } from '../../../src/core/lang/localize';
import { completions } from '../../../src/core/lang/service/completion';
import { hover } from '../../../src/core/lang/service/hover';
import { inlayHints } from '../../../src/core/lang/service/inlayHints';
import { Presenter } from '../../../src/core/lang/service/present';

const p: Presenter = { localize: english, locale: 'en' };

/** Diagnostics of one line as [code, line, start column, end column, message]. */
function diagnosticsOf(text: string): [string, number, number, number, string][] {
  return analyze(text).diagnostics.map((d: Diagnostic) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character, render(english, d.message)]);
}

describe('wrapper and Keras-import layers in the checker', () => {
  // Each inner line is checked alone on [5, 4] and wrapped on [3, 5, 4]: the same problems.
  const innerLines = ['dense h 2.5', 'dense h 4 unit=3', 'dense h 4 activation=sigmod', 'dense h', 'dense h 4 5', 'dropout 1', 'conv1d 4 9', 'activation relux'];
  for (const line of innerLines) {
    it(`time_distributed reports what '${line}' alone reports, at the same place`, () => {
      const [, name, ...rest] = line.split(' ');
      const kind = line.split(' ')[0];
      const alone = diagnosticsOf(`input x [5, 4]\n${line}`);
      const prefix = 'time_distributed ';
      // The wrapper takes the name before the kind: `time_distributed h dense 2.5`.
      const named = /^[a-z]$/.test(name ?? '') ? `${prefix}${name} ${kind} ${rest.join(' ')}`.trimEnd() : `${prefix}${line}`;
      const wrapped = diagnosticsOf(`input x [3, 5, 4]\n${named}`);
      assert.ok(alone.length > 0, `'${line}' is an error alone`);
      // The wrapped layer sees one time step, which messages call x[t].
      assert.deepEqual(wrapped.map(([code, l, , , m]) => [code, l, m.replace('x[t]', 'x')]), alone.map(([code, l, , , m]) => [code, l, m]));
      const shift = named.length - line.length;
      wrapped.forEach(([, , start], i) => {
        const aloneStart = alone[i][2];
        // Values keep their offset from the end of the line; head-anchored ranges start at 0.
        assert.ok(start === aloneStart + shift || (start === 0 && aloneStart === 0), `${named}: column ${start}, alone ${aloneStart}`);
      });
    });
  }

  it('bidirectional reports a misspelt inner option with a fix', () => {
    const analysis = analyze('input x [10, 8]\nbidirectional lstm 4 retrun_sequences=true');
    const [d] = analysis.diagnostics;
    assert.equal(d.code, 'NL400');
    assert.deepEqual([d.range.start.character, d.range.end.character], [21, 37]);
    assert.equal(d.fixes?.[0].edits[0].newText, 'return_sequences');
  });

  const cases: { name: string; model: string; expect: [string, number, number, number][] }[] = [
    { name: 'an unknown inner kind in bidirectional, with a fix', model: 'input x [10, 8]\nbidirectional bi lstmm 5', expect: [['NL200', 1, 17, 22]] },
    { name: 'a kind bidirectional cannot wrap', model: 'input x [10, 8]\nbidirectional dense 4', expect: [['NL406', 1, 14, 19]] },
    { name: 'an unknown inner kind in time_distributed', model: 'input x [10, 8]\ntime_distributed td densse 4', expect: [['NL200', 1, 20, 26]] },
    { name: 'a kind time_distributed cannot wrap', model: 'input x [10, 8]\ntime_distributed lstm 4', expect: [['NL406', 1, 17, 21]] },
    { name: 'a wrapper without its kind', model: 'input x [10, 8]\ntime_distributed', expect: [['NL401', 1, 0, 16]] },
    { name: 'a misspelt merge mode', model: 'input x [10, 8]\nbidirectional lstm 4 merge_mode=avg', expect: [['NL406', 1, 32, 35]] },
    { name: 'bidirectional on a vector', model: 'input y [4]\nbidirectional lstm 3 from y', expect: [['NL301', 1, 26, 27]] },
    { name: 'time_distributed on a vector', model: 'input y [4]\ntime_distributed dense 3 from y', expect: [['NL301', 1, 30, 31]] },
    { name: 'a convolution on each step of a sequence of vectors', model: 'input x [10, 8]\ntime_distributed conv2d 4 3 from x', expect: [['NL301', 1, 33, 34]] },
    { name: 'a port of the single-direction name', model: 'input x [6, 2]\nbidirectional bi lstm 3 return_state=true\ndense d 1 from bi.state_h', expect: [['NL207', 2, 18, 25]] },
    { name: 'zero padding with three values', model: 'input x [4, 4, 1]\nzero_padding2d [1, 2, 3]', expect: [['NL402', 1, 15, 24]] },
    { name: 'a depthwise kernel larger than the image', model: 'input x [4, 4, 1]\ndepthwise_conv2d 5', expect: [['NL302', 1, 17, 18]] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(
        diagnosticsOf(c.model).map(([code, line, start, end]) => [code, line, start, end]),
        c.expect,
      );
    });
  }

  it('the wrapper takes a name before the kind, and ports by direction', () => {
    const analysis = analyze('input x [6, 2]\nbidirectional bi lstm 3 return_state=true\ndense d 1 from bi.backward_state_c\ntime_distributed td dense 4 from x');
    assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error'), []);
    const [, bi, , td] = analysis.models[0].layers;
    assert.deepEqual([bi.name, td.name], ['bi', 'td']);
    assert.deepEqual(Object.keys(bi.result!.ports!), ['forward_state_h', 'forward_state_c', 'backward_state_h', 'backward_state_c']);
    assert.deepEqual(td.result!.output, [6, 4]);
  });

  it('hover shows a bidirectional LSTM as 2 × the LSTM’s formula, with its own numbers', () => {
    const text = 'input x [10, 8]\nbidirectional bi lstm 16 return_sequences=true';
    const analysis = analyze(text);
    const result = hover(analysis, { line: 1, character: 2 }, p)!;
    assert.match(result.markdown, /`\[None, 10, 8\]` → `\[None, 10, 32\]` · 3,200 params/);
    assert.ok(result.markdown.includes('2 directions × (4 gates × (W\\_x: d·u, W\\_h: u·u, b: u)): 2 × (4·(8·16 + 16·16 + 16)) = 3,200'), result.markdown);
    assert.ok(result.markdown.includes('features: forward and backward joined, 2·u: 2·16 = 32'));
    // An inner option's hover is the wrapped layer's documentation.
    const option = hover(analysis, { line: 1, character: 28 }, p)!;
    assert.match(option.markdown, /`return_sequences`/);
  });

  it('hover and hints show a time-distributed layer with the wrapped layer’s formulas', () => {
    const text = 'input x [5, 28, 28, 1]\ntime_distributed td conv2d 8 3\nseparable_conv2d s 4 3 depth_multiplier=2 from x';
    const analysis = analyze(text);
    assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code), ['NL301']); // separable on 4-D input
    const markdown = hover(analysis, { line: 1, character: 0 }, p)!.markdown;
    assert.ok(markdown.includes('`[None, 5, 28, 28, 1]` → `[None, 5, 26, 26, 8]` · 80 params'), markdown);
    assert.ok(markdown.includes('height: ⌊(28 + 2·0 − 3) / 1⌋ + 1 = 26'));
    assert.ok(markdown.includes('f·f·C\\_in·filters + filters: 3·3·1·8 + 8 = 80'));
    const hints = inlayHints(analysis, { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } }, p);
    assert.equal(hints.find((h) => h.layer === 'td')?.label, '→ [None, 5, 26, 26, 8] · 80 params');
  });

  it('hover shows depthwise and separable formulas', () => {
    const analysis = analyze('input x [8, 8, 3]\ndepthwise_conv2d dw 3 depth_multiplier=2 padding=same\nseparable_conv2d sep 16 3 from x');
    const dw = hover(analysis, { line: 1, character: 0 }, p)!.markdown;
    assert.ok(dw.includes('f·f·C·dm + C·dm: 3·3·3·2 + 3·2 = 60'), dw);
    assert.ok(dw.includes('channels: C·dm: 3·2 = 6'));
    const sep = hover(analysis, { line: 2, character: 0 }, p)!.markdown;
    assert.ok(sep.includes('f·f·C·dm + C·dm·filters + filters: 3·3·3·1 + 3·1·16 + 16 = 91'), sep);
  });

  it('completion after a wrapped kind offers the wrapped layer’s options and the wrapper’s own', () => {
    const text = 'input x [10, 8]\nbidirectional bi gru 4 ';
    const analysis = analyze(text);
    const labels = completions(analysis, 'bidirectional bi gru 4 ', { line: 1, character: 23 }, p).map((c) => c.label);
    for (const label of ['merge_mode=', 'return_sequences=', 'reset_after=']) assert.ok(labels.includes(label), label);
    const values = completions(analysis, 'bidirectional bi gru 4 merge_mode=', { line: 1, character: 34 }, p).map((c) => c.label);
    assert.deepEqual(values, ['concat', 'sum', 'mul', 'ave']);
  });
});
