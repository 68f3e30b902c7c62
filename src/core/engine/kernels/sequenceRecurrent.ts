// Recurrent layers unrolled step by step with Keras' weight layouts: kernel [d, G·u],
// recurrent_kernel [u, G·u], gates side by side in Keras' order (LSTM i, f, c, o; GRU z, r, h).
// Recurrent gates use the sigmoid (Keras' default) or, with recurrent_activation=hard_sigmoid,
// tfjs' and Keras 2's max(0, min(1, 0.2·z + 0.5)) (tfjs-layers' default).
// Time steps count from 1, as the course writes h_1 from h_0 = 0.

import * as tf from '@tensorflow/tfjs-core';
import { KernelContext, KernelOutput, LayerKernel, Params } from '../kernel';
import { activate } from './activations';
import { RecordOp, attrBool, attrString, param, runForward } from './spatialCommon';

interface Unrolled {
  /** x_t·W (+ b) for every step, [batch, G·u] each. */
  readonly inputs: tf.Tensor[];
  readonly units: number;
}

/** The input part of every step in one product: [batch·T, d]·W. */
function inputProducts(ctx: KernelContext, params: Params, x: tf.Tensor, bias?: tf.Tensor): Unrolled {
  const kernel = param(ctx, params, 'kernel');
  const [batch, time, d] = x.shape as number[];
  let product = tf.matMul(tf.reshape(x, [batch * time, d]), kernel);
  if (bias) product = tf.add(product, bias);
  const width = (kernel.shape as number[])[1];
  return { inputs: tf.unstack(tf.reshape(product, [batch, time, width]), 1), units: (param(ctx, params, 'recurrent_kernel').shape as number[])[0] };
}

function finish(ctx: KernelContext, hs: tf.Tensor[], c?: tf.Tensor): KernelOutput {
  const { attrs } = ctx.layer;
  const last = hs[hs.length - 1];
  const output = attrBool(attrs, 'return_sequences', false) ? tf.stack(hs, 1) : last;
  if (!attrBool(attrs, 'return_state', false)) return { output };
  return { output, ports: c ? { state_h: last, state_c: c } : { state_h: last } };
}

const simpleRnn: LayerKernel = {
  kind: 'simple_rnn',
  forward(ctx, params, [x]) {
    const activation = attrString(ctx.layer.attrs, 'activation', 'tanh');
    return runForward(ctx, (record) => {
      const { inputs, units } = inputProducts(ctx, params, x, params.bias);
      const recurrent = param(ctx, params, 'recurrent_kernel');
      let h = tf.zeros([x.shape[0], units]);
      const hs: tf.Tensor[] = [];
      inputs.forEach((xw, i) => {
        const t = i + 1;
        h = activate(activation, tf.add(xw, tf.matMul(h, recurrent)));
        hs.push(record(`h_${t}`, `h_${t} = ${activation}(W_x·x_${t} + W_h·h_${t - 1} + b)`, h));
      });
      return finish(ctx, hs);
    });
  },
};

type Gate = (z: tf.Tensor) => tf.Tensor;

function gateOf(ctx: KernelContext): Gate {
  return attrString(ctx.layer.attrs, 'recurrent_activation', 'sigmoid') === 'hard_sigmoid' ? (z) => tf.clipByValue(tf.add(tf.mul(z, 0.2), 0.5), 0, 1) : tf.sigmoid;
}

/** The four gates of z = x_t·W + h_{t−1}·U + b, in Keras' order i, f, c, o. */
function lstmStep(z: tf.Tensor, units: number, activation: string, cPrev: tf.Tensor, t: number, record: RecordOp, sigmoid: Gate) {
  const [zi, zf, zc, zo] = tf.split(z, [units, units, units, units], 1);
  const a = activation;
  const hx = `[h_${t - 1}, x_${t}]`;
  const f = record(`f_${t}`, `f_${t} = σ(W_f·${hx} + b_f)`, sigmoid(zf));
  const i = record(`i_${t}`, `i_${t} = σ(W_i·${hx} + b_i)`, sigmoid(zi));
  const candidate = record(`ĉ_${t}`, `ĉ_${t} = ${a}(W_c·${hx} + b_c)`, activate(activation, zc));
  const o = record(`o_${t}`, `o_${t} = σ(W_o·${hx} + b_o)`, sigmoid(zo));
  const c = record(`c_${t}`, `c_${t} = f_${t}·c_${t - 1} + i_${t}·ĉ_${t}`, tf.add(tf.mul(f, cPrev), tf.mul(i, candidate)));
  const h = record(`h_${t}`, `h_${t} = o_${t}·${a}(c_${t})`, tf.mul(o, activate(activation, c)));
  return { h, c };
}

