// Wrappers around another layer, as Keras' Bidirectional and TimeDistributed. The first value
// names the wrapped kind; the checker resolves the rest as that layer's own arguments, so the
// wrapped layer's shape rule runs unchanged on what the wrapper hands it.

import { DiagnosticCodes } from '../diagnostics';
import { message } from '../localize';
import { Shape, formatShape } from '../shape';
import { FormulaLine, LayerKindSpec, RuleError } from '../spec';
import { ACTIVATIONS, formula, param, singleInput } from './common';

type Lookup = (kind: string) => LayerKindSpec | undefined;

export const RECURRENT_KINDS = ['lstm', 'gru', 'simple_rnn'] as const;

/** Kinds that act on one sample alone, so they can run on every time step. */
export const TIME_DISTRIBUTED_KINDS = [
  'dense',
  'conv1d',
  'conv2d',
  'conv2d_transpose',
  'depthwise_conv2d',
  'separable_conv2d',
  'upsampling2d',
  'zero_padding2d',
  'maxpool1d',
  'maxpool2d',
  'avgpool1d',
  'avgpool2d',
  'global_avgpool1d',
  'global_avgpool2d',
  'global_maxpool1d',
  'global_maxpool2d',
  'flatten',
  'reshape',
  'dropout',
  'layernorm',
  'activation',
  // Every activation kind is a layer of its own too.
  ...ACTIVATIONS,
] as const;

export const MERGE_MODES = ['concat', 'sum', 'mul', 'ave'] as const;

function inner(lookup: Lookup, kind: string): LayerKindSpec {
  const spec = lookup(kind);
  if (!spec) throw new Error(`no layer kind ${kind}`); // the checker has already reported it
  return spec;
}

function bidirectional(lookup: Lookup): LayerKindSpec {
  return {
    kind: 'bidirectional',
    family: 'recurrent',
    title: 'Bidirectional recurrent layer',
    explanation: [
      'Two copies of a recurrent layer with their own weights: one reads the sequence forwards, the other backwards.',
      'Their outputs are merged (joined by default), so each step sees both its past and its future.',
    ],
    args: [
      { name: 'layer', type: { kind: 'choice', choices: RECURRENT_KINDS }, positional: true, required: true, doc: 'The recurrent layer to run both ways: lstm, gru or simple_rnn, followed by its own arguments.' },
      { name: 'merge_mode', type: { kind: 'choice', choices: MERGE_MODES }, default: 'concat', doc: 'How the two directions are merged: concat (side by side), sum, mul or ave.' },
    ],
    wraps: RECURRENT_KINDS,
    inputs: { min: 1, max: 1 },
    ports: ['forward_state_h', 'forward_state_c', 'backward_state_h', 'backward_state_c'],
    snippet: 'bidirectional ${1:bi} ${2|lstm,gru,simple_rnn|} ${3:32}',
    infer({ inputs, args }) {
      singleInput(inputs, 2, message('[time, features]'));
      const result = inner(lookup, args.string('layer')).infer({ inputs, args });
      const units = result.output[result.output.length - 1] as number;
      const concat = args.string('merge_mode') === 'concat';
      const ports: Record<string, Shape> = {};
      for (const direction of ['forward', 'backward']) for (const [name, shape] of Object.entries(result.ports ?? {})) ports[`${direction}_${name}`] = shape;
      const params = ['forward', 'backward'].flatMap((direction) => result.params.map((p) => param(`${direction}_${p.name}`, p.shape, p.trainable)));
      const paramFormula: FormulaLine[] = result.paramFormula.map((f) => ({ label: message('2 directions × ({0})', f.label), expression: `2 × (${f.expression})`, result: 2 * f.result }));
      return {
        output: [...result.output.slice(0, -1), concat ? 2 * units : units],
        ports,
        params,
        shapeFormula: concat ? [formula('features: forward and backward joined, 2·u', `2·${units}`, 2 * units)] : [],
        paramFormula,
      };
    },
  };
}

function timeDistributed(lookup: Lookup): LayerKindSpec {
  return {
    kind: 'time_distributed',
    family: 'core',
    title: 'Time-distributed layer',
    explanation: [
      'Applies the same layer, with the same weights, to every time step: [T, …] becomes [T, layer(…)].',
      'A video is a sequence of images: a time-distributed convolution looks at each frame alone.',
    ],
    args: [
      { name: 'layer', type: { kind: 'choice', choices: TIME_DISTRIBUTED_KINDS }, positional: true, required: true, doc: 'The layer to apply at every time step, followed by its own arguments.' },
    ],
    wraps: TIME_DISTRIBUTED_KINDS,
    inputs: { min: 1, max: 1 },
    snippet: 'time_distributed ${1:td} ${2:dense} ${3:16}',
    infer({ inputs, args }) {
      const x = inputs[0];
      if (x.shape.length < 2) {
        throw new RuleError(DiagnosticCodes.wrongRank, message('time_distributed expects [time, …] with at least 2 dimensions, but {0} gives {1}.', x.name, formatShape(x.shape)), undefined, 0);
      }
      // The wrapped layer sees one time step: x[t] without the time axis.
      const step = { ...x, name: `${x.name}[t]`, shape: x.shape.slice(1) };
      const result = inner(lookup, args.string('layer')).infer({ inputs: [step], args });
      return { ...result, output: [x.shape[0], ...result.output], ports: {} };
    },
  };
}

export function wrapperLayers(lookup: Lookup): LayerKindSpec[] {
  return [bidirectional(lookup), timeDistributed(lookup)];
}
