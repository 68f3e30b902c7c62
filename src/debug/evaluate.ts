// The evaluator of debug-console expressions, breakpoint conditions and logpoints, over the
// parser in expressions/parse.ts. What a name means (a role of the current stop, a layer, the
// loss) is the scope's business; here are the rules: statistics as members (`.norm`,
// `.mean()`), NumPy-style indexing, arithmetic, comparisons and logic. Errors are messages.

import * as tf from '@tensorflow/tfjs-core';
import { Message, message } from '../core/lang/localize';
import { TensorStats } from '../core/protocol/panel';
import { readTensors } from '../core/engine/records';
import { BinaryOperator, Expression, IndexPart, parseExpression } from './expressions/parse';

/** Where a tensor came from, so `kernel.grad` can find its gradient. */
export interface Origin {
  readonly layer: string;
  readonly role: string;
}

export type Value =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'tensor'; readonly tensor: tf.Tensor; readonly origin?: Origin }
  | { readonly kind: 'layer'; readonly layer: string };

export interface EvaluationScope {
  /** A bare name: a role of the current stop, an inner operation, a layer, `loss`, `epoch`… */
  name(name: string): Promise<Value | undefined>;
  /** A member of a layer: `conv2.output`, `dense1.kernel`, `dense1.grad`. */
  member(layer: string, name: string): Value | undefined;
  /** The gradient of a tensor with an origin: `kernel.grad` → dKernel of its layer. */
  gradient(origin: Origin): Value | undefined;
  /** Names valid here, for the message of an unknown one. */
  names(): string[];
  /** Adopts a tensor the evaluation made; the scope disposes it when the stop changes. */
  track(tensor: tf.Tensor): void;
}

export type Outcome = { readonly value: Value } | { readonly error: Message };

/** Statistics a tensor answers as members, with or without `()`. */
const STATISTICS = ['norm', 'mean', 'std', 'min', 'max', 'zeros', 'nonFinite'] as const;

class EvaluationError extends Error {
  constructor(readonly detail: Message) {
    super(detail.template);
  }
}

export async function evaluate(text: string, scope: EvaluationScope): Promise<Outcome> {
  const parsed = parseExpression(text);
  if ('error' in parsed) return parsed;
  try {
    return { value: await evaluateExpression(parsed.expression, scope) };
  } catch (error) {
    if (error instanceof EvaluationError) return { error: error.detail };
    throw error;
  }
}

/** A condition's verdict: true or false, or why it cannot say. */
export async function condition(text: string, scope: EvaluationScope): Promise<boolean | Message> {
  const outcome = await evaluate(text, scope);
  if ('error' in outcome) return outcome.error;
  return truthy(outcome.value);
}

export function truthy(value: Value): boolean | Message {
  if (value.kind === 'boolean') return value.value;
  if (value.kind === 'number') return value.value !== 0 && !Number.isNaN(value.value);
  return message('A condition needs a number or a comparison, not a tensor: compare a statistic, for example {0}.', 'output.mean > 0');
}

/** A logpoint's text: each `{expression}` replaced by its value, formatted by `show`. */
export async function interpolate(template: string, scope: EvaluationScope, show: (value: Value) => Promise<string>, describe: (error: Message) => string): Promise<string> {
  const parts = template.split(/(\{[^{}]*\})/);
  const out: string[] = [];
  for (const part of parts) {
    if (!/^\{[^{}]*\}$/.test(part)) {
      out.push(part);
      continue;
    }
    const outcome = await evaluate(part.slice(1, -1), scope);
    out.push('error' in outcome ? `{${part.slice(1, -1)}: ${describe(outcome.error)}}` : await show(outcome.value));
  }
  return out.join('');
}

async function evaluateExpression(e: Expression, scope: EvaluationScope): Promise<Value> {
  switch (e.type) {
    case 'number':
      return { kind: 'number', value: e.value };
    case 'name': {
      const value = await scope.name(e.name);
      if (!value) throw new EvaluationError(message("Unknown name '{0}'. Known here: {1}.", e.name, scope.names().join(', ')));
      return value;
    }
    case 'member':
      return member(await evaluateExpression(e.object, scope), e.name, scope);
    case 'index':
      return index(await evaluateExpression(e.object, scope), e.indices, scope);
    case 'unary': {
      const operand = await evaluateExpression(e.operand, scope);
      if (e.operator === '!') return { kind: 'boolean', value: !asBoolean(operand) };
      if (operand.kind === 'tensor') return tensorValue(scope, tf.neg(operand.tensor));
      return { kind: 'number', value: -asNumber(operand) };
    }
    case 'binary':
      return binary(e.operator, e.left, e.right, scope);
  }
}

async function member(object: Value, name: string, scope: EvaluationScope): Promise<Value> {
  if (object.kind === 'layer') {
    const value = scope.member(object.layer, name);
    if (!value) throw new EvaluationError(message("Layer {0} has no '{1}' here.", object.layer, name));
    return value;
  }
  if (object.kind !== 'tensor') throw new EvaluationError(message("A number has no member '{0}'.", name));
  if (name === 'grad') {
    const gradient = object.origin ? scope.gradient(object.origin) : undefined;
    if (!gradient) throw new EvaluationError(message('This tensor has no gradient in this step.'));
    return gradient;
  }
  if (name === 'size') return { kind: 'number', value: object.tensor.size };
  if (name === 'rank') return { kind: 'number', value: object.tensor.rank };
  if (name === 'sum') return { kind: 'number', value: await scalarOf(tf.tidy(() => tf.sum(tf.cast(object.tensor, 'float32')))) };
  if ((STATISTICS as readonly string[]).includes(name)) return { kind: 'number', value: (await statsOf(object.tensor))[name as keyof TensorStats] };
  throw new EvaluationError(message("Unknown member '{0}' of a tensor. Known: {1}.", name, [...STATISTICS, 'sum', 'size', 'rank', 'grad'].join(', ')));
}

