// Reads the JSON of a Keras or TensorFlow.js layers model into one plain form: layers in order,
// each with its class, config and inputs. Understands tfjs' model.json (modelTopology and
// weightsManifest), Keras' model.to_json() (Keras 2 and 3, Sequential and functional), a nested
// model_config, and Keras 1's Sequential whose config is a bare list. Rejects graph models.

import { message } from '../lang/localize';
import { InteropError } from './importError';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One tensor a layer reads: the producing layer, and which of its outputs (0 = main). */
export interface TensorRef {
  readonly layer: string;
  readonly tensor: number;
  /** The call's keyword (Keras 3 `value=`, `key=`), when it was passed by name. */
  readonly argName?: string;
}

export interface KerasLayer {
  readonly name: string;
  readonly className: string;
  readonly config: JsonObject;
  /** Inputs of the layer's first call, in call order (query, value, key for attention). */
  readonly inputs: TensorRef[];
  /** Written by Keras 3 (entries carry `module`): its hard_sigmoid is relu6(z + 3)/6, not 0.2·z + 0.5. */
  readonly keras3?: boolean;
}

export interface KerasModel {
  readonly name: string;
  readonly layers: KerasLayer[];
  readonly outputs: TensorRef[];
  /** tfjs' weightsManifest, when the file is a model.json. */
  readonly weightsManifest?: WeightGroup[];
}

export interface WeightEntry {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: string;
  readonly quantization?: Json;
}

export interface WeightGroup {
  readonly paths: string[];
  readonly weights: WeightEntry[];
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses the text, telling apart "not JSON" from "JSON cut short". */
export function parseJson(text: string, fileName: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    const detail = (error as Error).message;
    if (/end of (JSON )?input|Unterminated|Unexpected end/i.test(detail) || text.trim().length === 0) {
      throw new InteropError(message('{0} ends before its JSON does: the file looks truncated. Copy it again whole.', fileName));
    }
    throw new InteropError(message('{0} is not JSON ({1}): give a TensorFlow.js model.json or the JSON of Keras’ model.to_json().', fileName, detail));
  }
}

/** The model inside the file, whatever its wrapping. */
export function readKerasModel(root: Json, fileName: string): KerasModel {
  if (!isObject(root)) throw new InteropError(message('{0} is JSON but not a model: expected an object with modelTopology or class_name.', fileName));
  const topology = isObject(root.modelTopology) ? root.modelTopology : root;
  if (root.format === 'graph-model' || Array.isArray(topology.node) || isObject(topology.versions) || root.signature !== undefined) {
    throw new InteropError(message('{0} is a TensorFlow.js graph model (a frozen TensorFlow graph), not a layers model: NetLens imports layers models. Convert the Keras model with tensorflowjs_converter --output_format=tfjs_layers_model.', fileName));
  }
  const config = isObject(topology.model_config) ? topology.model_config : topology;
  if (typeof config.class_name !== 'string') throw new InteropError(message('{0} has no class_name: it is not a Keras or TensorFlow.js layers model.', fileName));
  const model = readModel(config, fileName);
  const manifest = Array.isArray(root.weightsManifest) ? readManifest(root.weightsManifest, fileName) : undefined;
  return { ...model, weightsManifest: manifest };
}

function readManifest(groups: Json[], fileName: string): WeightGroup[] {
  return groups.map((group) => {
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      throw new InteropError(message('The weightsManifest of {0} is malformed: each group needs paths and weights.', fileName));
    }
    return {
      paths: group.paths.map(String),
      weights: group.weights.map((w) => {
        const entry = w as JsonObject;
        return { name: String(entry.name), shape: ((entry.shape as number[]) ?? []).map(Number), dtype: String(entry.dtype ?? 'float32'), quantization: entry.quantization };
      }),
    };
  });
}

const SEQUENTIAL = new Set(['Sequential']);
const FUNCTIONAL = new Set(['Model', 'Functional']);

function readModel(config: JsonObject, fileName: string): Omit<KerasModel, 'weightsManifest'> {
  const className = config.class_name as string;
  const inner = config.config;
  if (SEQUENTIAL.has(className)) {
    // Keras 1 wrote a Sequential's config as the bare list of its layers.
    const list = Array.isArray(inner) ? inner : isObject(inner) && Array.isArray(inner.layers) ? inner.layers : undefined;
    if (!list) throw new InteropError(message('The Sequential model in {0} has no list of layers.', fileName));
    const name = isObject(inner) && typeof inner.name === 'string' ? inner.name : 'sequential';
    return readSequential(name, list, fileName);
  }
  if (FUNCTIONAL.has(className)) {
    if (!isObject(inner) || !Array.isArray(inner.layers)) throw new InteropError(message('The functional model in {0} has no list of layers.', fileName));
    return readFunctional(inner, fileName);
  }
  throw new InteropError(message('{0} holds a {1}, not a Sequential or functional model.', fileName, className));
}

function layerHeader(entry: Json, index: number, fileName: string): { name: string; className: string; config: JsonObject; keras3: boolean } {
  if (!isObject(entry) || typeof entry.class_name !== 'string') throw new InteropError(message('Layer {0} of {1} has no class_name.', index + 1, fileName));
  const config = isObject(entry.config) ? entry.config : {};
  const name = typeof config.name === 'string' ? config.name : typeof entry.name === 'string' ? entry.name : `${entry.class_name.toLowerCase()}_${index + 1}`;
  return { name, className: entry.class_name, config, keras3: typeof entry.module === 'string' };
}

