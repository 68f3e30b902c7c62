// The contract between data sets and the engine: plain typed arrays, batch-first and
// row-major, so data sets need no tfjs and cross to the webview as transferable buffers.
// `createDataset` (createDataset.ts) builds a Dataset from a model's `data` line.

import { Dim } from '../lang/shape';

export interface TensorData {
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32';
  readonly values: Float32Array | Int32Array;
}

export interface Split {
  /** Model inputs, one entry per input layer of the model, in file order. */
  readonly inputs: readonly TensorData[];
  /**
   * What the loss compares the output with, encoded for the model's loss (see ModelFacts):
   * class ids (int32, the output's shape without its class axis) for
   * sparse_categorical_crossentropy; one-hot rows (float32, the output's shape) for a
   * multi-unit output; 0/1 (−1/+1 for hinge) for a one-unit binary output; values for regression.
   */
  readonly targets: TensorData;
  /**
   * Optional per-target weights (float32, the targets' shape without a class axis): 1 where an
   * entry counts in the loss and the metrics, 0 where it does not. Absent means every entry
   * counts. Node classification uses it: the whole graph is one example, and the masks say
   * which nodes' labels are seen in training and which are held out for validation.
   * (Added to the first contract, compatibly: sets without masks are unchanged.)
   */
  readonly mask?: TensorData;
}

export interface Dataset {
  readonly name: string;
  readonly train: Split;
  /** Empty (zero examples) when split = 1. */
  readonly validation: Split;
  /**
   * binary: two classes; multiclass: more; regression: values (the sine windows too);
   * reconstruction: targets=inputs; sequence: token classes, per position or the next token
   * (accuracy applies as for classes); generative: a GAN's real samples, all labelled 1.
   */
  readonly task: 'binary' | 'multiclass' | 'regression' | 'reconstruction' | 'sequence' | 'generative';
  readonly classes?: number;
  /** Class or token names for views (digits, characters, words). */
  readonly labels?: readonly string[];
  /**
   * For 2-D sets (Playground's and the truth tables): the raw (x1, x2) of each example,
   * interleaved [x1, x2, x1, x2, …] in the order of the split's rows, the plane's extent
   * [x1Min, x1Max, x2Min, x2Max], and the features the model's input is made of, so a view
   * can draw the decision boundary over the plane.
   */
  readonly plane?: { readonly points: Float32Array; readonly validationPoints: Float32Array; readonly extent: readonly [number, number, number, number]; readonly features: readonly string[] };
}

/**
 * Host capabilities a data set may need, injected so the core stays free of I/O: reading a
 * file next to the model (CSV), and loading a bundled asset (the MNIST subset).
 */
export interface DataPorts {
  readFile?(relativePath: string): Promise<string>;
  loadAsset?(name: string): Promise<Uint8Array>;
}

/**
 * What a data set needs to know about the model it feeds, taken from the compiled graph by
 * `modelFacts(graph)`: the input layers it fills (shape and dtype, to lay the data out and to
 * check it), the output (to encode the targets), and the loss, which decides the target
 * encoding (class ids for sparse_categorical_crossentropy, ±1 for hinge, one-hot otherwise).
 */
export interface ModelFacts {
  /** The input layers the data fills, in file order (inputs with a literal value= excluded). */
  readonly inputs: readonly { readonly name: string; readonly shape: readonly Dim[]; readonly dtype: 'float32' | 'int32' }[];
  readonly output: { readonly name: string; readonly shape: readonly Dim[] };
  /** The loss's name, when the model has a loss line. */
  readonly loss?: string;
}
