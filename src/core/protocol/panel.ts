// Messages between the extension host and the NetLens panel page. The page owns no truth it
// cannot rebuild: on (re)load it says `ready` and the host answers with a snapshot. Requests
// carry ids so the host can await answers; tensor samples travel as typed arrays.

import { ModelGraph } from '../model/graph';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

export interface TensorStats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly std: number;
  readonly norm: number;
  readonly nonFinite: number;
  /** Fraction of entries that are exactly zero (dead ReLUs). */
  readonly zeros: number;
}

/** A tensor as views see it: shape, statistics and a bounded, possibly downsampled sample. */
export interface TensorView {
  readonly shape: readonly number[];
  readonly stats: TensorStats;
  /** Row-major; the whole tensor when small, else every `sampleStride`-th entry of the flat tensor. */
  readonly values?: Float32Array;
  readonly sampleShape?: readonly number[];
  readonly sampleStride?: number;
}

export interface EpochRecord {
  /** The run of a comparison (a `compare` line) the epoch belongs to: `adam`, `clip_norm=1`. */
  readonly run?: string;
  readonly epoch: number;
  readonly loss: number;
  readonly valLoss?: number;
  readonly metrics: Readonly<Record<string, number>>;
  readonly valMetrics?: Readonly<Record<string, number>>;
}

export interface PanelSnapshot {
  readonly documentUri: string;
  readonly fileName: string;
  readonly graph: ModelGraph;
  readonly backendPreference: BackendPreference;
  readonly history: readonly EpochRecord[];
  /** vscode.l10n's loaded bundle, so the page speaks the user's language. */
  readonly l10n: Readonly<Record<string, string>> | undefined;
  readonly locale: string;
}

export type PanelCommand = 'train' | 'pause' | 'step' | 'stepForwardLayer' | 'stepBackwardLayer' | 'resetWeights' | 'stop';

/** The model's parameter values, by `layer/param`, for Export Model. */
export interface ModelWeights {
  /** Whether training has taken a step since the weights were seeded (or loaded). */
  readonly trained: boolean;
  readonly values: Readonly<Record<string, Float32Array>>;
}

export type HostToPage =
  | { readonly type: 'snapshot'; readonly snapshot: PanelSnapshot }
  /** The host asks the page for something it alone holds (the trained weights). */
  | { readonly type: 'request'; readonly id: number; readonly method: 'weights' }
  | { readonly type: 'command'; readonly command: PanelCommand }
  | { readonly type: 'selectLayer'; readonly layer: string }
  | { readonly type: 'response'; readonly id: number; readonly result?: unknown; readonly error?: string };

export interface BackendChoice {
  readonly backend: BackendName;
  /** Why this one: the adapter's name, "no GPU adapter", "software renderer", a calibration. */
  readonly reason: string;
  /** ms per training step of the user's model measured during calibration, per candidate. */
  readonly calibration?: Readonly<Partial<Record<BackendName, number>>>;
}

export interface LayerLive {
  readonly layer: string;
  readonly line: number;
  readonly outputMean?: number;
  readonly outputStd?: number;
  readonly gradientNorm?: number;
}

export type PageToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'backend'; readonly choice: BackendChoice }
  | { readonly type: 'progress'; readonly epoch: number; readonly epochs: number; readonly step: number; readonly loss: number; readonly running: boolean }
  | { readonly type: 'epoch'; readonly record: EpochRecord }
  | { readonly type: 'live'; readonly layers: readonly LayerLive[] }
  | { readonly type: 'revealLine'; readonly line: number }
  /** Stepping reached a stop: the editor marks its line, as a debugger marks the current line. */
  | { readonly type: 'stop'; readonly phase: 'forward' | 'loss' | 'backward' | 'update'; readonly layer: string; readonly line: number; readonly index: number; readonly count: number }
  /** Reset Weights: live values and the history start over. */
  | { readonly type: 'reset' }
  | { readonly type: 'finished'; readonly reason: 'done' | 'stopped' | 'earlyStopping' | 'error'; readonly message?: string }
  | { readonly type: 'error'; readonly message: string; readonly line?: number }
  /** readFile answers the text; readBinaryFile the bytes in base64. */
  | { readonly type: 'request'; readonly id: number; readonly method: 'readFile' | 'readBinaryFile'; readonly argument: string }
  | { readonly type: 'response'; readonly id: number; readonly result?: ModelWeights; readonly error?: string };
