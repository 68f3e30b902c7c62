// Argument resolution: positional values and key=value options of one statement, matched
// against its specs, type-checked, defaults filled in. Problems become diagnostics on the
// value that caused them; a did-you-mean fix is offered for misspelt keys and choices.

import { Diagnostic, DiagnosticCodes, Fix } from './diagnostics';
import { Message, message } from './localize';
import { Dim } from './shape';
import { ArgSpec, ArgType, ArgValue, Args, TensorLiteral } from './spec';
import { closest } from './suggest';
import { OptionNode, ValueNode } from './syntaxTree';
import { Range } from './text';

export interface ResolvedArgs {
  readonly args: Args;
  readonly values: ReadonlyMap<string, ArgValue>;
  /** Where each argument given explicitly was written (its value). */
  readonly ranges: ReadonlyMap<string, Range>;
  /** False when a required argument is missing or a value is invalid: skip shape inference. */
  readonly complete: boolean;
}

export function resolveArgs(
  specs: readonly ArgSpec[],
  positional: readonly ValueNode[],
  options: readonly OptionNode[],
  headRange: Range,
  diagnostics: Diagnostic[],
): ResolvedArgs {
  const values = new Map<string, ArgValue>();
  const ranges = new Map<string, Range>();
  let complete = true;
  const fail = (code: Diagnostic['code'], at: Range, m: Message, fixes?: Fix[]) => {
    diagnostics.push({ severity: 'error', code, message: m, range: at, ...(fixes ? { fixes } : {}) });
    complete = false;
  };
  const accept = (spec: ArgSpec, node: ValueNode) => {
    if (ranges.has(spec.name)) {
      fail(DiagnosticCodes.duplicateArgument, node.range, message("'{0}' is given twice.", spec.name));
      return;
    }
    ranges.set(spec.name, node.range);
    if (node.type === 'missing') {
      complete = false; // the parser has already said what is missing
      return;
    }
    const converted = convert(spec, node);
    if ('error' in converted) fail(converted.code, node.range, converted.error, converted.fixes);
    else values.set(spec.name, converted.value);
  };

  const positionalSpecs = specs.filter((s) => s.positional);
  positional.forEach((node, index) => {
    const spec = positionalSpecs[index];
    if (spec) accept(spec, node);
    else fail(DiagnosticCodes.tooManyArguments, node.range, message('Too many values: this statement takes {0} without a name. Write others as key=value.', positionalSpecs.length));
  });

  for (const option of options) {
    const key = option.key.text;
    const spec = specs.find((s) => s.name === key || s.aliases?.includes(key));
    if (!spec) {
      const names = specs.map((s) => s.name);
      const guess = closest(key, names);
      const fixes = guess ? [{ title: message("Change to '{0}'", guess), edits: [{ range: option.key.range, newText: guess }] }] : undefined;
      fail(
        DiagnosticCodes.unknownArgument,
        option.key.range,
        guess ? message("Unknown argument '{0}'. Did you mean '{1}'?", key, guess) : message("Unknown argument '{0}'. Known: {1}.", key, names.join(', ') || '—'),
        fixes,
      );
      continue;
    }
    accept(spec, option.value);
  }

  for (const spec of specs) {
    if (values.has(spec.name) || ranges.has(spec.name)) continue;
    if (spec.required) {
      const example = exampleValue(spec.type);
      fail(
        DiagnosticCodes.missingArgument,
        headRange,
        spec.positional ? message("Missing '{0}': {1}", spec.name, message(spec.doc)) : message("Missing '{0}=…': {1}", spec.name, message(spec.doc)),
        [{ title: message("Add '{0}'", spec.name), edits: [{ range: { start: headRange.end, end: headRange.end }, newText: spec.positional ? ` ${example}` : ` ${spec.name}=${example}` }] }],
      );
    } else if (spec.default !== undefined) {
      values.set(spec.name, expandDefault(spec));
    }
  }
  return { args: argsView(values), values, ranges, complete };
}

type Conversion = { value: ArgValue } | { error: Message; code: Diagnostic['code']; fixes?: Fix[] };

