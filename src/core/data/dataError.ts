// The one error a data set throws on bad input (a missing CSV file, a cell that is not a
// number, data that does not fit the model). It carries a localisable message that says what
// is wrong and, where one is likely, the fix; `code` lets callers and tests tell cases apart.

import { Message, fillTemplate } from '../lang/localize';

export type DataErrorCode =
  | 'unknown-dataset'
  | 'no-port'
  | 'file-unreadable'
  | 'empty-file'
  | 'column-count'
  | 'not-a-number'
  | 'empty-cell'
  | 'missing-target'
  | 'no-features'
  | 'input-count'
  | 'input-shape'
  | 'input-dtype'
  | 'output-shape'
  | 'class-count'
  | 'class-id'
  | 'rows-mismatch'
  | 'split'
  | 'asset'
  | 'too-many-samples'
  | 'denoise-tokens';

export class DataError extends Error {
  /** What went wrong, as an English template and its arguments, for the view to translate. */
  readonly detail: Message;

  constructor(
    readonly code: DataErrorCode,
    detail: Message,
  ) {
    super(fillTemplate(detail.template, detail.args));
    this.name = 'DataError';
    this.detail = detail;
  }
}
