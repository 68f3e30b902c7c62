// The linear-regression toy of the gradient-descent lesson: x uniform in [−1, 1),
// y = slope·x + intercept + ε with ε ~ N(0, noise²). One feature in, one value out, so the
// least-squares line (XᵀX)⁻¹Xᵀy can be computed by hand and compared with what training finds.

import { Examples, FamilyContext } from './family';
import { floatTensor } from './tensors';

export function linearExamples(context: FamilyContext): Examples {
  const samples = context.args.number('samples');
  const noise = context.args.number('noise');
  const slope = context.args.number('slope');
  const intercept = context.args.number('intercept');
  const x = new Float32Array(samples);
  const y = new Float32Array(samples);
  for (let i = 0; i < samples; i++) {
    x[i] = context.random.uniform(-1, 1);
    y[i] = slope * x[i] + intercept + (noise > 0 ? context.random.normal(0, noise) : 0);
  }
  return { inputs: [floatTensor([samples, 1], x)], targets: floatTensor([samples, 1], y), task: 'regression' };
}