function convert(spec: ArgSpec, node: ValueNode): Conversion {
  const type = spec.type;
  const wrong = (expected: Message): Conversion => ({
    error: message("'{0}' must be {1}.", spec.name, expected),
    code: DiagnosticCodes.wrongType,
  });
  switch (type.kind) {
    case 'int':
    case 'number': {
      if (node.type !== 'number') return wrong(type.kind === 'int' ? message('a whole number') : message('a number'));
      if (type.kind === 'int' && !Number.isInteger(node.value)) return wrong(message('a whole number'));
      return checkRange(spec, type, node.value);
    }
    case 'bool':
      if (node.type === 'word' && /^(true|false)$/i.test(node.value)) return { value: node.value.toLowerCase() === 'true' };
      return wrong(message('true or false'));
    case 'choice': {
      const text = node.type === 'word' || node.type === 'string' ? node.value : undefined;
      if (text === undefined) return wrong(message('one of {0}', type.choices.join(', ')));
      if (type.choices.includes(text)) return { value: text };
      const guess = closest(text, type.choices);
      return {
        error: guess
          ? message("Unknown {0} '{1}'. Did you mean '{2}'?", spec.name, text, guess)
          : message("Unknown {0} '{1}'. Choose one of: {2}.", spec.name, text, type.choices.join(', ')),
        code: DiagnosticCodes.unknownChoice,
        fixes: guess ? [{ title: message("Change to '{0}'", guess), edits: [{ range: node.range, newText: guess }] }] : undefined,
      };
    }
    case 'string':
      if (node.type === 'string' || node.type === 'word') return { value: node.value };
      return wrong(message('text'));
    case 'words': {
      const items = node.type === 'list' ? node.items : [node];
      const words = items.map((item) => (item.type === 'word' || item.type === 'string' ? item.value : undefined));
      if (words.some((w) => w === undefined)) return wrong(message('a list of names'));
      return { value: words as string[] };
    }
    case 'shape':
      return convertShape(spec, type, node);
    case 'ints': {
      const items = node.type === 'list' ? node.items : [node];
      const ints = items.map((item) => (item.type === 'number' && Number.isInteger(item.value) ? item.value : undefined));
      if (ints.some((v) => v === undefined) || (node.type === 'list' && ints.length !== type.rank)) {
        return wrong(type.rank === 1 ? message('a whole number') : message('a whole number or a list of {0}', type.rank));
      }
      const list = ints.length === 1 ? new Array<number>(type.rank).fill(ints[0] as number) : (ints as number[]);
      if (type.min !== undefined && list.some((v) => v < (type.min as number))) {
        return { error: message("'{0}' must be at least {1}.", spec.name, type.min), code: DiagnosticCodes.outOfRange };
      }
      return { value: list };
    }
    case 'padding': {
      if (node.type === 'word' && (node.value === 'valid' || node.value === 'same')) return { value: node.value };
      const items = node.type === 'list' ? node.items : [node];
      const ints = items.map((item) => (item.type === 'number' && Number.isInteger(item.value) && item.value >= 0 ? item.value : undefined));
      if (ints.some((v) => v === undefined) || (node.type === 'list' && ints.length !== type.rank)) {
        return wrong(message('valid, same, or a number of zeros on each side'));
      }
      return { value: ints.length === 1 ? new Array<number>(type.rank).fill(ints[0] as number) : (ints as number[]) };
    }
    case 'sidePadding':
      return convertSidePadding(spec, type.rank, node);
    case 'tensor': {
      const literal = tensorLiteral(node);
      if (typeof literal === 'string') return { error: message(literal), code: DiagnosticCodes.literalShape };
      return { value: literal };
    }
  }
}

/** `1`, `[1, 2]` or `[[1, 0], [2, 2]]` (Keras' ZeroPadding2D) as flat [before, after] pairs. */
function convertSidePadding(spec: ArgSpec, rank: number, node: ValueNode): Conversion {
  const count = (item: ValueNode) => (item.type === 'number' && Number.isInteger(item.value) && item.value >= 0 ? item.value : undefined);
  const pairOf = (item: ValueNode): number[] | undefined => {
    if (item.type !== 'list') {
      const p = count(item);
      return p === undefined ? undefined : [p, p];
    }
    const both = item.items.map(count);
    return both.length === 2 && both.every((v) => v !== undefined) ? (both as number[]) : undefined;
  };
  const pairs = node.type === 'list' ? (node.items.length === rank ? node.items.map(pairOf) : [undefined]) : new Array(rank).fill(pairOf(node));
  if (pairs.some((p) => p === undefined)) {
    return {
      error: message("'{0}' must be a number of zeros, one per axis like [1, 2], or [before, after] per axis like [[1, 0], [2, 2]].", spec.name),
      code: DiagnosticCodes.wrongType,
    };
  }
  return { value: (pairs as number[][]).flat() };
}

