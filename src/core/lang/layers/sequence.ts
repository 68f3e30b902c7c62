// Sequence layers: embeddings, positional encodings, multi-head attention, simple RNN, LSTM,
// GRU, and the graph convolution of GNNs. Counts follow Keras so that summaries match it.

import { DiagnosticCodes } from '../diagnostics';
import { message } from '../localize';
import { Shape, formatShape } from '../shape';
import { ArgSpec, LayerKindSpec, RuleError } from '../spec';
import { activationArg, formula, lastDim, noParams, param, requireKnown, singleInput, trainableArgs } from './common';

const embedding: LayerKindSpec = {
  kind: 'embedding',
  family: 'embedding',
  title: 'Embedding',
  explanation: [
    'Looks up a learned vector for each token id: a table with one row of output_dim numbers per word.',
    'It is a dense layer applied to a one-hot vector, without computing the product.',
  ],
  args: [
    { name: 'input_dim', type: { kind: 'int', min: 1 }, positional: true, required: true, aliases: ['vocab', 'vocab_size'], doc: 'Vocabulary size: token ids go from 0 to input_dim − 1.' },
    { name: 'output_dim', type: { kind: 'int', min: 1 }, positional: true, required: true, aliases: ['dim'], doc: 'Length of each token’s vector.' },
    { name: 'embeddings_initializer', type: { kind: 'choice', choices: ['random_uniform', 'random_normal', 'glorot_uniform', 'zeros'] }, default: 'random_uniform', doc: 'How the table is initialised.' },
  ],
  inputs: { min: 1, max: 1 },
  snippet: 'embedding ${1:emb} ${2:100} ${3:16}',
  infer({ inputs, args }) {
    const x = inputs[0];
    if (x.dtype !== 'int32') {
      throw new RuleError(DiagnosticCodes.integerInputRequired, message('An embedding looks up token ids, but {0} is float32: declare it with dtype=int32.', x.name), undefined, 0);
    }
    const vocab = args.int('input_dim');
    const dim = args.int('output_dim');
    return {
      output: [...x.shape, dim],
      params: [param('embeddings', [vocab, dim])],
      shapeFormula: [],
      paramFormula: [formula('input_dim·output_dim', `${vocab}·${dim}`, vocab * dim)],
    };
  },
};

const positionalEncoding: LayerKindSpec = {
  kind: 'positional_encoding',
  family: 'embedding',
  title: 'Positional encoding',
  explanation: [
    'Adds to each token a vector that says where it is, so attention can tell word order.',
    'Sinusoidal: PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(…); learned: a trained table.',
  ],
  args: [{ name: 'mode', type: { kind: 'choice', choices: ['sinusoidal', 'learned'] }, positional: true, default: 'sinusoidal', doc: 'sinusoidal (no parameters) or learned (one vector per position).' }],
  inputs: { min: 1, max: 1 },
  snippet: 'positional_encoding ${1|sinusoidal,learned|}',
  infer({ inputs, args }) {
    const x = singleInput(inputs, 2, message('[sequence, features]'));
    if (args.string('mode') !== 'learned') return noParams(x.shape);
    const length = requireKnown(x.shape[0], message('sequence length'), x.name);
    const d = lastDim(x);
    return {
      output: x.shape,
      params: [param('embeddings', [length, d])],
      shapeFormula: [],
      paramFormula: [formula('positions·features', `${length}·${d}`, length * d)],
    };
  },
};

