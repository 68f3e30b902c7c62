// What the checker knows about a file: per model, its layers with inferred shapes and
// parameter counts, its training section, and every use of every layer name.

import { Diagnostic } from './diagnostics';
import { Dim } from './shape';
import { ArgValue, LayerKindSpec, LayerShape, SectionSpec } from './spec';
import { ModelBlock, Statement, SyntaxTree } from './syntaxTree';
import { Range } from './text';

export interface InputRef {
  readonly layer: string;
  readonly port?: string;
}

export interface LayerInfo {
  readonly model: string;
  readonly name: string;
  readonly kind: string;
  readonly spec: LayerKindSpec;
  readonly statement: Statement;
  /** The name as written; absent for an automatic name such as `flatten_1`. */
  readonly nameRange?: Range;
  readonly inputs: readonly InputRef[];
  readonly args: ReadonlyMap<string, ArgValue>;
  readonly argRanges: ReadonlyMap<string, Range>;
  /** Undefined when the shape cannot be known (an error here or above). */
  readonly result?: LayerShape;
  readonly dtype: 'float32' | 'int32';
  readonly paramCount: number;
  readonly trainableCount: number;
}

export interface SectionInfo {
  readonly keyword: SectionSpec['keyword'];
  readonly choice?: string;
  readonly args: ReadonlyMap<string, ArgValue>;
  /** The arguments written on the line (the others in `args` are defaults). */
  readonly written?: readonly string[];
  readonly statement: Statement;
}

export interface ModelInfo {
  readonly name: string;
  readonly nameRange?: Range;
  readonly block: ModelBlock;
  readonly layers: readonly LayerInfo[];
  readonly byName: ReadonlyMap<string, LayerInfo>;
  readonly sections: Partial<Record<SectionSpec['keyword'], SectionInfo>>;
  /** From `train batch=N`; null (shown as None) when the file does not say. */
  readonly batch: number | null;
  readonly totalParams: number;
  readonly trainableParams: number;
  /** The model's output: its last layer. */
  readonly output?: LayerInfo;
}

export interface NameUse {
  readonly model: string;
  readonly name: string;
  readonly range: Range;
  readonly isDefinition: boolean;
}

export interface Analysis {
  readonly tree: SyntaxTree;
  readonly diagnostics: readonly Diagnostic[];
  readonly models: readonly ModelInfo[];
  readonly nameUses: readonly NameUse[];
  /** The layer whose statement starts on a line. */
  readonly layerByLine: ReadonlyMap<number, LayerInfo>;
}

export function outputShapeWithBatch(layer: LayerInfo, batch: number | null): Dim[] | undefined {
  return layer.result ? [batch, ...layer.result.output] : undefined;
}
