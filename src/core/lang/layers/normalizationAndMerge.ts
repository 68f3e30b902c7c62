// Normalisation (batch, layer) and merges (add, multiply, subtract, average, concat): the
// pieces of residual blocks, where two branches meet again.

import { DiagnosticCodes } from '../diagnostics';
import { Message, message } from '../localize';
import { Dim, Shape, broadcastShapes, formatShape } from '../shape';
import { LayerKindSpec, RuleError } from '../spec';
import { formula, lastDim, noParams, param } from './common';

const batchnorm: LayerKindSpec = {
  kind: 'batchnorm',
  family: 'normalization',
  title: 'Batch normalization',
  explanation: [
    'Normalises each channel with the batch’s mean and variance, then scales by γ and shifts by β.',
    'In evaluation it uses running averages μ ← (1−α)μ + α·μ_batch instead: 4·C numbers, 2·C trainable.',
  ],
  args: [
    { name: 'momentum', type: { kind: 'number', min: 0, max: 1 }, default: 0.99, doc: 'Keras’ momentum: the running mean keeps this fraction each step (α = 1 − momentum).' },
    { name: 'epsilon', type: { kind: 'number', min: 0 }, default: 0.001, doc: 'Added to the variance before the square root.' },
  ],
  inputs: { min: 1, max: 1 },
  snippet: 'batchnorm',
  infer({ inputs }) {
    const channels = lastDim(inputs[0]);
    return {
      output: inputs[0].shape,
      params: [param('gamma', [channels]), param('beta', [channels]), param('moving_mean', [channels], false), param('moving_variance', [channels], false)],
      shapeFormula: [],
      paramFormula: [formula('γ, β, μ, σ² per channel ({0} trainable)', `4·${channels}`, 4 * channels, 2 * channels)],
    };
  },
};

const layernorm: LayerKindSpec = {
  kind: 'layernorm',
  family: 'normalization',
  title: 'Layer normalization',
  explanation: [
    'Normalises each sample over its features with its own mean and variance, then applies γ and β.',
    'It does not depend on the batch, so training and evaluation behave the same; transformers use it.',
  ],
  args: [{ name: 'epsilon', type: { kind: 'number', min: 0 }, default: 0.001, doc: 'Added to the variance before the square root.' }],
  inputs: { min: 1, max: 1 },
  snippet: 'layernorm',
  infer({ inputs }) {
    const features = lastDim(inputs[0]);
    return {
      output: inputs[0].shape,
      params: [param('gamma', [features]), param('beta', [features])],
      shapeFormula: [],
      paramFormula: [formula('γ, β per feature', `2·${features}`, 2 * features)],
    };
  },
};

function broadcastMerge(kind: string, title: string, symbol: string, explanation: [string, string], maxInputs = 16): LayerKindSpec {
  return {
    kind,
    family: 'merge',
    title,
    explanation,
    args: [],
    inputs: { min: 2, max: maxInputs },
    snippet: `${kind} from \${1:a}, \${2:b}`,
    infer({ inputs }) {
      let shape: Shape = inputs[0].shape;
      for (let i = 1; i < inputs.length; i++) {
        const joined = broadcastShapes(shape, inputs[i].shape);
        if (!joined) {
          const leftName = i === 1 ? inputs[0].name : `(${inputs.slice(0, i).map((x) => x.name).join(` ${symbol} `)})`;
          const [x, y] = firstMismatch(shape, inputs[i].shape);
          throw new RuleError(
            DiagnosticCodes.incompatibleShapes,
            message(
              'Cannot broadcast {0} {1} {2} {3} {4}: from the last dimension, each pair of sizes must be equal, or one of them 1 or missing, and {5} and {6} are neither. {7}',
              leftName,
              formatShape(shape),
              symbol,
              inputs[i].name,
              formatShape(inputs[i].shape),
              x,
              y,
              broadcastFix({ name: leftName, shape }, { name: inputs[i].name, shape: inputs[i].shape }),
            ),
            undefined,
            i,
          );
        }
        shape = joined;
      }
      return noParams(shape);
    },
  };
}