const attention: LayerKindSpec = {
  kind: 'attention',
  family: 'attention',
  title: 'Multi-head attention',
  explanation: [
    'Each query is compared with every key (Q·Kᵀ / √d_k); softmax turns the scores into weights that sum to 1.',
    'The output is the weighted sum of the values, per head; the heads are joined by an output projection.',
  ],
  args: [
    { name: 'heads', type: { kind: 'int', min: 1 }, required: true, aliases: ['num_heads'], doc: 'Number of attention heads h.' },
    { name: 'key_dim', type: { kind: 'int', min: 1 }, required: true, aliases: ['d_k'], doc: 'Size d_k of each head’s queries and keys.' },
    { name: 'value_dim', type: { kind: 'int', min: 1 }, doc: 'Size of each head’s values; key_dim by default.' },
    { name: 'output_dim', type: { kind: 'int', min: 1 }, doc: 'Size of the output; the query’s features by default.' },
    { name: 'causal', type: { kind: 'bool' }, default: false, aliases: ['use_causal_mask'], doc: 'Mask the future: position t only attends to positions ≤ t.' },
    { name: 'use_bias', type: { kind: 'bool' }, default: true, doc: 'Whether the projections add biases.' },
    { name: 'dropout', type: { kind: 'number', min: 0, max: 1, belowMax: true }, default: 0, doc: 'Dropout on the attention weights during training.' },
    { name: 'query_weights', type: { kind: 'tensor' }, doc: 'Literal query projection W_Q [features, heads, key_dim], to reproduce a worked example.' },
    { name: 'key_weights', type: { kind: 'tensor' }, doc: 'Literal key projection W_K [features, heads, key_dim].' },
    { name: 'value_weights', type: { kind: 'tensor' }, doc: 'Literal value projection W_V [features, heads, value_dim].' },
    { name: 'output_weights', type: { kind: 'tensor' }, doc: 'Literal output projection W_O [heads, value_dim, output_dim].' },
  ],
  inputs: { min: 1, max: 3 },
  ports: ['scores'],
  snippet: 'attention ${1:att} heads=${2:2} key_dim=${3:8} causal=${4|false,true|}',
  infer({ inputs, args }) {
    const query = inputs[0];
    const value = inputs[1] ?? query;
    const key = inputs[2] ?? value;
    for (const [index, x] of [query, value, key].entries()) {
      if (x.shape.length !== 2) {
        throw new RuleError(DiagnosticCodes.wrongRank, message('Attention expects [sequence, features], but {0} gives {1}.', x.name, formatShape(x.shape)), undefined, Math.min(index, inputs.length - 1));
      }
    }
    if (key.shape[0] !== null && value.shape[0] !== null && key.shape[0] !== value.shape[0]) {
      throw new RuleError(DiagnosticCodes.incompatibleShapes, message('Keys {0} and values {1} must have the same sequence length.', formatShape(key.shape), formatShape(value.shape)), undefined, inputs.length - 1);
    }
    const heads = args.int('heads');
    const keyDim = args.int('key_dim');
    const valueDim = args.has('value_dim') ? args.int('value_dim') : keyDim;
    const dq = lastDim(query);
    const dv = lastDim(value);
    const dk = lastDim(key);
    const out = args.has('output_dim') ? args.int('output_dim') : dq;
    const bias = args.bool('use_bias');
    const projection = (name: string, dIn: number, size: number) => [
      param(`${name}/kernel`, [dIn, heads, size]),
      ...(bias ? [param(`${name}/bias`, [heads, size])] : []),
    ];
    const params = [
      ...projection('query', dq, keyDim),
      ...projection('key', dk, keyDim),
      ...projection('value', dv, valueDim),
      param('attention_output/kernel', [heads, valueDim, out]),
      ...(bias ? [param('attention_output/bias', [out])] : []),
    ];
    const term = (dIn: number, size: number) => (bias ? `(${dIn}·${heads}·${size} + ${heads}·${size})` : `${dIn}·${heads}·${size}`);
    const total = params.reduce((sum, p) => sum + p.shape.reduce((a, b) => a * b, 1), 0);
    const scores: Shape = [heads, query.shape[0], key.shape[0]];
    return {
      output: [query.shape[0], out],
      ports: { scores },
      params,
      shapeFormula:
        query.shape[0] === null || key.shape[0] === null
          ? []
          : [formula('attention weights: heads·queries·keys', `${heads}·${query.shape[0]}·${key.shape[0]}`, heads * query.shape[0] * key.shape[0])],
      paramFormula: [
        formula('Q, K, V projections and output', `${term(dq, keyDim)} + ${term(dk, keyDim)} + ${term(dv, valueDim)} + ${bias ? `(${heads}·${valueDim}·${out} + ${out})` : `${heads}·${valueDim}·${out}`}`, total),
      ],
    };
  },
};

const recurrentArgs = (activationDefault: string): ArgSpec[] => [
  { name: 'units', type: { kind: 'int', min: 1 }, positional: true, required: true, doc: 'Size of the hidden state h_t.' },
  { ...activationArg, default: activationDefault },
  { name: 'return_sequences', type: { kind: 'bool' }, default: false, doc: 'Output h_t for every time step, not only the last.' },
  { name: 'return_state', type: { kind: 'bool' }, default: false, doc: 'Also expose the final states as name.state_h (and name.state_c for an LSTM).' },
  ...trainableArgs().filter((a) => a.name !== 'activation' && a.name !== 'weights' && a.name !== 'bias'),
];

