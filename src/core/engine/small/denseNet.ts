// The small-network engine: forward, loss and backward of a chain of dense and activation
// layers over Float32Arrays, with no tfjs. Buffers are allocated once per batch size and
// reused, loops run row-major over contiguous memory, and the per-layer records a stepper
// wants (activations, dL/dA) are made only when asked for, so training pays nothing for them.

import { ModelGraph } from '../../model/graph';
import { activateArray, activationBackward, isIdentity } from './arrayActivations';
import { lossAndGradient } from './arrayLosses';
import { SmallNetPlan, StagePlan, planSmallNet } from './smallNetPlan';

export { SMALL_NET_MAX_WORK, smallNetEligibility } from './smallNetPlan';
export type { SmallNetEligibility } from './smallNetPlan';

/** Parameters by layer, then by name ('kernel' [n_in, n_out] row-major, 'bias' [n_out]). */
export type SmallParams = Record<string, Record<string, Float32Array>>;

/** What the small path needs of an optimizer: an in-place update keyed 'layer/param'. */
export interface ArrayOptimizerLike {
  apply(params: Record<string, Float32Array>, grads: Record<string, Float32Array>): void;
}

export interface RecordOptions {
  /** Every layer's output (the input layer's too), copied. */
  readonly activations?: boolean;
  /** dL/d(output) of every layer, the input layer's (dL/dx) too, copied. */
  readonly dOutputs?: boolean;
}

export interface SmallStepResult {
  /** Data loss plus penalties, as Keras reports it. */
  readonly loss: number;
  readonly dataLoss: number;
  readonly penalty: number;
  /** Keyed 'layer/param'. The engine's own buffers: valid until the next call, copy to keep. */
  readonly grads: Record<string, Float32Array>;
  readonly activations?: Record<string, Float32Array>;
  readonly dOutputs?: Record<string, Float32Array>;
}

interface Stage extends StagePlan {
  readonly kernel?: Float32Array;
  readonly bias?: Float32Array;
  readonly dKernel?: Float32Array;
  readonly dBias?: Float32Array;
  /** Pre-activation Z of a dense stage (aliases `a` when the activation is the identity). */
  z: Float32Array;
  a: Float32Array;
  /** dL/dA, and dL/dZ of a dense stage (aliases `dA` for the identity). */
  dA: Float32Array;
  dZ: Float32Array;
}

export class SmallDenseNet {
  readonly inputSize: number;
  readonly outputSize: number;
  private readonly plan: SmallNetPlan;
  private readonly stages: Stage[];
  /** The same Float32Arrays as the stages' kernels and biases, keyed 'layer/param'. */
  private readonly flat: Record<string, Float32Array> = {};
  private readonly flatGrads: Record<string, Float32Array> = {};
  private capacity = 0;
  /** dL/dx, made only when dOutputs are asked for. */
  private dInput = new Float32Array(0);

  /** Throws when the graph is not a chain the small path runs (size not checked). */
  constructor(graph: ModelGraph, params: SmallParams) {
    const plan = planSmallNet(graph);
    if ('reason' in plan) throw new Error(`SmallDenseNet: ${plan.reason}`);
    this.plan = plan;
    this.inputSize = plan.inputSize;
    this.outputSize = plan.stages.length ? plan.stages[plan.stages.length - 1].outputSize : plan.inputSize;
    const empty = new Float32Array(0);
    this.stages = plan.stages.map((s) => {
      const dense = s.kind === 'dense';
      const stage: Stage = {
        ...s,
        kernel: dense ? new Float32Array(s.inputSize * s.outputSize) : undefined,
        bias: dense && s.useBias ? new Float32Array(s.outputSize) : undefined,
        dKernel: dense ? new Float32Array(s.inputSize * s.outputSize) : undefined,
        dBias: dense && s.useBias ? new Float32Array(s.outputSize) : undefined,
        z: empty,
        a: empty,
        dA: empty,
        dZ: empty,
      };
      if (stage.kernel) this.register(s.layer, 'kernel', stage.kernel, stage.dKernel!);
      if (stage.bias) this.register(s.layer, 'bias', stage.bias, stage.dBias!);
      return stage;
    });
    this.setParams(params);
  }

  private register(layer: string, name: string, value: Float32Array, grad: Float32Array): void {
    this.flat[`${layer}/${name}`] = value;
    this.flatGrads[`${layer}/${name}`] = grad;
  }

  /** Copies of the parameters. */
  params(): SmallParams {
    const out: SmallParams = {};
    for (const [key, value] of Object.entries(this.flat)) {
      const [layer, name] = key.split('/');
      (out[layer] ??= {})[name] = value.slice();
    }
    return out;
  }

