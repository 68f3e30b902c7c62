// Course topic 3, the TensorFlow Playground practice (notes 001): each sample keeps the settings
// the notes give (noise 0, half the points for training, learning rate 0.03, batch 10) and
// shows its task's lesson on the test (validation) points, with the thresholds stated here.

import * as assert from 'node:assert/strict';
import { graphOf } from '../../helpers/graph';
import { useCpu } from '../../helpers/tf';
import { edited, headerProblems, sampleText, train } from './sampleRun';

const SAMPLES = ['playground-two-blobs.nn', 'playground-four-squares.nn', 'playground-circle.nn', 'playground-spiral.nn'];

function denseLayers(text: string): { units: number; activation: string }[] {
  return graphOf(text)
    .layers.filter((l) => l.kind === 'dense')
    .map((l) => ({ units: l.attrs.units as number, activation: l.attrs.activation as string }));
}

describe('course 3 — TensorFlow Playground practice', () => {
  before(useCpu);

  it('has the EN/ES header with Try and Prueba lines, and checks without a diagnostic', () => {
    for (const name of SAMPLES) assert.deepEqual(headerProblems(name), [], name);
  });

  it("keeps Playground's settings: noise 0, 50 % training data, SGD at rate 0.03, batch 10", () => {
    for (const name of SAMPLES) {
      const { training } = graphOf(sampleText(name));
      assert.equal(training.data!.attrs.noise, 0, name);
      assert.equal(training.data!.attrs.split, 0.5, name);
      assert.equal(training.optimizer!.name, 'sgd', name);
      assert.equal(training.optimizer!.attrs.learning_rate ?? training.optimizer!.attrs.lr, 0.03, name);
      assert.equal(training.train!.attrs.batch, 10, name);
    }
  });

  it('task 1, two blobs: one sigmoid neuron on x1, x2 classifies every test point (seeds 1–3), test loss < 0.05', async () => {
    const text = sampleText('playground-two-blobs.nn');
    assert.deepEqual(denseLayers(text), [{ units: 1, activation: 'sigmoid' }]);
    for (const seed of [1, 2, 3]) {
      const { last } = await train(text, seed);
      assert.equal(last.valMetrics?.accuracy, 1, `seed ${seed}`);
      assert.ok(last.valLoss! < 0.05, `seed ${seed}: test loss ${last.valLoss}`);
    }
  });

  it('task 2, four squares: 4 tanh units reach ≥ 95 % on the test points; with x1·x2 as the input one neuron reaches 100 %', async () => {
    const text = sampleText('playground-four-squares.nn');
    const { last } = await train(text);
    assert.ok(last.valMetrics!.accuracy >= 0.95, `test accuracy ${last.valMetrics!.accuracy}`);
    const single = await train(edited(text, ['input  x      [2]', 'input  x      [1]'], ['dense  hidden 4 activation=tanh\n', ''], ['features=[x1, x2]', 'features=[x1_x2]']));
    assert.equal(single.graph.layers.filter((l) => l.kind === 'dense').length, 1);
    assert.equal(single.last.valMetrics?.accuracy, 1);
  });

  it('task 3, circle: 3 tanh units reach ≥ 95 % on the test points; with x1², x2² one neuron reaches 100 %', async () => {
    const text = sampleText('playground-circle.nn');
    const { last } = await train(text);
    assert.ok(last.valMetrics!.accuracy >= 0.95, `test accuracy ${last.valMetrics!.accuracy}`);
    const single = await train(edited(text, ['dense  hidden 3 activation=tanh\n', ''], ['features=[x1, x2]', 'features=[x1_sq, x2_sq]']));
    assert.equal(single.last.valMetrics?.accuracy, 1);
  });

  it('task 4, spiral: on x1, x2 alone test loss stays > 0.4 and accuracy < 80 %; with sin x1, sin x2 and tanh, test loss < 0.2 and accuracy ≥ 95 % (seeds 1–3)', async () => {
    const text = sampleText('playground-spiral.nn');
    assert.ok(denseLayers(text).slice(0, -1).every((l) => l.activation === 'tanh'), 'tanh hidden layers');
    const plain = edited(text, ['input  x      [4]', 'input  x      [2]'], ['features=[x1, x2, sin_x1, sin_x2]', 'features=[x1, x2]']);
    for (const seed of [1, 2, 3]) {
      const withSines = (await train(text, seed)).last;
      const without = (await train(plain, seed)).last;
      assert.ok(withSines.valLoss! < 0.2 && withSines.valMetrics!.accuracy >= 0.95, `seed ${seed} with sines: test loss ${withSines.valLoss}, accuracy ${withSines.valMetrics!.accuracy}`);
      assert.ok(without.valLoss! > 0.4 && without.valMetrics!.accuracy < 0.8, `seed ${seed} on x1, x2: test loss ${without.valLoss}, accuracy ${without.valMetrics!.accuracy}`);
    }
  });
});
