// The decision line of one neuron on (x1, x2): which models have one, its equation as the
// course writes it (fractions for whole weights, decimals otherwise), and its part inside a plane.

import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/lang/checker';
import { decisionNeuron, lineEquation, lineSegment, literalDecisionLine } from '../../../src/core/model/decisionLine';
import { graphOf } from '../../helpers/graph';

const neuron = (line: string, input = 'input x [2]') => `${input}\n${line}\ndata and\nloss mse\noptimizer sgd\ntrain epochs=1`;

describe('decision line', () => {
  it("writes the course's AND line: 4·x1 + 5·x2 − 6 = 0, that is x2 = −4/5·x1 + 6/5", () => {
    assert.deepEqual(lineEquation({ w1: 4, w2: 5, b: -6 }), { general: '4·x1 + 5·x2 − 6 = 0', solved: 'x2 = −4/5·x1 + 6/5' });
  });

  it('reduces fractions, drops zero terms and unit coefficients, and solves for x1 when w2 = 0', () => {
    assert.deepEqual(lineEquation({ w1: -2, w2: 4, b: 0 }), { general: '−2·x1 + 4·x2 = 0', solved: 'x2 = 1/2·x1' });
    assert.deepEqual(lineEquation({ w1: 0, w2: 1, b: -1 }), { general: 'x2 − 1 = 0', solved: 'x2 = 1' });
    assert.deepEqual(lineEquation({ w1: 4, w2: 0, b: -6 }), { general: '4·x1 − 6 = 0', solved: 'x1 = 3/2' });
    assert.equal(lineEquation({ w1: 0, w2: 0, b: 3 }), undefined);
  });

  it('writes trained (non-whole) weights as decimals of 3 significant digits', () => {
    assert.deepEqual(lineEquation({ w1: 0.5, w2: -2, b: 0.25 }), { general: '0.5·x1 − 2·x2 + 0.25 = 0', solved: 'x2 = 0.25·x1 + 0.125' });
    assert.deepEqual(lineEquation({ w1: 1.23456, w2: 1, b: -0.0004 }), { general: '1.23·x1 + x2 − 0.0004 = 0', solved: 'x2 = −1.23·x1 + 0.0004' });
  });

  it('clips the line to the plane', () => {
    // x2 = −0.8·x1 + 1.2 enters the top edge (x2 = 1.5) at x1 = −0.375 and leaves at the right edge (1.5, 0).
    const [ax, ay, bx, by] = lineSegment({ w1: 4, w2: 5, b: -6 }, [-0.5, 1.5, -0.5, 1.5])!;
    const ends = [[ax, ay], [bx, by]].sort((p, q) => p[0] - q[0]);
    assert.ok(Math.abs(ends[0][0] + 0.375) < 1e-12 && Math.abs(ends[0][1] - 1.5) < 1e-12, `${ends[0]}`);
    assert.ok(Math.abs(ends[1][0] - 1.5) < 1e-12 && Math.abs(ends[1][1]) < 1e-12, `${ends[1]}`);
    assert.deepEqual(lineSegment({ w1: 1, w2: 0, b: -0.5 }, [-1, 1, -1, 1]), [0.5, -1, 0.5, 1], 'a vertical line');
    assert.equal(lineSegment({ w1: 1, w2: 1, b: -10 }, [-1, 1, -1, 1]), undefined, 'a line outside the plane');
  });

  it('belongs to a model whose output is one step, sigmoid or tanh neuron fed straight from two inputs', () => {
    for (const activation of ['step', 'sigmoid', 'tanh']) assert.equal(decisionNeuron(graphOf(neuron(`dense out 1 activation=${activation}`)))?.name, 'out', activation);
    assert.equal(decisionNeuron(graphOf(neuron('dense out 1 activation=relu'))), undefined, 'relu has no single boundary line');
    assert.equal(decisionNeuron(graphOf(neuron('dense h 4 activation=tanh\ndense out 1 activation=sigmoid'))), undefined, 'a hidden layer bends it');
    assert.equal(decisionNeuron(graphOf('input x [3]\ndense out 1 activation=sigmoid')), undefined, 'three inputs make a plane');
  });

  it('is known before training when the weights and bias are literals', () => {
    const layerOf = (text: string) => {
      const model = analyze(text).models[0];
      const layer = model.byName.get('out')!;
      const source = model.byName.get(layer.inputs[0].layer)!;
      return literalDecisionLine(layer.kind, layer.args, source.kind, source.result?.output);
    };
    assert.deepEqual(layerOf(neuron('dense out 1 activation=step weights=[[4], [5]] bias=[-6]')), { w1: 4, w2: 5, b: -6 });
    assert.deepEqual(layerOf(neuron('dense out 1 activation=step weights=[4, 5] use_bias=false')), { w1: 4, w2: 5, b: 0 });
    assert.equal(layerOf(neuron('dense out 1 activation=step weights=[4, 5]')), undefined, 'the bias is still to be learned');
    assert.equal(layerOf(neuron('dense out 1 activation=step')), undefined);
  });
});