/** NumPy-style indexing: `[0, :, :, 3]`, `[1:3]`, negative indices from the end. */
async function index(object: Value, parts: readonly IndexPart[], scope: EvaluationScope): Promise<Value> {
  if (object.kind !== 'tensor') throw new EvaluationError(message('Only a tensor can be indexed.'));
  const shape = object.tensor.shape;
  if (parts.length > shape.length) throw new EvaluationError(message('Too many indices: the tensor has {0} axes, shape [{1}].', shape.length, shape.join(', ')));
  const begin: number[] = [];
  const size: number[] = [];
  const kept: number[] = [];
  shape.forEach((length, axis) => {
    const part = parts[axis];
    if (part?.type === 'at') {
      const at = part.index < 0 ? length + part.index : part.index;
      if (at < 0 || at >= length) throw new EvaluationError(message('Index {0} is out of range for axis {1} of length {2}.', part.index, axis, length));
      begin.push(at);
      size.push(1);
      return;
    }
    const clamp = (v: number) => Math.min(length, Math.max(0, v < 0 ? length + v : v));
    const start = part?.start === undefined ? 0 : clamp(part.start);
    const end = part?.end === undefined ? length : clamp(part.end);
    begin.push(start);
    size.push(Math.max(0, end - start));
    kept.push(Math.max(0, end - start));
  });
  if (!kept.length) return { kind: 'number', value: await scalarOf(tf.slice(object.tensor, begin, size)) };
  return tensorValue(scope, tf.tidy(() => tf.reshape(tf.slice(object.tensor, begin, size), kept)));
}

async function binary(operator: BinaryOperator, leftExpression: Expression, rightExpression: Expression, scope: EvaluationScope): Promise<Value> {
  const left = await evaluateExpression(leftExpression, scope);
  // && and || look at the right side only when they must, as in every C-like language.
  if (operator === '&&') return { kind: 'boolean', value: asBoolean(left) && asBoolean(await evaluateExpression(rightExpression, scope)) };
  if (operator === '||') return { kind: 'boolean', value: asBoolean(left) || asBoolean(await evaluateExpression(rightExpression, scope)) };
  const right = await evaluateExpression(rightExpression, scope);
  if (operator === '+' || operator === '-' || operator === '*' || operator === '/') {
    if (left.kind === 'tensor' || right.kind === 'tensor') {
      const a = asOperand(left);
      const b = asOperand(right);
      const ops = { '+': tf.add, '-': tf.sub, '*': tf.mul, '/': tf.div };
      try {
        return tensorValue(scope, tf.tidy(() => ops[operator](a, b)));
      } catch {
        throw new EvaluationError(message('The shapes do not broadcast: [{0}] and [{1}].', shapeOf(left), shapeOf(right)));
      }
    }
    const a = asNumber(left);
    const b = asNumber(right);
    return { kind: 'number', value: operator === '+' ? a + b : operator === '-' ? a - b : operator === '*' ? a * b : a / b };
  }
  const a = asNumber(left);
  const b = asNumber(right);
  const result = { '==': a === b, '!=': a !== b, '<': a < b, '<=': a <= b, '>': a > b, '>=': a >= b }[operator];
  return { kind: 'boolean', value: result };
}

function tensorValue(scope: EvaluationScope, tensor: tf.Tensor): Value {
  scope.track(tensor);
  return { kind: 'tensor', tensor };
}

function asOperand(value: Value): tf.Tensor | number {
  return value.kind === 'tensor' ? value.tensor : asNumber(value);
}

function shapeOf(value: Value): string {
  return value.kind === 'tensor' ? value.tensor.shape.join(', ') : '';
}

function asNumber(value: Value): number {
  if (value.kind === 'number') return value.value;
  if (value.kind === 'boolean') return value.value ? 1 : 0;
  if (value.kind === 'tensor') throw new EvaluationError(message('Compare numbers, not tensors: use a statistic, for example {0}.', 'output.mean'));
  throw new EvaluationError(message('Layer {0} is not a number: use one of its tensors, for example {1}.', value.layer, `${value.layer}.output.mean`));
}

function asBoolean(value: Value): boolean {
  const verdict = truthy(value);
  if (typeof verdict !== 'boolean') throw new EvaluationError(verdict);
  return verdict;
}

/** Reads a one-element tensor and disposes it. */
async function scalarOf(tensor: tf.Tensor): Promise<number> {
  try {
    return (await tensor.data())[0];
  } finally {
    tensor.dispose();
  }
}

/** Statistics as the Variables view shows them (NaN and Inf counted, the rest over finite entries). */
export async function statsOf(tensor: tf.Tensor): Promise<TensorStats> {
  return (await readTensors({ t: tensor }, { values: false })).t.stats;
}
