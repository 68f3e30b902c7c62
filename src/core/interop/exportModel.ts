// Export: a compiled model → a TensorFlow.js layers model (model.json + weights.bin, which
// tf.loadLayersModel reads) or a Keras 3 Python script that rebuilds the architecture. Layers
// Keras has no class for (positional encodings, graph convolutions, literal inputs) are
// listed in one message and nothing is exported.

import { Message, message } from '../lang/localize';
import { GraphInput, GraphLayer, ModelGraph } from '../model/graph';
import { InteropError } from './importError';
import { Json, JsonObject } from './kerasJson';
import { ExportTarget, KerasDescription, NotExportable, describeLayer, kerasWeightName } from './kerasConfig';

export interface TfjsArtifacts {
  /** The text of model.json. */
  readonly modelJson: string;
  readonly weightsBin: ArrayBuffer;
  readonly weightsFileName: string;
}

interface Described {
  readonly layer: GraphLayer;
  readonly keras: KerasDescription;
}

function describeAll(graph: ModelGraph, target: ExportTarget): Described[] {
  const problems: Message[] = [];
  const described: Described[] = [];
  for (const layer of graph.layers) {
    const keras = describeLayer(layer, target);
    if (keras instanceof NotExportable) problems.push(message('{0} ({1}: {2})', layer.name, layer.kind, keras.reason));
    else described.push({ layer, keras });
    for (const input of layer.inputs) {
      if (input.port && !/^state_[hc]$/.test(input.port)) problems.push(message('{0} ({1}: reads {2}.{3})', layer.name, layer.kind, input.layer, input.port));
    }
  }
  if (problems.length) {
    const list = problems.reduce((all, one) => message('{0}; {1}', all, one));
    const template = target === 'tfjs' ? 'Cannot export {0} layers to TensorFlow.js: {1}.' : 'Cannot export {0} layers to Keras: {1}.';
    throw new InteropError(message(template, problems.length, list));
  }
  return described;
}

/** Which output of the source layer an input reads: 0, or an RNN's states 1 (h) and 2 (c). */
function tensorIndex(input: GraphInput): number {
  return input.port === 'state_c' ? 2 : input.port === 'state_h' ? 1 : 0;
}

/** tfjs' model.json for `graph`, with `values` (by `layer/param`) as weights.bin. */
export function exportTfjs(graph: ModelGraph, values: ReadonlyMap<string, Float32Array>): TfjsArtifacts {
  const described = describeAll(graph, 'tfjs');
  const layers: JsonObject[] = [];
  for (const { layer, keras } of described) {
    let inbound: Json[] = layer.inputs.map((input) => [input.layer, 0, tensorIndex(input), {}]);
    if (keras.padding) {
      const padName = `${layer.name}_padding`;
      layers.push({ class_name: keras.padding.className, name: padName, config: { ...keras.padding.config, name: padName }, inbound_nodes: [inbound] });
      inbound = [[padName, 0, 0, {}]];
    }
    layers.push({ class_name: keras.className, name: layer.name, config: { ...keras.config, name: layer.name }, inbound_nodes: inbound.length ? [inbound] : [] });
  }
  const weights: JsonObject[] = [];
  const parts: Float32Array[] = [];
  for (const layer of graph.layers) {
    for (const spec of layer.params) {
      const data = values.get(`${layer.name}/${spec.name}`);
      const size = spec.shape.reduce((a, b) => a * b, 1);
      if (!data || data.length !== size) throw new InteropError(message("No values for '{0}' of layer '{1}' to export.", spec.name, layer.name));
      weights.push({ name: kerasWeightName(layer, spec.name), shape: [...spec.shape], dtype: 'float32' });
      parts.push(data);
    }
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const all = new Float32Array(total);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  const weightsFileName = 'weights.bin';
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'NetLens',
    convertedBy: null,
    modelTopology: {
      class_name: 'Model',
      config: { name: graph.name, layers, input_layers: graph.inputs.map((name) => [name, 0, 0]), output_layers: [[graph.output, 0, 0]] },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: [weightsFileName], weights }],
  };
  return { modelJson: JSON.stringify(modelJson, null, 1), weightsBin: all.buffer, weightsFileName };
}

const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield keras layers model inputs outputs'.split(' '),
);

function pythonName(name: string): string {
  return PYTHON_KEYWORDS.has(name) ? `${name}_` : name;
}

function pythonValue(value: Json): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.length === 1 ? `(${pythonValue(value[0])},)` : `(${value.map(pythonValue).join(', ')})`;
  return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pythonValue(v)}`).join(', ')}}`;
}

