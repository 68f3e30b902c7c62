// Arguments of a wrapper line (`bidirectional bi lstm 32 return_sequences=true merge_mode=sum`):
// the wrapper's own options, the wrapped kind, and the wrapped layer's values and options,
// which are resolved exactly as if that layer were written alone, diagnostics included.

import { ResolvedArgs, argsView, resolveArgs } from './args';
import { Diagnostic, DiagnosticCodes } from './diagnostics';
import { layerSpec } from './layers/catalog';
import { message } from './localize';
import { ArgValue, LayerKindSpec } from './spec';
import { closest } from './suggest';
import { OptionNode, ValueNode } from './syntaxTree';
import { Range, spanning } from './text';

/** The wrapper's own name: a first word that is no layer kind, followed by another word. */
export function wrapperName(positional: readonly ValueNode[]): { value: string; range: Range } | undefined {
  const [first, second] = positional;
  if (!first || first.type !== 'word' || layerSpec(first.value)) return undefined;
  return second?.type === 'word' ? { value: first.value, range: first.range } : undefined;
}

export function resolveWrapper(
  spec: LayerKindSpec,
  positional: readonly ValueNode[],
  options: readonly OptionNode[],
  headRange: Range,
  diagnostics: Diagnostic[],
): ResolvedArgs {
  const wraps = spec.wraps ?? [];
  const ownSpecs = spec.args.filter((a) => !a.positional);
  const isOwn = (option: OptionNode) => ownSpecs.some((a) => a.name === option.key.text || a.aliases?.includes(option.key.text));
  const own = resolveArgs(ownSpecs, [], options.filter(isOwn), headRange, diagnostics);
  const values = new Map<string, ArgValue>(own.values);
  const ranges = new Map<string, Range>(own.ranges);
  const incomplete = (): ResolvedArgs => ({ args: argsView(values), values, ranges, complete: false });

  const kindNode = positional[0];
  if (!kindNode) {
    diagnostics.push({
      severity: 'error',
      code: DiagnosticCodes.missingArgument,
      range: headRange,
      message: message("Missing '{0}': {1}", 'layer', message(spec.args[0].doc)),
      fixes: [{ title: message("Add '{0}'", 'layer'), edits: [{ range: { start: headRange.end, end: headRange.end }, newText: ` ${wraps[0]}` }] }],
    });
    return incomplete();
  }
  if (kindNode.type === 'missing') return incomplete();
  ranges.set('layer', kindNode.range);
  if (kindNode.type !== 'word') {
    diagnostics.push({ severity: 'error', code: DiagnosticCodes.wrongType, range: kindNode.range, message: message("'{0}' must be {1}.", 'layer', message('one of {0}', wraps.join(', '))) });
    return incomplete();
  }
  const kind = kindNode.value;
  const inner = layerSpec(kind);
  if (!inner || !wraps.includes(kind)) {
    const guess = closest(kind, wraps);
    const fixes = guess ? [{ title: message("Change to '{0}'", guess), edits: [{ range: kindNode.range, newText: guess }] }] : undefined;
    diagnostics.push({
      severity: 'error',
      code: inner ? DiagnosticCodes.unknownChoice : DiagnosticCodes.unknownKind,
      range: kindNode.range,
      message: inner
        ? message("'{0}' cannot wrap '{1}'. It wraps: {2}.", spec.kind, kind, wraps.join(', '))
        : guess
          ? message("Unknown layer kind '{0}'. Did you mean '{1}'?", kind, guess)
          : message("Unknown layer kind '{0}'. '{1}' wraps: {2}.", kind, spec.kind, wraps.join(', ')),
      ...(fixes ? { fixes } : {}),
    });
    return incomplete();
  }
  values.set('layer', kind);
  const wrapped = resolveArgs(inner.args, positional.slice(1), options.filter((o) => !isOwn(o)), spanning(headRange, kindNode.range), diagnostics);
  for (const [name, value] of wrapped.values) values.set(name, value);
  for (const [name, range] of wrapped.ranges) ranges.set(name, range);
  return { args: argsView(values), values, ranges, complete: own.complete && wrapped.complete };
}
