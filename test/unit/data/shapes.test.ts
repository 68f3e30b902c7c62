// Every data set, fed a real compiled model: its inputs have exactly the shapes and dtype the
// checker expects (datasetInputShapes), its targets fit the model's output, and the same seed
// gives the same numbers while another seed does not.

import * as assert from 'node:assert/strict';
import { datasetForGraph, FAMILIES } from '../../../src/core/data/createDataset';
import { Dataset } from '../../../src/core/data/dataset';
import { datasetInputShapes } from '../../../src/core/lang/checkSections';
import { DATASETS } from '../../../src/core/lang/sections';
import { compileModel, nodePorts } from './helpers';

const CSV = 'a,b,label\n1,2,yes\n3,4,no\n5,6,yes\n';

/** One model a data set, each a typical use of it. */
const MODELS: Record<string, string> = {
  and: 'input x [2]\ndense out 1 activation=sigmoid\ndata and\nloss binary_crossentropy',
  or: 'input x [2]\ndense out 1 activation=sigmoid\ndata or samples=40 noise=0.1\nloss binary_crossentropy',
  nand: 'input x [2]\ndense out 1 activation=sigmoid\ndata nand\nloss binary_crossentropy',
  nor: 'input x [2]\ndense out 1 activation=sigmoid\ndata nor\nloss binary_crossentropy',
  xor: 'input x [2]\ndense h 4 activation=tanh\ndense out 1 activation=sigmoid\ndata xor samples=400 noise=0.1 split=0.8\nloss binary_crossentropy',
  circle: 'input x [3]\ndense out 1 activation=sigmoid\ndata circle features=[x1_sq, x2_sq, x1_x2]\nloss binary_crossentropy',
  four_squares: 'input x [2]\ndense out 2 activation=softmax\ndata four_squares\nloss categorical_crossentropy',
  two_blobs: 'input x [2]\ndense out 1 activation=sigmoid\ndata two_blobs noise=0.2 split=0.5\nloss binary_crossentropy',
  spiral: 'input x [4]\ndense h 8 activation=tanh\ndense out 1 activation=sigmoid\ndata spiral features=[x1, x2, sin_x1, sin_x2]\nloss binary_crossentropy',
  plane: 'input x [2]\ndense out 1\ndata plane\nloss mse',
  multi_gauss: 'input x [7]\ndense out 1\ndata multi_gauss features=[x1, x2, x1_sq, x2_sq, x1_x2, sin_x1, sin_x2]\nloss mse',
  linear: 'input x [1]\ndense out 1\ndata linear\nloss mse',
  mnist: 'input image [28, 28, 1]\nflatten\ndense out 10 activation=softmax\ndata mnist samples=300 split=0.9\nloss categorical_crossentropy',
  sine: 'input window [8, 1]\nlstm l 4\ndense out 1\ndata sine samples=50\nloss mse',
  counting: 'input tokens [6] dtype=int32\nembedding e 10 4\nflatten\ndense out 10 activation=softmax\ndata counting samples=50 length=6\nloss sparse_categorical_crossentropy',
  copy: 'input tokens [8] dtype=int32\nembedding e 10 4\ndense out 10 activation=softmax\ndata copy samples=50\nloss sparse_categorical_crossentropy',
  reverse: 'input tokens [8] dtype=int32\nembedding e 10 4\ndense out 10 activation=softmax\ndata reverse samples=50\nloss categorical_crossentropy',
  text: 'input chars [8] dtype=int32\nembedding e 64 8\nlstm l 16 return_sequences=true\ndense out 41 activation=softmax\ndata text samples=50\nloss sparse_categorical_crossentropy',
  karate: 'input x [34, 34]\ninput adjacency [34, 34]\ngraph_conv g 4 activation=relu from x, adjacency\ndense out 2 activation=softmax\ndata karate\nloss sparse_categorical_crossentropy',
  gaussian: 'input x [1]\ndense h 4 activation=relu\ndense out 1 activation=sigmoid\ndata gaussian samples=64\nloss binary_crossentropy',
  csv: 'input x [2]\ndense out 1 activation=sigmoid\ndata csv file="data.csv" target=label\nloss binary_crossentropy',
  table: 'input x [2]\ndense out 1\ndata table x=[[0, 0], [0, 1], [1, 0], [1, 1]] y=[0, 1, 1, 0]\nloss mse',
};

async function build(name: string, seed = 7): Promise<Dataset> {
  const { graph } = compileModel(MODELS[name]);
  return (await datasetForGraph(graph, nodePorts({ 'data.csv': CSV }), seed))!;
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

describe('data sets: shapes, dtypes and seeds', () => {
  it('has a model here for every data set of the catalog, and a family for each', () => {
    const names = DATASETS.map((d) => d.name);
    assert.deepEqual(Object.keys(MODELS).sort(), [...names].sort());
    assert.deepEqual(Object.keys(FAMILIES).sort(), [...names].sort());
  });

  for (const name of Object.keys(MODELS)) {
    it(`${name}: inputs as the checker expects, targets as the output`, async () => {
      const { graph, data } = compileModel(MODELS[name]);
      const dataset = await build(name);
      const expected = datasetInputShapes(data!);
      dataset.train.inputs.forEach((input, i) => {
        assert.equal(input.values.length, size(input.shape), 'values fill the shape');
        const layer = graph.layers.find((l) => l.name === graph.inputs[i])!;
        assert.deepEqual(input.shape.slice(1), layer.outputShape);
        if (expected) {
          assert.ok(expected.shapes.some((s) => JSON.stringify(s) === JSON.stringify(input.shape.slice(1))), `${JSON.stringify(input.shape)} not in ${JSON.stringify(expected.shapes)}`);
          assert.equal(input.dtype, expected.dtype);
        }
      });
      const targets = dataset.train.targets;
      assert.equal(targets.values.length, size(targets.shape));
      assert.equal(targets.shape[0], dataset.train.inputs[0].shape[0], 'one target row per example');
      const output = graph.layers.find((l) => l.name === graph.output)!.outputShape;
      const sparse = graph.training.loss?.name === 'sparse_categorical_crossentropy';
      assert.deepEqual(targets.shape.slice(1), sparse ? output.slice(0, -1) : output);
      assert.equal(targets.dtype, sparse ? 'int32' : 'float32');
      assert.ok([...dataset.train.inputs[0].values].every(Number.isFinite) && [...targets.values].every(Number.isFinite));
    });

    it(`${name}: the same seed gives the same data; the split keeps every example once`, async () => {
      const [a, b] = [await build(name, 3), await build(name, 3)];
      assert.deepEqual(a, b);
      const total = a.train.targets.shape[0] + a.validation.targets.shape[0];
      if (!a.train.mask) assert.equal(total, a.train.inputs[0].shape[0] + a.validation.inputs[0].shape[0]);
    });
  }

  it('another seed gives other data for every generated set', async () => {
    const fixed = new Set(['and', 'nand', 'nor', 'csv', 'table', 'karate']);
    for (const name of Object.keys(MODELS).filter((n) => !fixed.has(n))) {
      const [a, b] = [await build(name, 1), await build(name, 2)];
      assert.notDeepEqual(a.train.inputs[0].values, b.train.inputs[0].values, name);
    }
  });
});
