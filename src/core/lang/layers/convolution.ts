// Convolution (1-D, 2-D, transposed), upsampling and pooling, with the course's size formula
// ⌊(n + 2p − f) / s⌋ + 1 written out with the user's own numbers.

import { DiagnosticCodes } from '../diagnostics';
import { message } from '../localize';
import { Dim } from '../shape';
import { Args, ArgSpec, FormulaLine, InferContext, LayerKindSpec, RuleError } from '../spec';
import { formula, noParams, param, product, requireKnown, singleInput, trainableArgs } from './common';

export const AXIS_LABELS = [
  ['length'],
  ['height', 'width'],
] as const;

export function kernelArgs(rank: number): ArgSpec[] {
  return [
    { name: 'filters', type: { kind: 'int', min: 1 }, positional: true, required: true, doc: 'Number of filters: the output’s channels.' },
    { name: 'kernel_size', type: { kind: 'ints', rank, min: 1 }, positional: true, required: true, aliases: ['kernel', 'size', 'f'], doc: 'Filter size f (an int, or one per axis).' },
    { name: 'strides', type: { kind: 'ints', rank, min: 1 }, default: 1, aliases: ['stride', 's'], doc: 'Stride s: how far the filter moves each step.' },
    { name: 'padding', type: { kind: 'padding', rank }, default: 'valid', aliases: ['p'], doc: 'valid (no padding), same (output size ⌈n/s⌉), or p zeros on each side.' },
  ];
}

interface SpatialOut {
  readonly sizes: Dim[];
  readonly formulas: FormulaLine[];
}

/** Output size of a sliding window per axis, as the course writes it. */
export function slidingWindow(spatial: readonly Dim[], kernel: number[], strides: number[], padding: 'valid' | 'same' | number[], inputName: string): SpatialOut {
  const labels = AXIS_LABELS[spatial.length - 1];
  const sizes: Dim[] = [];
  const formulas: FormulaLine[] = [];
  spatial.forEach((n, axis) => {
    const f = kernel[axis];
    const s = strides[axis];
    if (n === null) {
      sizes.push(null);
      return;
    }
    let out: number;
    let expression: string;
    if (padding === 'same') {
      out = Math.ceil(n / s);
      expression = `⌈${n} / ${s}⌉`;
    } else {
      const p = padding === 'valid' ? 0 : padding[axis];
      out = Math.floor((n + 2 * p - f) / s) + 1;
      expression = `⌊(${n} + 2·${p} − ${f}) / ${s}⌋ + 1`;
    }
    if (out < 1) {
      throw new RuleError(
        DiagnosticCodes.nonPositiveSize,
        message('A window of size {0} does not fit in the {1} of {2} ({3} = {4}): use a smaller kernel, padding, or a larger input.', f, message(labels[axis]), inputName, expression, out),
        'kernel_size',
      );
    }
    sizes.push(out);
    formulas.push(formula(labels[axis], expression, out));
  });
  return { sizes, formulas };
}

function kernelFormula(rank: 1 | 2, useBias: boolean, expression: string, count: number): FormulaLine {
  if (rank === 1) return useBias ? formula('f·C_in·filters + filters', expression, count) : formula('f·C_in·filters', expression, count);
  return useBias ? formula('f·f·C_in·filters + filters', expression, count) : formula('f·f·C_in·filters', expression, count);
}

function windowArgs(args: Args, rank: number) {
  return { kernel: args.ints('kernel_size'), strides: args.ints('strides'), padding: args.padding('padding'), rank };
}

