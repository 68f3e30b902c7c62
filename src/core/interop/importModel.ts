// Import: a Keras or TensorFlow.js layers model's JSON → the text of an equivalent .nn file.
// Layer names are kept (so weights match by name), inputs become `from` clauses where a layer
// does not read the line above, and the result is checked by the language before it is
// returned: an import either gives a model that checks, or one message and nothing to write.

import { analyze } from '../lang/checker';
import { Message, message } from '../lang/localize';
import { LOSSES, OPTIMIZERS } from '../lang/sections';
import { compile } from '../model/graph';
import { InteropError } from './importError';
import { Json, JsonObject, KerasLayer, KerasModel, TensorRef, batchShape, isObject, parseJson, readKerasModel } from './kerasJson';
import { MappedLayer, Unsupported, mapLayer } from './kerasLayers';
import { decodeWeights, matchWeights } from './tfjsWeights';
import { layerSpec } from '../lang/layers/catalog';
import { sanitizeName, wrapperSafeName } from './names';

export { sanitizeName };

export interface ImportOptions {
  /** The JSON file's name, as the .nn will reference it (`weights "model.json"`). */
  readonly fileName: string;
  /** The weight files found next to it, by the manifest's relative path. */
  readonly weightFiles?: ReadonlyMap<string, ArrayBuffer>;
}

export interface ImportResult {
  readonly text: string;
  readonly modelName: string;
  readonly layerCount: number;
  /** Whether the .nn references the weights (the manifest was there and every file too). */
  readonly hasWeights: boolean;
  readonly totalParams: number;
}


interface Statement {
  readonly name: string;
  readonly kind: string;
  readonly values: string[];
  readonly options: string[];
  readonly inputs: string[];
}

export function importModel(text: string, options: ImportOptions): ImportResult {
  const root = parseJson(text, options.fileName);
  const model = readKerasModel(root, options.fileName);
  const lambda = model.layers.find((l) => l.className === 'Lambda');
  if (lambda) {
    throw new InteropError(message("Layer '{0}' is a Lambda layer: it holds Python code, which NetLens never runs. Replace it with built-in layers and export the model again.", lambda.name));
  }
  if (model.outputs.length !== 1) {
    throw new InteropError(message('The model has {0} outputs; a NetLens model has one. Import each output as its own model.', model.outputs.length));
  }
  const statements = toStatements(withManifestHints(model));
  const modelName = sanitizeName(model.name);
  const hasManifest = Boolean(model.weightsManifest?.length);
  const source = options.fileName.split(/[\\/]/).pop();
  const lines = [
    `# Imported by NetLens from ${source}.`,
    `# Importado por NetLens desde ${source}.`,
    `model ${modelName}`,
    '',
    ...formatStatements(statements),
    ...trainingLines(root, hasManifest ? options.fileName : undefined),
  ];
  const nn = lines.join('\n') + '\n';
  const analysis = analyze(nn, modelName);
  const error = analysis.diagnostics.find((d) => d.severity === 'error');
  if (error) {
    const line = nn.split('\n')[error.range.start.line] ?? '';
    const layerName = line.trim().split(/\s+/)[1] ?? '?';
    throw new InteropError(message("The imported layer '{0}' does not check in NetLens: {1}", layerName, error.message));
  }
  const graph = compile(analysis).graphs[0];
  if (hasManifest) {
    // Reads every file and shape now, so a bad weight file fails the import, not the first run.
    matchWeights(graph, decodeWeights(model.weightsManifest!, options.weightFiles ?? new Map(), options.fileName));
  }
  return { text: nn, modelName, layerCount: statements.length, hasWeights: hasManifest, totalParams: graph.totalParams };
}

/**
 * tfjs 4.22 leaves depth_multiplier out of SeparableConv2D's saved config; the depthwise
 * kernel's shape [f, f, C, dm] in the manifest still says it.
 */
function withManifestHints(model: KerasModel): KerasModel {
  const weights = (model.weightsManifest ?? []).flatMap((g) => g.weights);
  const layers = model.layers.map((layer) => {
    if (!/^(Separable|Depthwise)Conv2D$/.test(layer.className) || layer.config.depth_multiplier !== undefined) return layer;
    const kernel = weights.find((w) => w.name.split('/')[0] === layer.name && w.name.endsWith('/depthwise_kernel') && w.shape.length === 4);
    return kernel ? { ...layer, config: { ...layer.config, depth_multiplier: kernel.shape[3] } } : layer;
  });
  return { ...model, layers };
}

/** The port a tensor index names: an RNN's states, attention's scores. */
function portOf(keras: KerasLayer | undefined, tensor: number): string | undefined {
  if (tensor === 0 || !keras) return undefined;
  if (keras.className === 'MultiHeadAttention') return 'scores';
  if (keras.className === 'LSTM') return tensor === 1 ? 'state_h' : 'state_c';
  return 'state_h';
}