const lstm: LayerKernel = {
  kind: 'lstm',
  forward(ctx, params, [x]) {
    const activation = attrString(ctx.layer.attrs, 'activation', 'tanh');
    const gate = gateOf(ctx);
    return runForward(ctx, (record) => {
      const { inputs, units } = inputProducts(ctx, params, x, params.bias);
      const recurrent = param(ctx, params, 'recurrent_kernel');
      let h = tf.zeros([x.shape[0], units]);
      let c = h;
      const hs: tf.Tensor[] = [];
      inputs.forEach((xw, i) => {
        ({ h, c } = lstmStep(tf.add(xw, tf.matMul(h, recurrent)), units, activation, c, i + 1, record, gate));
        hs.push(h);
      });
      return finish(ctx, hs, c);
    });
  },
};

const gru: LayerKernel = {
  kind: 'gru',
  forward(ctx, params, [x]) {
    const activation = attrString(ctx.layer.attrs, 'activation', 'tanh');
    const resetAfter = attrBool(ctx.layer.attrs, 'reset_after', true);
    const gate = gateOf(ctx);
    return runForward(ctx, (record) => {
      // reset_after: bias [2, 3u], row 0 for the input product, row 1 for the recurrent one.
      const biases = params.bias ? (resetAfter ? tf.unstack(params.bias, 0) : [params.bias]) : [];
      const { inputs, units } = inputProducts(ctx, params, x, biases[0]);
      const recurrent = param(ctx, params, 'recurrent_kernel');
      // reset_after=false applies r before the product with U_h, so U splits in two.
      const [uzr, uh] = resetAfter ? [recurrent, recurrent] : tf.split(recurrent, [2 * units, units], 1);
      const a = activation;
      let h = tf.zeros([x.shape[0], units]);
      const hs: tf.Tensor[] = [];
      inputs.forEach((xw, i) => {
        const t = i + 1;
        const [xz, xr, xh] = tf.split(xw, [units, units, units], 1);
        const hx = `[h_${t - 1}, x_${t}]`;
        let z: tf.Tensor;
        let r: tf.Tensor;
        let candidate: tf.Tensor;
        if (resetAfter) {
          let inner = tf.matMul(h, recurrent);
          if (biases[1]) inner = tf.add(inner, biases[1]);
          const [hz, hr, hh] = tf.split(inner, [units, units, units], 1);
          z = record(`z_${t}`, `z_${t} = σ(W_z·${hx} + b_z)`, gate(tf.add(xz, hz)));
          r = record(`r_${t}`, `r_${t} = σ(W_r·${hx} + b_r)`, gate(tf.add(xr, hr)));
          candidate = record(`ĥ_${t}`, `ĥ_${t} = ${a}(W_h·x_${t} + r_${t}·(U_h·h_${t - 1} + b'_h) + b_h)`, activate(activation, tf.add(xh, tf.mul(r, hh))));
        } else {
          const [hz, hr] = tf.split(tf.matMul(h, uzr), [units, units], 1);
          z = record(`z_${t}`, `z_${t} = σ(W_z·${hx} + b_z)`, gate(tf.add(xz, hz)));
          r = record(`r_${t}`, `r_${t} = σ(W_r·${hx} + b_r)`, gate(tf.add(xr, hr)));
          candidate = record(`ĥ_${t}`, `ĥ_${t} = ${a}(W_h·[r_${t}·h_${t - 1}, x_${t}] + b_h)`, activate(activation, tf.add(xh, tf.matMul(tf.mul(r, h), uh))));
        }
        h = record(`h_${t}`, `h_${t} = z_${t}·h_${t - 1} + (1 − z_${t})·ĥ_${t}`, tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), candidate)));
        hs.push(h);
      });
      return finish(ctx, hs);
    });
  },
};

export const RECURRENT_KERNELS: readonly LayerKernel[] = [simpleRnn, lstm, gru];
