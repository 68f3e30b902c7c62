// What a statement may say: the argument specs of every layer kind and section, and the
// shape rule each layer kind brings. Specs are data, so completion, hover, snippets, the
// README's reference and the checker all read the same table.

import { DiagnosticCode } from './diagnostics';
import { Message } from './localize';
import { Dim, Shape } from './shape';

export type ArgType =
  | { readonly kind: 'int'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'number'; readonly min?: number; readonly max?: number; readonly belowMax?: boolean }
  | { readonly kind: 'bool' }
  | { readonly kind: 'choice'; readonly choices: readonly string[] }
  /** A list of dimensions; `-1` allowed where `allowInfer`, `None` where `allowUnknown`. */
  | { readonly kind: 'shape'; readonly allowInfer?: boolean; readonly allowUnknown?: boolean }
  /** An int or a list of `rank` ints, as Keras' kernel_size and strides. */
  | { readonly kind: 'ints'; readonly rank: number; readonly min?: number }
  /** `valid`, `same`, or an int (or list of ints) of zero padding on each side. */
  | { readonly kind: 'padding'; readonly rank: number }
  /** Zeros added per axis: an int, one int per axis, or [before, after] per axis; kept flat as [before₀, after₀, before₁, after₁, …]. */
  | { readonly kind: 'sidePadding'; readonly rank: number }
  | { readonly kind: 'tensor' }
  | { readonly kind: 'words' }
  | { readonly kind: 'string' };

export type ArgValue = number | boolean | string | readonly number[] | readonly string[] | Dim[] | TensorLiteral;

export interface TensorLiteral {
  readonly shape: readonly number[];
  readonly values: readonly number[];
}

/**
 * Arguments that give a parameter's values literally, and the parameter each fills: `weights=`
 * and `bias=` for dense and convolutions, the projections for attention (the course's
 * attention table, number for number).
 */
export const LITERAL_PARAMS: Readonly<Record<string, string>> = {
  weights: 'kernel',
  bias: 'bias',
  query_weights: 'query/kernel',
  key_weights: 'key/kernel',
  value_weights: 'value/kernel',
  output_weights: 'attention_output/kernel',
};

export interface ArgSpec {
  readonly name: string;
  readonly type: ArgType;
  readonly positional?: boolean;
  readonly required?: boolean;
  readonly default?: ArgValue;
  readonly aliases?: readonly string[];
  readonly doc: string;
}

export interface ParamSpec {
  /** Keras' weight name: kernel, bias, gamma, beta, moving_mean, embeddings, … */
  readonly name: string;
  readonly shape: readonly number[];
  readonly trainable: boolean;
}

/** `⌊(14 + 2·0 − 5) / 1⌋ + 1` = 10: views join them, formatting the result for the reader. */
export interface FormulaLine {
  readonly label: Message;
  readonly expression: string;
  readonly result: number;
}

/** What a layer's shape rule finds; the formulas are for people (hover) and not kept by the checker. */
export interface InferResult {
  readonly output: Shape;
  readonly dtype?: 'float32' | 'int32';
  /** Extra named outputs (`lstm1.state_h`). */
  readonly ports?: Readonly<Record<string, Shape>>;
  readonly params: readonly ParamSpec[];
  readonly shapeFormula: readonly FormulaLine[];
  readonly paramFormula: readonly FormulaLine[];
}

/** What the checker keeps of an InferResult: a 10 MB file must not hold every formula in memory. */
export type LayerShape = Omit<InferResult, 'shapeFormula' | 'paramFormula'>;

export interface InputInfo {
  readonly name: string;
  readonly shape: Shape;
  readonly dtype: 'float32' | 'int32';
}

/** A problem a shape rule finds; the checker turns it into a diagnostic on the right range. */
export class RuleError extends Error {
  constructor(
    readonly code: DiagnosticCode,
    readonly detail: Message,
    readonly argument?: string,
    readonly inputIndex?: number,
  ) {
    super(detail.template);
  }
}

export interface Args {
  has(name: string): boolean;
  int(name: string): number;
  number(name: string): number;
  bool(name: string): boolean;
  string(name: string): string;
  ints(name: string): number[];
  shape(name: string): Dim[];
  tensor(name: string): TensorLiteral | undefined;
  /** `valid`, `same`, or explicit per-axis padding. */
  padding(name: string): 'valid' | 'same' | number[];
  raw(name: string): ArgValue | undefined;
}

export interface InferContext {
  readonly inputs: readonly InputInfo[];
  readonly args: Args;
}

export type Family =
  | 'input'
  | 'core'
  | 'activation'
  | 'regularization'
  | 'normalization'
  | 'reshape'
  | 'merge'
  | 'convolution'
  | 'pooling'
  | 'embedding'
  | 'attention'
  | 'recurrent'
  | 'graph';

export interface LayerKindSpec {
  readonly kind: string;
  readonly family: Family;
  readonly title: string;
  /** Two short lines for the hover, in the course's terms. */
  /** Two lines on what the layer does; a third, where there is one, explains its shape formula. */
  readonly explanation: readonly [string, string, ...string[]];
  readonly args: readonly ArgSpec[];
  /** How many inputs it takes: 0 for `input`, 1 for most, more for merges. */
  readonly inputs: { readonly min: number; readonly max: number };
  readonly ports?: readonly string[];
  readonly snippet: string;
  /**
   * A wrapper (bidirectional, time_distributed): its first value is the kind of the layer it
   * wraps, one of these; the values and options after it are that layer's, checked as if it
   * were written alone. `args` are the wrapper's own (the kind word is the `layer` argument).
   */
  readonly wraps?: readonly string[];
  infer(context: InferContext): InferResult;
}

export interface SectionSpec {
  readonly keyword: 'data' | 'loss' | 'optimizer' | 'compare' | 'train' | 'gan' | 'weights';
  readonly title: string;
  /** Names the first word may take (`loss mse`, `compare optimizer`); empty for `train`. */
  readonly choices: readonly ChoiceSpec[];
  readonly args: readonly ArgSpec[];
  readonly snippet: string;
}

export interface ChoiceSpec {
  readonly name: string;
  readonly doc: string;
  readonly args?: readonly ArgSpec[];
}
