// CSV files next to the model: the parser, how columns become features and targets, and
// every error a student can meet, each naming the line and column and saying what to do.

import * as assert from 'node:assert/strict';
import { createDataset } from '../../../src/core/data/createDataset';
import { parseCsv, parseNumber } from '../../../src/core/data/csv';
import { ModelFacts } from '../../../src/core/data/dataset';
import { config, facts, nodePorts, rejectsWith } from './helpers';

const IRIS = ['sepal,species,petal', '5.1,setosa,1.4', '7.0,versicolor,4.7', '6.3,virginica,6.0', '4.9,setosa,1.5'].join('\n');
const HOUSES = 'rooms,area,price\n3,90,200\n4,120,260.5\n2,60,150\n';

function load(text: string, model: ModelFacts, attrs: Record<string, string | number> = {}) {
  return createDataset(config('csv', { file: 'data.csv', target: 'species', ...attrs }), model, 1, nodePorts({ 'data.csv': text }));
}

describe('csv: parsing', () => {
  it('reads a header and rows, skipping blank lines, with CRLF line ends', () => {
    const table = parseCsv('a,b\r\n1,2\r\n\r\n3,4\r\n');
    assert.deepEqual(table.header, ['a', 'b']);
    assert.deepEqual(table.rows, [{ line: 2, cells: ['1', '2'] }, { line: 4, cells: ['3', '4'] }]);
  });

  it('reads quoted values with delimiters, doubled quotes and line breaks inside', () => {
    const table = parseCsv('name,note\n"Smith, J.","said ""hi"""\n"two\nlines",x\nlast,y');
    assert.deepEqual(table.rows.map((r) => r.cells), [['Smith, J.', 'said "hi"'], ['two\nlines', 'x'], ['last', 'y']]);
    assert.deepEqual(table.rows.map((r) => r.line), [2, 3, 5]);
  });

  it('takes semicolons (with decimal commas) or tabs when the header uses them', () => {
    const semicolons = parseCsv('a;b\n3,5;2\n');
    assert.equal(semicolons.delimiter, ';');
    assert.deepEqual(semicolons.rows[0].cells, ['3,5', '2']);
    assert.equal(parseNumber('3,5', true), 3.5);
    assert.equal(parseNumber('3,5', false), undefined);
    assert.equal(parseCsv('a\tb\n1\t2').delimiter, '\t');
  });

  it('accepts the usual number forms and nothing else', () => {
    for (const ok of ['1', '-2.5', '+.5', '1e-3', '4.', '6.02E23']) assert.notEqual(parseNumber(ok, false), undefined, ok);
    for (const bad of ['', 'abc', '1.2.3', '0x10', 'NaN', 'Infinity', '1,5', '--1']) assert.equal(parseNumber(bad, false), undefined, bad);
  });
});

