// The other direction of kerasLayers.ts: a compiled layer → Keras' class name and config
// (snake_case keys, as Keras and tfjs' model.json write them). Only non-default keys are kept,
// except those where tfjs' default differs from Keras' (recurrent_activation, reset_after).
// Both exporters (tfjs model.json, Keras Python) read these descriptions.

import { Message, message } from '../lang/localize';
import { GraphLayer } from '../model/graph';
import { Json, JsonObject } from './kerasJson';

export interface KerasDescription {
  readonly className: string;
  readonly config: JsonObject;
  /** Explicit conv padding is a ZeroPadding2D before a 'valid' convolution in Keras. */
  readonly padding?: { readonly className: string; readonly config: JsonObject };
}

export type ExportTarget = 'tfjs' | 'keras';

export class NotExportable {
  constructor(readonly reason: Message) {}
}

const KERAS_ACTIVATIONS = new Set(['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'gelu']);

function attr(layer: GraphLayer, name: string, fallback: Json): Json {
  const value = layer.attrs[name] as Json | undefined;
  return value === undefined ? fallback : value;
}

function activationConfig(layer: GraphLayer, target: ExportTarget, key = 'activation', fallback = 'linear'): JsonObject | NotExportable {
  let name = attr(layer, key, fallback) as string;
  if (name === 'identity') name = 'linear';
  // Keras 3 knows leaky_relu as an activation name; tfjs 4.22 does not.
  if (!KERAS_ACTIVATIONS.has(name) && !(target === 'keras' && name === 'leaky_relu')) return new NotExportable(message("activation '{0}'", name));
  return name === fallback ? {} : { [key]: name };
}

/** The explicit amounts of a padding attribute, or undefined for 'valid'/'same'. */
function explicitPadding(layer: GraphLayer): number[] | undefined {
  const padding = layer.attrs.padding;
  return Array.isArray(padding) ? (padding as number[]) : undefined;
}

function windowConfig(layer: GraphLayer, withKernel = true): JsonObject {
  const strides = attr(layer, 'strides', [1, 1]) as number[];
  const padding = explicitPadding(layer) ? 'valid' : (attr(layer, 'padding', 'valid') as string);
  return {
    ...(withKernel ? { kernel_size: attr(layer, 'kernel_size', [1]) as number[] } : {}),
    ...(strides.every((s) => s === 1) ? {} : { strides }),
    ...(padding === 'valid' ? {} : { padding }),
  };
}

function biasConfig(layer: GraphLayer): JsonObject {
  return attr(layer, 'use_bias', true) === false ? { use_bias: false } : {};
}

/** Keras counts axes with the batch: the language's axis k ≥ 0 is Keras' k + 1. */
function kerasAxis(axis: number): number {
  return axis >= 0 ? axis + 1 : axis;
}

const RECURRENT_CLASSES: Record<string, string> = { simple_rnn: 'SimpleRNN', lstm: 'LSTM', gru: 'GRU' };
const POOLING: Record<string, string> = { maxpool1d: 'MaxPooling1D', maxpool2d: 'MaxPooling2D', avgpool1d: 'AveragePooling1D', avgpool2d: 'AveragePooling2D' };
const GLOBAL_POOLING: Record<string, string> = {
  global_avgpool1d: 'GlobalAveragePooling1D',
  global_avgpool2d: 'GlobalAveragePooling2D',
  global_maxpool1d: 'GlobalMaxPooling1D',
  global_maxpool2d: 'GlobalMaxPooling2D',
};
const MERGES: Record<string, string> = { add: 'Add', subtract: 'Subtract', multiply: 'Multiply', average: 'Average' };
const CONVOLUTIONS: Record<string, string> = {
  conv1d: 'Conv1D',
  conv2d: 'Conv2D',
  conv2d_transpose: 'Conv2DTranspose',
  separable_conv2d: 'SeparableConv2D',
  depthwise_conv2d: 'DepthwiseConv2D',
};

function merge(...parts: (JsonObject | NotExportable)[]): JsonObject | NotExportable {
  const bad = parts.find((p) => p instanceof NotExportable);
  return bad ?? Object.assign({}, ...parts);
}

function describe(className: string, config: JsonObject | NotExportable): KerasDescription | NotExportable {
  return config instanceof NotExportable ? config : { className, config };
}

function recurrentConfig(layer: GraphLayer, kind: string, target: ExportTarget): JsonObject | NotExportable {
  const resetAfter = attr(layer, 'reset_after', true) as boolean;
  if (kind === 'gru' && resetAfter && target === 'tfjs') {
    return new NotExportable(message('GRU reset_after=true (TensorFlow.js 4.22 runs only reset_after=false: write reset_after=false, or export Keras code)'));
  }
  const gate = attr(layer, 'recurrent_activation', 'sigmoid') as string;
  // Keras 3 redefined hard_sigmoid (relu6(z + 3)/6); NetLens' is tfjs' and Keras 2's 0.2·z + 0.5.
  if (kind !== 'simple_rnn' && gate === 'hard_sigmoid' && target === 'keras') return new NotExportable(message('recurrent_activation=hard_sigmoid (Keras 3’s hard_sigmoid is another function)'));
  return merge(
    { units: attr(layer, 'units', 1) },
    activationConfig(layer, target, 'activation', 'tanh'),
    kind === 'simple_rnn' ? {} : { recurrent_activation: gate },
    biasConfig(layer),
    attr(layer, 'return_sequences', false) ? { return_sequences: true } : {},
    attr(layer, 'return_state', false) ? { return_state: true } : {},
    kind === 'gru' ? { reset_after: resetAfter } : {},
  );
}

/** The wrapped layer of time_distributed, seen as a layer of its own. */
function innerLayer(layer: GraphLayer): GraphLayer {
  return { ...layer, kind: String(layer.attrs.layer), name: `${layer.name}_inner` };
}

export function describeLayer(layer: GraphLayer, target: ExportTarget): KerasDescription | NotExportable {
  const kind = layer.kind;
  if (CONVOLUTIONS[kind]) {
    const padding = explicitPadding(layer);
    if (padding && kind !== 'conv2d' && kind !== 'conv1d') return new NotExportable(message('explicit padding'));
    if (padding && kind === 'conv1d') return new NotExportable(message('explicit padding'));
    const config = merge(
      kind === 'depthwise_conv2d' ? {} : { filters: attr(layer, 'filters', 1) },
      windowConfig(layer),
      attr(layer, 'depth_multiplier', 1) === 1 ? {} : { depth_multiplier: attr(layer, 'depth_multiplier', 1) },
      activationConfig(layer, target),
      biasConfig(layer),
    );
    const described = describe(CONVOLUTIONS[kind], config);
    if (described instanceof NotExportable || !padding) return described;
    return { ...described, padding: { className: 'ZeroPadding2D', config: { padding: [padding[0], padding[1]] } } };
  }
  if (POOLING[kind]) {
    const strides = layer.attrs.strides;
    return describe(POOLING[kind], { pool_size: attr(layer, 'pool_size', [2]), ...(strides ? { strides: strides as number[] } : {}), ...(attr(layer, 'padding', 'valid') === 'same' ? { padding: 'same' } : {}) });
  }
  if (GLOBAL_POOLING[kind]) return describe(GLOBAL_POOLING[kind], {});
  if (MERGES[kind]) return describe(MERGES[kind], {});
  if (RECURRENT_CLASSES[kind]) return describe(RECURRENT_CLASSES[kind], recurrentConfig(layer, kind, target));
  switch (kind) {
    case 'input':
      if (layer.attrs.value !== undefined) return new NotExportable(message('a literal input value'));
      return describe('InputLayer', { batch_input_shape: [null, ...layer.outputShape], dtype: layer.dtype });
    case 'dense':
      return describe('Dense', merge({ units: attr(layer, 'units', 1) }, activationConfig(layer, target), biasConfig(layer)));
    case 'flatten':
      return describe('Flatten', {});
    case 'reshape':
      return describe('Reshape', { target_shape: [...layer.outputShape] as number[] });
    case 'dropout':
      return describe('Dropout', { rate: attr(layer, 'rate', 0) });
    case 'batchnorm':
      return describe('BatchNormalization', { axis: -1, momentum: attr(layer, 'momentum', 0.99), epsilon: attr(layer, 'epsilon', 0.001) });
    case 'layernorm':
      return describe('LayerNormalization', { axis: -1, epsilon: attr(layer, 'epsilon', 0.001) });
    case 'linear':
    case 'identity':
    case 'sigmoid':
    case 'tanh':
    case 'relu':
    case 'gelu':
      return describe('Activation', { activation: kind === 'identity' ? 'linear' : kind });
    case 'softmax': {
      const axis = attr(layer, 'axis', -1) as number;
      return axis === -1 ? describe('Activation', { activation: 'softmax' }) : describe('Softmax', { axis: kerasAxis(axis) });
    }
    case 'leaky_relu':
      return describe('LeakyReLU', { alpha: attr(layer, 'alpha', 0.3) });
    case 'elu':
      return describe('ELU', { alpha: attr(layer, 'alpha', 1) });
    case 'activation': {
      const fn = attr(layer, 'function', 'linear') as string;
      if (fn === 'leaky_relu') return describe('LeakyReLU', { alpha: attr(layer, 'alpha', 0.3) });
      if (fn === 'elu') return describe('ELU', { alpha: attr(layer, 'alpha', 1) });
      return describe('Activation', activationConfig(layer, target, 'function', '') instanceof NotExportable ? new NotExportable(message("activation '{0}'", fn)) : { activation: fn === 'identity' ? 'linear' : fn });
    }
    case 'embedding':
      return describe('Embedding', { input_dim: attr(layer, 'input_dim', 1), output_dim: attr(layer, 'output_dim', 1) });
    case 'concat':
      return describe('Concatenate', { axis: kerasAxis(attr(layer, 'axis', -1) as number) });
    case 'upsampling2d':
      return describe('UpSampling2D', { size: attr(layer, 'size', [2, 2]) });
    case 'zero_padding2d': {
      const [top, bottom, left, right] = attr(layer, 'padding', [1, 1, 1, 1]) as number[];
      return describe('ZeroPadding2D', { padding: [[top, bottom], [left, right]] });
    }
    case 'attention':
      if (target === 'tfjs') return new NotExportable(message('TensorFlow.js 4.22 has no MultiHeadAttention layer: export Keras code'));
      return describe('MultiHeadAttention', {
        num_heads: attr(layer, 'heads', 1),
        key_dim: attr(layer, 'key_dim', 1),
        ...(layer.attrs.value_dim !== undefined ? { value_dim: attr(layer, 'value_dim', 1) } : {}),
        ...(layer.attrs.output_dim !== undefined ? { output_shape: attr(layer, 'output_dim', 1) } : {}),
        ...biasConfig(layer),
        ...(attr(layer, 'dropout', 0) ? { dropout: attr(layer, 'dropout', 0) } : {}),
      });
    case 'bidirectional': {
      const innerKind = String(layer.attrs.layer);
      if (attr(layer, 'return_state', false)) return new NotExportable(message('return_state=true'));
      const inner = recurrentConfig(layer, innerKind, target);
      if (inner instanceof NotExportable) return inner;
      const mode = attr(layer, 'merge_mode', 'concat') as string;
      return { className: 'Bidirectional', config: { layer: { class_name: RECURRENT_CLASSES[innerKind], config: { ...inner, name: innerKind } }, ...(mode === 'concat' ? {} : { merge_mode: mode }) } };
    }
    case 'time_distributed': {
      const inner = describeLayer(innerLayer(layer), target);
      if (inner instanceof NotExportable) return inner;
      if (inner.padding) return new NotExportable(message('explicit padding'));
      return { className: 'TimeDistributed', config: { layer: { class_name: inner.className, config: { ...inner.config, name: String(layer.attrs.layer) } } } };
    }
    default:
      return new NotExportable(message('no Keras layer'));
  }
}

/** The weight name tfjs and Keras give a parameter: `dense/kernel`, `bi/forward_lstm/kernel`. */
export function kerasWeightName(layer: GraphLayer, param: string): string {
  const direction = /^(forward|backward)_(.+)$/.exec(param);
  if (layer.kind === 'bidirectional' && direction) return `${layer.name}/${direction[1]}_${String(layer.attrs.layer)}/${direction[2]}`;
  return `${layer.name}/${param}`;
}