/** `layers.Dense(10, activation="softmax", name="out")`; wrappers nest their layer. */
function pythonLayer(className: string, config: JsonObject, name?: string): string {
  const args: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (key === 'name') continue;
    if (key === 'layer' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      args.unshift(pythonLayer(String(value.class_name), (value.config ?? {}) as JsonObject));
      continue;
    }
    // Keras 3 renamed LeakyReLU's alpha.
    args.push(`${className === 'LeakyReLU' && key === 'alpha' ? 'negative_slope' : key}=${pythonValue(value)}`);
  }
  if (name) args.push(`name=${JSON.stringify(name)}`);
  return `layers.${className}(${args.join(', ')})`;
}

const OPTIMIZER_CLASSES: Record<string, string> = { sgd: 'SGD', rmsprop: 'RMSprop', adagrad: 'Adagrad', adadelta: 'Adadelta', adam: 'Adam', adamax: 'Adamax', nadam: 'Nadam' };

function compileLines(graph: ModelGraph): string[] {
  const loss = graph.training.loss?.name;
  if (!loss) return [];
  const optimizer = graph.training.optimizer;
  const optimizerClass = OPTIMIZER_CLASSES[optimizer?.name ?? 'sgd'];
  const lr = optimizer?.attrs.lr;
  const metrics = /crossentropy|hinge/.test(loss) ? ', metrics=["accuracy"]' : '';
  return ['', `model.compile(optimizer=keras.optimizers.${optimizerClass}(${typeof lr === 'number' ? `learning_rate=${lr}` : ''}), loss=${JSON.stringify(loss)}${metrics})`];
}

function isStack(graph: ModelGraph): boolean {
  return graph.inputs.length === 1 && graph.layers.every((layer, i) => (i === 0 ? layer.kind === 'input' : layer.kind !== 'attention' && layer.inputs.length === 1 && !layer.inputs[0].port && layer.inputs[0].layer === graph.layers[i - 1].name));
}

function inputLine(layer: GraphLayer): string {
  const shape = pythonValue(layer.outputShape as Json[]);
  return `keras.Input(shape=${shape}, ${layer.dtype === 'int32' ? 'dtype="int32", ' : ''}name=${JSON.stringify(layer.name)})`;
}

/** A Keras 3 script that rebuilds the architecture: Sequential for a stack, else functional. */
export function exportKeras(graph: ModelGraph, sourceName: string): string {
  const described = describeAll(graph, 'keras');
  const head = [
    `# Generated by NetLens from ${sourceName}: the same architecture in Keras 3.`,
    `# Generado por NetLens desde ${sourceName}: la misma arquitectura en Keras 3.`,
    'import keras',
    'from keras import layers',
    '',
  ];
  const body: string[] = [];
  if (isStack(graph)) {
    body.push('model = keras.Sequential(', '    [');
    for (const { layer, keras } of described) {
      if (layer.kind === 'input') body.push(`        ${inputLine(layer)},`);
      else {
        if (keras.padding) body.push(`        ${pythonLayer(keras.padding.className, keras.padding.config, `${layer.name}_padding`)},`);
        body.push(`        ${pythonLayer(keras.className, keras.config, layer.name)},`);
      }
    }
    body.push('    ],', `    name=${JSON.stringify(graph.name)},`, ')');
  } else {
    for (const { layer, keras } of described) {
      const variable = pythonName(layer.name);
      if (layer.kind === 'input') {
        body.push(`${variable} = ${inputLine(layer)}`);
        continue;
      }
      let args = layer.inputs.map((i) => (i.port ? `${pythonName(i.layer)}[${tensorIndex(i)}]` : pythonName(i.layer)));
      if (keras.padding) {
        body.push(`${variable}_padding = ${pythonLayer(keras.padding.className, keras.padding.config, `${layer.name}_padding`)}(${args.join(', ')})`);
        args = [`${variable}_padding`];
      }
      const call = keras.className === 'MultiHeadAttention'
        ? [args[0], args[1] ?? args[0], ...(args[2] ? [`key=${args[2]}`] : []), ...(layer.attrs.causal === true ? ['use_causal_mask=True'] : [])].join(', ')
        : MERGE_CLASSES.has(keras.className) ? `[${args.join(', ')}]` : args.join(', ');
      body.push(`${variable} = ${pythonLayer(keras.className, keras.config, layer.name)}(${call})`);
    }
    const inputs = graph.inputs.map(pythonName);
    body.push(`model = keras.Model(inputs=${inputs.length === 1 ? inputs[0] : `[${inputs.join(', ')}]`}, outputs=${pythonName(graph.output)}, name=${JSON.stringify(graph.name)})`);
  }
  return [...head, ...body, ...compileLines(graph), 'model.summary()', ''].join('\n');
}

const MERGE_CLASSES = new Set(['Add', 'Subtract', 'Multiply', 'Average', 'Concatenate']);
