// TensorFlow.js weights: the manifest's groups read from their binary files, then matched to a
// model's parameters by NAME (layer, then parameter), never by manifest order — tfjs lists
// batch-norm statistics last, and a Keras converter may nest names under a cell
// (`lstm/lstm_cell/kernel`) or a wrapper (`bidi/forward_lstm/kernel`).

import { message } from '../lang/localize';
import { ModelGraph } from '../model/graph';
import { InteropError } from './importError';
import { WeightGroup } from './kerasJson';
import { namesLayer } from './names';

export interface NamedWeight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/** Every weight of the manifest, read from `files` (keyed by the manifest's paths). */
export function decodeWeights(manifest: readonly WeightGroup[], files: ReadonlyMap<string, ArrayBuffer>, fileName: string): Map<string, NamedWeight> {
  const out = new Map<string, NamedWeight>();
  for (const group of manifest) {
    const missing = group.paths.filter((p) => !files.has(p));
    if (missing.length) {
      const layers = [...new Set(group.weights.map((w) => w.name.split('/')[0]))].join(', ');
      throw new InteropError(message('The weight file {0} that {1} lists is missing (it holds the weights of {2}): put it next to {1}, or import the JSON without a weightsManifest.', missing[0], fileName, layers));
    }
    const parts = group.paths.map((p) => new Uint8Array(files.get(p)!));
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.length;
    }
    let offset = 0;
    for (const weight of group.weights) {
      if (weight.quantization !== undefined && weight.quantization !== null) {
        throw new InteropError(message("The weight {0} is quantized: NetLens reads float32 weights. Convert the model again without --quantize.", weight.name));
      }
      const size = weight.shape.reduce((a, b) => a * b, 1);
      const width = BYTES[weight.dtype];
      if (!width) throw new InteropError(message('The weight {0} has dtype {1}: NetLens reads float32 weights.', weight.name, weight.dtype));
      const end = offset + size * width;
      if (end > bytes.length) {
        throw new InteropError(message('The weight files of {0} end before the weight {1}: they hold {2} bytes, the manifest needs at least {3}. Copy the .bin files again.', fileName, weight.name, bytes.length, end));
      }
      const slice = bytes.slice(offset, end).buffer;
      const values = weight.dtype === 'float32' ? new Float32Array(slice) : Float32Array.from(weight.dtype === 'int32' ? new Int32Array(slice) : new Uint8Array(slice));
      out.set(weight.name, { name: weight.name, shape: weight.shape, values });
      offset = end;
    }
  }
  return out;
}

/** The path of a weight below the layer it belongs to, or undefined when it is another layer's. */
function tailUnder(weightName: string, layer: string): string[] | undefined {
  const segments = weightName.split('/');
  const at = segments.findIndex((s, i) => i < segments.length - 1 && namesLayer(s, layer));
  return at < 0 ? undefined : segments.slice(at + 1);
}

/** Whether a weight's tail names this parameter (`forward_kernel` ↔ `forward_lstm/kernel`). */
function namesParam(tail: readonly string[], param: string): boolean {
  const direction = /^(forward|backward)_(.+)$/.exec(param);
  if (direction) {
    const [, side, rest] = direction;
    return tail.slice(0, -1).some((s) => s.startsWith(side)) && namesParam(tail.slice(tail.findIndex((s) => s.startsWith(side)) + 1), rest);
  }
  const want = param.split('/');
  if (tail.length < want.length) return false;
  // `kernel` must not match `query/kernel` when the layer has both kinds (it never does), but
  // it must match `lstm_cell/kernel`: compare the last segments, with tfjs' `_1` suffixes off.
  return want.every((w, i) => tail[tail.length - want.length + i].replace(/_\d+$/, '') === w);
}

/**
 * The values of every parameter of `graph`, from the named weights. A parameter with no
 * weight, or with a weight of another shape, is an error naming the layer.
 */
export function matchWeights(graph: ModelGraph, weights: ReadonlyMap<string, NamedWeight>): Map<string, Float32Array> {
  const values = new Map<string, Float32Array>();
  const all = [...weights.values()];
  for (const layer of graph.layers) {
    const own = all.map((w) => ({ w, tail: tailUnder(w.name, layer.name) })).filter((e) => e.tail);
    for (const spec of layer.params) {
      const found = own.filter((e) => namesParam(e.tail!, spec.name));
      // Prefer the shortest tail: `kernel` over `recurrent_kernel` is already apart, this splits `x/kernel` from `y/x/kernel`.
      found.sort((a, b) => a.tail!.length - b.tail!.length);
      const match = found[0]?.w;
      if (!match) {
        throw new InteropError(message("No weight for '{0}' of layer '{1}' in the weight files (looked for a name like {1}/{0}).", spec.name, layer.name));
      }
      const expected = [...spec.shape];
      if (match.shape.length !== expected.length || match.shape.some((d, i) => d !== expected[i])) {
        throw new InteropError(message("The weight {0} has shape [{1}], but layer '{2}' needs {3} of shape [{4}]: the weights do not fit this topology.", match.name, match.shape.join(', '), layer.name, spec.name, expected.join(', ')));
      }
      values.set(`${layer.name}/${spec.name}`, match.values);
    }
  }
  return values;
}
