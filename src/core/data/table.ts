// `data table x=[[0, 0], [0, 1], …] y=[[0], [1], …]`: examples written in the model file, so a
// worked example of the course can be reproduced number for number. The first axis of x and
// y counts the examples (a flat list is one value per example). When y has one value per
// example and the loss is categorical or the output has several units, y holds class ids and
// is encoded like every other set's classes (targets.ts); otherwise y is used as written
// (0/1 or −1/+1 for one sigmoid or hinge unit, values for regression, one-hot rows as given).

import { message } from '../lang/localize';
import { TensorLiteral } from '../lang/spec';
import { DataError } from './dataError';
import { TensorData } from './dataset';
import { Examples, FamilyContext } from './family';
import { classTargets, toClassIds, wantsClassIds, writtenLabelTask } from './targets';
import { floatTensor } from './tensors';

/** A literal as examples: a flat list [a, b, c] is three examples of shape [1]. */
function asExamples(literal: TensorLiteral): TensorData {
  const shape = literal.shape.length > 1 ? literal.shape : [literal.shape[0] ?? 0, 1];
  return floatTensor(shape, literal.values);
}

/** y holds class ids: one value per example, for a categorical loss or a multi-unit output. */
function holdsClassIds(y: TensorData, context: FamilyContext): boolean {
  return y.shape.length === 2 && y.shape[1] === 1 && wantsClassIds(context.model);
}

export function tableExamples(context: FamilyContext): Examples {
  const y = asExamples(context.args.tensor('y'));
  const written = context.args.raw('x') === undefined ? undefined : context.args.tensor('x');
  if (!written) {
    // The model's inputs are literal (input … value=): y alone gives the targets.
    if (context.model.inputs.length) throw new DataError('missing-target', message("'data table' needs x=[…] with the inputs: one row per example, for the input {0}.", context.model.inputs[0].name));
    return { inputs: [], targets: y, task: writtenLabelTask(context.model), isLiteral: true };
  }
  const x = asExamples(written);
  if (x.shape[0] !== y.shape[0]) {
    throw new DataError('rows-mismatch', message('x has {0} rows but y has {1}: give one row of y per row of x.', x.shape[0], y.shape[0]));
  }
  const count = x.shape[0];
  if (!holdsClassIds(y, context)) return { inputs: [x], targets: y, task: writtenLabelTask(context.model), isLiteral: true };
  const { ids, classes } = toClassIds(y.values, context.model, (value, i) =>
    new DataError('class-id', message("Class ids must be whole numbers from 0 up, but row {1} of y has {0}.", value, i + 1)),
  );
  const targets = classTargets(ids, count, { dataset: context.name, classes, idShape: [] }, context.model);
  return { inputs: [x], targets, task: classes === 2 ? 'binary' : 'multiclass', classes, labels: Array.from({ length: classes }, (_, i) => String(i)), isLiteral: true };
}