function convolution(rank: 1 | 2): LayerKindSpec {
  const kind = `conv${rank}d`;
  return {
    kind,
    family: 'convolution',
    title: rank === 1 ? '1-D convolution' : '2-D convolution',
    explanation: [
      rank === 1
        ? 'Slides each filter along the sequence and takes a weighted sum of the window at each step.'
        : 'Slides each f×f filter over the image; at each position it multiplies and sums the window (cross-correlation).',
      rank === 1
        ? 'Each filter sees every input channel: f·C_in weights plus one bias, shared over all positions.'
        : 'Each filter sees every input channel: f·f·C_in weights plus one bias, shared over all positions.',
    ],
    args: [...kernelArgs(rank), ...trainableArgs()],
    inputs: { min: 1, max: 1 },
    snippet: rank === 1 ? 'conv1d ${1:conv} ${2:16} ${3:3} activation=${4:relu}' : 'conv2d ${1:conv} ${2:8} ${3:3} activation=${4:relu}',
    infer(context: InferContext) {
      const x = singleInput(context.inputs, rank + 1, rank === 1 ? message('[length, channels]') : message('[height, width, channels]'));
      const { kernel, strides, padding } = windowArgs(context.args, rank);
      const channels = requireKnown(x.shape[rank], message('number of channels'), x.name);
      const filters = context.args.int('filters');
      const { sizes, formulas } = slidingWindow(x.shape.slice(0, rank), kernel, strides, padding, x.name);
      const useBias = context.args.bool('use_bias');
      const weights = kernel.reduce((a, b) => a * b, 1) * channels * filters;
      const count = weights + (useBias ? filters : 0);
      const kernelFactors = [...kernel, channels, filters];
      return {
        output: [...sizes, filters],
        params: [param('kernel', kernelFactors), ...(useBias ? [param('bias', [filters])] : [])],
        shapeFormula: formulas,
        paramFormula: [kernelFormula(rank, useBias, `${product(kernelFactors)}${useBias ? ` + ${filters}` : ''}`, count)],
      };
    },
  };
}

const conv2dTranspose: LayerKindSpec = {
  kind: 'conv2d_transpose',
  family: 'convolution',
  title: 'Transposed 2-D convolution',
  explanation: [
    'The reverse of a strided convolution’s geometry: each input pixel spreads a weighted f×f patch into a larger output.',
    'Decoders and GAN generators use it to grow an image: (n − 1)·s + f with valid padding, n·s with same.',
  ],
  args: [...kernelArgs(2).map((a) => (a.name === 'padding' ? { ...a, type: { kind: 'choice', choices: ['valid', 'same'] } as const } : a)), ...trainableArgs()],
  inputs: { min: 1, max: 1 },
  snippet: 'conv2d_transpose ${1:up} ${2:8} ${3:3} strides=${4:2} padding=same',
  infer({ inputs, args }) {
    const x = singleInput(inputs, 3, message('[height, width, channels]'));
    const kernel = args.ints('kernel_size');
    const strides = args.ints('strides');
    const same = args.string('padding') === 'same';
    const channels = requireKnown(x.shape[2], message('number of channels'), x.name);
    const filters = args.int('filters');
    const sizes: Dim[] = [];
    const formulas: FormulaLine[] = [];
    x.shape.slice(0, 2).forEach((n, axis) => {
      if (n === null) {
        sizes.push(null);
        return;
      }
      const out = same ? n * strides[axis] : (n - 1) * strides[axis] + kernel[axis];
      sizes.push(out);
      formulas.push(formula(AXIS_LABELS[1][axis], same ? `${n}·${strides[axis]}` : `(${n} − 1)·${strides[axis]} + ${kernel[axis]}`, out));
    });
    const useBias = args.bool('use_bias');
    const kernelFactors = [kernel[0], kernel[1], filters, channels];
    const count = kernelFactors.reduce((a, b) => a * b, 1) + (useBias ? filters : 0);
    return {
      output: [...sizes, filters],
      params: [param('kernel', kernelFactors), ...(useBias ? [param('bias', [filters])] : [])],
      shapeFormula: formulas,
      paramFormula: [formula('f·f·filters·C_in + filters', useBias ? `${product(kernelFactors)} + ${filters}` : product(kernelFactors), count)],
    };
  },
};

const upsampling2d: LayerKindSpec = {
  kind: 'upsampling2d',
  family: 'convolution',
  title: '2-D upsampling',
  explanation: ['Repeats every pixel size×size times: the image grows, nothing is learned.', 'Often followed by a convolution in a decoder.'],
  args: [{ name: 'size', type: { kind: 'ints', rank: 2, min: 1 }, positional: true, default: 2, doc: 'Growth factor per axis.' }],
  inputs: { min: 1, max: 1 },
  snippet: 'upsampling2d ${1:2}',
  infer({ inputs, args }) {
    const x = singleInput(inputs, 3, message('[height, width, channels]'));
    const size = args.ints('size');
    const sizes = x.shape.slice(0, 2).map((n, axis) => (n === null ? null : n * size[axis]));
    const formulas = sizes.flatMap((out, axis) => (out === null ? [] : [formula(AXIS_LABELS[1][axis], `${x.shape[axis]}·${size[axis]}`, out)]));
    return { ...noParams([...sizes, x.shape[2]]), shapeFormula: formulas };
  },
};

