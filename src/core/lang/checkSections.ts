// The training section: `data`, `loss`, `optimizer`, `train` statements resolved against
// their specs, then checked against the model they train (the data's shape against the
// input, the loss against the output).

import { ModelInfo, SectionInfo } from './analysis';
import { resolveArgs } from './args';
import { checkCompareValues } from './checkCompare';
import { Diagnostic, DiagnosticCodes } from './diagnostics';
import { message } from './localize';
import { PLAYGROUND_FEATURES, sectionSpec } from './sections';
import { Dim, formatShape, sameShape } from './shape';
import { SectionSpec, TensorLiteral } from './spec';
import { closest } from './suggest';
import { Statement } from './syntaxTree';

type Sections = Partial<Record<SectionSpec['keyword'], SectionInfo>>;

export function checkSections(statements: readonly Statement[], diagnostics: Diagnostic[]): Sections {
  const sections: Sections = {};
  for (const statement of statements) {
    const spec = sectionSpec(statement.head.text)!;
    if (sections[spec.keyword]) {
      diagnostics.push({ severity: 'error', code: DiagnosticCodes.duplicateSection, range: statement.head.range, message: message("This model already has a '{0}' line: keep one.", spec.keyword) });
      continue;
    }
    let choice: string | undefined;
    let positional = statement.positional;
    let argSpecs = spec.args;
    if (spec.choices.length) {
      const first = positional[0];
      if (!first || first.type !== 'word') {
        const names = spec.choices.map((c) => c.name);
        diagnostics.push({
          severity: 'error',
          code: codeFor(spec.keyword),
          range: first?.range ?? statement.head.range,
          message: message("Write which {0} to use after '{0}': {1}.", spec.keyword, names.join(', ')),
          fixes: [{ title: message("Add '{0}'", names[0]), edits: [{ range: { start: statement.head.range.end, end: statement.head.range.end }, newText: ` ${names[0]}` }] }],
        });
      } else {
        const found = spec.choices.find((c) => c.name === first.value);
        if (!found) {
          const guess = closest(first.value, spec.choices.map((c) => c.name));
          diagnostics.push({
            severity: 'error',
            code: codeFor(spec.keyword),
            range: first.range,
            message: guess
              ? message("Unknown {0} '{1}'. Did you mean '{2}'?", spec.keyword, first.value, guess)
              : message("Unknown {0} '{1}'. Choose one of: {2}.", spec.keyword, first.value, spec.choices.map((c) => c.name).join(', ')),
            ...(guess ? { fixes: [{ title: message("Change to '{0}'", guess), edits: [{ range: first.range, newText: guess }] }] } : {}),
          });
        } else {
          choice = found.name;
          argSpecs = [...(found.args ?? []), ...spec.args];
        }
        positional = positional.slice(1);
      }
    }
    if (spec.keyword === 'compare') {
      const values = choice ? checkCompareValues(choice, positional, statement.options, statement.head.range, diagnostics) : [];
      sections.compare = { keyword: 'compare', choice, args: new Map([['values', values]]), statement };
      continue;
    }
    const resolved = resolveArgs(argSpecs, positional, choice || !spec.choices.length ? statement.options : [], statement.head.range, diagnostics);
    const features = resolved.values.get('features');
    if (Array.isArray(features)) {
      const ranges = resolved.ranges.get('features');
      for (const feature of features as readonly unknown[] as string[]) {
        if ((PLAYGROUND_FEATURES as readonly string[]).includes(feature)) continue;
        const guess = closest(feature, PLAYGROUND_FEATURES);
        diagnostics.push({
          severity: 'error',
          code: DiagnosticCodes.unknownFeature,
          range: ranges ?? statement.range,
          message: guess ? message("Unknown feature '{0}'. Did you mean '{1}'?", feature, guess) : message("Unknown feature '{0}'. Features: {1}.", feature, PLAYGROUND_FEATURES.join(', ')),
        });
      }
    }
    sections[spec.keyword] = { keyword: spec.keyword, choice, args: resolved.values, written: [...resolved.ranges.keys()], statement };
  }
  return sections;
}

function codeFor(keyword: SectionSpec['keyword']): Diagnostic['code'] {
  return keyword === 'loss' ? DiagnosticCodes.unknownLoss : keyword === 'optimizer' ? DiagnosticCodes.unknownOptimizer : keyword === 'compare' ? DiagnosticCodes.unknownChoice : DiagnosticCodes.unknownDataset;
}

