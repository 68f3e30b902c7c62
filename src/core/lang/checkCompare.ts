// `compare SETTING v1 v2 …`: the values of one comparison line, checked. Optimizer names get
// did-you-mean fixes; optimizer arguments take numbers or `none` (the argument not set).
// Values are kept as written (`none`, `0.1`), which is also how each run is labelled.

import { ArgValue } from './spec';
import { Diagnostic, DiagnosticCodes } from './diagnostics';
import { message } from './localize';
import { OPTIMIZERS } from './sections';
import { closest } from './suggest';
import { Range } from './text';
import { ValueNode } from './syntaxTree';

export function checkCompareValues(setting: string, values: readonly ValueNode[], at: Range, diagnostics: Diagnostic[]): ArgValue {
  const kept: string[] = [];
  const names = OPTIMIZERS.map((o) => o.name);
  for (const node of values) {
    if (setting === 'optimizer') {
      if (node.type !== 'word') {
        diagnostics.push({ severity: 'error', code: DiagnosticCodes.wrongType, range: node.range, message: message('Expected an optimizer name ({0}).', names.join(', ')) });
        continue;
      }
      if (!names.includes(node.value)) {
        const guess = closest(node.value, names);
        diagnostics.push({
          severity: 'error',
          code: DiagnosticCodes.unknownOptimizer,
          range: node.range,
          message: guess ? message("Unknown {0} '{1}'. Did you mean '{2}'?", 'optimizer', node.value, guess) : message("Unknown {0} '{1}'. Choose one of: {2}.", 'optimizer', node.value, names.join(', ')),
          ...(guess ? { fixes: [{ title: message("Change to '{0}'", guess), edits: [{ range: node.range, newText: guess }] }] } : {}),
        });
        continue;
      }
      kept.push(node.value);
    } else if (node.type === 'number' && node.value >= 0) {
      kept.push(node.text);
    } else if (node.type === 'word' && node.value.toLowerCase() === 'none') {
      kept.push('none');
    } else {
      diagnostics.push({ severity: 'error', code: DiagnosticCodes.wrongType, range: node.range, message: message("Expected a number ≥ 0 or none for '{0}'.", setting) });
    }
  }
  if (values.length < 2) {
    diagnostics.push({ severity: 'error', code: DiagnosticCodes.missingArgument, range: at, message: message("Give at least two values to compare, for example 'compare {0} {1}'.", setting, setting === 'optimizer' ? 'sgd adam' : 'none 1') });
  }
  return kept;
}
