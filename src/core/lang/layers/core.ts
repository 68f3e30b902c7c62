// The core layers of an MLP: input, constant, dense, activations, dropout, flatten, reshape.

import { DiagnosticCodes } from '../diagnostics';
import { message } from '../localize';
import { Dim, formatShape, isFullyKnown, sizeOf } from '../shape';
import { LayerKindSpec, RuleError } from '../spec';
import { ACTIVATIONS, formula, lastDim, noParams, param, singleInput, trainableArgs } from './common';

const input: LayerKindSpec = {
  kind: 'input',
  family: 'input',
  title: 'Input',
  explanation: [
    'The data entering the network: one sample has this shape; the batch dimension comes first.',
    'Inputs have no parameters. A literal value= makes a fixed example, like the course’s 6×6 image.',
  ],
  args: [
    { name: 'shape', type: { kind: 'shape', allowUnknown: true }, positional: true, required: true, doc: 'Shape of one sample, without the batch: [32, 32, 3].' },
    { name: 'dtype', type: { kind: 'choice', choices: ['float32', 'int32'] }, default: 'float32', doc: 'int32 for token ids that feed an embedding.' },
    { name: 'value', type: { kind: 'tensor' }, aliases: ['values'], doc: 'A literal input: one sample, or several stacked on a first axis.' },
  ],
  inputs: { min: 0, max: 0 },
  snippet: 'input ${1:x} [${2:2}]',
  infer({ args }) {
    const shape = args.shape('shape');
    const value = args.tensor('value');
    if (value && isFullyKnown(shape)) {
      const one = sizeOf(shape);
      if (value.values.length % one !== 0 || value.values.length === 0) {
        throw new RuleError(
          DiagnosticCodes.literalShape,
          message('The literal value has {0} numbers, but one sample of shape {1} has {2}.', value.values.length, formatShape(shape), one),
          'value',
        );
      }
    }
    return noParams(shape, args.string('dtype') === 'int32' ? 'int32' : 'float32');
  },
};

const constant: LayerKindSpec = {
  kind: 'constant',
  family: 'input',
  title: 'Constant tensor',
  explanation: [
    'A fixed tensor written in the file, the same for every sample of the batch.',
    'Use it to try broadcasting and reshaping by hand: [3, 3] + [3] works, [3, 2] + [3] does not.',
  ],
  args: [{ name: 'value', type: { kind: 'tensor' }, positional: true, required: true, doc: 'The tensor, as a nested list.' }],
  inputs: { min: 0, max: 0 },
  snippet: 'constant ${1:c} [${2:0, 1, 2}]',
  infer({ args }) {
    const value = args.tensor('value');
    return noParams(value ? value.shape : []);
  },
};

const dense: LayerKindSpec = {
  kind: 'dense',
  family: 'core',
  title: 'Dense (fully connected) layer',
  explanation: [
    'Every neuron takes a weighted sum of all its inputs plus its bias: Z = A·W + b, then A = f(Z).',
    'W has one row per input and one column per neuron, so it holds n_in·n_out weights and n_out biases.',
  ],
  args: [
    { name: 'units', type: { kind: 'int', min: 1 }, positional: true, required: true, doc: 'Number of neurons n_out.' },
    ...trainableArgs(),
  ],
  inputs: { min: 1, max: 1 },
  snippet: 'dense ${1:hidden} ${2:8} activation=${3|relu,sigmoid,tanh,softmax,linear|}',
  infer({ inputs, args }) {
    const x = singleInput(inputs, { min: 1 }, message('[…, n_in]'));
    const nIn = lastDim(x);
    const units = args.int('units');
    const useBias = args.bool('use_bias');
    const params = [param('kernel', [nIn, units]), ...(useBias ? [param('bias', [units])] : [])];
    const count = nIn * units + (useBias ? units : 0);
    return {
      output: [...x.shape.slice(0, -1), units],
      params,
      shapeFormula: [],
      paramFormula: [
        useBias ? formula('W: n_in·n_out, b: n_out', `${nIn}·${units} + ${units}`, count) : formula('W: n_in·n_out', `${nIn}·${units}`, count),
      ],
    };
  },
};

function activationLayer(kind: string, title: string, explanation: [string, string], extra: LayerKindSpec['args'] = []): LayerKindSpec {
  return {
    kind,
    family: 'activation',
    title,
    explanation,
    args: extra,
    inputs: { min: 1, max: 1 },
    snippet: kind,
    infer: ({ inputs }) => noParams(inputs[0].shape),
  };
}

