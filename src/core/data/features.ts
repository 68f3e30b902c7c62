// TensorFlow Playground's input features: each example's raw point (x1, x2) becomes the vector
// of the features the model file asks for, in the order it lists them. The formulas are
// Playground's own (playground.ts, INPUTS): no scaling, sin in radians.

import { PLAYGROUND_FEATURES } from '../lang/sections';

export type Feature = (typeof PLAYGROUND_FEATURES)[number];

export const FEATURE_FUNCTIONS: Readonly<Record<Feature, (x1: number, x2: number) => number>> = {
  x1: (x1) => x1,
  x2: (_x1, x2) => x2,
  x1_sq: (x1) => x1 * x1,
  x2_sq: (_x1, x2) => x2 * x2,
  x1_x2: (x1, x2) => x1 * x2,
  sin_x1: (x1) => Math.sin(x1),
  sin_x2: (_x1, x2) => Math.sin(x2),
};

export function isFeature(name: string): name is Feature {
  return (PLAYGROUND_FEATURES as readonly string[]).includes(name);
}

/**
 * The model's input for each point: `points` holds (x1, x2) pairs interleaved; the result has
 * `features.length` values per point, row after row.
 */
export function applyFeatures(points: Float32Array, features: readonly Feature[]): Float32Array {
  const count = points.length / 2;
  const functions = features.map((f) => FEATURE_FUNCTIONS[f]);
  const out = new Float32Array(count * features.length);
  for (let i = 0; i < count; i++) {
    const x1 = points[2 * i];
    const x2 = points[2 * i + 1];
    for (let j = 0; j < functions.length; j++) out[i * functions.length + j] = functions[j](x1, x2);
  }
  return out;
}