  /** Copies the given parameters in; every kernel and bias of the net must be there. */
  setParams(params: SmallParams): void {
    for (const [key, target] of Object.entries(this.flat)) {
      const [layer, name] = key.split('/');
      const source = params[layer]?.[name];
      if (!source) throw new Error(`SmallDenseNet: no '${name}' for layer '${layer}'`);
      if (source.length !== target.length) throw new RangeError(`SmallDenseNet: layer '${layer}' ${name} needs ${target.length} values, got ${source.length}`);
      target.set(source);
    }
  }

  /** The outputs for `n` examples (row-major, n × outputSize), evaluation mode. */
  forward(x: Float32Array, n: number): Float32Array {
    return this.run(x, n).slice(0, n * this.outputSize);
  }

  /**
   * The batch's loss and the gradient of every parameter. `y` holds n × outputSize targets, or
   * n class ids for sparse_categorical_crossentropy; `mask` one weight per example.
   */
  lossAndGrads(x: Float32Array, y: ArrayLike<number>, n: number, mask?: ArrayLike<number>, record: RecordOptions = {}): SmallStepResult {
    const out = this.run(x, n);
    const last = this.stages[this.stages.length - 1];
    const dOut = last ? last.dA : new Float32Array(n * this.outputSize);
    const dataLoss = lossAndGradient(this.plan.loss, out, y, n, this.outputSize, dOut, mask);
    const activations = record.activations ? this.recordActivations(x, n) : undefined;
    const dOutputs: Record<string, Float32Array> | undefined = record.dOutputs ? {} : undefined;
    if (record.dOutputs && this.dInput.length < n * this.inputSize) this.dInput = new Float32Array(this.capacity * this.inputSize);
    for (let s = this.stages.length - 1; s >= 0; s--) {
      const stage = this.stages[s];
      if (dOutputs) dOutputs[stage.layer] = stage.dA.slice(0, n * stage.outputSize);
      const input = s > 0 ? this.stages[s - 1].a : x;
      const dInput = s > 0 ? this.stages[s - 1].dA : dOutputs ? this.dInput : undefined;
      this.backward(stage, input, dInput, n);
    }
    if (dOutputs) dOutputs[this.plan.input] = this.dInput.slice(0, n * this.inputSize);
    const penalty = this.addPenalties(n);
    return { loss: dataLoss + penalty, dataLoss, penalty, grads: this.flatGrads, activations, dOutputs };
  }

  /** One training step: gradients, then the optimizer's in-place update. Returns the loss. */
  trainBatch(x: Float32Array, y: ArrayLike<number>, n: number, optimizer: ArrayOptimizerLike, mask?: ArrayLike<number>): number {
    const { loss, grads } = this.lossAndGrads(x, y, n, mask);
    optimizer.apply(this.flat, grads);
    return loss;
  }

  /**
   * The outputs of the last forward pass (of `lossAndGrads` too) for its `n` examples: a view
   * of the engine's own buffer, valid until the next call. Read it before updating.
   */
  lastOutput(n: number): Float32Array {
    const last = this.stages[this.stages.length - 1];
    if (!last) throw new Error('SmallDenseNet: a net with no layers has no output buffer');
    return last.a.subarray(0, n * this.outputSize);
  }

  /** The optimizer's in-place update with the gradients of the last `lossAndGrads`. */
  applyGradients(optimizer: ArrayOptimizerLike): void {
    optimizer.apply(this.flat, this.flatGrads);
  }

  private ensureCapacity(n: number): void {
    if (n <= this.capacity) return;
    this.capacity = Math.max(n, this.capacity * 2);
    for (const stage of this.stages) {
      const size = this.capacity * stage.outputSize;
      const identity = isIdentity(stage.activation);
      stage.a = new Float32Array(size);
      stage.dA = new Float32Array(size);
      // An identity dense stage needs no separate Z; an activation stage reads its input.
      stage.z = stage.kind === 'dense' && !identity ? new Float32Array(size) : stage.a;
      stage.dZ = stage.kind === 'dense' && !identity ? new Float32Array(size) : stage.dA;
    }
  }

  /** Forward through every stage; returns the last stage's buffer (capacity-sized). */
  private run(x: Float32Array, n: number): Float32Array {
    if (x.length < n * this.inputSize) throw new RangeError(`SmallDenseNet: ${n} examples need ${n * this.inputSize} inputs, got ${x.length}`);
    this.ensureCapacity(n);
    let input = x;
    for (const stage of this.stages) {
      const count = n * stage.outputSize;
      if (stage.kind === 'dense') {
        denseForward(input, n, stage.inputSize, stage.outputSize, stage.kernel!, stage.bias, stage.z);
        if (stage.z !== stage.a) activateArray(stage.activation, stage.z, stage.a, count, stage.outputSize);
      } else {
        activateArray(stage.activation, input, stage.a, count, stage.outputSize);
      }
      input = stage.a;
    }
    return input;
  }

