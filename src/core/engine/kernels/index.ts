// Every layer kind's kernel, by kind. A kind the language accepts without a kernel here is a
// bug the kernel tests catch (each family's table test lists its kinds).

import { LayerKernel } from '../kernel';
import { BASIC_KERNELS } from './basic';
import { DEPTHWISE_KERNELS } from './depthwise';
import { SEQUENCE_KERNELS } from './sequence';
import { SPATIAL_KERNELS } from './spatial';
import { wrapperKernels } from './wrappers';

// Wrappers find the kernel of the kind they wrap here, when they run.
const BY_KIND = new Map<string, LayerKernel>(
  [...BASIC_KERNELS, ...SPATIAL_KERNELS, ...DEPTHWISE_KERNELS, ...SEQUENCE_KERNELS, ...wrapperKernels((kind) => kernelFor(kind))].map((k) => [k.kind, k]),
);

export function kernelFor(kind: string): LayerKernel {
  const kernel = BY_KIND.get(kind);
  if (!kernel) throw new Error(`No kernel for layer kind '${kind}'`);
  return kernel;
}

export function kernelKinds(): string[] {
  return [...BY_KIND.keys()];
}
