// Course topic 4, gradient descent: linear-regression.nn's one linear neuron, trained with the
// whole set in each batch, converges to the least-squares line β = (XᵀX)⁻¹Xᵀy computed here
// from the very same data; too large a learning rate diverges instead.

import * as assert from 'node:assert/strict';
import { Dataset } from '../../../src/core/data';
import { useCpu } from '../../helpers/tf';
import { edited, headerProblems, sampleText, train } from './sampleRun';

/** β = (XᵀX)⁻¹Xᵀy with X = [x, 1]: the 2×2 normal equations solved by hand, in float64. */
function leastSquares(dataset: Dataset): { slope: number; intercept: number } {
  const x = dataset.train.inputs[0].values;
  const y = dataset.train.targets.values;
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < x.length; i++) {
    sx += x[i];
    sy += y[i];
    sxx += x[i] * x[i];
    sxy += x[i] * y[i];
  }
  const n = x.length;
  // XᵀX = [[sxx, sx], [sx, n]], Xᵀy = [sxy, sy]; its inverse is [[n, −sx], [−sx, sxx]] / det.
  const det = sxx * n - sx * sx;
  return { slope: (n * sxy - sx * sy) / det, intercept: (sxx * sy - sx * sxy) / det };
}

describe('course 4 — linear regression by gradient descent', () => {
  before(useCpu);

  it('has the EN/ES header with Try and Prueba lines, and checks without a diagnostic', () => {
    for (const name of ['linear-regression.nn']) assert.deepEqual(headerProblems(name), [], name);
  });

  it('converges to the least-squares solution (XᵀX)⁻¹Xᵀy of its own data, within 1e-4', async () => {
    const text = sampleText('linear-regression.nn');
    const { dataset, params, history, graph } = await train(text);
    assert.equal(graph.training.train!.attrs.batch, dataset.train.targets.shape[0], 'each step sees the whole set: plain gradient descent');
    const best = leastSquares(dataset);
    assert.ok(Math.abs(best.slope - 2) < 0.1 && Math.abs(best.intercept + 1) < 0.1, `the data is y = 2x − 1 + noise: ${JSON.stringify(best)}`);
    const slope = params.get('out/kernel')![0];
    const intercept = params.get('out/bias')![0];
    assert.ok(Math.abs(slope - best.slope) < 1e-4, `m = ${slope}, least squares ${best.slope}`);
    assert.ok(Math.abs(intercept - best.intercept) < 1e-4, `b = ${intercept}, least squares ${best.intercept}`);
    assert.ok(history[0].loss > 10 * history.at(-1)!.loss, 'the cost fell on the way');
  });

  it('diverges with lr=1.5 (the Try line), and has not arrived after 300 epochs with lr=0.01', async () => {
    const text = sampleText('linear-regression.nn');
    const large = await train(edited(text, ['lr=0.3', 'lr=1.5'])).catch((error: Error) => error);
    if (!(large instanceof Error)) assert.ok(!(large.last.loss < large.history[0].loss), `loss ${large.history[0].loss} → ${large.last.loss}`);
    else assert.match(large.message, /nonFinite/);
    const small = await train(edited(text, ['lr=0.3', 'lr=0.01']));
    const best = leastSquares(small.dataset);
    assert.ok(Math.abs(small.params.get('out/kernel')![0] - best.slope) > 0.05, 'still short of the slope');
  });
});