function checkRange(spec: ArgSpec, type: Extract<ArgType, { kind: 'int' | 'number' }>, value: number): Conversion {
  const belowMax = type.kind === 'number' && type.belowMax;
  if (type.min !== undefined && value < type.min) {
    return { error: message("'{0}' must be at least {1}, not {2}.", spec.name, type.min, value), code: DiagnosticCodes.outOfRange };
  }
  if (type.max !== undefined && (value > type.max || (belowMax && value >= type.max))) {
    return {
      error: belowMax ? message("'{0}' must be below {1}, not {2}.", spec.name, type.max, value) : message("'{0}' must be at most {1}, not {2}.", spec.name, type.max, value),
      code: DiagnosticCodes.outOfRange,
    };
  }
  return { value };
}

function convertShape(spec: ArgSpec, type: Extract<ArgType, { kind: 'shape' }>, node: ValueNode): Conversion {
  const items = node.type === 'list' ? node.items : [node];
  const dims: Dim[] = [];
  let inferred = 0;
  for (const item of items) {
    if (item.type === 'word' && (item.value === 'None' || item.value === 'null') && type.allowUnknown) {
      dims.push(null);
    } else if (item.type === 'number' && Number.isInteger(item.value) && (item.value >= 1 || (item.value === -1 && type.allowInfer))) {
      if (item.value === -1) inferred++;
      dims.push(item.value);
    } else {
      return {
        error: type.allowInfer
          ? message("'{0}' must be a list of positive whole numbers (one may be -1), like [4, -1].", spec.name)
          : message("'{0}' must be a list of positive whole numbers, like [28, 28, 1].", spec.name),
        code: DiagnosticCodes.wrongType,
      };
    }
  }
  if (inferred > 1) return { error: message('Only one dimension can be -1.'), code: DiagnosticCodes.wrongType };
  return { value: dims };
}

/** A nested numeric list as a flat row-major array with its shape; a string when ragged. */
export function tensorLiteral(node: ValueNode): TensorLiteral | string {
  if (node.type === 'number') return { shape: [], values: [node.value] };
  if (node.type !== 'list') return 'A literal tensor is a number or a nested list of numbers, like [[1, 0], [0, 1]].';
  const values: number[] = [];
  let shape: number[] | undefined;
  const walk = (n: ValueNode, depth: number, path: number[]): string | undefined => {
    if (n.type === 'number') {
      if (shape === undefined) shape = path.slice();
      else if (shape.length !== depth) return 'Every row of a literal tensor must have the same length and depth.';
      values.push(n.value);
      return undefined;
    }
    if (n.type !== 'list') return 'A literal tensor holds only numbers.';
    if (shape !== undefined && (shape.length <= depth || shape[depth] !== n.items.length)) {
      return 'Every row of a literal tensor must have the same length and depth.';
    }
    if (shape === undefined && n.items.length === 0) return 'A literal tensor cannot be empty.';
    for (const item of n.items) {
      const problem = walk(item, depth + 1, [...path, n.items.length]);
      if (problem) return problem;
    }
    return undefined;
  };
  const problem = walk(node, 0, []);
  return problem ?? { shape: shape ?? [], values };
}

/** `strides=1` means 1 on every axis; defaults are written once, expanded here. */
function expandDefault(spec: ArgSpec): ArgValue {
  const value = spec.default as ArgValue;
  if ((spec.type.kind === 'ints' || spec.type.kind === 'padding') && typeof value === 'number') {
    return new Array<number>(spec.type.rank).fill(value);
  }
  if (spec.type.kind === 'sidePadding' && typeof value === 'number') return new Array<number>(2 * spec.type.rank).fill(value);
  return value;
}

function exampleValue(type: ArgType): string {
  switch (type.kind) {
    case 'int':
      return String(Math.max(type.min ?? 1, 1));
    case 'number':
      return String(type.min !== undefined && type.min > 0 ? type.min : 0.5);
    case 'bool':
      return 'true';
    case 'choice':
      return type.choices[0];
    case 'shape':
      return '[2]';
    case 'ints':
      return '3';
    case 'padding':
      return 'valid';
    case 'sidePadding':
      return '1';
    case 'tensor':
      return '[0]';
    case 'words':
      return '[x1, x2]';
    case 'string':
      return '"file.csv"';
  }
}

export function argsView(values: ReadonlyMap<string, ArgValue>): Args {
  const get = (name: string) => values.get(name);
  return {
    has: (name) => values.has(name),
    int: (name) => get(name) as number,
    number: (name) => get(name) as number,
    bool: (name) => get(name) as boolean,
    string: (name) => String(get(name) ?? ''),
    ints: (name) => ((get(name) as number[]) ?? []).slice(),
    shape: (name) => ((get(name) as Dim[]) ?? []).slice(),
    tensor: (name) => get(name) as TensorLiteral | undefined,
    padding: (name) => {
      const v = get(name);
      return v === 'same' || v === 'valid' ? v : (v as number[]);
    },
    raw: get,
  };
}