/** A stack: each layer reads the one before; the first one's batch_input_shape makes the input. */
function readSequential(name: string, list: Json[], fileName: string): Omit<KerasModel, 'weightsManifest'> {
  const layers: KerasLayer[] = [];
  list.forEach((entry, index) => {
    const header = layerHeader(entry, index, fileName);
    if (SEQUENTIAL.has(header.className) || FUNCTIONAL.has(header.className)) {
      const nested = readModel(entry as JsonObject, fileName);
      chainNested(layers, nested);
      return;
    }
    if (layers.length === 0 && header.className !== 'InputLayer') {
      const shape = batchShape(header.config);
      if (!shape) throw new InteropError(message('The first layer of {0}, {1}, does not say its input shape (batch_input_shape): NetLens needs it to infer shapes.', fileName, header.name));
      layers.push({ name: uniqueInputName(header.name), className: 'InputLayer', config: { batch_input_shape: shape, dtype: header.config.dtype ?? 'float32' }, inputs: [] });
    }
    const previous = layers[layers.length - 1];
    layers.push({ ...header, inputs: previous ? [{ layer: previous.name, tensor: 0 }] : [] });
  });
  const last = layers[layers.length - 1];
  return { name, layers, outputs: last ? [{ layer: last.name, tensor: 0 }] : [] };
}

function uniqueInputName(firstLayer: string): string {
  return `${firstLayer}_input`;
}

/** A Sequential inside a Sequential: its layers join the stack, its input layer dropped. */
function chainNested(layers: KerasLayer[], nested: Omit<KerasModel, 'weightsManifest'>): void {
  for (const layer of nested.layers) {
    if (layer.className === 'InputLayer' && layers.length > 0) continue;
    const previous = layers[layers.length - 1];
    layers.push({ ...layer, inputs: previous ? [{ layer: previous.name, tensor: 0 }] : [] });
  }
}

export function batchShape(config: JsonObject): Json[] | undefined {
  if (Array.isArray(config.batch_input_shape)) return config.batch_input_shape;
  if (Array.isArray(config.batch_shape)) return config.batch_shape;
  if (Array.isArray(config.input_shape)) return [null, ...config.input_shape];
  if (typeof config.input_dim === 'number') return [null, config.input_dim];
  return undefined;
}

function readFunctional(config: JsonObject, fileName: string): Omit<KerasModel, 'weightsManifest'> {
  const layers: KerasLayer[] = (config.layers as Json[]).map((entry, index) => {
    const header = layerHeader(entry, index, fileName);
    const nodes = isObject(entry) && Array.isArray(entry.inbound_nodes) ? entry.inbound_nodes : [];
    if (nodes.length > 1) {
      throw new InteropError(message('Layer {0} ({1}) is called {2} times (shared weights): NetLens layers are called once.', header.name, header.className, nodes.length));
    }
    const name = isObject(entry) && typeof entry.name === 'string' ? entry.name : header.name;
    return { name, className: header.className, config: header.config, keras3: header.keras3, inputs: nodes.length ? readNode(nodes[0], name) : [] };
  });
  const outputs = readRefs(config.output_layers);
  return { name: typeof config.name === 'string' ? config.name : 'model', layers, outputs };
}

/** A node of Keras 2/tfjs ([[name, node, tensor, kwargs], …]) or Keras 3 ({args, kwargs}). */
function readNode(node: Json, layer: string): TensorRef[] {
  if (Array.isArray(node)) {
    // Keras 2 keeps a call's keyword tensors (attention's value=, key=) in the 4th element.
    return node.flatMap((ref) => {
      const extra = Array.isArray(ref) && isObject(ref[3]) ? ref[3] : {};
      const named = Object.entries(extra)
        .filter(([, value]) => Array.isArray(value) && typeof value[0] === 'string')
        .map(([argName, value]) => ({ ...keras2Ref(value, layer), argName }));
      return [keras2Ref(ref, layer), ...named];
    });
  }
  if (isObject(node)) {
    const refs: TensorRef[] = [];
    const visit = (value: Json | undefined, argName?: string): void => {
      if (Array.isArray(value)) value.forEach((v) => visit(v, argName));
      else if (isObject(value)) {
        if (value.class_name === '__keras_tensor__' && isObject(value.config) && Array.isArray(value.config.keras_history)) {
          const [name, , tensor] = value.config.keras_history;
          refs.push({ layer: String(name), tensor: Number(tensor ?? 0), argName });
        } else Object.entries(value).forEach(([key, v]) => visit(v, argName ?? key));
      }
    };
    visit(node.args);
    if (isObject(node.kwargs)) Object.entries(node.kwargs).forEach(([key, value]) => visit(value, key));
    return refs;
  }
  throw new InteropError(message('Layer {0} has an inbound node NetLens cannot read.', layer));
}

function keras2Ref(ref: Json, layer: string): TensorRef {
  if (!Array.isArray(ref) || typeof ref[0] !== 'string') throw new InteropError(message('Layer {0} has an inbound node NetLens cannot read.', layer));
  return { layer: ref[0], tensor: Number(ref[2] ?? 0) };
}

/** [[name, node, tensor], …] or a single [name, node, tensor]. */
function readRefs(value: Json | undefined): TensorRef[] {
  if (!Array.isArray(value)) return [];
  if (typeof value[0] === 'string') return [{ layer: value[0], tensor: Number(value[2] ?? 0) }];
  return value.filter(Array.isArray).map((ref) => ({ layer: String((ref as Json[])[0]), tensor: Number((ref as Json[])[2] ?? 0) }));
}
