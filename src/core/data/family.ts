// What one family of data sets (truth tables, Playground, sequences, CSV, …) is given and what
// it returns. A family only makes its examples; createDataset does what every set shares
// (targets=inputs, denoise, the checks against the model, the train/validation split).

import { ArgValue, TensorLiteral } from '../lang/spec';
import { DATASETS, sectionSpec } from '../lang/sections';
import { DataPorts, Dataset, ModelFacts, TensorData } from './dataset';
import { Random } from './random';

/** The arguments of the `data` line, with the catalog's defaults for any left out. */
export class DataArgs {
  constructor(
    readonly dataset: string,
    private readonly attrs: Readonly<Record<string, ArgValue>>,
  ) {}

  raw(name: string): ArgValue | undefined {
    if (this.attrs[name] !== undefined) return this.attrs[name];
    const spec = DATASETS.find((d) => d.name === this.dataset)?.args?.find((a) => a.name === name) ?? sectionSpec('data')!.args.find((a) => a.name === name);
    return spec?.default;
  }

  number(name: string): number {
    const value = this.raw(name);
    if (typeof value !== 'number') throw new TypeError(`data ${this.dataset}: '${name}' should be a number`);
    return value;
  }

  string(name: string): string {
    const value = this.raw(name);
    if (typeof value !== 'string') throw new TypeError(`data ${this.dataset}: '${name}' should be a word or a string`);
    return value;
  }

  words(name: string): string[] {
    const value = this.raw(name);
    if (!Array.isArray(value)) throw new TypeError(`data ${this.dataset}: '${name}' should be a list`);
    return (value as readonly unknown[]).map(String);
  }

  tensor(name: string): TensorLiteral {
    const value = this.raw(name);
    if (!value || typeof value !== 'object' || !('values' in value)) throw new TypeError(`data ${this.dataset}: '${name}' should be a tensor literal`);
    return value as TensorLiteral;
  }
}

export interface FamilyContext {
  /** The data set's name as written on the `data` line (`xor`, `circle`, `csv`, …). */
  readonly name: string;
  readonly args: DataArgs;
  readonly model: ModelFacts;
  /** This data set's own stream, derived from the training seed. */
  readonly random: Random;
  readonly ports: DataPorts;
}

/** All examples of a set, before the split; every tensor has the examples on its first axis. */
export interface Examples {
  readonly inputs: readonly TensorData[];
  readonly targets: TensorData;
  readonly task: Dataset['task'];
  readonly classes?: number;
  readonly labels?: readonly string[];
  /** Raw (x1, x2) of each example, interleaved, for 2-D sets; with the plane's extent and features. */
  readonly plane?: { readonly points: Float32Array; readonly extent: readonly [number, number, number, number]; readonly features: readonly string[] };
  /** Examples written by the user (a table, a CSV, an exact truth table): kept in order when split = 1. */
  readonly isLiteral?: boolean;
  /**
   * For a set that is one example (a graph): the split is made by masks over its targets
   * rather than by rows. Both splits then hold the same inputs.
   */
  readonly masks?: { readonly train: TensorData; readonly validation: TensorData };
}

export type Family = (context: FamilyContext) => Examples | Promise<Examples>;
