// The training section of a model: `data`, `loss`, `optimizer`, `train`. Checked here;
// the engine runs them. Names and defaults follow Keras and TensorFlow Playground.

import { ArgSpec, ChoiceSpec, SectionSpec } from './spec';

export const PLAYGROUND_FEATURES = ['x1', 'x2', 'x1_sq', 'x2_sq', 'x1_x2', 'sin_x1', 'sin_x2'] as const;

const samples = (fallback: number): ArgSpec => ({ name: 'samples', type: { kind: 'int', min: 1 }, default: fallback, aliases: ['n'], doc: 'Number of examples to generate.' });
const noise = (fallback: number): ArgSpec => ({ name: 'noise', type: { kind: 'number', min: 0 }, default: fallback, doc: 'Standard deviation of the noise added to each point.' });
/** Playground's noise slider, as a fraction: 0.25 is the slider at 25 %. */
const playgroundNoise: ArgSpec = { name: 'noise', type: { kind: 'number', min: 0 }, default: 0, doc: 'Noise as TensorFlow Playground’s slider, a fraction from 0 to 0.5 (0.25 = 25 %).' };
const features: ArgSpec = {
  name: 'features',
  type: { kind: 'words' },
  default: ['x1', 'x2'],
  doc: 'Input features as in TensorFlow Playground: x1, x2, x1_sq, x2_sq, x1_x2, sin_x1, sin_x2.',
};
const sequenceLength: ArgSpec = { name: 'length', type: { kind: 'int', min: 1 }, default: 8, doc: 'Length of each sequence.' };
const vocabulary: ArgSpec = { name: 'vocab', type: { kind: 'int', min: 2 }, default: 10, doc: 'Number of distinct tokens.' };

const truthTable = (gate: string): ChoiceSpec => ({
  name: gate,
  doc: `The ${gate.toUpperCase()} truth table: inputs (x1, x2) in {0, 1}², one output.`,
  args: [samples(4), noise(0)],
});

export const DATASETS: readonly ChoiceSpec[] = [
  truthTable('and'),
  truthTable('or'),
  truthTable('nand'),
  truthTable('nor'),
  truthTable('xor'),
  { name: 'circle', doc: 'Playground: one class inside a circle, the other in a ring around it.', args: [samples(500), playgroundNoise, features] },
  { name: 'four_squares', doc: 'Playground’s XOR: the class is the sign of x1·x2 (four squares).', args: [samples(500), playgroundNoise, features] },
  { name: 'two_blobs', doc: 'Playground: two Gaussian clouds, one per class.', args: [samples(500), playgroundNoise, features] },
  { name: 'spiral', doc: 'Playground: two interleaved spirals.', args: [samples(500), playgroundNoise, features] },
  { name: 'plane', doc: 'Playground regression: y is a plane over (x1, x2).', args: [samples(500), playgroundNoise, features] },
  { name: 'multi_gauss', doc: 'Playground regression: y is a sum of Gaussian bumps.', args: [samples(500), playgroundNoise, features] },
  {
    name: 'linear',
    doc: 'A linear-regression toy: y = slope·x + intercept + noise.',
    args: [
      samples(100),
      noise(0.1),
      { name: 'slope', type: { kind: 'number' }, default: 2, doc: 'True slope m.' },
      { name: 'intercept', type: { kind: 'number' }, default: -1, doc: 'True intercept b.' },
    ],
  },
  { name: 'mnist', doc: 'A small subset of MNIST handwritten digits, 28×28×1, ten classes.', args: [samples(2000)] },
  { name: 'sine', doc: 'Windows of a sine wave; the target is the next value.', args: [samples(500), sequenceLength, noise(0)] },
  { name: 'counting', doc: 'Token sequences that count upwards; predict the next token.', args: [samples(500), sequenceLength, vocabulary] },
  { name: 'copy', doc: 'Copy a sequence of tokens: the target is the input.', args: [samples(500), sequenceLength, vocabulary] },
  { name: 'reverse', doc: 'Reverse a sequence of tokens.', args: [samples(500), sequenceLength, vocabulary] },
  { name: 'text', doc: 'Characters of a short public-domain text; predict the next character.', args: [samples(500), sequenceLength] },
  {
    name: 'karate',
    doc: 'Zachary’s karate club: 34 members, their friendships, two factions.',
    args: [{ name: 'adjacency', type: { kind: 'bool' }, default: true, doc: 'Feed the adjacency as a second input; false feeds the node features only, for a graph-blind baseline.' }],
  },
  {
    name: 'gaussian',
    doc: 'Real samples from a normal distribution, for a GAN to imitate.',
    args: [
      samples(1000),
      { name: 'mean', type: { kind: 'number' }, default: 4, doc: 'Mean of the real data.' },
      { name: 'std', type: { kind: 'number', min: 0 }, default: 1.25, doc: 'Standard deviation of the real data.' },
    ],
  },
  {
    name: 'csv',
    doc: 'A CSV file next to the model file, with a header row.',
    args: [
      { name: 'file', type: { kind: 'string' }, required: true, doc: 'Path of the CSV file, relative to the model file.' },
      { name: 'target', type: { kind: 'string' }, required: true, doc: 'Name of the column to predict.' },
    ],
  },
  {
    name: 'table',
    doc: 'Examples written in the model file: x=[[…], …] y=[[…], …].',
    args: [
      { name: 'x', type: { kind: 'tensor' }, doc: 'Inputs, one row per example; left out when the input line holds a literal value=.' },
      { name: 'y', type: { kind: 'tensor' }, required: true, doc: 'Targets, one row per example.' },
    ],
  },
];

