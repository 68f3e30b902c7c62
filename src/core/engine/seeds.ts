// Seeds derived from one training seed, so every random choice of a step (dropout masks,
// shuffling) can be replayed: the same (seed, step, layer) always gives the same numbers.

/** A 32-bit mix (splitmix32-style) of the arguments; stable across platforms. */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

export function stepSeed(seed: number, step: number): number {
  return mixSeed(seed, step, 0x5354);
}

export function layerSeed(stepSeedValue: number, layerIndex: number): number {
  return mixSeed(stepSeedValue, layerIndex, 0x4c59);
}
