// Initial values for every parameter of a layer, in plain JavaScript from the seeded Random:
// the same seed gives the same numbers in the CLI, the webview and the tests, whatever the
// backend. Each parameter draws from its own stream ('init/<layer>/<param>'), so adding or
// editing one layer never changes another layer's numbers. Rules and fans follow Keras.

import { Random } from '../data/random';
import { TensorLiteral } from '../lang/spec';
import { GraphLayer } from '../model/graph';

/**
 * Standard deviation of a standard normal truncated at ±2σ (√0.77374): Keras divides the
 * truncated normal's std by it, so the values' variance is exactly the formula's.
 */
export const TRUNCATED_STD = 0.8796256610342398;

/** Keras' RandomNormal / RandomUniform defaults. */
const RANDOM_NORMAL_STD = 0.05;
const RANDOM_UNIFORM_LIMIT = 0.05;

export interface Fans {
  readonly fanIn: number;
  readonly fanOut: number;
}

/**
 * Fans as Keras' compute_fans: [in, out] for a matrix; for more axes the leading ones are the
 * receptive field, so a conv kernel [k…, C_in, C_out] has fan_in = k…·C_in and fan_out =
 * k…·C_out. Keras applies the same rule to every shape, which makes a transposed convolution's
 * kernel [k, k, C_out, C_in] count fan_in = k·k·C_out, and an attention projection
 * [d, heads, size] count fan_in = d·heads, fan_out = d·size; we keep Keras' numbers.
 */
export function computeFans(shape: readonly number[]): Fans {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  if (shape.length === 2) return { fanIn: shape[0], fanOut: shape[1] };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[shape.length - 2] * receptive, fanOut: shape[shape.length - 1] * receptive };
}

function fill(out: Float32Array, draw: () => number): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = draw();
  return out;
}

/** A variance-scaling initializer: uniform ±√(3·Var) or a truncated normal with variance Var. */
function scaled(out: Float32Array, random: Random, variance: number, distribution: 'uniform' | 'normal'): Float32Array {
  if (distribution === 'uniform') {
    const limit = Math.sqrt(3 * variance);
    return random.fillUniform(out, -limit, limit);
  }
  const std = Math.sqrt(variance) / TRUNCATED_STD;
  return fill(out, () => random.truncatedNormal(0, std));
}

/**
 * Fills `shape` by the named initializer. Glorot/Xavier: Var(W) = 2/(n_in + n_out), the course's
 * formula, uniform on ±√(6/(n_in + n_out)) or normal truncated at 2σ and rescaled as Keras does
 * (so the variance stays exactly the formula's); He: Var = 2/n_in; LeCun: Var = 1/n_in.
 */
export function initialize(name: string, shape: readonly number[], random: Random): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  const { fanIn, fanOut } = computeFans(shape);
  switch (name) {
    case 'zeros':
      return out;
    case 'ones':
      return out.fill(1);
    case 'glorot_uniform':
    case 'xavier_uniform':
      return scaled(out, random, 2 / (fanIn + fanOut), 'uniform');
    case 'glorot_normal':
    case 'xavier_normal':
      return scaled(out, random, 2 / (fanIn + fanOut), 'normal');
    case 'he_uniform':
      return scaled(out, random, 2 / fanIn, 'uniform');
    case 'he_normal':
      return scaled(out, random, 2 / fanIn, 'normal');
    case 'lecun_uniform':
      return scaled(out, random, 1 / fanIn, 'uniform');
    case 'lecun_normal':
      return scaled(out, random, 1 / fanIn, 'normal');
    case 'random_normal':
      return random.fillNormal(out, 0, RANDOM_NORMAL_STD);
    case 'random_uniform':
      return random.fillUniform(out, -RANDOM_UNIFORM_LIMIT, RANDOM_UNIFORM_LIMIT);
    case 'orthogonal':
      return orthogonal(shape, random);
    default:
      throw new Error(`Unknown initializer '${name}'.`);
  }
}

/**
 * Keras' Orthogonal (gain 1): a normal matrix of shape (max(r, c), min(r, c)), with r the
 * product of all axes but the last and c the last, orthonormalised column by column
 * (Gram–Schmidt, which is QR with diag(R) > 0, Keras' sign fix), transposed when r < c.
 * The result has orthonormal rows or columns, whichever are fewer.
 */
