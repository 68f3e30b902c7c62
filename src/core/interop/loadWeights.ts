// The `weights "model.json"` line at build time: read the model.json and its weight files
// through the host's reader (CLI: the disk; panel: the extension host), and return the values
// by parameter key for the Network to start from. Errors name the layer, as at import.

import { message } from '../lang/localize';
import { ModelGraph } from '../model/graph';
import { InteropError } from './importError';
import { parseJson, readKerasModel } from './kerasJson';
import { decodeWeights, matchWeights } from './tfjsWeights';

export interface WeightReader {
  /** Paths relative to the model file's folder, with '/' separators. */
  text(path: string): Promise<string>;
  binary(path: string): Promise<ArrayBuffer>;
}

/** The folder part of a relative path, with its trailing '/' ('' for a bare name). */
function folderOf(path: string): string {
  const at = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return at < 0 ? '' : path.slice(0, at + 1);
}

/** The model's pretrained values, or undefined when it has no `weights` line. */
export async function loadWeights(graph: ModelGraph, reader: WeightReader): Promise<Map<string, Float32Array> | undefined> {
  const file = graph.training.weights?.attrs.file;
  if (typeof file !== 'string') return undefined;
  let text: string;
  try {
    text = await reader.text(file);
  } catch {
    throw new InteropError(message("Cannot read the weights file {0} named on the 'weights' line: put the model.json next to this model file.", file));
  }
  const model = readKerasModel(parseJson(text, file), file);
  if (!model.weightsManifest?.length) throw new InteropError(message('{0} has no weightsManifest: it holds no weights to load.', file));
  const files = new Map<string, ArrayBuffer>();
  for (const path of new Set(model.weightsManifest.flatMap((g) => g.paths))) {
    try {
      files.set(path, await reader.binary(folderOf(file) + path));
    } catch {
      // decodeWeights names the missing file and the layers it holds.
    }
  }
  return matchWeights(graph, decodeWeights(model.weightsManifest, files, file));
}
