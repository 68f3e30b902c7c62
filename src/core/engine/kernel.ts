// The contract between the engine and its layer kernels. A kernel is a pure function of its
// parameters and inputs: it creates no variables and keeps no state, so the same function
// serves the fused step, the taps pass, a vector–Jacobian product for "step into", and the
// finite-difference tests. Batch norm's running averages come back as `stateUpdates` for the
// caller to assign; dropout's randomness comes from `ctx.seed`, so a step can be replayed.

import * as tf from '@tensorflow/tfjs-core';
import { GraphLayer } from '../model/graph';

export type Mode = 'train' | 'eval';

/** One named intermediate of a layer's forward pass, shown when the user steps into the layer. */
export interface InnerOp {
  /** Short stable id, unique within the layer: 'Z', 'A', 'scores', 'f_3' (forget gate at t = 3). */
  readonly name: string;
  /** The course's equation for it, with the layer's symbols: 'Z = A·W + b', 'f_t = σ(W_f·[h_{t−1}, x_t] + b_f)'. */
  readonly formula: string;
  readonly tensor: tf.Tensor;
}

export interface KernelContext {
  readonly layer: GraphLayer;
  readonly mode: Mode;
  /** Seed for this layer's randomness in this step (dropout masks); same seed, same mask. */
  readonly seed: number;
  /**
   * Present only when the caller wants the inner operations (step into): the kernel pushes its
   * intermediates here in evaluation order. Absent on the fast paths, which must not pay for it.
   */
  readonly inner?: InnerOp[];
}

export interface KernelOutput {
  /** The layer's main output, batch-first. */
  readonly output: tf.Tensor;
  /** Extra outputs by the graph's port names (return_state: 'state_h', 'state_c'; attention: 'scores'). */
  readonly ports?: Readonly<Record<string, tf.Tensor>>;
  /** Non-trainable parameters after a training-mode call (batch norm's moving_mean, moving_variance). */
  readonly stateUpdates?: Readonly<Record<string, tf.Tensor>>;
}

export type Params = Readonly<Record<string, tf.Tensor>>;

export interface LayerKernel {
  readonly kind: string;
  /** `inputs` follow `ctx.layer.inputs` in order (none for input/constant layers). */
  forward(ctx: KernelContext, params: Params, inputs: readonly tf.Tensor[]): KernelOutput;
}
