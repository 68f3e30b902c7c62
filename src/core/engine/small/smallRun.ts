// The Trainer's small-network path: the data set's splits kept on the host, batches gathered
// into reused Float32Arrays, steps on SmallDenseNet with the array optimizer, and the loss and
// accuracy measured as the tfjs path measures them (objective.ts, losses.ts `accuracy`), so
// both paths report the same history. No tfjs here: the Trainer moves parameters and
// optimizer state between this and the tf variables.

import { Split } from '../../data/dataset';
import { ModelGraph } from '../../model/graph';
import { ArrayOptimizer, createArrayOptimizer, l1Strengths } from '../arrayOptimizers';
import { SmallDenseNet, SmallParams } from './denseNet';

/** What accuracy compares, as losses.ts `accuracy` picks it for this loss and output. */
type AccuracyRule = 'sparse' | 'argmax' | 'threshold';

export interface MetricSpec {
  readonly lossName: string;
  readonly fromLogits: boolean;
  readonly hasAccuracy: boolean;
}

/** One split's rows on the host, in the layout SmallDenseNet reads. */
export class HostSplit {
  private constructor(
    readonly x: Float32Array,
    readonly y: Float32Array | Int32Array,
    readonly mask: Float32Array | Int32Array | undefined,
    readonly count: number,
    /** Target values per example: the output's units, or 1 class id. */
    readonly targetWidth: number,
  ) {}

  /** The split, or why the small path cannot read it. */
  static of(split: Split, inputSize: number, outputSize: number, sparse: boolean): HostSplit | { readonly reason: string } {
    if (split.inputs.length !== 1) return { reason: `the data feeds ${split.inputs.length} inputs; the small path takes one` };
    const input = split.inputs[0];
    const count = split.targets.shape[0] ?? 0;
    if (input.dtype !== 'float32' || input.shape.length !== 2 || input.shape[0] !== count || input.shape[1] !== inputSize) {
      return { reason: `the data's input has shape [${input.shape.join(', ')}], not [${count}, ${inputSize}] float32` };
    }
    const width = sparse ? 1 : outputSize;
    if (split.targets.values.length !== count * width) return { reason: `the data's targets have shape [${split.targets.shape.join(', ')}], not ${width} value(s) per example` };
    if (split.mask && split.mask.values.length !== count) return { reason: 'the data has a mask that is not one weight per example' };
    return new HostSplit(input.values as Float32Array, split.targets.values, split.mask?.values, count, width);
  }
}

export interface SmallBatchResult {
  readonly loss: number;
  readonly accuracy: number;
}

export class SmallRun {
  readonly net: SmallDenseNet;
  readonly optimizer: ArrayOptimizer;
  private readonly rule: AccuracyRule;
  private readonly threshold: number;
  private readonly labelThreshold: number;
  private xb = new Float32Array(0);
  private yb: Float32Array | Int32Array = new Float32Array(0);
  private mb: Float32Array | undefined;

  constructor(
    graph: ModelGraph,
    params: SmallParams,
    private readonly metrics: MetricSpec,
  ) {
    this.net = new SmallDenseNet(graph, params);
    this.optimizer = createArrayOptimizer(graph.training.optimizer, l1Strengths(graph));
    const units = this.net.outputSize;
    const name = metrics.lossName;
    this.rule = name === 'sparse_categorical_crossentropy' ? 'sparse' : name === 'categorical_crossentropy' || (units > 1 && name !== 'binary_crossentropy') ? 'argmax' : 'threshold';
    this.threshold = metrics.fromLogits || name === 'hinge' ? 0 : 0.5;
    this.labelThreshold = name === 'hinge' ? 0 : 0.5;
  }

  /**
   * Loss (data plus penalties) and accuracy of the batch `rows` of `split` with the current
   * parameters, the gradients left in the net for `update()`.
   */
  measure(split: HostSplit, rows: ArrayLike<number>): SmallBatchResult {
    const n = rows.length;
    this.gather(split, rows);
    const { loss } = this.net.lossAndGrads(this.xb, this.yb, n, this.mb ? this.mb.subarray(0, n) : undefined);
    const accuracy = this.metrics.hasAccuracy ? this.accuracy(this.net.lastOutput(n), this.yb, n, this.mb) : 0;
    return { loss, accuracy };
  }

  /** Applies the optimizer with the gradients of the last `measure`. */
  update(): void {
    this.net.applyGradients(this.optimizer);
  }

  /** Loss and accuracy over a whole split in chunks of 512, as Trainer.evaluate computes them. */
  evaluate(split: HostSplit): { loss: number; accuracy: number } {
    const size = 512;
    let lossSum = 0;
    let accuracySum = 0;
    for (let start = 0; start < split.count; start += size) {
      const rows = new Int32Array(Math.min(size, split.count - start)).map((_, i) => start + i);
      const { loss, accuracy } = this.measure(split, rows);
      lossSum += loss * rows.length;
      accuracySum += accuracy * rows.length;
    }
    return { loss: lossSum / Math.max(1, split.count), accuracy: accuracySum / Math.max(1, split.count) };
  }

  private gather(split: HostSplit, rows: ArrayLike<number>): void {
    const n = rows.length;
    const d = this.net.inputSize;
    const w = split.targetWidth;
    if (this.xb.length < n * d) this.xb = new Float32Array(n * d);
    if (this.yb.length < n * w || this.yb.constructor !== split.y.constructor) this.yb = split.y instanceof Int32Array ? new Int32Array(n * w) : new Float32Array(n * w);
    if (split.mask) {
      if (!this.mb || this.mb.length < n) this.mb = new Float32Array(n);
    } else {
      this.mb = undefined;
    }
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      for (let j = 0; j < d; j++) this.xb[i * d + j] = split.x[r * d + j];
      for (let j = 0; j < w; j++) this.yb[i * w + j] = split.y[r * w + j];
      if (split.mask) this.mb![i] = split.mask[r];
    }
  }

  /** losses.ts `accuracy` over arrays: the same rule, masked mean with per-example weights. */
  private accuracy(out: Float32Array, y: ArrayLike<number>, n: number, mask: Float32Array | undefined): number {
    const k = this.net.outputSize;
    let correct = 0;
    let weights = 0;
    for (let i = 0; i < n; i++) {
      const weight = mask ? mask[i] : 1;
      if (this.rule === 'threshold') {
        let hits = 0;
        for (let j = 0; j < k; j++) if (out[i * k + j] > this.threshold === y[i * k + j] > this.labelThreshold) hits++;
        correct += weight * hits;
        weights += weight * k;
        continue;
      }
      const predicted = argmax(out, i * k, k);
      const label = this.rule === 'sparse' ? Math.trunc(y[i]) : argmax(y, i * k, k);
      if (predicted === label) correct += weight;
      weights += weight;
    }
    // tf.divNoNan: 0 when every weight is 0.
    return weights === 0 ? 0 : correct / weights;
  }
}

/** tfjs' argMax: the first index of the largest value. */
function argmax(values: ArrayLike<number>, offset: number, k: number): number {
  let best = 0;
  let max = values[offset];
  for (let j = 1; j < k; j++) {
    if (values[offset + j] > max) {
      max = values[offset + j];
      best = j;
    }
  }
  return best;
}
