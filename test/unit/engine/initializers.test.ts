// Initial values: the variance each rule promises (Glorot's 2/(n_in + n_out) above all), the
// limits, Keras' fans, orthogonality, literals, seeding, and a value of the right size for
// every parameter of every layer kind in the catalog.

import * as assert from 'node:assert/strict';
import { Random } from '../../../src/core/data/random';
import { TRUNCATED_STD, computeFans, initialParams, initialize, orthogonal } from '../../../src/core/engine/initializers';
import { LAYER_KINDS } from '../../../src/core/lang/layers/catalog';
import { GraphLayer, ModelGraph } from '../../../src/core/model/graph';
import { graphOf } from '../../helpers/graph';

function layerOf(graph: ModelGraph, name: string): GraphLayer {
  const layer = graph.layers.find((l) => l.name === name);
  if (!layer) throw new Error(`no layer ${name}`);
  return layer;
}

function stats(values: Float32Array): { mean: number; variance: number; maxAbs: number } {
  let sum = 0;
  let maxAbs = 0;
  for (const v of values) {
    sum += v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, variance: squares / values.length, maxAbs };
}

/** The kernel of a 200 → 300 dense layer initialised by `initializer`. */
function bigKernel(initializer: string, seed = 1): Float32Array {
  const graph = graphOf(`model m\n  input x [200]\n  dense d 300 kernel_initializer=${initializer}\n`);
  return initialParams(layerOf(graph, 'd'), seed).kernel;
}