function toStatements(model: KerasModel): Statement[] {
  const byName = new Map(model.layers.map((l) => [l.name, l]));
  const needed = ancestors(model, byName);
  const unsupported: Message[] = [];
  const statements: Statement[] = [];
  const names = new Map<string, string>();
  const nameOf = (kerasName: string): string => names.get(kerasName) ?? sanitizeName(kerasName);
  const intInputs = new Set(model.layers.filter((l) => l.className === 'Embedding').flatMap((l) => l.inputs.map((i) => i.layer)));
  for (const keras of model.layers) {
    if (!needed.has(keras.name)) continue;
    let name = sanitizeName(keras.name);
    if (keras.className === 'InputLayer') {
      statements.push(inputStatement(keras, name, intInputs.has(keras.name)));
      continue;
    }
    const mapped = mapLayer(keras);
    if (!(mapped && !(mapped instanceof Unsupported))) {
      unsupported.push(mapped ? message('{0} ({1}: {2})', keras.name, keras.className, mapped.reason) : message('{0} ({1})', keras.name, keras.className));
      continue;
    }
    if ((mapped as MappedLayer).kind === 'bidirectional' || (mapped as MappedLayer).kind === 'time_distributed') {
      if (layerSpec(name)) name = wrapperSafeName(name);
    }
    names.set(keras.name, name);
    const inputs = orderInputs(keras).map((ref) => {
      const port = portOf(byName.get(ref.layer), ref.tensor);
      return nameOf(ref.layer) + (port ? `.${port}` : '');
    });
    statements.push({ name, ...(mapped as MappedLayer), inputs });
  }
  if (unsupported.length) {
    const list = unsupported.reduce((all, one) => message('{0}; {1}', all, one));
    throw new InteropError(message('NetLens cannot import {0} of the layers: {1}. See the README’s list of Keras layers NetLens reads.', unsupported.length, list));
  }
  const output = model.outputs[0];
  const last = statements[statements.length - 1];
  if (output.tensor !== 0 || !last || last.name !== nameOf(output.layer)) {
    throw new InteropError(message("The model's output is {0}, which is not its last layer's main output: NetLens models end with their output layer.", output.layer));
  }
  return statements;
}

/** Layers the output depends on; the rest (dead branches) would only draw warnings. */
function ancestors(model: KerasModel, byName: ReadonlyMap<string, KerasLayer>): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const layer = byName.get(name);
    if (!layer) throw new InteropError(message("A layer reads '{0}', which the model does not define.", name));
    layer.inputs.forEach((ref) => visit(ref.layer));
  };
  model.outputs.forEach((ref) => visit(ref.layer));
  return seen;
}

/** Attention takes query, value, key in that order, whatever order the call named them. */
function orderInputs(keras: KerasLayer): TensorRef[] {
  if (!keras.inputs.some((ref) => ref.argName)) return keras.inputs;
  const rank = (ref: TensorRef, index: number): number => {
    const order = ['query', 'value', 'key'].indexOf(ref.argName ?? '');
    return order >= 0 ? order : index === 0 ? 0 : 3 + index;
  };
  return keras.inputs.map((ref, index) => ({ ref, key: rank(ref, index) })).sort((a, b) => a.key - b.key).map((e) => e.ref).filter((ref) => ref.argName !== 'mask' && ref.argName !== 'attention_mask');
}

function dtypeName(value: Json | undefined): string {
  if (typeof value === 'string') return value;
  if (isObject(value) && isObject(value.config) && typeof value.config.name === 'string') return value.config.name;
  return 'float32';
}

function inputStatement(keras: KerasLayer, name: string, feedsEmbedding: boolean): Statement {
  const shape = batchShape(keras.config);
  if (!shape) throw new InteropError(message("The input layer '{0}' has no shape (batch_input_shape or batch_shape).", keras.name));
  const dims = shape.slice(1).map((d) => (d === null ? 'None' : String(d)));
  const isInt = feedsEmbedding || /^u?int/.test(dtypeName(keras.config.dtype));
  return { name, kind: 'input', values: [`[${dims.join(', ')}]`], options: isInt ? ['dtype=int32'] : [], inputs: [] };
}

function formatStatements(statements: readonly Statement[]): string[] {
  const width = Math.max(...statements.map((s) => s.kind.length));
  const nameWidth = Math.max(...statements.map((s) => s.name.length));
  return statements.map((s, index) => {
    const previous = statements[index - 1];
    const readsAbove = s.inputs.length === 1 && previous && s.inputs[0] === previous.name;
    const from = s.inputs.length === 0 || readsAbove ? [] : [`from ${s.inputs.join(', ')}`];
    return [s.kind.padEnd(width), s.name.padEnd(nameWidth), ...s.values, ...s.options, ...from].join(' ').trimEnd();
  });
}

/** The weights line, and loss and optimizer when a model.json kept its training_config. */
function trainingLines(root: Json, weightsFile: string | undefined): string[] {
  const topology = isObject(root) && isObject(root.modelTopology) ? root.modelTopology : isObject(root) ? root : {};
  const config = isObject(topology.training_config) ? topology.training_config : undefined;
  const lines: string[] = [];
  const loss = config && typeof config.loss === 'string' ? config.loss : undefined;
  if (loss && LOSSES.some((l) => l.name === loss)) lines.push(`loss      ${loss}`);
  const optimizer = config && isObject(config.optimizer_config) ? config.optimizer_config : undefined;
  const optimizerName = optimizer && typeof optimizer.class_name === 'string' ? optimizer.class_name.toLowerCase() : undefined;
  if (optimizerName && OPTIMIZERS.some((o) => o.name === optimizerName)) {
    const rate = isObject(optimizer!.config) ? (optimizer!.config as JsonObject).learning_rate ?? (optimizer!.config as JsonObject).lr : undefined;
    lines.push(`optimizer ${optimizerName}${typeof rate === 'number' ? ` lr=${rate}` : ''}`);
  }
  if (weightsFile) lines.push(`weights   ${JSON.stringify(weightsFile)}`);
  return lines.length ? ['', ...lines] : [];
}