export function orthogonal(shape: readonly number[], random: Random): Float32Array {
  const cols = shape.length ? shape[shape.length - 1] : 1;
  const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const n = Math.max(rows, cols);
  const k = Math.min(rows, cols);
  // q[j] is column j (length n), kept in float64 until the end.
  const q: Float64Array[] = [];
  for (let j = 0; j < k; j++) q.push(random.fillNormal(new Float64Array(n)));
  for (let j = 0; j < k; j++) {
    const v = q[j];
    // Twice over: one pass of modified Gram–Schmidt loses orthogonality in float rounding.
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        const u = q[i];
        let dot = 0;
        for (let x = 0; x < n; x++) dot += u[x] * v[x];
        for (let x = 0; x < n; x++) v[x] -= dot * u[x];
      }
    }
    let norm = 0;
    for (let x = 0; x < n; x++) norm += v[x] * v[x];
    norm = Math.sqrt(norm);
    for (let x = 0; x < n; x++) v[x] /= norm;
  }
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = rows >= cols ? q[c][r] : q[r][c];
  }
  return out;
}

function attr(layer: GraphLayer, name: string, fallback: string): string {
  const value = layer.attrs[name];
  return typeof value === 'string' ? value : fallback;
}

function literal(layer: GraphLayer, name: string): TensorLiteral | undefined {
  const value = layer.attrs[name];
  return value !== null && typeof value === 'object' && !Array.isArray(value) && 'values' in value ? (value as TensorLiteral) : undefined;
}

function fromLiteral(layer: GraphLayer, paramName: string, value: TensorLiteral, shape: readonly number[]): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  if (value.values.length !== size) {
    throw new Error(`Layer '${layer.name}': the literal ${paramName} has ${value.values.length} numbers, but ${paramName} [${shape.join(', ')}] needs ${size}.`);
  }
  return Float32Array.from(value.values);
}

/** The initializer of one parameter, by its Keras name and the layer's arguments. */
function initializerOf(layer: GraphLayer, paramName: string): string {
  switch (paramName) {
    case 'kernel':
    case 'depthwise_kernel':
    case 'pointwise_kernel':
      return attr(layer, 'kernel_initializer', 'glorot_uniform');
    case 'recurrent_kernel':
      return 'orthogonal';
    case 'bias':
      return attr(layer, 'bias_initializer', 'zeros');
    case 'embeddings':
      // Keras' Embedding draws ±0.05; a learned positional table follows keras_hub's
      // PositionEmbedding, which uses Glorot uniform.
      return layer.kind === 'embedding' ? attr(layer, 'embeddings_initializer', 'random_uniform') : 'glorot_uniform';
    case 'gamma':
    case 'moving_variance':
      return 'ones';
    case 'beta':
    case 'moving_mean':
      return 'zeros';
  }
  // Multi-head attention: Keras' defaults, Glorot uniform kernels and zero biases.
  if (paramName.endsWith('/kernel')) return 'glorot_uniform';
  if (paramName.endsWith('/bias')) return 'zeros';
  throw new Error(`Layer '${layer.name}' (${layer.kind}): no initializer for parameter '${paramName}'.`);
}

/** A bidirectional layer's forward_kernel is its wrapped layer's kernel: same rule, same fans. */
function wrappedRole(layer: GraphLayer, paramName: string): { kind: string; role: string } {
  const direction = layer.kind === 'bidirectional' ? /^(forward|backward)_(.+)$/.exec(paramName) : null;
  if (direction) return { kind: String(layer.attrs.layer), role: direction[2] };
  return { kind: layer.kind === 'time_distributed' ? String(layer.attrs.layer) : layer.kind, role: paramName };
}

function initialParam(layer: GraphLayer, paramName: string, shape: readonly number[], seed: number): Float32Array {
  const override = paramName === 'kernel' ? literal(layer, 'weights') : paramName === 'bias' ? literal(layer, 'bias') : undefined;
  if (override) return fromLiteral(layer, paramName, override, shape);
  const random = Random.stream(seed, `init/${layer.name}/${paramName}`);
  const { kind, role } = wrappedRole(layer, paramName);
  const name = initializerOf(layer, role);
  if (kind === 'lstm' && role === 'bias') {
    // Keras' unit_forget_bias: gates i, f, c, o; the forget gate's bias starts at 1 so the cell
    // keeps its memory early in training (Jozefowicz et al., 2015).
    const units = shape[shape.length - 1] / 4;
    const values = initialize(name, shape, random);
    values.fill(1, units, 2 * units);
    return values;
  }
  return initialize(name, shape, random);
}

/** Initial values of every parameter of `layer`, by parameter name, in `layer.params` order. */
export function initialParams(layer: GraphLayer, seed: number): Record<string, Float32Array> {
  const values: Record<string, Float32Array> = {};
  for (const spec of layer.params) values[spec.name] = initialParam(layer, spec.name, spec.shape, seed);
  return values;
}
