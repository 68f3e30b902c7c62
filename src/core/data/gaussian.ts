// Real data for a GAN: samples of N(mean, std²), one number each. The targets are all 1 —
// "real" — which is what the discriminator is trained to say about these examples; the
// engine pairs them with the generator's fakes (target 0).

import { Examples, FamilyContext } from './family';
import { floatTensor } from './tensors';

export function gaussianExamples(context: FamilyContext): Examples {
  const samples = context.args.number('samples');
  const values = context.random.fillNormal(new Float32Array(samples), context.args.number('mean'), context.args.number('std'));
  return { inputs: [floatTensor([samples, 1], values)], targets: floatTensor([samples, 1], new Float32Array(samples).fill(1)), task: 'generative' };
}
