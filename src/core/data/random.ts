// Seeded randomness for everything that must repeat: data sets, initializers, dropout masks,
// shuffling. xoshiro128** (Blackman & Vigna) over 32-bit integers: fast in plain JavaScript,
// identical on every platform, so the same seed gives the same numbers in the extension host,
// the webview, the CLI and the tests. Math.random is never used.

/** 32-bit FNV-1a of a string: turns a stream label into seed material. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** SplitMix32 step: spreads a few seed bits over a whole 32-bit word (used only for seeding). */
function splitMix32(state: { value: number }): number {
  state.value = (state.value + 0x9e3779b9) | 0;
  let z = state.value;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Seed material from any finite number: both 32-bit halves of an integer seed count. */
function seedWord(seed: number, stream: string): number {
  if (!Number.isFinite(seed)) throw new RangeError(`Random seed must be a finite number, got ${seed}`);
  const whole = Math.trunc(seed);
  const low = whole >>> 0;
  const high = Math.floor(whole / 0x100000000) >>> 0;
  return (low ^ Math.imul(high, 0x9e3779b1) ^ hashString(stream)) >>> 0;
}

type NumericArray = number[] | Float32Array | Float64Array | Int32Array | Uint8Array | Uint32Array;

/**
 * A seeded pseudo-random generator. Not for cryptography. Each instance is one independent
 * stream; use `Random.stream(seed, label)` to give each consumer (a layer's initializer, a
 * dropout layer, the data set) its own stream, so that adding one consumer does not shift the
 * numbers of the others.
 */
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  /** The second value of the last Box–Muller pair, kept for the next `normal()` call. */
  private spareNormal: number | undefined;

  constructor(seed: number, stream = '') {
    const state = { value: seedWord(seed, stream) };
    this.s0 = splitMix32(state);
    this.s1 = splitMix32(state);
    this.s2 = splitMix32(state);
    this.s3 = splitMix32(state);
    // The all-zero state is the one state xoshiro never leaves.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** An independent stream for one consumer: depends only on the seed and the label. */
  static stream(seed: number, label: string): Random {
    return new Random(seed, label);
  }

  /** A child stream drawn from this one (its numbers depend on how far this stream has gone). */
  fork(label = ''): Random {
    return new Random(this.nextUint32(), label);
  }

  /** The next 32-bit unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1), with 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / 0x100000000;
  }

  /** Uniform in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.next();
  }

  /** A uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!(n >= 1) || n > 0x100000000 || !Number.isInteger(n)) throw new RangeError(`Random.int needs a whole n in [1, 2^32], got ${n}`);
    const limit = 0x100000000 - (0x100000000 % n);
    let value = this.nextUint32();
    while (value >= limit) value = this.nextUint32();
    return value % n;
  }

  /** True with probability p (a dropout keep/drop decision, a coin). */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /**
   * Normal with the given mean and standard deviation, by the Box–Muller transform:
   * z0 = √(−2 ln u1)·cos(2π u2), z1 = √(−2 ln u1)·sin(2π u2). Each pair of uniforms gives two
   * values; the second is kept for the next call.
   */
  normal(mean = 0, std = 1): number {
    let z = this.spareNormal;
    if (z === undefined) {
      const u1 = 1 - this.next(); // in (0, 1]: log(0) would be −∞
      const u2 = this.next();
      const radius = Math.sqrt(-2 * Math.log(u1));
      z = radius * Math.cos(2 * Math.PI * u2);
      this.spareNormal = radius * Math.sin(2 * Math.PI * u2);
    } else {
      this.spareNormal = undefined;
    }
    return mean + std * z;
  }

  /** Normal, redrawn while more than two standard deviations from the mean (Keras' truncated normal). */
  truncatedNormal(mean = 0, std = 1): number {
    let z = this.normal();
    while (Math.abs(z) > 2) z = this.normal();
    return mean + std * z;
  }

  /** Fills `out` with uniform values in [low, high) and returns it. */
  fillUniform<T extends Float32Array | Float64Array | number[]>(out: T, low = 0, high = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform(low, high);
    return out;
  }

  /** Fills `out` with normal values and returns it. */
  fillNormal<T extends Float32Array | Float64Array | number[]>(out: T, mean = 0, std = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /** Shuffles in place (Fisher–Yates, from the end, as TensorFlow Playground does) and returns the array. */
  shuffle<T extends unknown[] | NumericArray>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const held = items[i];
      items[i] = items[j];
      items[j] = held;
    }
    return items;
  }

  /** A random ordering of 0 … n−1. */
  permutation(n: number): Int32Array {
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    return this.shuffle(order);
  }

  /** One element, uniformly. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Random.choice needs a non-empty list');
    return items[this.int(items.length)];
  }

  /** k distinct indices from 0 … n−1, in random order. */
  sampleIndices(n: number, k: number): Int32Array {
    if (k > n) throw new RangeError(`Cannot draw ${k} distinct indices from ${n}`);
    return this.permutation(n).slice(0, k);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