  /** dA → dZ → dW, db and (when `dInput` is given) dL/d(input). */
  private backward(stage: Stage, input: Float32Array, dInput: Float32Array | undefined, n: number): void {
    const count = n * stage.outputSize;
    if (stage.kind === 'activation') {
      if (dInput) activationBackward(stage.activation, input, stage.a, stage.dA, dInput, count, stage.outputSize);
      return;
    }
    if (stage.dZ !== stage.dA) activationBackward(stage.activation, stage.z, stage.a, stage.dA, stage.dZ, count, stage.outputSize);
    denseBackward(input, stage.dZ, n, stage.inputSize, stage.outputSize, stage.kernel!, stage.dKernel!, stage.dBias, dInput);
  }

  /** Adds each kernel's penalty gradient and returns the total penalty. */
  private addPenalties(n: number): number {
    let total = 0;
    for (const stage of this.stages) {
      if (!stage.kernel) continue;
      const l1 = stage.l1 + this.plan.l1;
      // The loss line's l2 is the course's λ/(2N)·Σ W², N the examples in this batch.
      const l2 = stage.l2 + this.plan.l2 / (2 * n);
      if (l1 === 0 && l2 === 0) continue;
      const w = stage.kernel;
      const dw = stage.dKernel!;
      let abs = 0;
      let squares = 0;
      for (let i = 0; i < w.length; i++) {
        const v = w[i];
        abs += Math.abs(v);
        squares += v * v;
        // tfjs' |x|' is 1 for x > 0 and −1 otherwise; match it so both engines agree.
        dw[i] += l1 * (v > 0 ? 1 : -1) + 2 * l2 * v;
      }
      total += l1 * abs + l2 * squares;
    }
    return total;
  }

  private recordActivations(x: Float32Array, n: number): Record<string, Float32Array> {
    const out: Record<string, Float32Array> = { [this.plan.input]: x.slice(0, n * this.inputSize) };
    for (const stage of this.stages) out[stage.layer] = stage.a.slice(0, n * stage.outputSize);
    return out;
  }
}

/**
 * Z = A·W + b. Wide layers go row by row (each input entry scales one contiguous row of W into
 * Z's row); narrow ones (a few units, such as an output neuron) as dot products, which keeps
 * the inner loop long.
 */
function denseForward(a: Float32Array, n: number, nIn: number, nOut: number, w: Float32Array, b: Float32Array | undefined, z: Float32Array): void {
  if (nOut < 4) {
    for (let i = 0; i < n; i++) {
      const aRow = i * nIn;
      for (let j = 0; j < nOut; j++) {
        let sum = b ? b[j] : 0;
        for (let k = 0; k < nIn; k++) sum += a[aRow + k] * w[k * nOut + j];
        z[i * nOut + j] = sum;
      }
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const zRow = i * nOut;
    if (b) for (let j = 0; j < nOut; j++) z[zRow + j] = b[j];
    else z.fill(0, zRow, zRow + nOut);
    const aRow = i * nIn;
    for (let k = 0; k < nIn; k++) {
      const value = a[aRow + k];
      if (value === 0) continue;
      const wRow = k * nOut;
      for (let j = 0; j < nOut; j++) z[zRow + j] += value * w[wRow + j];
    }
  }
}

/** dW = Aᵀ·dZ, db = Σ_rows dZ, dA_in = dZ·Wᵀ (skipped for the network's input). */
function denseBackward(
  a: Float32Array,
  dz: Float32Array,
  n: number,
  nIn: number,
  nOut: number,
  w: Float32Array,
  dw: Float32Array,
  db: Float32Array | undefined,
  dInput: Float32Array | undefined,
): void {
  dw.fill(0);
  if (db) db.fill(0);
  for (let i = 0; i < n; i++) {
    const zRow = i * nOut;
    const aRow = i * nIn;
    if (db) for (let j = 0; j < nOut; j++) db[j] += dz[zRow + j];
    for (let k = 0; k < nIn; k++) {
      const wRow = k * nOut;
      const value = a[aRow + k];
      let sum = 0;
      if (value !== 0) {
        for (let j = 0; j < nOut; j++) {
          const g = dz[zRow + j];
          dw[wRow + j] += value * g;
          sum += g * w[wRow + j];
        }
      } else if (dInput) {
        for (let j = 0; j < nOut; j++) sum += dz[zRow + j] * w[wRow + j];
      }
      if (dInput) dInput[aRow + k] = sum;
    }
  }
}
