// The seeded generator: pinned to an independent implementation (so the engine's numbers
// never change silently), deterministic per seed and stream, and with the distributions it
// claims.

import * as assert from 'node:assert/strict';
import { Random } from '../../../src/core/data/random';

function draws(random: Random, n: number): number[] {
  return Array.from({ length: n }, () => random.nextUint32());
}

function meanAndStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

describe('Random', () => {
  it('matches a separate implementation of SplitMix32 seeding + xoshiro128** (computed in Python)', () => {
    assert.deepEqual(draws(new Random(1), 5), [3296685081, 292216795, 3203276040, 3343330025, 3022133357]);
    assert.deepEqual(draws(Random.stream(42, 'data:xor'), 3), [2372504750, 2413302547, 3731888934]);
    assert.deepEqual(draws(new Random(2 ** 40 + 5), 2), [875273347, 1668215701], 'bits above 32 count');
  });

  it('gives the same numbers for the same seed and stream, others for another seed or stream', () => {
    assert.deepEqual(draws(new Random(7), 20), draws(new Random(7), 20));
    assert.notDeepEqual(draws(new Random(7), 20), draws(new Random(8), 20));
    assert.notDeepEqual(draws(Random.stream(7, 'init:dense1'), 20), draws(Random.stream(7, 'init:dense2'), 20));
    assert.notDeepEqual(draws(new Random(2 ** 32), 4), draws(new Random(0), 4));
  });

  it('refuses a seed that is not a finite number', () => {
    assert.throws(() => new Random(Number.NaN), RangeError);
  });

  it('uniform stays in [low, high) with the right mean', () => {
    const random = new Random(3);
    const values = Array.from({ length: 20000 }, () => random.uniform(-2, 6));
    assert.ok(values.every((v) => v >= -2 && v < 6));
    assert.ok(Math.abs(meanAndStd(values).mean - 2) < 0.06);
  });

  it('int(n) covers 0 … n−1 evenly', () => {
    const random = new Random(4);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60000; i++) counts[random.int(6)]++;
    assert.ok(counts.every((c) => Math.abs(c - 10000) < 400), String(counts));
    assert.throws(() => random.int(0), RangeError);
    assert.throws(() => random.int(2.5), RangeError);
  });

  it('normal has the requested mean and standard deviation (Box–Muller)', () => {
    const random = new Random(5);
    const { mean, std } = meanAndStd(Array.from({ length: 40000 }, () => random.normal(4, 1.25)));
    assert.ok(Math.abs(mean - 4) < 0.03, `mean ${mean}`);
    assert.ok(Math.abs(std - 1.25) < 0.03, `std ${std}`);
  });

  it('truncated normal stays within two standard deviations', () => {
    const random = new Random(6);
    const values = Array.from({ length: 5000 }, () => random.truncatedNormal(1, 0.5));
    assert.ok(values.every((v) => v >= 0 && v <= 2));
    assert.ok(values.some((v) => v < 0.1) && values.some((v) => v > 1.9), 'reaches near both cuts');
  });

  it('fills typed arrays', () => {
    const random = new Random(9);
    const normal = random.fillNormal(new Float32Array(4000), 0, 2);
    assert.ok(Math.abs(meanAndStd([...normal]).std - 2) < 0.1);
    assert.ok(random.fillUniform(new Float32Array(100), 5, 6).every((v) => v >= 5 && v <= 6));
  });

  it('shuffle and permutation reorder without losing or repeating anything', () => {
    const random = new Random(10);
    const order = random.permutation(100);
    assert.deepEqual([...order].sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i));
    assert.notDeepEqual([...order], Array.from({ length: 100 }, (_, i) => i));
    const words = random.shuffle(['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual([...words].sort(), ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual([...new Random(11).permutation(10)], [...new Random(11).permutation(10)]);
  });

  it('every position of a shuffle is equally likely', () => {
    const random = new Random(12);
    const firsts = new Array(4).fill(0);
    for (let i = 0; i < 8000; i++) firsts[random.shuffle([0, 1, 2, 3])[0]]++;
    assert.ok(firsts.every((c) => Math.abs(c - 2000) < 200), String(firsts));
  });

  it('choice, sampleIndices and bernoulli', () => {
    const random = new Random(13);
    assert.ok(['x', 'y'].includes(random.choice(['x', 'y'])));
    assert.throws(() => random.choice([]), RangeError);
    const picked = random.sampleIndices(50, 10);
    assert.equal(new Set(picked).size, 10);
    assert.ok(picked.every((i) => i >= 0 && i < 50));
    assert.throws(() => random.sampleIndices(3, 4), RangeError);
    const kept = Array.from({ length: 10000 }, () => random.bernoulli(0.8)).filter(Boolean).length;
    assert.ok(Math.abs(kept - 8000) < 200, String(kept));
  });

  it('fork gives a child stream that depends on the parent', () => {
    const a = new Random(14);
    const b = new Random(14);
    assert.deepEqual(draws(a.fork('x'), 3), draws(b.fork('x'), 3));
    assert.notDeepEqual(draws(a.fork('x'), 3), draws(new Random(14).fork('x'), 3), 'the second fork of a stream differs from the first');
  });
});