function recurrent(kind: 'simple_rnn' | 'lstm' | 'gru', title: string, gates: number, explanation: [string, string]): LayerKindSpec {
  const args = recurrentArgs('tanh');
  if (kind !== 'simple_rnn') {
    args.push({
      name: 'recurrent_activation',
      type: { kind: 'choice', choices: ['sigmoid', 'hard_sigmoid'] },
      default: 'sigmoid',
      doc: 'Activation of the gates: sigmoid (Keras’ default), or hard_sigmoid = max(0, min(1, 0.2·z + 0.5)) (TensorFlow.js’ default and Keras 2’s).',
    });
  }
  if (kind === 'gru') args.push({ name: 'reset_after', type: { kind: 'bool' }, default: true, doc: 'Keras 2/3 and tfjs default: the reset gate after the matrix product, with two biases.' });
  return {
    kind,
    family: 'recurrent',
    title,
    explanation,
    args,
    inputs: { min: 1, max: 1 },
    ports: kind === 'lstm' ? ['state_h', 'state_c'] : ['state_h'],
    snippet: `${kind} \${1:rnn} \${2:32}`,
    infer({ inputs, args: a }) {
      const x = singleInput(inputs, 2, message('[time, features]'));
      const d = lastDim(x);
      const u = a.int('units');
      const useBias = a.bool('use_bias');
      const doubleBias = kind === 'gru' && a.bool('reset_after');
      const biasSize = useBias ? (doubleBias ? 2 : 1) * gates * u : 0;
      const params = [
        param('kernel', [d, gates * u]),
        param('recurrent_kernel', [u, gates * u]),
        ...(useBias ? [param('bias', doubleBias ? [2, gates * u] : [gates * u])] : []),
      ];
      const count = gates * (d * u + u * u) + biasSize;
      const g = gates > 1 ? `${gates}·` : '';
      const biasText = useBias ? ` + ${doubleBias ? '2·' : ''}${u}` : '';
      const ports: Record<string, Shape> = a.bool('return_state') ? { state_h: [u], ...(kind === 'lstm' ? { state_c: [u] } : {}) } : {};
      return {
        output: a.bool('return_sequences') ? [x.shape[0], u] : [u],
        ports,
        params,
        shapeFormula: [],
        // Two literal calls, so the l10n test finds both labels.
        paramFormula: [gates > 1 ? formula('{0} gates × (W_x: d·u, W_h: u·u, b: u)', `${g}(${d}·${u} + ${u}·${u}${biasText})`, count, gates) : formula('W_x: d·u, W_h: u·u, b: u', `${g}(${d}·${u} + ${u}·${u}${biasText})`, count)],
      };
    },
  };
}

const graphConv: LayerKindSpec = {
  kind: 'graph_conv',
  family: 'graph',
  title: 'Graph convolution',
  explanation: [
    'Each node averages its neighbours’ features (Â·X, with Â the normalised adjacency with self-loops), then applies a dense layer.',
    'One layer passes messages one hop; the weights are shared by every node.',
  ],
  args: [
    { name: 'units', type: { kind: 'int', min: 1 }, positional: true, required: true, doc: 'Features per node after the layer.' },
    ...trainableArgs(),
  ],
  inputs: { min: 2, max: 2 },
  snippet: 'graph_conv ${1:gc} ${2:16} activation=relu from ${3:x}, ${4:adjacency}',
  infer({ inputs, args }) {
    const [features, adjacency] = inputs;
    if (features.shape.length !== 2) {
      throw new RuleError(DiagnosticCodes.wrongRank, message('Node features must be [nodes, features], but {0} gives {1}.', features.name, formatShape(features.shape)), undefined, 0);
    }
    const nodes = features.shape[0];
    if (adjacency.shape.length !== 2 || (nodes !== null && (adjacency.shape[0] !== nodes || adjacency.shape[1] !== nodes))) {
      throw new RuleError(DiagnosticCodes.incompatibleShapes, message('The adjacency must be [nodes, nodes] = [{0}, {0}], but {1} gives {2}.', nodes ?? 'None', adjacency.name, formatShape(adjacency.shape)), undefined, 1);
    }
    const f = lastDim(features);
    const units = args.int('units');
    const useBias = args.bool('use_bias');
    return {
      output: [nodes, units],
      params: [param('kernel', [f, units]), ...(useBias ? [param('bias', [units])] : [])],
      shapeFormula: [],
      paramFormula: [formula('W: F·units, b: units', useBias ? `${f}·${units} + ${units}` : `${f}·${units}`, f * units + (useBias ? units : 0))],
    };
  },
};

export const sequenceLayers: LayerKindSpec[] = [
  embedding,
  positionalEncoding,
  attention,
  recurrent('simple_rnn', 'Simple RNN', 1, [
    'At each step the hidden state mixes the new input with the previous state: h_t = tanh(W_x·x_t + W_h·h_{t−1} + b).',
    'The same weights are used at every step; long sequences make its gradients vanish.',
  ]),
  recurrent('lstm', 'LSTM', 4, [
    'Gates f_t, i_t, o_t = σ(W·[h_{t−1}, x_t] + b) decide what the memory c_t forgets, writes and shows.',
    'c_t = f_t·c_{t−1} + i_t·ĉ_t and h_t = o_t·tanh(c_t): the memory lets gradients flow over long sequences.',
  ]),
  recurrent('gru', 'GRU', 3, [
    'A lighter LSTM: an update gate z_t and a reset gate r_t control one hidden state h_t.',
    'With reset_after (Keras’ default) each gate has two biases, so counts differ from the original GRU.',
  ]),
  graphConv,
];
