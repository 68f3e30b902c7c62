// The logic gates of the perceptron lessons: and, or, nand, nor, xor over (x1, x2) ∈ {0, 1}².
// samples=4 noise=0 (the default) is the exact truth table, rows in the order the course
// writes them: (0,0), (0,1), (1,0), (1,1). Otherwise the corners are repeated in turn and each
// point is moved by Gaussian noise (standard deviation `noise`); the label stays the corner's.

import { Examples, FamilyContext } from './family';
import { classTargets } from './targets';
import { floatTensor } from './tensors';

export const GATES: Readonly<Record<string, (a: number, b: number) => number>> = {
  and: (a, b) => a & b,
  or: (a, b) => a | b,
  nand: (a, b) => 1 - (a & b),
  nor: (a, b) => 1 - (a | b),
  xor: (a, b) => a ^ b,
};

const CORNERS: readonly (readonly [number, number])[] = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

/** A margin around the unit square, so the boundary plot shows the corners inside the plane. */
const EXTENT: readonly [number, number, number, number] = [-0.5, 1.5, -0.5, 1.5];

export function truthTableExamples(context: FamilyContext): Examples {
  const gate = GATES[context.name];
  const samples = context.args.number('samples');
  const noise = context.args.number('noise');
  const points = new Float32Array(samples * 2);
  const ids = new Int32Array(samples);
  for (let i = 0; i < samples; i++) {
    const [a, b] = CORNERS[i % 4];
    points[2 * i] = noise > 0 ? context.random.normal(a, noise) : a;
    points[2 * i + 1] = noise > 0 ? context.random.normal(b, noise) : b;
    ids[i] = gate(a, b);
  }
  return {
    inputs: [floatTensor([samples, 2], points)],
    targets: classTargets(ids, samples, { dataset: context.name, classes: 2, idShape: [] }, context.model),
    task: 'binary',
    classes: 2,
    labels: ['0', '1'],
    plane: { points, extent: EXTENT, features: ['x1', 'x2'] },
    isLiteral: samples === 4 && noise === 0,
  };
}