/** The first pair of sizes, from the end, that neither match nor contain a 1. */
function firstMismatch(a: Shape, b: Shape): [number, number] {
  for (let k = 1; k <= Math.min(a.length, b.length); k++) {
    const x = a[a.length - k];
    const y = b[b.length - k];
    if (x !== null && y !== null && x !== y && x !== 1 && y !== 1) return [x, y];
  }
  return [0, 0];
}

/**
 * The likely fix: when the lower-rank side, viewed with trailing 1s, lines up with the other's
 * leading dimensions (the course's [3, 2] + [3] → view [3] as [3, 1]), say so with the line to
 * write; otherwise the rule's own remedy.
 */
function broadcastFix(left: { name: string; shape: Shape }, right: { name: string; shape: Shape }): Message {
  const [short, long] = left.shape.length < right.shape.length ? [left, right] : [right, left];
  const isNamed = /^[A-Za-z_][A-Za-z0-9_]*$/.test(short.name);
  for (let extra = 1; isNamed && short.shape.every((d) => d !== null) && extra <= long.shape.length - short.shape.length; extra++) {
    const viewed = [...short.shape, ...new Array<number>(extra).fill(1)];
    if (broadcastShapes(long.shape, viewed)) {
      return message("Fix: view {0} as {1} (write 'reshape {0}_view {1} from {0}' and use {0}_view here), so its sizes line up with the first dimensions of {2}; or make the last sizes equal.", short.name, formatShape(viewed), long.name);
    }
  }
  return message('Fix: change one of the shapes so that these two sizes are equal, or one of them is 1.');
}

const BROADCAST_RULE = 'Shapes broadcast as in NumPy: from the last dimension, sizes are equal, 1, or missing.';

const concat: LayerKindSpec = {
  kind: 'concat',
  family: 'merge',
  title: 'Concatenate',
  explanation: [
    'Joins its inputs side by side along one axis (the last by default).',
    'Every other dimension must agree; the joined axis adds up.',
  ],
  args: [{ name: 'axis', type: { kind: 'int' }, default: -1, doc: 'The axis to join along (of one sample; -1 is the last).' }],
  inputs: { min: 2, max: 16 },
  snippet: 'concat from ${1:a}, ${2:b}',
  infer({ inputs, args }) {
    const rank = inputs[0].shape.length;
    const axisArg = args.int('axis');
    const axis = axisArg < 0 ? rank + axisArg : axisArg;
    if (axis < 0 || axis >= rank) {
      throw new RuleError(DiagnosticCodes.outOfRange, message('Axis {0} does not exist in shape {1}.', axisArg, formatShape(inputs[0].shape)), 'axis');
    }
    const out: Dim[] = [...inputs[0].shape];
    const parts: string[] = [String(inputs[0].shape[axis])];
    for (let i = 1; i < inputs.length; i++) {
      const s = inputs[i].shape;
      const fits = s.length === rank && s.every((d, k) => k === axis || d === out[k] || d === null || out[k] === null);
      if (!fits) {
        throw new RuleError(
          DiagnosticCodes.incompatibleShapes,
          message('Cannot concatenate {0} {1} with {2} {3} on axis {4}: the other dimensions must be equal.', inputs[0].name, formatShape(inputs[0].shape), inputs[i].name, formatShape(s), axisArg),
          undefined,
          i,
        );
      }
      out[axis] = out[axis] === null || s[axis] === null ? null : (out[axis] as number) + (s[axis] as number);
      parts.push(String(s[axis]));
    }
    const shapeFormula = out[axis] === null ? [] : [formula('joined axis', parts.join(' + '), out[axis] as number)];
    return { ...noParams(out), shapeFormula };
  },
};

export const normalizationAndMergeLayers: LayerKindSpec[] = [
  batchnorm,
  layernorm,
  broadcastMerge('add', 'Add', '+', ['Adds its inputs element by element: a residual (skip) connection adds a block’s input to its output.', BROADCAST_RULE]),
  broadcastMerge('subtract', 'Subtract', '−', ['Subtracts its second input from its first, element by element.', BROADCAST_RULE], 2),
  broadcastMerge('multiply', 'Multiply', '×', ['Multiplies its inputs element by element, as a gate scales a signal.', BROADCAST_RULE]),
  broadcastMerge('average', 'Average', 'avg', ['Averages its inputs element by element.', BROADCAST_RULE]),
  concat,
];