const commonDataArgs: ArgSpec[] = [
  { name: 'split', type: { kind: 'number', min: 0, max: 1 }, default: 1, doc: 'Fraction of examples used for training; the rest is validation (Playground’s ratio).' },
  { name: 'targets', type: { kind: 'choice', choices: ['labels', 'inputs'] }, default: 'labels', doc: 'labels: predict the data set’s targets; inputs: reconstruct the input, as an autoencoder does.' },
  { name: 'denoise', type: { kind: 'number', min: 0 }, default: 0, doc: 'Noise added to the inputs only, for a denoising autoencoder.' },
];

const lr = (fallback: number): ArgSpec => ({ name: 'lr', type: { kind: 'number', min: 0 }, default: fallback, aliases: ['learning_rate', 'alpha'], doc: 'Learning rate α: the size of each step.' });
const beta1: ArgSpec = { name: 'beta1', type: { kind: 'number', min: 0, max: 1, belowMax: true }, default: 0.9, aliases: ['beta_1'], doc: 'Decay of the first-moment (mean) estimate.' };
const beta2: ArgSpec = { name: 'beta2', type: { kind: 'number', min: 0, max: 1, belowMax: true }, default: 0.999, aliases: ['beta_2'], doc: 'Decay of the second-moment (variance) estimate.' };
const epsilon: ArgSpec = { name: 'epsilon', type: { kind: 'number', min: 0 }, default: 1e-7, doc: 'Small constant that avoids dividing by zero.' };
const rho = (fallback: number): ArgSpec => ({ name: 'rho', type: { kind: 'number', min: 0, max: 1 }, default: fallback, doc: 'Decay of the running average of squared gradients.' });

export const OPTIMIZERS: readonly ChoiceSpec[] = [
  {
    name: 'gd',
    doc: 'Gradient descent (full batch): every step uses the whole training set, W ← W − α·dL/dW; one step per epoch, and train batch= is not used.',
    args: [lr(0.01)],
  },
  {
    name: 'sgd',
    doc: 'Stochastic gradient descent: W ← W − α·dL/dW, with optional momentum.',
    args: [lr(0.01), { name: 'momentum', type: { kind: 'number', min: 0, max: 1 }, default: 0, doc: 'Momentum β: keeps a running velocity of the steps.' }, { name: 'nesterov', type: { kind: 'bool' }, default: false, doc: 'Nesterov momentum: look ahead before taking the gradient.' }],
  },
  { name: 'rmsprop', doc: 'Divides each step by a running root mean square of recent gradients.', args: [lr(0.001), rho(0.9), { name: 'momentum', type: { kind: 'number', min: 0, max: 1 }, default: 0, doc: 'Momentum β.' }, epsilon] },
  { name: 'adagrad', doc: 'Per-parameter rates that shrink with the sum of all past squared gradients.', args: [lr(0.001), { name: 'initial_accumulator', type: { kind: 'number', min: 0 }, default: 0.1, doc: 'Starting value of the accumulated squares.' }, epsilon] },
  { name: 'adadelta', doc: 'Like RMSprop, but scales steps by a running average of past updates.', args: [lr(1), rho(0.95), epsilon] },
  { name: 'adam', doc: 'Momentum and RMSprop together, with bias correction: the usual default.', args: [lr(0.001), beta1, beta2, epsilon] },
  { name: 'adamax', doc: 'Adam with the infinity norm in place of the second moment.', args: [lr(0.002), beta1, beta2, epsilon] },
  { name: 'nadam', doc: 'Adam with Nesterov momentum.', args: [lr(0.002), beta1, beta2, epsilon] },
];

const commonOptimizerArgs: ArgSpec[] = [
  { name: 'decay', type: { kind: 'number', min: 0 }, default: 0, doc: 'Learning-rate decay: α_t = α / (1 + decay·t).' },
  { name: 'clip_value', type: { kind: 'number', min: 0 }, aliases: ['clipvalue'], doc: 'Clip each gradient entry to [−v, v].' },
  { name: 'clip_norm', type: { kind: 'number', min: 0 }, aliases: ['clipnorm'], doc: 'Rescale each gradient whose L2 norm exceeds this.' },
];

