// One neuron on two inputs separates the plane with a straight line: w1·x1 + w2·x2 + b = 0 is
// where a step fires, where a sigmoid says 0.5 and where tanh says 0 — the course's picture of
// the perceptron (AND: 4·x1 + 5·x2 − 6 = 0, that is x2 = −4/5·x1 + 6/5). Pure: the panel draws
// the line from the trained weights, the hover writes it from literal ones.

import { ArgValue, TensorLiteral } from '../lang/spec';
import { Dim } from '../lang/shape';
import { GraphLayer, ModelGraph } from './graph';

export interface DecisionLine {
  readonly w1: number;
  readonly w2: number;
  readonly b: number;
}

/** Activations whose two classes meet exactly where Z = 0. */
const LINE_ACTIVATIONS: readonly string[] = ['step', 'sigmoid', 'tanh'];

/** A dense layer of one neuron with such an activation, fed straight from a two-value input. */
function isLineNeuron(kind: string, args: (name: string) => ArgValue | undefined, inputKind: string | undefined, inputShape: readonly Dim[] | undefined): boolean {
  return (
    kind === 'dense' &&
    args('units') === 1 &&
    LINE_ACTIVATIONS.includes(String(args('activation'))) &&
    inputKind === 'input' &&
    inputShape?.length === 1 &&
    inputShape[0] === 2
  );
}

/** The model's output layer when it draws a line over (x1, x2); undefined otherwise. */
export function decisionNeuron(graph: ModelGraph): GraphLayer | undefined {
  const output = graph.layers.find((l) => l.name === graph.output);
  if (!output || output.inputs.length !== 1 || output.inputs[0].port) return undefined;
  const source = graph.layers.find((l) => l.name === output.inputs[0].layer);
  return isLineNeuron(output.kind, (name) => output.attrs[name], source?.kind, source?.outputShape) ? output : undefined;
}

/** The line of a layer whose weights (and bias, unless it has none) are written in the file. */
export function literalDecisionLine(kind: string, args: ReadonlyMap<string, ArgValue>, inputKind: string | undefined, inputShape: readonly Dim[] | undefined): DecisionLine | undefined {
  if (!isLineNeuron(kind, (name) => args.get(name), inputKind, inputShape)) return undefined;
  const weights = args.get('weights') as TensorLiteral | undefined;
  const bias = args.get('bias') as TensorLiteral | undefined;
  if (!weights || weights.values.length !== 2) return undefined;
  if (args.get('use_bias') === false) return { w1: weights.values[0], w2: weights.values[1], b: 0 };
  if (!bias || bias.values.length !== 1) return undefined;
  return { w1: weights.values[0], w2: weights.values[1], b: bias.values[0] };
}

const MINUS = '−';

function gcd(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : gcd(b, a % b);
}

function isWhole(line: DecisionLine): boolean {
  return [line.w1, line.w2, line.b].every((v) => Number.isInteger(v) && Math.abs(v) < 1e6);
}

/** A number as the course writes it: 3 significant digits at most, a true minus sign. */
function decimal(value: number): string {
  const text = String(Number(Math.abs(value).toPrecision(3)));
  return value < 0 ? `${MINUS}${text}` : text;
}

/** p/q reduced, or a decimal when the coefficients are not whole. */
function ratio(p: number, q: number, whole: boolean): { negative: boolean; text: string } {
  const negative = p * q < 0;
  if (!whole) return { negative, text: decimal(Math.abs(p / q)) };
  const d = gcd(Math.abs(p), Math.abs(q)) || 1;
  const top = Math.abs(p) / d;
  const bottom = Math.abs(q) / d;
  return { negative, text: bottom === 1 ? String(top) : `${top}/${bottom}` };
}

/** Terms joined with signs: [['4', 'x1'], ['−6', '']] → "4·x1 − 6". */
function joinTerms(terms: readonly { negative: boolean; text: string; symbol: string }[]): string {
  const shown = terms.filter((t) => t.text !== '0');
  if (!shown.length) return '0';
  return shown
    .map((t, i) => {
      const body = t.symbol ? (t.text === '1' ? t.symbol : `${t.text}·${t.symbol}`) : t.text;
      if (i === 0) return t.negative ? `${MINUS}${body}` : body;
      return `${t.negative ? MINUS : '+'} ${body}`;
    })
    .join(' ');
}

/**
 * The line as the course writes it: the neuron's equation `4·x1 + 5·x2 − 6 = 0` and, solved for
 * x2 (or x1 when w2 = 0), `x2 = −4/5·x1 + 6/5`; fractions when the weights are whole numbers.
 * Undefined when w1 = w2 = 0 (no line: the neuron answers the same everywhere).
 */
export function lineEquation(line: DecisionLine): { readonly general: string; readonly solved: string } | undefined {
  const { w1, w2, b } = line;
  if (w1 === 0 && w2 === 0) return undefined;
  const whole = isWhole(line);
  const coefficient = (v: number, symbol: string) => ({ negative: v < 0, text: whole ? String(Math.abs(v)) : decimal(Math.abs(v)), symbol });
  const general = `${joinTerms([coefficient(w1, 'x1'), coefficient(w2, 'x2'), coefficient(b, '')])} = 0`;
  const solved =
    w2 !== 0
      ? `x2 = ${joinTerms([{ ...ratio(-w1, w2, whole), symbol: 'x1' }, { ...ratio(-b, w2, whole), symbol: '' }])}`
      : `x1 = ${joinTerms([{ ...ratio(-b, w1, whole), symbol: '' }])}`;
  return { general, solved };
}

/**
 * The part of the line inside extent [x0, x1, y0, y1], as its two ends (x, y, x, y); undefined
 * when the line misses the extent or there is no line.
 */
export function lineSegment(line: DecisionLine, extent: readonly [number, number, number, number]): [number, number, number, number] | undefined {
  const { w1, w2, b } = line;
  const [x0, x1, y0, y1] = extent;
  if (w1 === 0 && w2 === 0) return undefined;
  const ends: [number, number][] = [];
  const add = (x: number, y: number) => {
    const eps = 1e-9 * Math.max(1, Math.abs(x1 - x0), Math.abs(y1 - y0));
    if (x < x0 - eps || x > x1 + eps || y < y0 - eps || y > y1 + eps) return;
    if (ends.some(([ex, ey]) => Math.abs(ex - x) <= eps && Math.abs(ey - y) <= eps)) return;
    ends.push([x, y]);
  };
  if (w2 !== 0) {
    add(x0, -(w1 * x0 + b) / w2);
    add(x1, -(w1 * x1 + b) / w2);
  }
  if (w1 !== 0) {
    add(-(w2 * y0 + b) / w1, y0);
    add(-(w2 * y1 + b) / w1, y1);
  }
  if (ends.length < 2) return undefined;
  return [ends[0][0], ends[0][1], ends[1][0], ends[1][1]];
}
