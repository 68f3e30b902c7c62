// The syntax tree: plain data, every node with its source range. The parser knows no layer
// kinds; it sees `head words… key=value… from a, b` and leaves meaning to the checker.

import { Range } from './text';

export type ValueNode =
  | { readonly type: 'number'; readonly value: number; readonly text: string; readonly range: Range }
  | { readonly type: 'word'; readonly value: string; readonly range: Range }
  | { readonly type: 'string'; readonly value: string; readonly range: Range }
  | { readonly type: 'list'; readonly items: ValueNode[]; readonly range: Range }
  | { readonly type: 'missing'; readonly range: Range };

export interface Identifier {
  readonly text: string;
  readonly range: Range;
}

export interface OptionNode {
  readonly key: Identifier;
  readonly value: ValueNode;
  readonly range: Range;
}

/** `from enc`, `from q, kv` or `from lstm1.state_h`. */
export interface Reference {
  readonly name: Identifier;
  readonly port?: Identifier;
  readonly range: Range;
}

export interface Statement {
  readonly head: Identifier;
  readonly positional: ValueNode[];
  readonly options: OptionNode[];
  readonly from?: { readonly keyword: Range; readonly refs: Reference[] };
  readonly range: Range;
}

export interface ModelBlock {
  /** The `model NAME` line; absent for the implicit model of a file that has none. */
  readonly header?: Statement;
  readonly name?: Identifier;
  readonly statements: Statement[];
  readonly range: Range;
}

export interface SyntaxTree {
  readonly models: ModelBlock[];
  readonly lineCount: number;
  readonly comments: ReadonlyMap<number, string>;
}
