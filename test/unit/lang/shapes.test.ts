// Shape rules and parameter counts, table-driven, against the numbers Keras' model.summary()
// prints for the same layers (batch-first, channels-last).

import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/lang/checker';
import { english, render } from '../../../src/core/lang/localize';
import { explainLayer } from '../../../src/core/lang/service/explain';

interface Case {
  readonly name: string;
  readonly model: string;
  /** Output shape (without batch) and parameter count of the last layer. */
  readonly shape: (number | null)[];
  readonly params: number;
  readonly trainable?: number;
}

const cases: Case[] = [
  { name: 'dense: n_in·n_out + n_out', model: 'input x [2]\ndense h 4', shape: [4], params: 12 },
  { name: 'dense without bias', model: 'input x [3]\ndense h 5 use_bias=false', shape: [5], params: 15 },
  { name: 'dense on a sequence acts on the last axis', model: 'input x [7, 3]\ndense h 5', shape: [7, 5], params: 20 },
  { name: 'activation layers keep the shape', model: 'input x [3, 4]\nleaky_relu alpha=0.1', shape: [3, 4], params: 0 },
  { name: 'activation with a function argument', model: 'input x [3]\nactivation act tanh', shape: [3], params: 0 },
  { name: 'dropout keeps the shape', model: 'input x [10]\ndropout 0.5', shape: [10], params: 0 },
  { name: 'batchnorm: 4·C, 2·C trainable', model: 'input x [8, 8, 6]\nbatchnorm', shape: [8, 8, 6], params: 24, trainable: 12 },
  { name: 'layernorm: 2·features', model: 'input x [5, 16]\nlayernorm', shape: [5, 16], params: 32 },
  { name: 'flatten', model: 'input x [5, 5, 16]\nflatten', shape: [400], params: 0 },
  { name: 'reshape infers -1', model: 'input x [4, 4, 2]\nreshape [8, -1]', shape: [8, 4], params: 0 },
  { name: 'add broadcasts [3, 3] + [3]', model: 'constant a [0, 1, 2]\nconstant m [[1,1,1],[1,1,1],[1,1,1]]\nadd s from m, a', shape: [3, 3], params: 0 },
  { name: 'multiply broadcasts [4, 2, 1] + [3]', model: 'input a [4, 2, 1]\ninput b [3]\nmultiply p from a, b', shape: [4, 2, 3], params: 0 },
  { name: 'concat adds the joined axis', model: 'input a [4, 3]\ninput b [4, 5]\nconcat c from a, b', shape: [4, 8], params: 0 },
  { name: 'conv2d valid: LeNet CONV1', model: 'input x [32, 32, 3]\nconv2d c 8 5', shape: [28, 28, 8], params: 608 },
  { name: 'conv2d valid: LeNet CONV2', model: 'input x [14, 14, 8]\nconv2d c 16 5', shape: [10, 10, 16], params: 3216 },
  { name: 'conv2d same keeps the size', model: 'input x [28, 28, 1]\nconv2d c 4 3 padding=same', shape: [28, 28, 4], params: 40 },
  { name: 'conv2d stride 2 same: ceil(n/s)', model: 'input x [7, 7, 1]\nconv2d c 2 3 strides=2 padding=same', shape: [4, 4, 2], params: 20 },
  { name: 'conv2d explicit padding p', model: 'input x [6, 6, 1]\nconv2d c 1 3 padding=1', shape: [6, 6, 1], params: 10 },
  { name: 'conv2d rectangular kernel', model: 'input x [10, 12, 3]\nconv2d c 4 [3, 5] strides=[1, 2]', shape: [8, 4, 4], params: 184 },
  { name: 'conv1d', model: 'input x [100, 8]\nconv1d c 16 5 strides=2', shape: [48, 16], params: 656 },
  { name: 'conv2d_transpose valid: (n − 1)·s + f', model: 'input x [7, 7, 16]\nconv2d_transpose u 8 3 strides=2', shape: [15, 15, 8], params: 1160 },
  { name: 'conv2d_transpose same: n·s', model: 'input x [7, 7, 16]\nconv2d_transpose u 8 3 strides=2 padding=same', shape: [14, 14, 8], params: 1160 },
  { name: 'upsampling2d', model: 'input x [7, 7, 3]\nupsampling2d 2', shape: [14, 14, 3], params: 0 },
  { name: 'maxpool2d default stride = size', model: 'input x [28, 28, 8]\nmaxpool2d 2', shape: [14, 14, 8], params: 0 },
  { name: 'avgpool2d with stride 1', model: 'input x [5, 5, 1]\navgpool2d 3 strides=1', shape: [3, 3, 1], params: 0 },
  { name: 'maxpool1d', model: 'input x [10, 4]\nmaxpool1d 2', shape: [5, 4], params: 0 },
  { name: 'global average pooling 2d', model: 'input x [7, 7, 32]\nglobal_avgpool2d', shape: [32], params: 0 },
  { name: 'global max pooling 1d', model: 'input x [9, 6]\nglobal_maxpool1d', shape: [6], params: 0 },
  { name: 'embedding: vocab·dim', model: 'input t [12] dtype=int32\nembedding e 1000 64', shape: [12, 64], params: 64000 },
  { name: 'sinusoidal positional encoding has no parameters', model: 'input x [8, 16]\npositional_encoding', shape: [8, 16], params: 0 },
  { name: 'learned positional encoding: positions·features', model: 'input x [8, 16]\npositional_encoding learned', shape: [8, 16], params: 128 },
  { name: 'multi-head self-attention (Keras counts)', model: 'input x [8, 16]\nattention a heads=2 key_dim=8', shape: [8, 16], params: 1088 },
  { name: 'cross-attention with another sequence length', model: 'input q [5, 16]\ninput kv [9, 32]\nattention a heads=4 key_dim=8 from q, kv', shape: [5, 16], params: 544 + 2 * (32 * 32 + 32) + (32 * 16 + 16) },
  { name: 'simple_rnn: d·u + u·u + u', model: 'input x [10, 3]\nsimple_rnn r 8', shape: [8], params: 96 },
  { name: 'lstm: 4·(d·u + u·u + u)', model: 'input x [10, 3]\nlstm r 8', shape: [8], params: 384 },
  { name: 'lstm with return_sequences', model: 'input x [10, 3]\nlstm r 8 return_sequences=true', shape: [10, 8], params: 384 },
  { name: 'gru reset_after (Keras 2/3 default): 3·(d·u + u·u + 2u)', model: 'input x [10, 3]\ngru r 8', shape: [8], params: 312 },
  { name: 'gru without reset_after: 3·(d·u + u·u + u)', model: 'input x [10, 3]\ngru r 8 reset_after=false', shape: [8], params: 288 },
  { name: 'lstm state ports', model: 'input x [10, 3]\nlstm r 8 return_state=true\ndense d 2 from r.state_c', shape: [2], params: 18 },
  { name: 'graph convolution: F·units + units', model: 'input x [34, 34]\ninput adj [34, 34]\ngraph_conv g 16 from x, adj', shape: [34, 16], params: 560 },
  { name: 'unknown sequence length passes through an RNN', model: 'input x [None, 4]\nlstm r 2', shape: [2], params: 56 },
];

