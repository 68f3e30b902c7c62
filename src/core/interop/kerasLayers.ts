// Keras class names and config keys → the language's layer kinds and arguments. Each mapper
// reads one Keras config (snake_case, as Keras, tfjs' toJSON and model.json all write it) and
// returns the statement's values and options, or the reason NetLens cannot import it.

import { Message, message } from '../lang/localize';
import { Json, JsonObject, KerasLayer, isObject } from './kerasJson';

export interface MappedLayer {
  readonly kind: string;
  readonly values: string[];
  readonly options: string[];
}

/** What a mapper returns when the class is known but this config is not importable. */
export class Unsupported {
  constructor(readonly reason: Message) {}
}

type Mapper = (config: JsonObject, layer: KerasLayer) => MappedLayer | Unsupported;

const ACTIVATIONS = new Set(['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'gelu', 'leaky_relu']);

/** `[3, 3]` → `3`; `[3, 5]` → `[3, 5]`. */
export function intsText(value: Json | undefined, fallback: number): string {
  const list = Array.isArray(value) ? value.map(Number) : value === undefined || value === null ? [fallback] : [Number(value)];
  return list.every((v) => v === list[0]) ? String(list[0]) : `[${list.join(', ')}]`;
}

function isAll(value: Json | undefined, expected: number): boolean {
  if (value === undefined || value === null) return true;
  return (Array.isArray(value) ? value : [value]).every((v) => Number(v) === expected);
}

/** Keras writes activations as a name, or (Keras 3) as a serialized object. */
export function activationName(value: Json | undefined): string {
  if (value === undefined || value === null) return 'linear';
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.config === 'string') return value.config;
  if (isObject(value) && typeof value.class_name === 'string') return value.class_name;
  return String(value);
}

/** `activation=relu` (nothing for linear), or the reason when NetLens lacks it. */
function activationOption(config: JsonObject, key = 'activation', fallback = 'linear'): string[] | Unsupported {
  const name = activationName(config[key] ?? fallback);
  if (!ACTIVATIONS.has(name)) return new Unsupported(message("activation '{0}'", name));
  return name === fallback ? [] : [`${key}=${name}`];
}

function biasOption(config: JsonObject): string[] {
  return config.use_bias === false ? ['use_bias=false'] : [];
}

function checkChannelsLast(config: JsonObject): Unsupported | undefined {
  if (config.data_format !== undefined && config.data_format !== null && config.data_format !== 'channels_last') return new Unsupported(message("data_format '{0}' (NetLens is channels-last)", String(config.data_format)));
  return undefined;
}

function paddingOption(config: JsonObject): string[] | Unsupported {
  const padding = config.padding ?? 'valid';
  if (padding !== 'valid' && padding !== 'same') return new Unsupported(message("padding '{0}'", String(padding)));
  return padding === 'same' ? ['padding=same'] : [];
}

function stridesOption(config: JsonObject): string[] {
  return isAll(config.strides, 1) ? [] : [`strides=${intsText(config.strides, 1)}`];
}

/** Joins option lists, passing on the first reason a piece gave. */
function join(...parts: (string[] | Unsupported | undefined)[]): string[] | Unsupported {
  const out: string[] = [];
  for (const part of parts) {
    if (part instanceof Unsupported) return part;
    if (part) out.push(...part);
  }
  return out;
}

function layer(kind: string, values: string[], options: string[] | Unsupported): MappedLayer | Unsupported {
  return options instanceof Unsupported ? options : { kind, values, options };
}

function convolution(kind: string, withFilters: boolean): Mapper {
  return (config) => {
    if (!isAll(config.dilation_rate, 1)) return new Unsupported(message('dilation_rate {0}', intsText(config.dilation_rate, 1)));
    if (config.groups !== undefined && config.groups !== 1) return new Unsupported(message('groups {0}', String(config.groups)));
    if (config.output_padding !== undefined && config.output_padding !== null) return new Unsupported(message('output_padding'));
    const multiplier = config.depth_multiplier !== undefined && config.depth_multiplier !== 1 ? [`depth_multiplier=${config.depth_multiplier}`] : [];
    const values = [...(withFilters ? [String(config.filters)] : []), intsText(config.kernel_size, 1)];
    return layer(kind, values, join(checkChannelsLast(config), multiplier, stridesOption(config), paddingOption(config), activationOption(config), biasOption(config)));
  };
}

function pooling(kind: string): Mapper {
  return (config) => {
    const pool = intsText(config.pool_size, 2);
    const strides = config.strides === null || config.strides === undefined || intsText(config.strides, 1) === pool ? [] : [`strides=${intsText(config.strides, 1)}`];
    return layer(kind, [pool], join(checkChannelsLast(config), strides, paddingOption(config)));
  };
}

function globalPooling(kind: string): Mapper {
  return (config) => (config.keepdims === true ? new Unsupported(message('keepdims=True')) : layer(kind, [], join(checkChannelsLast(config))));
}

const noArgs = (kind: string): Mapper => () => ({ kind, values: [], options: [] });

/** Keras counts axes with the batch (axis=1 is the first axis of a sample); NetLens does not. */
function sampleAxis(axis: Json | undefined): number {
  const a = Number(axis ?? -1);
  return a > 0 ? a - 1 : a;
}

function recurrentOptions(className: string, config: JsonObject, keras3: boolean): string[] | Unsupported {
  const recurrentActivation = activationName(config.recurrent_activation ?? 'sigmoid');
  // Keras 3's hard_sigmoid is relu6(z + 3)/6; tfjs' and Keras 2's, which NetLens has, 0.2·z + 0.5.
  const hasGate = recurrentActivation === 'sigmoid' || (recurrentActivation === 'hard_sigmoid' && !keras3);
  if (className !== 'SimpleRNN' && !hasGate) {
    return new Unsupported(message("recurrent_activation '{0}' (NetLens' gates use the sigmoid, or tfjs' hard_sigmoid: rebuild with recurrent_activation='sigmoid')", recurrentActivation));
  }
  const gate = className !== 'SimpleRNN' && recurrentActivation === 'hard_sigmoid' ? ['recurrent_activation=hard_sigmoid'] : [];
  if (config.go_backwards === true) return new Unsupported(message('go_backwards=True'));
  if (config.stateful === true) return new Unsupported(message('stateful=True'));
  const flags = [
    ...(config.return_sequences === true ? ['return_sequences=true'] : []),
    ...(config.return_state === true ? ['return_state=true'] : []),
    // Keras 2/3 write reset_after (default True); tfjs and Keras 1 GRUs have none and work as False.
    ...(className === 'GRU' ? [`reset_after=${config.reset_after === true}`] : []),
  ];
  return join(activationOption(config, 'activation', 'tanh'), gate, biasOption(config), flags);
}

const RECURRENT_KINDS: Record<string, string> = { SimpleRNN: 'simple_rnn', LSTM: 'lstm', GRU: 'gru' };

const recurrent: Mapper = (config, keras) => layer(RECURRENT_KINDS[keras.className], [String(config.units)], recurrentOptions(keras.className, config, Boolean(keras.keras3)));

const bidirectional: Mapper = (config, keras) => {
  const inner = config.layer;
  if (!isObject(inner) || typeof inner.class_name !== 'string' || !RECURRENT_KINDS[inner.class_name]) {
    return new Unsupported(message('wraps {0}, not SimpleRNN, LSTM or GRU', isObject(inner) ? String(inner.class_name) : '?'));
  }
  const innerConfig = isObject(inner.config) ? inner.config : {};
  if (innerConfig.return_state === true) return new Unsupported(message('return_state=True'));
  const mode = config.merge_mode === undefined ? 'concat' : config.merge_mode;
  if (mode === null || !['concat', 'sum', 'mul', 'ave'].includes(String(mode))) return new Unsupported(message("merge_mode '{0}'", String(mode)));
  const options = join(recurrentOptions(inner.class_name, innerConfig, Boolean(keras.keras3)), mode === 'concat' ? [] : [`merge_mode=${mode}`]);
  return layer('bidirectional', [RECURRENT_KINDS[inner.class_name], String(innerConfig.units)], options);
};

const timeDistributed: Mapper = (config) => {
  const inner = config.layer;
  if (!isObject(inner) || typeof inner.class_name !== 'string') return new Unsupported(message('wraps no layer'));
  const mapper = MAPPERS[inner.class_name];
  const innerConfig = isObject(inner.config) ? inner.config : {};
  if (!mapper || ['Bidirectional', 'TimeDistributed', 'InputLayer'].includes(inner.class_name)) return new Unsupported(message('wraps {0}', inner.class_name));
  const mapped = mapper(innerConfig, { name: String(innerConfig.name ?? 'inner'), className: inner.class_name, config: innerConfig, inputs: [] });
  if (mapped instanceof Unsupported) return mapped;
  return { kind: 'time_distributed', values: [mapped.kind, ...mapped.values], options: mapped.options };
};

const attention: Mapper = (config) => {
  if (config.attention_axes !== undefined && config.attention_axes !== null) return new Unsupported(message('attention_axes'));
  const output = config.output_shape;
  const outputDim = Array.isArray(output) ? (output.length === 1 ? Number(output[0]) : NaN) : output === null || output === undefined ? undefined : Number(output);
  if (Number.isNaN(outputDim)) return new Unsupported(message('output_shape {0}', JSON.stringify(output)));
  const options = [
    `heads=${config.num_heads}`,
    `key_dim=${config.key_dim}`,
    ...(config.value_dim !== undefined && config.value_dim !== null && config.value_dim !== config.key_dim ? [`value_dim=${config.value_dim}`] : []),
    ...(outputDim !== undefined ? [`output_dim=${outputDim}`] : []),
    ...biasOption(config),
    ...(Number(config.dropout ?? 0) > 0 ? [`dropout=${String(Number(config.dropout))}`] : []),
  ];
  return { kind: 'attention', values: [], options };
};

function normalization(kind: string): Mapper {
  return (config) => {
    const axis = config.axis;
    const single = Array.isArray(axis) ? (axis.length === 1 ? axis[0] : undefined) : axis;
    if (axis !== undefined && (single === undefined || typeof single !== 'number')) return new Unsupported(message('axis {0}', JSON.stringify(axis)));
    if (config.center === false || config.scale === false) return new Unsupported(message('center or scale turned off'));
    const options = [
      ...(kind === 'batchnorm' && config.momentum !== undefined && Number(config.momentum) !== 0.99 ? [`momentum=${String(Number(config.momentum))}`] : []),
      ...(config.epsilon !== undefined && Number(config.epsilon) !== 0.001 ? [`epsilon=${String(Number(config.epsilon))}`] : []),
    ];
    return { kind, values: [], options };
  };
}

const relu: Mapper = (config) => {
  if (config.max_value !== undefined && config.max_value !== null) return new Unsupported(message('max_value {0}', String(config.max_value)));
  if (Number(config.threshold ?? 0) !== 0) return new Unsupported(message('threshold {0}', String(config.threshold)));
  const slope = Number(config.negative_slope ?? 0);
  return slope === 0 ? { kind: 'relu', values: [], options: [] } : { kind: 'leaky_relu', values: [], options: [`alpha=${String(slope)}`] };
};

const MAPPERS: Record<string, Mapper> = {
  Dense: (config) => layer('dense', [String(config.units)], join(activationOption(config), biasOption(config))),
  Conv1D: convolution('conv1d', true),
  Conv2D: convolution('conv2d', true),
  Conv2DTranspose: convolution('conv2d_transpose', true),
  SeparableConv2D: convolution('separable_conv2d', true),
  DepthwiseConv2D: convolution('depthwise_conv2d', false),
  MaxPooling1D: pooling('maxpool1d'),
  MaxPooling2D: pooling('maxpool2d'),
  AveragePooling1D: pooling('avgpool1d'),
  AveragePooling2D: pooling('avgpool2d'),
  GlobalAveragePooling1D: globalPooling('global_avgpool1d'),
  GlobalAveragePooling2D: globalPooling('global_avgpool2d'),
  GlobalMaxPooling1D: globalPooling('global_maxpool1d'),
  GlobalMaxPooling2D: globalPooling('global_maxpool2d'),
  Flatten: noArgs('flatten'),
  Reshape: (config) => ({ kind: 'reshape', values: [`[${((config.target_shape as number[]) ?? []).join(', ')}]`], options: [] }),
  Dropout: (config) => ({ kind: 'dropout', values: [String(Number(config.rate))], options: [] }),
  BatchNormalization: normalization('batchnorm'),
  LayerNormalization: normalization('layernorm'),
  Activation: (config) => {
    const name = activationName(config.activation);
    return ACTIVATIONS.has(name) ? { kind: 'activation', values: [name], options: [] } : new Unsupported(message("activation '{0}'", name));
  },
  ReLU: relu,
  LeakyReLU: (config) => ({ kind: 'leaky_relu', values: [], options: [`alpha=${String(Number(config.negative_slope ?? config.alpha ?? 0.3))}`] }),
  ELU: (config) => ({ kind: 'elu', values: [], options: Number(config.alpha ?? 1) === 1 ? [] : [`alpha=${String(Number(config.alpha))}`] }),
  Softmax: (config) => ({ kind: 'softmax', values: [], options: sampleAxis(config.axis) === -1 ? [] : [`axis=${sampleAxis(config.axis)}`] }),
  Embedding: (config) => (config.mask_zero === true ? new Unsupported(message('mask_zero=True')) : { kind: 'embedding', values: [String(config.input_dim), String(config.output_dim)], options: [] }),
  SimpleRNN: recurrent,
  LSTM: recurrent,
  GRU: recurrent,
  Bidirectional: bidirectional,
  TimeDistributed: timeDistributed,
  Add: noArgs('add'),
  Subtract: noArgs('subtract'),
  Multiply: noArgs('multiply'),
  Average: noArgs('average'),
  Concatenate: (config) => ({ kind: 'concat', values: [], options: sampleAxis(config.axis) === -1 ? [] : [`axis=${sampleAxis(config.axis)}`] }),
  MultiHeadAttention: attention,
  UpSampling2D: (config) =>
    config.interpolation !== undefined && config.interpolation !== 'nearest'
      ? new Unsupported(message("interpolation '{0}'", String(config.interpolation)))
      : layer('upsampling2d', isAll(config.size, 2) ? [] : [intsText(config.size, 2)], join(checkChannelsLast(config))),
  ZeroPadding2D: (config) => layer('zero_padding2d', [paddingText(config.padding)], join(checkChannelsLast(config))),
};

// Keras' aliases for the same classes.
const ALIASES: Record<string, string> = {
  MaxPool1D: 'MaxPooling1D',
  MaxPool2D: 'MaxPooling2D',
  AvgPool1D: 'AveragePooling1D',
  AvgPool2D: 'AveragePooling2D',
  GlobalAvgPool1D: 'GlobalAveragePooling1D',
  GlobalAvgPool2D: 'GlobalAveragePooling2D',
  GlobalMaxPool1D: 'GlobalMaxPooling1D',
  GlobalMaxPool2D: 'GlobalMaxPooling2D',
  Convolution1D: 'Conv1D',
  Convolution2D: 'Conv2D',
  Deconvolution2D: 'Conv2DTranspose',
  Conv2DTranspose: 'Conv2DTranspose',
  SeparableConvolution2D: 'SeparableConv2D',
};

function paddingText(value: Json | undefined): string {
  if (value === undefined || value === null) return '1';
  if (!Array.isArray(value)) return String(value);
  if (value.every((v) => typeof v === 'number')) return intsText(value, 1);
  return `[${value.map((pair) => `[${(pair as number[]).join(', ')}]`).join(', ')}]`;
}

export function canonicalClass(className: string): string {
  return ALIASES[className] ?? className;
}

/** Keras 1's argument names, as Keras 2 renamed them. */
function keras1Config(className: string, config: JsonObject): JsonObject {
  const out: JsonObject = { ...config };
  const rename = (from: string, to: string): void => {
    if (out[from] !== undefined && out[to] === undefined) out[to] = out[from];
  };
  if (className !== 'Embedding') rename('output_dim', 'units');
  rename('nb_filter', 'filters');
  if (config.nb_row !== undefined) out.kernel_size ??= [config.nb_row as number, config.nb_col as number];
  rename('filter_length', 'kernel_size');
  rename('subsample_length', 'strides');
  rename('subsample', 'strides');
  rename('border_mode', 'padding');
  rename('bias', 'use_bias');
  rename('inner_activation', 'recurrent_activation');
  if (className === 'Dropout') rename('p', 'rate');
  if (config.dim_ordering === 'th') out.data_format = 'channels_first';
  return out;
}

/** The statement for one Keras layer; undefined for a class NetLens does not know. */
export function mapLayer(keras: KerasLayer): MappedLayer | Unsupported | undefined {
  const className = canonicalClass(keras.className);
  const mapper = MAPPERS[className];
  const config = keras1Config(className, keras.config);
  return mapper ? mapper(config, { ...keras, className, config }) : undefined;
}