/** The shape of one input example a data set produces, when it is known before running. */
export function datasetInputShapes(data: SectionInfo): { shapes: Dim[][]; dtype: 'float32' | 'int32' } | undefined {
  const length = data.args.get('length') as number;
  switch (data.choice) {
    case 'and':
    case 'or':
    case 'nand':
    case 'nor':
    case 'xor':
      return { shapes: [[2]], dtype: 'float32' };
    case 'circle':
    case 'four_squares':
    case 'two_blobs':
    case 'spiral':
    case 'plane':
    case 'multi_gauss':
      return { shapes: [[(data.args.get('features') as string[]).length]], dtype: 'float32' };
    case 'linear':
    case 'gaussian':
      return { shapes: [[1]], dtype: 'float32' };
    case 'mnist':
      return { shapes: [[28, 28, 1], [784]], dtype: 'float32' };
    case 'sine':
      return { shapes: [[length, 1]], dtype: 'float32' };
    case 'counting':
    case 'copy':
    case 'reverse':
    case 'text':
      return { shapes: [[length]], dtype: 'int32' };
    case 'table': {
      const x = data.args.get('x') as TensorLiteral | undefined;
      return x ? { shapes: [x.shape.length > 1 ? x.shape.slice(1) : [1]], dtype: 'float32' } : undefined;
    }
    default:
      return undefined;
  }
}

const BINARY_SETS = new Set(['and', 'or', 'nand', 'nor', 'xor', 'circle', 'four_squares', 'two_blobs', 'spiral']);
const REGRESSION_SETS = new Set(['linear', 'plane', 'multi_gauss', 'sine']);
const CROSS_ENTROPIES = new Set(['binary_crossentropy', 'categorical_crossentropy', 'sparse_categorical_crossentropy']);

export function checkTrainingAgainstModel(model: ModelInfo, diagnostics: Diagnostic[]): void {
  const { data, loss, optimizer } = model.sections;
  const input = model.layers.find((l) => l.kind === 'input');
  if (data?.choice && input?.result) {
    const expected = datasetInputShapes(data);
    if (expected && !expected.shapes.some((s) => sameShape(s, input.result!.output))) {
      diagnostics.push({
        severity: 'error',
        code: DiagnosticCodes.dataShapeMismatch,
        range: input.argRanges.get('shape') ?? input.statement.range,
        message: message("The data '{0}' gives examples of shape {1}, but the input '{2}' is {3}: change the input to {1}.", data.choice, formatShape(expected.shapes[0]), input.name, formatShape(input.result.output)),
        fixes: [{ title: message('Change the shape to {0}', formatShape(expected.shapes[0])), edits: input.argRanges.has('shape') ? [{ range: input.argRanges.get('shape')!, newText: formatShape(expected.shapes[0]) }] : [] }],
      });
    } else if (expected && expected.dtype === 'int32' && input.dtype !== 'int32') {
      diagnostics.push({ severity: 'error', code: DiagnosticCodes.dataShapeMismatch, range: input.statement.range, message: message("The data '{0}' gives token ids: declare the input with dtype=int32.", data.choice) });
    }
  }
  const output = model.output?.result?.output;
  const units = output ? output[output.length - 1] : undefined;
  if (loss?.choice && typeof units === 'number') {
    const at = loss.statement.range;
    if (loss.choice === 'binary_crossentropy' && units !== 1) {
      diagnostics.push({ severity: 'warning', code: DiagnosticCodes.lossOutputMismatch, range: at, message: message('Binary cross-entropy expects one output (a sigmoid probability), but the output has {0}. For several classes use categorical_crossentropy.', units) });
    }
    if ((loss.choice === 'categorical_crossentropy' || loss.choice === 'sparse_categorical_crossentropy') && units < 2) {
      diagnostics.push({ severity: 'warning', code: DiagnosticCodes.lossOutputMismatch, range: at, message: message('{0} needs one output per class, but the output has 1. For two classes with one output use binary_crossentropy.', loss.choice) });
    }
    if (data?.choice && REGRESSION_SETS.has(data.choice) && CROSS_ENTROPIES.has(loss.choice)) {
      diagnostics.push({ severity: 'warning', code: DiagnosticCodes.lossOutputMismatch, range: at, message: message("'{0}' is a regression data set: use mse or mae, not {1}.", data.choice, loss.choice) });
    }
    if (data?.choice && BINARY_SETS.has(data.choice) && loss.choice !== 'binary_crossentropy' && CROSS_ENTROPIES.has(loss.choice) && units !== 2) {
      diagnostics.push({ severity: 'warning', code: DiagnosticCodes.lossOutputMismatch, range: at, message: message("'{0}' has two classes: with {1} the output needs 2 units.", data.choice, loss.choice) });
    }
    if (data?.choice === 'mnist' && CROSS_ENTROPIES.has(loss.choice) && units !== 10) {
      diagnostics.push({ severity: 'warning', code: DiagnosticCodes.lossOutputMismatch, range: at, message: message('MNIST has 10 classes, but the output has {0} units.', units) });
    }
  }
  const anySection = data ?? loss ?? optimizer;
  if (anySection && (!data || !loss)) {
    const missing = [!data ? 'data' : undefined, !loss ? 'loss' : undefined].filter(Boolean).join(', ');
    diagnostics.push({ severity: 'info', code: DiagnosticCodes.missingTraining, range: anySection.statement.head.range, message: message('To train this model, add: {0}.', missing) });
  }
}
