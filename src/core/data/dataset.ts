// The contract between data sets and the engine: plain typed arrays, batch-first and
// row-major, so data sets need no tfjs and cross to the webview as transferable buffers.

export interface TensorData {
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32';
  readonly values: Float32Array | Int32Array;
}

export interface Split {
  /** Model inputs, one entry per input layer of the model, in file order. */
  readonly inputs: readonly TensorData[];
  readonly targets: TensorData;
}

export interface Dataset {
  readonly name: string;
  readonly train: Split;
  /** Empty (zero examples) when split = 1. */
  readonly validation: Split;
  readonly task: 'binary' | 'multiclass' | 'regression' | 'reconstruction' | 'sequence' | 'generative';
  readonly classes?: number;
  /** Class or token names for views (digits, characters, words). */
  readonly labels?: readonly string[];
  /** For 2-D Playground sets: the raw (x1, x2) of each example and the plane's extent, for boundary plots. */
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
