// `compare SETTING v1 v2 …`: the values of one comparison line, checked. Optimizer names get
// did-you-mean fixes; optimizer arguments take numbers or `none` (the argument not set).
// Values are kept as written (`none`, `0.1`), which is also how each run is labelled.

import { ArgValue } from './spec';
import { Diagnostic, DiagnosticCodes } from './diagnostics';
import { message } from './localize';
import { OPTIMIZERS } from './sections';
import { closest } from './suggest';
import { Range } from './text';
import { OptionNode, ValueNode } from './syntaxTree';

export function checkCompareValues(setting: string, values: readonly ValueNode[], options: readonly OptionNode[], at: Range, diagnostics: Diagnostic[]): ArgValue {
  if (setting === 'penalty') return checkPenalties(values, options, at, diagnostics);
  for (const option of options) {
    diagnostics.push({ severity: 'error', code: DiagnosticCodes.unknownArgument, range: option.key.range, message: message("Write the values to compare without a name: 'compare {0} {1}'.", setting, setting === 'optimizer' ? 'sgd adam' : 'none 1') });
  }
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
  tooFew(values.length, setting, at, diagnostics);
  return kept;
}

function tooFew(count: number, setting: string, at: Range, diagnostics: Diagnostic[]): void {
  if (count < 2) {
    diagnostics.push({ severity: 'error', code: DiagnosticCodes.missingArgument, range: at, message: message("Give at least two values to compare, for example 'compare {0} {1}'.", setting, setting === 'optimizer' ? 'sgd adam' : setting === 'penalty' ? 'none l1=0.01' : 'none 1') });
  }
}

/** `compare penalty none l1=0.01 l2=0.1`: none first, then one run per l1=/l2= in order. */
function checkPenalties(values: readonly ValueNode[], options: readonly OptionNode[], at: Range, diagnostics: Diagnostic[]): ArgValue {
  const kept: string[] = [];
  for (const node of values) {
    if (node.type === 'word' && node.value.toLowerCase() === 'none') kept.push('none');
    else diagnostics.push({ severity: 'error', code: DiagnosticCodes.wrongType, range: node.range, message: message("Expected none, l1=λ or l2=λ for '{0}'.", 'penalty') });
  }
  for (const option of options) {
    const key = option.key.text;
    const value = option.value;
    if (key !== 'l1' && key !== 'l2') {
      const guess = closest(key, ['l1', 'l2']);
      diagnostics.push({ severity: 'error', code: DiagnosticCodes.unknownArgument, range: option.key.range, message: guess ? message("Unknown argument '{0}'. Did you mean '{1}'?", key, guess) : message("Unknown argument '{0}'. Known: {1}.", key, 'l1, l2') });
    } else if (value.type !== 'number' || value.value < 0) {
      diagnostics.push({ severity: 'error', code: DiagnosticCodes.wrongType, range: value.range, message: message("'{0}' must be {1}.", key, message('a number ≥ 0')) });
    } else {
      kept.push(`${key}=${value.text}`);
    }
  }
  tooFew(values.length + options.length, 'penalty', at, diagnostics);
  return kept;
}
