// TensorFlow Playground's data sets, reproduced from its src/dataset.ts (Apache-2.0, Google):
// the same formulas, radii and label rules, drawing from our seeded Random instead of
// seedrandom, so the shapes of the clouds match Playground's while the exact points differ.
//
// Noise: Playground's slider goes 0–50 % and its generators receive noise/100. Our `noise`
// argument IS that fraction: noise=0.25 is the slider at 25; Playground stops at 0.5, larger
// values are allowed and extrapolate the same formulas. Labels are Playground's ±1 mapped to
// classes 1 and 0 (class 1 = Playground's positive, blue, points); regression labels stay as
// Playground makes them (about −1 … 1). The plane Playground draws is [−6, 6]², so is ours.

import { message } from '../lang/localize';
import { PLAYGROUND_FEATURES } from '../lang/sections';
import { DataError } from './dataError';
import { applyFeatures, isFeature } from './features';
import { Examples, FamilyContext } from './family';
import { Random } from './random';
import { classTargets } from './targets';
import { floatTensor } from './tensors';

/** A generated set: (x1, x2) interleaved, and one label per point. */
export interface PlanePoints {
  readonly points: Float32Array;
  /** Class ids 0/1 for the classification sets, real values for the regression sets. */
  readonly labels: Float32Array;
}

export type PlaygroundGenerator = (samples: number, noise: number, random: Random) => PlanePoints;

export const PLAYGROUND_EXTENT: readonly [number, number, number, number] = [-6, 6, -6, 6];

class PointList {
  readonly points: number[] = [];
  readonly labels: number[] = [];

  push(x: number, y: number, label: number): void {
    this.points.push(x, y);
    this.labels.push(label);
  }

  done(): PlanePoints {
    return { points: Float32Array.from(this.points), labels: Float32Array.from(this.labels) };
  }
}

/** Playground's ±1 as our class ids. */
const classOf = (playgroundLabel: number): number => (playgroundLabel > 0 ? 1 : 0);

/**
 * Playground loops `i < numSamples / 2` per class, which gives n + 1 points for an odd n; we
 * give the first class ⌈n/2⌉ and the second ⌊n/2⌋, so there are exactly `samples` points.
 */
const halves = (samples: number): [number, number] => [Math.ceil(samples / 2), Math.floor(samples / 2)];

/** classifyCircleData: class 1 inside radius 2.5, class 0 in the ring 3.5–5; the label is read at the noisy point. */
export function circle(samples: number, noise: number, random: Random): PlanePoints {
  const radius = 5;
  const list = new PointList();
  const labelAt = (x: number, y: number) => (Math.hypot(x, y) < radius * 0.5 ? 1 : -1);
  const ring = (count: number, rMin: number, rMax: number) => {
    for (let i = 0; i < count; i++) {
      const r = random.uniform(rMin, rMax);
      const angle = random.uniform(0, 2 * Math.PI);
      const x = r * Math.sin(angle);
      const y = r * Math.cos(angle);
      const noiseX = random.uniform(-radius, radius) * noise;
      const noiseY = random.uniform(-radius, radius) * noise;
      list.push(x, y, classOf(labelAt(x + noiseX, y + noiseY)));
    }
  };
  const [inside, outside] = halves(samples);
  ring(inside, 0, radius * 0.5);
  ring(outside, radius * 0.7, radius);
  return list.done();
}

/** classifyXORData ("four squares"): class 1 where x1·x2 ≥ 0; points kept 0.3 away from the axes. */
export function fourSquares(samples: number, noise: number, random: Random): PlanePoints {
  const padding = 0.3;
  const list = new PointList();
  for (let i = 0; i < samples; i++) {
    let x = random.uniform(-5, 5);
    x += x > 0 ? padding : -padding;
    let y = random.uniform(-5, 5);
    y += y > 0 ? padding : -padding;
    const noiseX = random.uniform(-5, 5) * noise;
    const noiseY = random.uniform(-5, 5) * noise;
    list.push(x, y, classOf((x + noiseX) * (y + noiseY) >= 0 ? 1 : -1));
  }
  return list.done();
}

/** classifyTwoGaussData: class 1 around (2, 2), class 0 around (−2, −2); variance 0.5 + 7·noise. */
export function twoBlobs(samples: number, noise: number, random: Random): PlanePoints {
  // d3.scale.linear().domain([0, .5]).range([0.5, 4]), not clamped.
  const variance = 0.5 + (noise / 0.5) * (4 - 0.5);
  const std = Math.sqrt(variance);
  const list = new PointList();
  const blob = (count: number, center: number, label: number) => {
    for (let i = 0; i < count; i++) {
      const x = random.normal(center, std);
      const y = random.normal(center, std);
      list.push(x, y, label);
    }
  };
  const [positive, negative] = halves(samples);
  blob(positive, 2, 1);
  blob(negative, -2, 0);
  return list.done();
}

