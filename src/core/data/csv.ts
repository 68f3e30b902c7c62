// `data csv file="iris.csv" target=species`: a CSV file next to the model file, read through
// the host's readFile port. The first row names the columns; the target column is what the
// model predicts and every other column is an input feature, in file order. Features must be
// numbers; a target that is not all numbers is a class name (ids in sorted order, `labels`
// holds the names); a numeric target is used as written, or as class ids when the loss is
// categorical or the output has a unit per class (targets.ts). Commas, semicolons or tabs separate values (the header decides); with
// semicolons a decimal comma is accepted, as spreadsheets in Spanish write 3,5. Quoted values
// ("a, b", "" for a quote) are read as RFC 4180 says. Errors name the line and the column.

import { message } from '../lang/localize';
import { closest } from '../lang/suggest';
import { DataError } from './dataError';
import { Examples, FamilyContext } from './family';
import { classTargets, toClassIds, wantsClassIds, writtenLabelTask } from './targets';
import { floatTensor } from './tensors';

export interface CsvRow {
  /** 1-based line of the file where the row starts, as the editor numbers lines. */
  readonly line: number;
  readonly cells: readonly string[];
}

export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly CsvRow[];
  readonly delimiter: ',' | ';' | '\t';
}

function detectDelimiter(text: string): CsvTable['delimiter'] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = ([',', ';', '\t'] as const).map((d) => [d, firstLine.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}

/** Splits text into rows of cells. Blank lines are skipped; a quoted value may span lines. */
export function parseCsv(text: string): CsvTable {
  const delimiter = detectDelimiter(text);
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  const endRow = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0].trim() !== '') rows.push({ line: rowLine, cells: cells.map((c) => c.trim()) });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
      if (c === '\n') line++;
    } else if (c === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (c === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      cell += c;
    }
  }
  if (cell !== '' || cells.length) endRow();
  const [header, ...data] = rows;
  return { header: header?.cells ?? [], rows: data, delimiter };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A cell as a number, or undefined when it is not one. */
export function parseNumber(cell: string, decimalComma: boolean): number | undefined {
  const text = decimalComma ? cell.replace(',', '.') : cell;
  return NUMBER.test(text) ? Number(text) : undefined;
}

async function readCsv(context: FamilyContext, file: string): Promise<string> {
  if (!context.ports.readFile) throw new DataError('no-port', message("This host cannot read files, so 'data csv' cannot load '{0}'.", file));
  try {
    return await context.ports.readFile(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataError('file-unreadable', message("Cannot read '{0}': {1}. Put the CSV file next to the model file, or fix the path in file=.", file, reason));
  }
}

function targetColumn(table: CsvTable, file: string, target: string): number {
  const index = table.header.indexOf(target);
  if (index >= 0) return index;
  const guess = closest(target, table.header) ?? table.header.find((h) => h.toLowerCase() === target.toLowerCase());
  throw guess
    ? new DataError('missing-target', message("'{0}' has no column '{1}'. Did you mean '{2}'?", file, target, guess))
    : new DataError('missing-target', message("'{0}' has no column '{1}'. Its columns are: {2}.", file, target, table.header.join(', ')));
}

/** Every row as long as the header, every feature cell a number: the feature matrix. */
function featureMatrix(table: CsvTable, file: string, targetIndex: number): Float32Array {
  const width = table.header.length - 1;
  const values = new Float32Array(table.rows.length * width);
  table.rows.forEach((row, r) => {
    if (row.cells.length !== table.header.length) {
      throw new DataError('column-count', message("Line {1} of '{0}' has {2} values, but the header has {3} columns: make every row as long as the header.", file, row.line, row.cells.length, table.header.length));
    }
    let j = 0;
    for (let c = 0; c < row.cells.length; c++) {
      if (c !== targetIndex) values[r * width + j++] = cellNumber(table, file, row, c);
    }
  });
  return values;
}

function cellNumber(table: CsvTable, file: string, row: CsvRow, column: number): number {
  const cell = row.cells[column];
  if (cell === '') throw new DataError('empty-cell', message("Line {1} of '{0}', column '{2}' is empty: fill it in, or remove the row.", file, row.line, table.header[column]));
  const value = parseNumber(cell, table.delimiter === ';');
  if (value === undefined) {
    throw new DataError('not-a-number', message("Line {1} of '{0}', column '{2}': '{3}' is not a number. Fix the value, or remove the column.", file, row.line, table.header[column], cell));
  }
  return value;
}

export async function csvExamples(context: FamilyContext): Promise<Examples> {
  const file = context.args.string('file');
  const table = parseCsv(await readCsv(context, file));
  if (table.header.length === 0 || table.rows.length === 0) {
    throw new DataError('empty-file', message("'{0}' has no data: it needs a header row and at least one row of values.", file));
  }
  const target = context.args.string('target');
  const targetIndex = targetColumn(table, file, target);
  if (table.header.length < 2) throw new DataError('no-features', message("'{0}' has only the target column '{1}': add at least one input column.", file, target));
  const count = table.rows.length;
  const inputs = [floatTensor([count, table.header.length - 1], featureMatrix(table, file, targetIndex))];
  const cells = table.rows.map((row) => row.cells[targetIndex]);
  const numbers = cells.map((cell) => parseNumber(cell, table.delimiter === ';'));
  if (numbers.every((n) => n !== undefined)) {
    if (!wantsClassIds(context.model)) return { inputs, targets: floatTensor([count, 1], numbers as number[]), task: writtenLabelTask(context.model), isLiteral: true };
    const { ids, classes } = toClassIds(numbers as number[], context.model, (value, i) =>
      new DataError('class-id', message("Class ids must be whole numbers from 0 up, but line {1} of '{0}' has {2} in column '{3}'.", file, table.rows[i].line, value, target)),
    );
    return classExamples(context, inputs, ids, classes, Array.from({ length: classes }, (_, i) => String(i)));
  }
  const emptyAt = cells.indexOf('');
  if (emptyAt >= 0) cellNumber(table, file, table.rows[emptyAt], targetIndex);
  const names = [...new Set(cells)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const ids = Int32Array.from(cells, (cell) => names.indexOf(cell));
  return classExamples(context, inputs, ids, names.length, names);
}

function classExamples(context: FamilyContext, inputs: Examples['inputs'], ids: Int32Array, classes: number, labels: readonly string[]): Examples {
  const targets = classTargets(ids, ids.length, { dataset: context.name, classes, idShape: [] }, context.model);
  return { inputs, targets, task: classes === 2 ? 'binary' : 'multiclass', classes, labels, isLiteral: true };
}