export const LOSSES: readonly ChoiceSpec[] = [
  { name: 'mse', doc: 'Mean squared error, for regression: 1/N Σ (y − ŷ)².' },
  { name: 'mae', doc: 'Mean absolute error, for regression: 1/N Σ |y − ŷ|.' },
  { name: 'binary_crossentropy', doc: 'Binary cross-entropy: −y·log(ŷ) − (1 − y)·log(1 − ŷ), for one sigmoid output.' },
  { name: 'categorical_crossentropy', doc: 'Cross-entropy over classes, with one-hot targets and a softmax output.' },
  { name: 'sparse_categorical_crossentropy', doc: 'Cross-entropy over classes, with integer class targets.' },
  { name: 'hinge', doc: 'Hinge loss max(0, 1 − y·ŷ), targets −1 or 1, as in an SVM.' },
];

/**
 * What `compare SETTING v1 v2 …` may vary: one run per value, all from the same initial
 * weights, data and seed. Optimizer arguments take numbers or `none` (not set).
 */
export const COMPARED: readonly ChoiceSpec[] = [
  { name: 'optimizer', doc: 'One run per optimizer (gd, sgd, rmsprop, adagrad, adadelta, adam, adamax, nadam); each keeps the optimizer line’s arguments it accepts and its own defaults for the rest.' },
  { name: 'lr', doc: 'One run per learning rate α.' },
  { name: 'clip_norm', doc: 'One run per clip_norm value; none trains without clipping.' },
  { name: 'clip_value', doc: 'One run per clip_value; none trains without clipping.' },
  { name: 'penalty', doc: 'One run per penalty on the weights, written none, l1=λ or l2=λ (as on the loss line): compare penalty none l1=0.01 l2=0.1.' },
];

export const SECTIONS: readonly SectionSpec[] = [
  { keyword: 'data', title: 'Training data', choices: DATASETS, args: commonDataArgs, snippet: 'data ${1|xor,and,or,circle,four_squares,two_blobs,spiral,mnist|}' },
  {
    keyword: 'loss',
    title: 'Loss function',
    choices: LOSSES,
    args: [
      { name: 'from_logits', type: { kind: 'bool' }, default: false, doc: 'The output is raw scores (logits), not probabilities.' },
      { name: 'l1', type: { kind: 'number', min: 0 }, default: 0, doc: 'Global L1 penalty λ·Σ|W|.' },
      { name: 'l2', type: { kind: 'number', min: 0 }, default: 0, doc: 'Global L2 penalty λ/(2N)·Σ W², as the course writes it.' },
    ],
    snippet: 'loss ${1|mse,binary_crossentropy,categorical_crossentropy,sparse_categorical_crossentropy,mae,hinge|}',
  },
  { keyword: 'optimizer', title: 'Optimizer', choices: OPTIMIZERS, args: commonOptimizerArgs, snippet: 'optimizer ${1|sgd,adam,rmsprop,adagrad,adadelta,adamax,nadam|} lr=${2:0.01}' },
  {
    keyword: 'compare',
    title: 'Comparison of runs',
    choices: COMPARED,
    args: [],
    snippet: 'compare ${1|optimizer,lr,clip_norm,clip_value|} ${2:gd sgd adam}',
  },
  {
    keyword: 'train',
    title: 'Training settings',
    choices: [],
    args: [
      { name: 'epochs', type: { kind: 'int', min: 1 }, default: 10, doc: 'Number of passes over the training data.' },
      { name: 'batch', type: { kind: 'int', min: 1 }, default: 32, aliases: ['batch_size'], doc: 'Examples per gradient step (batch size).' },
      { name: 'seed', type: { kind: 'int', min: 0 }, default: 1, doc: 'Random seed: the same seed gives the same numbers everywhere.' },
      { name: 'shuffle', type: { kind: 'bool' }, default: true, doc: 'Shuffle the training data each epoch.' },
      { name: 'patience', type: { kind: 'int', min: 1 }, doc: 'Early stopping: stop after this many epochs without a better validation loss.' },
      { name: 'restore_best', type: { kind: 'bool' }, default: false, aliases: ['restore_best_weights'], doc: 'With patience: when training stops early, go back to the weights of the epoch with the best validation loss (Keras’ restore_best_weights).' },
    ],
    snippet: 'train epochs=${1:100} batch=${2:32}',
  },
  {
    // Written in the discriminator's block, next to the real data it learns to call real.
    keyword: 'gan',
    title: 'Adversarial training (GAN)',
    choices: [],
    args: [
      { name: 'generator', type: { kind: 'string' }, required: true, doc: 'The model (in this file) that turns random noise z into fake samples; the model holding this line is the discriminator.' },
      { name: 'latent', type: { kind: 'int', min: 1 }, doc: 'Size of the noise vector z ~ N(0, 1) the generator reads: its input size (the default).' },
    ],
    snippet: 'gan generator=${1:generator} latent=${2:4}',
  },
  {
    keyword: 'weights',
    title: 'Pretrained weights',
    choices: [],
    args: [
      {
        name: 'file',
        type: { kind: 'string' },
        positional: true,
        required: true,
        doc: 'A TensorFlow.js model.json next to this file: its weights replace the seeded initial values, matched by layer name, whenever the model is built (train, step, debug, preview).',
      },
    ],
    snippet: 'weights "${1:model.json}"',
  },
];

export function sectionSpec(keyword: string): SectionSpec | undefined {
  return SECTIONS.find((s) => s.keyword === keyword);
}