describe('shape rules and parameter counts', () => {
  for (const c of cases) {
    it(c.name, () => {
      const analysis = analyze(c.model);
      const errors = analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${render(english, d.message)}`);
      assert.deepEqual(errors, []);
      const model = analysis.models[0];
      const last = model.layers[model.layers.length - 1];
      assert.deepEqual(last.result?.output, c.shape);
      assert.equal(last.paramCount, c.params);
      assert.equal(last.trainableCount, c.trainable ?? c.params);
    });
  }

  it('LeNet from the course totals 62,958 parameters', () => {
    const text = ['input x [32, 32, 3]', 'conv2d c1 8 5', 'maxpool2d p1 2', 'conv2d c2 16 5', 'maxpool2d p2 2', 'flatten', 'dense f3 120', 'dense f4 84', 'dense out 10 activation=softmax'].join('\n');
    const model = analyze(text).models[0];
    assert.deepEqual(model.layers.map((l) => l.paramCount), [0, 608, 0, 3216, 0, 0, 48120, 10164, 850]);
    assert.equal(model.totalParams, 62958);
  });

  it('states the course formula with the student numbers', () => {
    const model = analyze('input x [14, 14, 8]\nconv2d c 16 5').models[0];
    const conv = explainLayer(model.layers[1], model)!;
    assert.equal(`${conv.shapeFormula[0].expression} = ${conv.shapeFormula[0].result}`, '⌊(14 + 2·0 − 5) / 1⌋ + 1 = 10');
    assert.equal(`${conv.paramFormula[0].expression} = ${conv.paramFormula[0].result}`, '5·5·8·16 + 16 = 3216');
  });
});