const activationLayers: LayerKindSpec[] = [
  activationLayer('linear', 'Linear (identity) activation', ['f(z) = z: passes Z through unchanged.', 'Used on the output of a regression network.']),
  activationLayer('identity', 'Identity activation', ['f(z) = z: passes Z through unchanged.', 'Used on the output of a regression network.']),
  activationLayer('step', 'Step activation', ['f(z) = 1 if z ≥ 0, else 0: the perceptron’s threshold.', 'Its derivative is 0 almost everywhere, so gradient descent cannot train through it.']),
  activationLayer('sigmoid', 'Sigmoid (logistic) activation', ['σ(z) = 1 / (1 + e^(−z)) squashes Z into (0, 1), read as a probability.', 'Its derivative is at most 0.25, so deep stacks of sigmoids make gradients vanish.']),
  activationLayer('tanh', 'Hyperbolic tangent activation', ['tanh(z) squashes Z into (−1, 1), centred on 0.', 'Steeper than the sigmoid near 0 (slope 1), but it also saturates.']),
  activationLayer('relu', 'ReLU activation', ['ReLU(z) = max(0, z): 0 for negative Z, Z itself otherwise.', 'Cheap and does not saturate for z > 0; a neuron that is always negative is “dead”.']),
  activationLayer('leaky_relu', 'Leaky ReLU activation', ['f(z) = z for z ≥ 0 and α·z below: a small slope keeps negative neurons alive.', 'α is the slope for negative inputs.'], [
    { name: 'alpha', type: { kind: 'number', min: 0 }, default: 0.3, aliases: ['negative_slope'], doc: 'Slope α for negative inputs.' },
  ]),
  activationLayer('elu', 'ELU activation', ['f(z) = z for z > 0 and α·(e^z − 1) below: smooth, with negative outputs.', 'Pushes the mean activation toward 0.'], [
    { name: 'alpha', type: { kind: 'number', min: 0 }, default: 1, doc: 'Scale α of the negative part.' },
  ]),
  activationLayer('gelu', 'GELU activation', ['f(z) = z·Φ(z): weights Z by the probability that a standard normal is below it.', 'The activation inside transformers such as BERT and GPT.']),
  activationLayer('softmax', 'Softmax activation', ['softmax(z)_j = e^(z_j) / Σ_k e^(z_k): turns logits into probabilities that sum to 1.', 'Used on the output of a multi-class classifier, with categorical cross-entropy.'], [
    { name: 'axis', type: { kind: 'int' }, default: -1, doc: 'The axis whose entries sum to 1.' },
  ]),
  {
    ...activationLayer('activation', 'Activation layer', ['Applies the activation function f element by element: A = f(Z).', 'It has no parameters; the shape does not change.'], [
      { name: 'function', type: { kind: 'choice', choices: ACTIVATIONS }, positional: true, required: true, aliases: ['fn'], doc: 'The activation function.' },
      { name: 'alpha', type: { kind: 'number', min: 0 }, doc: 'Slope α for leaky_relu (default 0.3), scale α for elu (default 1).' },
    ]),
    snippet: 'activation ${1|relu,sigmoid,tanh,softmax,leaky_relu,elu,gelu,step,linear|}',
  },
];

const dropout: LayerKindSpec = {
  kind: 'dropout',
  family: 'regularization',
  title: 'Dropout',
  explanation: [
    'During training it switches off each input with probability p and scales the rest by 1/(1−p).',
    'At evaluation it does nothing. No neuron can memorise a sample alone, so the network generalises better.',
  ],
  args: [
    { name: 'rate', type: { kind: 'number', min: 0, max: 1, belowMax: true }, positional: true, required: true, doc: 'Probability p of dropping each input.' },
    { name: 'seed', type: { kind: 'int', min: 0 }, doc: 'Seed of the dropout mask.' },
  ],
  inputs: { min: 1, max: 1 },
  snippet: 'dropout ${1:0.5}',
  infer: ({ inputs }) => noParams(inputs[0].shape),
};

const flatten: LayerKindSpec = {
  kind: 'flatten',
  family: 'reshape',
  title: 'Flatten',
  explanation: [
    'Lays each sample out as one long vector, row by row, so that a dense layer can follow.',
    'No parameters: [5, 5, 16] becomes [400].',
  ],
  args: [],
  inputs: { min: 1, max: 1 },
  snippet: 'flatten',
  infer({ inputs }) {
    const x = inputs[0];
    if (!isFullyKnown(x.shape)) {
      throw new RuleError(
        DiagnosticCodes.unknownDimension,
        message('Flatten needs every dimension of {0} known, but its shape is {1}.', x.name, formatShape(x.shape)),
        undefined,
        0,
      );
    }
    const size = sizeOf(x.shape);
    return { ...noParams([size]), shapeFormula: [formula('size', x.shape.length ? x.shape.join('·') : '1', size)] };
  },
};

const reshape: LayerKindSpec = {
  kind: 'reshape',
  family: 'reshape',
  title: 'Reshape',
  explanation: [
    'Views the same numbers with another shape, like PyTorch’s view: nothing is copied or reordered.',
    'The number of elements must stay the same; one dimension may be -1 and is then inferred.',
  ],
  args: [{ name: 'shape', type: { kind: 'shape', allowInfer: true }, positional: true, required: true, aliases: ['target_shape'], doc: 'The new shape of one sample; -1 is inferred.' }],
  inputs: { min: 1, max: 1 },
  snippet: 'reshape [${1:-1}]',
  infer({ inputs, args }) {
    const x = inputs[0];
    const target = args.shape('shape') as number[];
    if (!isFullyKnown(x.shape)) {
      throw new RuleError(DiagnosticCodes.unknownDimension, message('Reshape needs every dimension of {0} known, but its shape is {1}.', x.name, formatShape(x.shape)), undefined, 0);
    }
    const total = sizeOf(x.shape);
    const inferAt = target.indexOf(-1);
    const known = sizeOf(target.filter((d) => d !== -1));
    const out: Dim[] = [...target];
    if (inferAt >= 0) {
      if (known === 0 || total % known !== 0) {
        throw new RuleError(DiagnosticCodes.reshapeMismatch, message('Cannot reshape {0} ({1} elements) to {2}: {1} is not a multiple of {3}.', formatShape(x.shape), total, formatShape(target), known), 'shape');
      }
      out[inferAt] = total / known;
    } else if (known !== total) {
      throw new RuleError(DiagnosticCodes.reshapeMismatch, message('Cannot reshape {0} ({1} elements) to {2} ({3} elements): the counts must match.', formatShape(x.shape), total, formatShape(target), known), 'shape');
    }
    return { ...noParams(out), shapeFormula: [formula('elements', x.shape.join('·'), total)] };
  },
};

export const coreLayers: LayerKindSpec[] = [input, constant, dense, ...activationLayers, dropout, flatten, reshape];
