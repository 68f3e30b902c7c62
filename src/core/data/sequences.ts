// Sequence tasks for recurrent networks and transformers. Each example is a window of
// `length` steps. The target follows the model's output: an output with a position axis
// ([length, units], return_sequences=true or a transformer) gets a target at every position;
// an output without one ([units]) gets the single value that follows the window.
//
//   sine      windows of sin(φ + k·Δ) + noise, Δ = 2π/16 (16 steps a period), random phase φ;
//             target: the next value (at each position: the value one step later)
//   counting  tokens s, s+1, s+2, … (mod vocab) from a random start s; target: the next token
//             (at each position: the token one step later)
//   copy      random tokens; target at each position: the same token
//   reverse   random tokens; target at each position: the token at the mirrored position

import { Examples, FamilyContext } from './family';
import { classTargets, hasPositionAxis } from './targets';
import { floatTensor, intTensor } from './tensors';

const SINE_STEP = (2 * Math.PI) / 16;

export function sineExamples(context: FamilyContext): Examples {
  const samples = context.args.number('samples');
  const length = context.args.number('length');
  const noise = context.args.number('noise');
  const perPosition = hasPositionAxis(context.model);
  const inputs = new Float32Array(samples * length);
  const targets = new Float32Array(samples * (perPosition ? length : 1));
  const series = new Float32Array(length + 1);
  for (let n = 0; n < samples; n++) {
    const phase = context.random.uniform(0, 2 * Math.PI);
    for (let k = 0; k <= length; k++) series[k] = Math.sin(phase + k * SINE_STEP) + (noise > 0 ? context.random.normal(0, noise) : 0);
    inputs.set(series.subarray(0, length), n * length);
    if (perPosition) targets.set(series.subarray(1), n * length);
    else targets[n] = series[length];
  }
  return {
    inputs: [floatTensor([samples, length, 1], inputs)],
    targets: floatTensor(perPosition ? [samples, length, 1] : [samples, 1], targets),
    task: 'regression',
  };
}

type TokenRule = (context: FamilyContext, length: number, vocab: number) => { tokens: Int32Array; next: Int32Array };

/** One example of each token task: its tokens and its per-position targets. */
const TOKEN_RULES: Readonly<Record<string, TokenRule>> = {
  counting: (context, length, vocab) => {
    const start = context.random.int(vocab);
    const tokens = Int32Array.from({ length }, (_, k) => (start + k) % vocab);
    return { tokens, next: Int32Array.from({ length }, (_, k) => (start + k + 1) % vocab) };
  },
  copy: (context, length, vocab) => {
    const tokens = Int32Array.from({ length }, () => context.random.int(vocab));
    return { tokens, next: tokens.slice() };
  },
  reverse: (context, length, vocab) => {
    const tokens = Int32Array.from({ length }, () => context.random.int(vocab));
    return { tokens, next: tokens.slice().reverse() };
  },
};

export function tokenExamples(context: FamilyContext): Examples {
  const samples = context.args.number('samples');
  const length = context.args.number('length');
  const vocab = context.args.number('vocab');
  const rule = TOKEN_RULES[context.name];
  // Only counting has a single "next" token; copy and reverse are targets at every position.
  const perPosition = context.name !== 'counting' || hasPositionAxis(context.model);
  const inputs = new Int32Array(samples * length);
  const ids = new Int32Array(samples * (perPosition ? length : 1));
  for (let n = 0; n < samples; n++) {
    const { tokens, next } = rule(context, length, vocab);
    inputs.set(tokens, n * length);
    if (perPosition) ids.set(next, n * length);
    else ids[n] = next[length - 1];
  }
  return {
    inputs: [intTensor([samples, length], inputs)],
    targets: classTargets(ids, samples, { dataset: context.name, classes: vocab, idShape: perPosition ? [length] : [] }, context.model),
    task: 'sequence',
    classes: vocab,
    labels: Array.from({ length: vocab }, (_, i) => String(i)),
  };
}
