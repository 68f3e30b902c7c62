// The gallery page's input: every view's data as JSON (typed arrays as plain arrays), computed
// in Node by the engine and revived in the page.

import { EpochRecord, TensorStats, TensorView } from '../../src/core/protocol/panel';

export interface TensorJson {
  readonly shape: number[];
  readonly stats: TensorStats;
  readonly values?: number[];
  readonly sampleStride?: number;
}

export interface GalleryData {
  readonly conv: { readonly input: TensorJson; readonly kernel: TensorJson; readonly output: TensorJson };
  readonly attention: { readonly weights: TensorJson; readonly tokens: string[]; readonly causal: boolean };
  readonly recurrent: { readonly name: string; readonly formula: string; readonly tensor: TensorJson }[];
  readonly boundary: {
    readonly resolution: number;
    readonly extent: [number, number, number, number];
    readonly values: number[];
    readonly points: number[];
    readonly labels: number[];
    readonly testPoints: number[];
    readonly testLabels: number[];
    readonly neurons: { readonly name: string; readonly values: number[] }[];
  };
  readonly details: { readonly layer: string; readonly kind: string; readonly tensors: Record<string, TensorJson> };
  readonly reconstructions: { readonly inputs: TensorJson; readonly outputs: TensorJson };
  readonly gan: { readonly real: TensorJson; readonly fake: TensorJson; readonly realScores: TensorJson; readonly fakeScores: TensorJson };
  readonly history: EpochRecord[];
  /** samples/optimizers.nn's runs, each record labelled by its optimizer. */
  readonly comparison: EpochRecord[];
  /** A Spanish bundle for the page's l10n, or none for English. */
  readonly l10n?: Record<string, string>;
}

export function toJson(view: TensorView): TensorJson {
  return {
    shape: [...view.shape],
    stats: view.stats,
    ...(view.values ? { values: Array.from(view.values) } : {}),
    ...(view.sampleStride ? { sampleStride: view.sampleStride } : {}),
  };
}

export function fromJson(json: TensorJson): TensorView {
  return { shape: json.shape, stats: json.stats, ...(json.values ? { values: Float32Array.from(json.values) } : {}), ...(json.sampleStride ? { sampleStride: json.sampleStride } : {}) };
}