describe('csv: data sets', () => {
  it('uses every other column as a feature, in file order, and the target as the label', async () => {
    const dataset = await load(HOUSES, facts([['x', [2]]], [1], 'mse'), { target: 'price' });
    assert.deepEqual(dataset.train.inputs[0].shape, [3, 2]);
    assert.deepEqual([...dataset.train.inputs[0].values], [3, 90, 4, 120, 2, 60], 'rows in file order');
    assert.deepEqual([...dataset.train.targets.values], [200, 260.5, 150]);
    assert.equal(dataset.task, 'regression');
  });

  it('turns a text target into classes in sorted order, one-hot for categorical_crossentropy', async () => {
    const dataset = await load(IRIS, facts([['x', [2]]], [3], 'categorical_crossentropy'));
    assert.deepEqual(dataset.labels, ['setosa', 'versicolor', 'virginica']);
    assert.deepEqual([...dataset.train.inputs[0].values], [5.1, 1.4, 7.0, 4.7, 6.3, 6.0, 4.9, 1.5].map(Math.fround));
    assert.deepEqual([...dataset.train.targets.values], [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0]);
    assert.equal(dataset.task, 'multiclass');
  });

  it('takes a numeric target as class ids under a sparse loss, and refuses one that is not whole', async () => {
    const ids = await load('f,label\n0.5,2\n0.1,0\n', facts([['x', [1]]], [3], 'sparse_categorical_crossentropy'), { target: 'label' });
    assert.deepEqual([ids.train.targets.dtype, [...ids.train.targets.values]], ['int32', [2, 0]]);
    const error = await rejectsWith(load('f,label\n0.5,2\n0.1,0.5\n', facts([['x', [1]]], [3], 'sparse_categorical_crossentropy'), { target: 'label' }), 'class-id');
    assert.deepEqual(error.detail.args, ['data.csv', 3, 0.5, 'label']);
  });

  it('says so when the file cannot be read, or the host cannot read files', async () => {
    const missing = await rejectsWith(createDataset(config('csv', { file: 'nope.csv', target: 'y' }), facts([['x', [1]]], [1], 'mse'), 1, nodePorts()), 'file-unreadable');
    assert.equal(missing.detail.args[0], 'nope.csv');
    assert.match(missing.message, /ENOENT/);
    assert.match(missing.message, /next to the model file/);
    await rejectsWith(createDataset(config('csv', { file: 'a.csv', target: 'y' }), facts([['x', [1]]], [1], 'mse'), 1, {}), 'no-port');
  });

  it('names the line and column of a cell that is not a number', async () => {
    const error = await rejectsWith(load('a,b,species\n1,2,x\n3,four,y\n', facts([['x', [2]]], [1], 'binary_crossentropy')), 'not-a-number');
    assert.deepEqual(error.detail.args, ['data.csv', 3, 'b', 'four']);
    assert.equal(error.message, "Line 3 of 'data.csv', column 'b': 'four' is not a number. Fix the value, or remove the column.");
  });

  it('names the line of a row with the wrong number of values', async () => {
    const error = await rejectsWith(load('a,b,species\n1,2,x\n\n3,y\n', facts([['x', [2]]], [1], 'binary_crossentropy')), 'column-count');
    assert.deepEqual(error.detail.args, ['data.csv', 4, 2, 3]);
  });

  it('names an empty cell', async () => {
    const error = await rejectsWith(load('a,species\n1,x\n,y\n', facts([['x', [1]]], [1], 'binary_crossentropy')), 'empty-cell');
    assert.deepEqual(error.detail.args, ['data.csv', 3, 'a']);
    await rejectsWith(load('a,species\n1,x\n2,\n', facts([['x', [1]]], [1], 'binary_crossentropy')), 'empty-cell');
  });

  it('suggests the closest column for a missing target, or lists the columns', async () => {
    const close = await rejectsWith(load(IRIS, facts([['x', [2]]], [3]), { target: 'specie' }), 'missing-target');
    assert.deepEqual(close.detail.args, ['data.csv', 'specie', 'species']);
    const far = await rejectsWith(load(IRIS, facts([['x', [2]]], [3]), { target: 'colour' }), 'missing-target');
    assert.deepEqual(far.detail.args, ['data.csv', 'colour', 'sepal, species, petal']);
  });

  it('refuses an empty file and a file with only the target', async () => {
    await rejectsWith(load('', facts([['x', [1]]], [1])), 'empty-file');
    await rejectsWith(load('species\n', facts([['x', [1]]], [1])), 'empty-file');
    await rejectsWith(load('species\nx\ny\n', facts([['x', [1]]], [1])), 'no-features');
  });

  it('refuses a file whose features do not fit the model input, saying which shape would', async () => {
    const error = await rejectsWith(load(IRIS, facts([['x', [4]]], [3], 'categorical_crossentropy')), 'input-shape');
    assert.equal(error.message, "The data 'csv' gives examples of shape [2], but the input 'x' is [4]: change the input to [2].");
  });
});
