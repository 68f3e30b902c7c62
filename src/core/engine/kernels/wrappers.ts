// Kernels of the wrapper layers. They run the wrapped kind's own kernel on a view of the
// layer: time_distributed folds time into the batch ([B, T, …] → [B·T, …]) and back;
// bidirectional runs a forward copy and a backward copy (forward_* and backward_* weights)
// and merges them as Keras does. The recurrent kernels keep Keras' gate order in the kernel
// columns (LSTM i, f, c, o; GRU z, r, h), so the weights move to and from Keras unchanged.

import * as tf from '@tensorflow/tfjs-core';
import { GraphLayer } from '../../model/graph';
import { InnerOp, KernelContext, KernelOutput, LayerKernel, Params } from '../kernel';
import { RecordOp, attrBool, attrString, runForward } from './spatialCommon';

type Lookup = (kind: string) => LayerKernel;

/** The wrapped layer as its own kernel sees it: its kind, its attributes, its parameter names. */
function wrappedLayer(layer: GraphLayer, prefix: string, outputShape: GraphLayer['outputShape']): GraphLayer {
  const { layer: kind, merge_mode: _mergeMode, ...attrs } = layer.attrs;
  const params = layer.params.filter((p) => p.name.startsWith(prefix)).map((p) => ({ ...p, name: p.name.slice(prefix.length) }));
  const ports = Object.fromEntries(Object.entries(layer.ports).filter(([name]) => name.startsWith(prefix)).map(([name, shape]) => [name.slice(prefix.length), shape]));
  return { ...layer, kind: String(kind), attrs, params, ports, outputShape };
}

function wrappedParams(params: Params, prefix: string): Params {
  return Object.fromEntries(Object.entries(params).filter(([name]) => name.startsWith(prefix)).map(([name, t]) => [name.slice(prefix.length), t]));
}

/** Runs the wrapped kernel, its inner operations recorded under `label/`; how many it recorded. */
function runWrapped(ctx: KernelContext, kernel: LayerKernel, layer: GraphLayer, params: Params, x: tf.Tensor, record: RecordOp, label: string, reshape?: (t: tf.Tensor) => tf.Tensor): KernelOutput & { recorded: number } {
  const inner: InnerOp[] | undefined = ctx.inner ? [] : undefined;
  const out = kernel.forward({ ...ctx, layer, inner }, params, [x]);
  for (const op of inner ?? []) record(label ? `${label}/${op.name}` : op.name, op.formula, reshape ? reshape(op.tensor) : op.tensor);
  return { ...out, recorded: inner?.length ?? 0 };
}

function timeDistributed(lookup: Lookup): LayerKernel {
  return {
    kind: 'time_distributed',
    forward(ctx, params, [x]) {
      const layer = wrappedLayer(ctx.layer, '', ctx.layer.outputShape.slice(1));
      const kernel = lookup(layer.kind);
      return runForward(ctx, (record) => {
        const [batch, time, ...rest] = x.shape;
        const unfold = (t: tf.Tensor) => tf.reshape(t, [batch, time, ...t.shape.slice(1)]);
        const out = runWrapped(ctx, kernel, layer, params, tf.reshape(x, [batch * time, ...rest]), record, '', unfold);
        const output = unfold(out.output);
        // Layers without inner steps (flatten, reshape) still show what the wrapper did.
        if (!out.recorded) record('A', `A[t] = ${layer.kind}(X[t]) for every time step t`, output);
        return { output };
      });
    },
  };
}

function merge(mode: string, forward: tf.Tensor, backward: tf.Tensor): tf.Tensor {
  switch (mode) {
    case 'sum':
      return tf.add(forward, backward);
    case 'mul':
      return tf.mul(forward, backward);
    case 'ave':
      return tf.mul(tf.add(forward, backward), 0.5);
    default:
      return tf.concat([forward, backward], -1);
  }
}

function bidirectional(lookup: Lookup): LayerKernel {
  return {
    kind: 'bidirectional',
    forward(ctx, params, [x]) {
      const { attrs } = ctx.layer;
      const mode = attrString(attrs, 'merge_mode', 'concat');
      const sequences = attrBool(attrs, 'return_sequences', false);
      const kernel = lookup(String(attrs.layer));
      const out = ctx.layer.outputShape;
      const units = mode === 'concat' ? (out[out.length - 1] as number) / 2 : (out[out.length - 1] as number);
      const innerShape = [...out.slice(0, -1), units];
      return runForward(ctx, (record) => {
        const forward = runWrapped(ctx, kernel, wrappedLayer(ctx.layer, 'forward_', innerShape), wrappedParams(params, 'forward_'), x, record, 'forward');
        // Keras' go_backwards: the copy reads x_T … x_1; its sequence is turned back to step order.
        const backward = runWrapped(ctx, kernel, wrappedLayer(ctx.layer, 'backward_', innerShape), wrappedParams(params, 'backward_'), tf.reverse(x, 1), record, 'backward');
        const backwardOutput = sequences ? tf.reverse(backward.output, 1) : backward.output;
        const symbol = { concat: '[→h, ←h]', sum: '→h + ←h', mul: '→h ⊙ ←h', ave: '(→h + ←h) / 2' }[mode] ?? mode;
        const output = record('A', `A = ${symbol}`, merge(mode, forward.output, backwardOutput));
        const ports: Record<string, tf.Tensor> = {};
        for (const [name, t] of Object.entries(forward.ports ?? {})) ports[`forward_${name}`] = t;
        for (const [name, t] of Object.entries(backward.ports ?? {})) ports[`backward_${name}`] = t;
        return { output, ports };
      });
    },
  };
}

export function wrapperKernels(lookup: Lookup): LayerKernel[] {
  return [timeDistributed(lookup), bidirectional(lookup)];
}