/** classifySpiralData: two arms r = 5·i/n, t = 1.75·2π·i/n (+π for class 0), jittered by U(−1, 1)·noise. */
export function spiral(samples: number, noise: number, random: Random): PlanePoints {
  const list = new PointList();
  const arm = (n: number, deltaT: number, label: number) => {
    for (let i = 0; i < n; i++) {
      const r = (i / n) * 5;
      const t = ((1.75 * i) / n) * 2 * Math.PI + deltaT;
      const x = r * Math.sin(t) + random.uniform(-1, 1) * noise;
      const y = r * Math.cos(t) + random.uniform(-1, 1) * noise;
      list.push(x, y, label);
    }
  };
  const [positive, negative] = halves(samples);
  arm(positive, 0, 1);
  arm(negative, Math.PI, 0);
  return list.done();
}

/** regressPlane: y = (x1 + x2) / 10 read at the noisy point, over [−6, 6]². */
export function plane(samples: number, noise: number, random: Random): PlanePoints {
  const radius = 6;
  const list = new PointList();
  for (let i = 0; i < samples; i++) {
    const x = random.uniform(-radius, radius);
    const y = random.uniform(-radius, radius);
    const noiseX = random.uniform(-radius, radius) * noise;
    const noiseY = random.uniform(-radius, radius) * noise;
    // d3.scale.linear().domain([-10, 10]).range([-1, 1]) of x + y
    list.push(x, y, (x + noiseX + y + noiseY) / 10);
  }
  return list.done();
}

/** Playground's six bumps for regressGaussian: centre (cx, cy) and sign. */
const GAUSSIANS: readonly (readonly [number, number, number])[] = [
  [-4, 2.5, 1],
  [0, 2.5, -1],
  [4, 2.5, 1],
  [-4, -2.5, -1],
  [0, -2.5, 1],
  [4, -2.5, -1],
];

/** regressGaussian's label: of the six signed bumps max(0, 1 − d/2), the one largest in absolute value. */
export function multiGaussLabel(x: number, y: number): number {
  let label = 0;
  for (const [cx, cy, sign] of GAUSSIANS) {
    const value = sign * Math.min(1, Math.max(0, 1 - Math.hypot(x - cx, y - cy) / 2));
    if (Math.abs(value) > Math.abs(label)) label = value;
  }
  return label;
}

/** regressGaussian: six bumps of height ±1 on a 3×2 grid, over [−6, 6]². */
export function multiGauss(samples: number, noise: number, random: Random): PlanePoints {
  const radius = 6;
  const list = new PointList();
  for (let i = 0; i < samples; i++) {
    const x = random.uniform(-radius, radius);
    const y = random.uniform(-radius, radius);
    const noiseX = random.uniform(-radius, radius) * noise;
    const noiseY = random.uniform(-radius, radius) * noise;
    list.push(x, y, multiGaussLabel(x + noiseX, y + noiseY));
  }
  return list.done();
}

export const PLAYGROUND_SETS: Readonly<Record<string, { readonly generate: PlaygroundGenerator; readonly isRegression: boolean }>> = {
  circle: { generate: circle, isRegression: false },
  four_squares: { generate: fourSquares, isRegression: false },
  two_blobs: { generate: twoBlobs, isRegression: false },
  spiral: { generate: spiral, isRegression: false },
  plane: { generate: plane, isRegression: true },
  multi_gauss: { generate: multiGauss, isRegression: true },
};

/** The family: generate, turn points into the requested features, encode the labels. */
export function playgroundExamples(context: FamilyContext): Examples {
  const set = PLAYGROUND_SETS[context.name];
  const features = context.args.words('features');
  const unknown = features.find((f) => !isFeature(f));
  if (unknown !== undefined) throw new DataError('input-shape', message("Unknown feature '{0}'. Features: {1}.", unknown, PLAYGROUND_FEATURES.join(', ')));
  const { points, labels } = set.generate(context.args.number('samples'), context.args.number('noise'), context.random);
  const count = labels.length;
  const inputs = [floatTensor([count, features.length], applyFeatures(points, features.filter(isFeature)))];
  const plane = { points, extent: PLAYGROUND_EXTENT, features };
  if (set.isRegression) return { inputs, targets: floatTensor([count, 1], labels), task: 'regression', plane };
  const targets = classTargets(Int32Array.from(labels), count, { dataset: context.name, classes: 2, idShape: [] }, context.model);
  return { inputs, targets, task: 'binary', classes: 2, labels: ['0', '1'], plane };
}