describe('initializers', () => {
  // n_in = 200, n_out = 300: Glorot Var = 2/500, He 2/200, LeCun 1/200.
  const table: [string, number, 'uniform' | 'normal' | 'plain'][] = [
    ['glorot_uniform', 2 / 500, 'uniform'],
    ['xavier_uniform', 2 / 500, 'uniform'],
    ['glorot_normal', 2 / 500, 'normal'],
    ['xavier_normal', 2 / 500, 'normal'],
    ['he_uniform', 2 / 200, 'uniform'],
    ['he_normal', 2 / 200, 'normal'],
    ['lecun_uniform', 1 / 200, 'uniform'],
    ['lecun_normal', 1 / 200, 'normal'],
    ['random_uniform', 0.05 ** 2 / 3, 'uniform'],
    ['random_normal', 0.05 ** 2, 'plain'],
  ];
  for (const [name, variance, distribution] of table) {
    it(`${name}: mean 0 and variance ${variance.toPrecision(3)} on a 200×300 kernel, within its limits`, () => {
      const values = bigKernel(name);
      const s = stats(values);
      const n = values.length;
      // Four standard errors: the mean's is √(Var/n); the variance's is at most Var·√(2/n) for these shapes.
      assert.ok(Math.abs(s.mean) < 4 * Math.sqrt(variance / n), `mean ${s.mean}`);
      assert.ok(Math.abs(s.variance - variance) < 4 * variance * Math.sqrt(2 / n), `variance ${s.variance}, expected ${variance}`);
      if (distribution === 'uniform') {
        const limit = Math.sqrt(3 * variance);
        assert.ok(s.maxAbs <= limit, `max ${s.maxAbs} beyond ${limit}`);
        assert.ok(s.maxAbs > 0.999 * limit, 'the uniform reaches its limit');
      }
      if (distribution === 'normal') {
        // Truncated at two of the pre-rescaling standard deviations, as Keras does.
        const cut = (2 * Math.sqrt(variance)) / TRUNCATED_STD;
        assert.ok(s.maxAbs <= cut * (1 + 1e-6), `max ${s.maxAbs} beyond ${cut}`);
        assert.ok(s.maxAbs > 0.99 * cut);
      }
      if (distribution === 'plain') assert.ok(s.maxAbs > 3.5 * 0.05, 'an untruncated normal has tails');
    });
  }

  it('keeps the course’s Glorot formula: the uniform limit is √(6/(n_in + n_out))', () => {
    const values = bigKernel('glorot_uniform');
    assert.ok(stats(values).maxAbs <= Math.sqrt(6 / 500));
  });

  it('TRUNCATED_STD is the standard deviation of a normal truncated at ±2σ', () => {
    const random = new Random(3);
    const values = new Float32Array(200000).map(() => random.truncatedNormal());
    assert.ok(Math.abs(Math.sqrt(stats(values).variance) - TRUNCATED_STD) < 0.005);
  });

  it('zeros and ones', () => {
    assert.deepEqual(Array.from(initialize('zeros', [2, 2], new Random(1))), [0, 0, 0, 0]);
    assert.deepEqual(Array.from(initialize('ones', [3], new Random(1))), [1, 1, 1]);
  });

  it('computes fans as Keras: dense [in, out], conv [k…, in, out] with the receptive field, vectors', () => {
    assert.deepEqual(computeFans([200, 300]), { fanIn: 200, fanOut: 300 });
    assert.deepEqual(computeFans([3, 3, 4, 8]), { fanIn: 36, fanOut: 72 });
    assert.deepEqual(computeFans([5, 2, 6]), { fanIn: 10, fanOut: 30 });
    assert.deepEqual(computeFans([7]), { fanIn: 7, fanOut: 7 });
    assert.deepEqual(computeFans([]), { fanIn: 1, fanOut: 1 });
  });

  it('a conv kernel draws He uniform on ±√(6/(k·k·C_in)); a transposed one counts its [k, k, C_out, C_in] as Keras', () => {
    const graph = graphOf(`model m\n  input x [8, 8, 4]\n  conv2d c 16 3 kernel_initializer=he_uniform\n  conv2d_transpose t 2 3 kernel_initializer=he_uniform\n`);
    const conv = stats(initialParams(layerOf(graph, 'c'), 1).kernel);
    assert.ok(conv.maxAbs <= Math.sqrt(6 / 36) && conv.maxAbs > 0.95 * Math.sqrt(6 / 36));
    // Kernel [3, 3, 2, 16]: Keras' fan_in is 3·3·2 = 18 (the third axis), so the limit is √(6/18).
    const transpose = initialParams(layerOf(graph, 't'), 1).kernel;
    assert.equal(transpose.length, 3 * 3 * 2 * 16);
    assert.ok(stats(transpose).maxAbs <= Math.sqrt(6 / 18) && stats(transpose).maxAbs > 0.9 * Math.sqrt(6 / 18));
  });

  it('is seeded: the same seed gives the same numbers, another seed other numbers', () => {
    const a = bigKernel('glorot_uniform', 42);
    assert.deepEqual(a, bigKernel('glorot_uniform', 42));
    assert.notDeepEqual(a, bigKernel('glorot_uniform', 43));
  });

  it('gives a layer the same numbers whatever the other layers are', () => {
    const small = graphOf('model m\n  input x [4]\n  dense a 3\n  dense b 2\n');
    const large = graphOf('model m\n  input x [9]\n  dense z 5 kernel_initializer=he_normal\n  dense a 3\n  dense b 2\n');
    assert.deepEqual(initialParams(layerOf(small, 'b'), 5), initialParams(layerOf(large, 'b'), 5));
    assert.notDeepEqual(initialParams(layerOf(small, 'a'), 5).kernel, initialParams(layerOf(small, 'b'), 5).kernel.slice(0, 12));
  });

  it('draws the kernel and each parameter from its own stream', () => {
    const graph = graphOf('model m\n  input x [4]\n  dense a 4 bias_initializer=glorot_uniform\n');
    const { kernel, bias } = initialParams(layerOf(graph, 'a'), 1);
    assert.notDeepEqual(Array.from(kernel.slice(0, 4)), Array.from(bias));
  });

  it('orthogonal: orthonormal rows of a wide matrix and columns of a tall one', () => {
    const check = (shape: number[], byRows: boolean) => {
      const cols = shape[shape.length - 1];
      const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
      const w = orthogonal(shape, new Random(9));
      const count = byRows ? rows : cols;
      const length = byRows ? cols : rows;
      const at = (vector: number, index: number) => (byRows ? w[vector * cols + index] : w[index * cols + vector]);
      for (let a = 0; a < count; a++) {
        for (let b = 0; b < count; b++) {
          let dot = 0;
          for (let i = 0; i < length; i++) dot += at(a, i) * at(b, i);
          assert.ok(Math.abs(dot - (a === b ? 1 : 0)) < 1e-5, `${shape}: <${a}, ${b}> = ${dot}`);
        }
      }
    };
    check([8, 32], true);
    check([12, 5], false);
    check([3, 3, 4, 5], false);
    check([6, 6], true);
  });

  it('a bidirectional LSTM initialises each direction as its own LSTM: orthogonal, forget bias 1, streams apart', () => {
    const graph = graphOf('model m\n  input x [10, 3]\n  bidirectional b lstm 8\n');
    const values = initialParams(layerOf(graph, 'b'), 1);
    for (const direction of ['forward', 'backward']) {
      const bias = values[`${direction}_bias`];
      assert.deepEqual(Array.from(bias.slice(8, 16)), new Array(8).fill(1), `${direction} forget gate`);
      assert.deepEqual(Array.from(bias.slice(0, 8)), new Array(8).fill(0));
      const recurrent = values[`${direction}_recurrent_kernel`];
      let norm = 0;
      for (let i = 0; i < 32; i++) norm += recurrent[i] ** 2;
      assert.ok(Math.abs(norm - 1) < 1e-5, 'rows of the recurrent kernel are unit vectors');
      assert.ok(stats(values[`${direction}_kernel`]).maxAbs <= Math.sqrt(6 / (3 + 32)));
    }
    assert.notDeepEqual(Array.from(values.forward_kernel), Array.from(values.backward_kernel));
  });

  it('recurrent kernels are orthogonal; the LSTM forget-gate bias starts at 1 (unit_forget_bias)', () => {
    const graph = graphOf('model m\n  input x [10, 3]\n  lstm r 8\n');
    const { kernel, recurrent_kernel: recurrent, bias } = initialParams(layerOf(graph, 'r'), 1);
    assert.equal(kernel.length, 3 * 32);
    assert.ok(stats(kernel).maxAbs <= Math.sqrt(6 / (3 + 32)), 'kernel: Glorot uniform with fan_out = 4·units');
    for (let a = 0; a < 8; a++) {
      let norm = 0;
      for (let i = 0; i < 32; i++) norm += recurrent[a * 32 + i] ** 2;
      assert.ok(Math.abs(norm - 1) < 1e-5);
    }
    // Gates i, f, c, o: f is entries 8 … 15.
    assert.deepEqual(Array.from(bias), [...new Array(8).fill(0), ...new Array(8).fill(1), ...new Array(16).fill(0)]);
  });

  it('GRU with reset_after has two zero bias rows', () => {
    const graph = graphOf('model m\n  input x [10, 3]\n  gru r 4\n');
    const { bias } = initialParams(layerOf(graph, 'r'), 1);
    assert.deepEqual(Array.from(bias), new Array(24).fill(0));
  });

  it('literal weights and bias override the initializers', () => {
    const graph = graphOf('model m\n  input x [2]\n  dense p 1 activation=step weights=[[4], [5]] bias=[-6]\n');
    const { kernel, bias } = initialParams(layerOf(graph, 'p'), 1);
    assert.deepEqual(Array.from(kernel), [4, 5]);
    assert.deepEqual(Array.from(bias), [-6]);
  });

  it('embeddings draw within ±0.05 by default; batch and layer norm start at γ = 1, β = 0, μ = 0, σ² = 1', () => {
    const graph = graphOf('model m\n  input t [8] dtype=int32\n  embedding e 50 16\n  positional_encoding p learned\n  layernorm l\n  batchnorm b\n');
    const table = initialParams(layerOf(graph, 'e'), 1).embeddings;
    assert.equal(table.length, 800);
    assert.ok(stats(table).maxAbs <= 0.05 && stats(table).maxAbs > 0.045);
    const positions = initialParams(layerOf(graph, 'p'), 1).embeddings;
    assert.ok(stats(positions).maxAbs <= Math.sqrt(6 / (8 + 16)), 'learned positions: Glorot uniform');
    const norm = initialParams(layerOf(graph, 'l'), 1);
    assert.deepEqual([...new Set(norm.gamma)], [1]);
    assert.deepEqual([...new Set(norm.beta)], [0]);
    const batch = initialParams(layerOf(graph, 'b'), 1);
    assert.deepEqual([batch.gamma[0], batch.beta[0], batch.moving_mean[0], batch.moving_variance[0]], [1, 0, 0, 1]);
    assert.deepEqual(Object.keys(batch), ['gamma', 'beta', 'moving_mean', 'moving_variance']);
  });

  it('attention projections: Glorot uniform kernels and zero biases', () => {
    const graph = graphOf('model m\n  input t [8] dtype=int32\n  embedding e 10 16\n  attention a heads=2 key_dim=8\n');
    const params = initialParams(layerOf(graph, 'a'), 1);
    assert.deepEqual(Object.keys(params), ['query/kernel', 'query/bias', 'key/kernel', 'key/bias', 'value/kernel', 'value/bias', 'attention_output/kernel', 'attention_output/bias']);
    // query/kernel [16, 2, 8]: Keras' fans 16·2 = 32 and 16·8 = 128.
    assert.ok(stats(params['query/kernel']).maxAbs <= Math.sqrt(6 / 160));
    assert.ok(stats(params['query/kernel']).variance > 0);
    assert.deepEqual([...new Set(params['attention_output/bias'])], [0]);
  });

  // One model per kind; the test fails when the catalog gains a kind that is not here.
  const MODELS: Record<string, string> = {
    input: 'input x [4]',
    constant: 'constant c [[1, 2], [3, 4]]',
    dense: 'input x [4]\n  dense d 3',
    linear: 'input x [4]\n  linear a',
    identity: 'input x [4]\n  identity a',
    step: 'input x [4]\n  step a',
    sigmoid: 'input x [4]\n  sigmoid a',
    tanh: 'input x [4]\n  tanh a',
    relu: 'input x [4]\n  relu a',
    leaky_relu: 'input x [4]\n  leaky_relu a',
    elu: 'input x [4]\n  elu a',
    gelu: 'input x [4]\n  gelu a',
    softmax: 'input x [4]\n  softmax a',
    activation: 'input x [4]\n  activation a relu',
    dropout: 'input x [4]\n  dropout d 0.5',
    flatten: 'input x [2, 2]\n  flatten f',
    reshape: 'input x [4]\n  reshape r [2, 2]',
    batchnorm: 'input x [4]\n  batchnorm b',
    layernorm: 'input x [4]\n  layernorm l',
    add: 'input x [4]\n  input y [4]\n  add a from x, y',
    subtract: 'input x [4]\n  input y [4]\n  subtract a from x, y',
    multiply: 'input x [4]\n  input y [4]\n  multiply a from x, y',
    average: 'input x [4]\n  input y [4]\n  average a from x, y',
    concat: 'input x [4]\n  input y [4]\n  concat a from x, y',
    conv1d: 'input x [10, 3]\n  conv1d c 4 3',
    conv2d: 'input x [8, 8, 3]\n  conv2d c 4 3',
    conv2d_transpose: 'input x [4, 4, 3]\n  conv2d_transpose t 5 3 strides=2',
    upsampling2d: 'input x [4, 4, 3]\n  upsampling2d u',
    maxpool1d: 'input x [10, 3]\n  maxpool1d p',
    maxpool2d: 'input x [8, 8, 3]\n  maxpool2d p',
    avgpool1d: 'input x [10, 3]\n  avgpool1d p',
    avgpool2d: 'input x [8, 8, 3]\n  avgpool2d p',
    global_avgpool1d: 'input x [10, 3]\n  global_avgpool1d p',
    global_avgpool2d: 'input x [8, 8, 3]\n  global_avgpool2d p',
    global_maxpool1d: 'input x [10, 3]\n  global_maxpool1d p',
    global_maxpool2d: 'input x [8, 8, 3]\n  global_maxpool2d p',
    embedding: 'input t [8] dtype=int32\n  embedding e 10 6',
    positional_encoding: 'input t [8] dtype=int32\n  embedding e 10 6\n  positional_encoding p learned\n  positional_encoding q sinusoidal',
    attention: 'input x [5, 6]\n  input y [7, 4]\n  attention a heads=2 key_dim=3 value_dim=5 output_dim=9 from x, y\n  attention b heads=3 key_dim=2 use_bias=false from x',
    simple_rnn: 'input x [10, 3]\n  simple_rnn r 4\n  simple_rnn s 2 use_bias=false from x',
    lstm: 'input x [10, 3]\n  lstm r 4 return_sequences=true\n  lstm s 2',
    gru: 'input x [10, 3]\n  gru r 4 return_sequences=true\n  gru s 2 reset_after=false',
    graph_conv: 'input x [6, 5]\n  input adj [6, 6]\n  graph_conv g 3 from x, adj\n  graph_conv h 2 use_bias=false from g, adj',
    zero_padding2d: 'input x [4, 4, 3]\n  zero_padding2d z [[1, 0], [2, 1]]',
    depthwise_conv2d: 'input x [8, 8, 3]\n  depthwise_conv2d d 3 depth_multiplier=2\n  depthwise_conv2d e 2 use_bias=false kernel_initializer=he_normal from x',
    separable_conv2d: 'input x [8, 8, 3]\n  separable_conv2d s 4 3 depth_multiplier=2 padding=same',
    bidirectional: 'input x [10, 3]\n  bidirectional b lstm 4 return_sequences=true\n  bidirectional g gru 2 merge_mode=sum from x',
    time_distributed: 'input x [5, 8, 8, 3]\n  time_distributed c conv2d 4 3\n  time_distributed f flatten\n  time_distributed d dense 3',
  };

  it('the models below cover every kind of the catalog', () => {
    assert.deepEqual(LAYER_KINDS.map((k) => k.kind).filter((kind) => !(kind in MODELS)), []);
  });

  for (const [kind, text] of Object.entries(MODELS)) {
    it(`${kind}: every parameter gets finite values of its size`, () => {
      const graph = graphOf(`model m\n  ${text}\n`);
      assert.ok(graph.layers.some((l) => l.kind === kind));
      for (const layer of graph.layers) {
        const values = initialParams(layer, 3);
        assert.deepEqual(Object.keys(values), layer.params.map((p) => p.name), layer.name);
        for (const spec of layer.params) {
          const size = spec.shape.reduce((a, b) => a * b, 1);
          assert.equal(values[spec.name].length, size, `${layer.name}/${spec.name}`);
          assert.ok(values[spec.name].every(Number.isFinite), `${layer.name}/${spec.name}`);
        }
      }
    });
  }
});
