// Pieces every layer family shares: activation and initializer names, the argument specs of
// a trainable layer, and the small helpers shape rules use to state their formulas.

import { DiagnosticCodes } from '../diagnostics';
import { Message, message } from '../localize';
import { Dim, Shape, formatShape } from '../shape';
import { ArgSpec, FormulaLine, InputInfo, ParamSpec, RuleError } from '../spec';

export const ACTIVATIONS = [
  'linear',
  'identity',
  'step',
  'sigmoid',
  'tanh',
  'relu',
  'leaky_relu',
  'elu',
  'gelu',
  'softmax',
] as const;

export const INITIALIZERS = [
  'glorot_uniform',
  'glorot_normal',
  'xavier_uniform',
  'xavier_normal',
  'he_uniform',
  'he_normal',
  'lecun_uniform',
  'lecun_normal',
  'zeros',
  'ones',
  'random_normal',
  'random_uniform',
] as const;

export const activationArg: ArgSpec = {
  name: 'activation',
  type: { kind: 'choice', choices: ACTIVATIONS },
  default: 'linear',
  doc: 'Activation f applied to Z: A = f(Z).',
};

/** The arguments of any layer with a kernel and a bias. */
export function trainableArgs(kernelDefault = 'glorot_uniform'): ArgSpec[] {
  return [
    activationArg,
    { name: 'use_bias', type: { kind: 'bool' }, default: true, doc: 'Whether the layer adds a bias b.' },
    {
      name: 'kernel_initializer',
      type: { kind: 'choice', choices: INITIALIZERS },
      default: kernelDefault,
      aliases: ['init'],
      doc: 'How W is initialised (Glorot: Var(W) = 2/(n_in + n_out)).',
    },
    { name: 'bias_initializer', type: { kind: 'choice', choices: INITIALIZERS }, default: 'zeros', doc: 'How b is initialised.' },
    { name: 'l1', type: { kind: 'number', min: 0 }, default: 0, doc: 'L1 penalty λ on this layer’s weights (Lasso).' },
    { name: 'l2', type: { kind: 'number', min: 0 }, default: 0, doc: 'L2 penalty λ on this layer’s weights (Ridge, weight decay).' },
    { name: 'weights', type: { kind: 'tensor' }, doc: 'Literal weights W, to reproduce a worked example.' },
    { name: 'bias', type: { kind: 'tensor' }, doc: 'Literal bias b.' },
  ];
}

export function formula(label: string, expression: string, result: number, ...args: (string | number)[]): FormulaLine {
  return { label: message(label, ...args), expression, result };
}

export function param(name: string, shape: readonly number[], trainable = true): ParamSpec {
  return { name, shape, trainable };
}

export function product(factors: readonly number[]): string {
  return factors.join('·');
}

/** The single input of a one-input layer, with its rank checked. */
export function singleInput(inputs: readonly InputInfo[], rank: number | { min: number }, expected: Message): InputInfo {
  const input = inputs[0];
  const ok = typeof rank === 'number' ? input.shape.length === rank : input.shape.length >= rank.min;
  if (!ok) {
    throw new RuleError(
      DiagnosticCodes.wrongRank,
      message('This layer expects input of shape {0}, but {1} gives {2}.', expected, input.name, formatShape(input.shape)),
      undefined,
      0,
    );
  }
  return input;
}

export function lastDim(input: InputInfo): number {
  const d = input.shape[input.shape.length - 1];
  if (d === null || d === undefined) {
    throw new RuleError(
      DiagnosticCodes.unknownDimension,
      message("The last dimension of {0}'s output must be known here, but it is None.", input.name),
      undefined,
      0,
    );
  }
  return d;
}

export function requireKnown(d: Dim, what: Message, inputName: string): number {
  if (d === null) {
    throw new RuleError(
      DiagnosticCodes.unknownDimension,
      message('The {0} of {1} must be known before running, but it is None.', what, inputName),
      undefined,
      0,
    );
  }
  return d;
}

export function noParams(output: Shape, dtype?: 'float32' | 'int32') {
  return { output, dtype, params: [], shapeFormula: [], paramFormula: [] };
}