const zeroPadding2d: LayerKindSpec = {
  kind: 'zero_padding2d',
  family: 'convolution',
  title: '2-D zero padding',
  explanation: ['Adds rows and columns of zeros around the image: top, bottom, left and right.', 'Nothing is learned; a convolution after it keeps the border pixels in view.'],
  args: [
    {
      name: 'padding',
      type: { kind: 'sidePadding', rank: 2 },
      positional: true,
      default: 1,
      aliases: ['p'],
      doc: 'Zeros on each side: p, [p_h, p_w], or [[top, bottom], [left, right]].',
    },
  ],
  inputs: { min: 1, max: 1 },
  snippet: 'zero_padding2d ${1:1}',
  infer({ inputs, args }) {
    const x = singleInput(inputs, 3, message('[height, width, channels]'));
    const [top, bottom, left, right] = args.ints('padding');
    const pads = [
      [top, bottom],
      [left, right],
    ];
    const sizes = x.shape.slice(0, 2).map((n, axis) => (n === null ? null : n + pads[axis][0] + pads[axis][1]));
    const formulas = sizes.flatMap((out, axis) => (out === null ? [] : [formula(AXIS_LABELS[1][axis], `${x.shape[axis]} + ${pads[axis][0]} + ${pads[axis][1]}`, out)]));
    return { ...noParams([...sizes, x.shape[2]]), shapeFormula: formulas };
  },
};

function pooling(op: 'max' | 'avg', rank: 1 | 2): LayerKindSpec {
  const kind = `${op}pool${rank}d`;
  return {
    kind,
    family: 'pooling',
    title: `${op === 'max' ? 'Max' : 'Average'} pooling ${rank}-D`,
    explanation: [
      op === 'max'
        ? 'Keeps the largest value of each window: the strongest response of a feature nearby.'
        : 'Keeps the mean of each window, smoothing the feature map.',
      'It has hyperparameters (size, stride) but no parameters to learn; the channels do not change.',
    ],
    args: [
      { name: 'pool_size', type: { kind: 'ints', rank, min: 1 }, positional: true, default: 2, aliases: ['size', 'f'], doc: 'Window size f.' },
      { name: 'strides', type: { kind: 'ints', rank, min: 1 }, aliases: ['stride', 's'], doc: 'Stride s; by default the window size.' },
      { name: 'padding', type: { kind: 'choice', choices: ['valid', 'same'] }, default: 'valid', doc: 'valid or same.' },
    ],
    inputs: { min: 1, max: 1 },
    snippet: `${kind} \${1:2}`,
    infer({ inputs, args }) {
      const x = singleInput(inputs, rank + 1, rank === 1 ? message('[length, channels]') : message('[height, width, channels]'));
      const pool = args.ints('pool_size');
      const strides = args.has('strides') ? args.ints('strides') : pool;
      const padding = args.string('padding') === 'same' ? 'same' : 'valid';
      const { sizes, formulas } = slidingWindow(x.shape.slice(0, rank), pool, strides, padding, x.name);
      return { ...noParams([...sizes, x.shape[rank]]), shapeFormula: formulas };
    },
  };
}

function globalPooling(op: 'max' | 'avg', rank: 1 | 2): LayerKindSpec {
  const kind = `global_${op}pool${rank}d`;
  return {
    kind,
    family: 'pooling',
    title: `Global ${op === 'max' ? 'max' : 'average'} pooling ${rank}-D`,
    explanation: [
      `Reduces each channel to one number, its ${op === 'max' ? 'maximum' : 'mean'} over all positions.`,
      'A feature map of any size becomes a vector with one entry per channel.',
    ],
    args: [],
    inputs: { min: 1, max: 1 },
    snippet: kind,
    infer({ inputs }) {
      const x = singleInput(inputs, rank + 1, rank === 1 ? message('[length, channels]') : message('[height, width, channels]'));
      return noParams([x.shape[rank]]);
    },
  };
}

export const convolutionLayers: LayerKindSpec[] = [
  convolution(1),
  convolution(2),
  conv2dTranspose,
  upsampling2d,
  zeroPadding2d,
  pooling('max', 1),
  pooling('max', 2),
  pooling('avg', 1),
  pooling('avg', 2),
  globalPooling('avg', 1),
  globalPooling('avg', 2),
  globalPooling('max', 1),
  globalPooling('max', 2),
];
