// The checker: syntax tree -> analysis. Resolves names and inputs, fills in arguments, infers
// every layer's shape and parameter count through its kind's shape rule, and checks the
// training section against the model. One problem never stops the rest of the file.

import { Analysis, InputRef, LayerInfo, ModelInfo, NameUse } from './analysis';
import { resolveArgs } from './args';
import { resolveWrapper, wrapperName } from './checkWrapper';
import { checkSections, checkTrainingAgainstModel } from './checkSections';
import { Diagnostic, DiagnosticCodes } from './diagnostics';
import { LAYER_KINDS, layerSpec, statementArgs } from './layers/catalog';
import { message } from './localize';
import { parse } from './parser';
import { SECTIONS, sectionSpec } from './sections';
import { ArgSpec, InferResult, InputInfo, LayerKindSpec, LayerShape, RuleError } from './spec';
import { closest } from './suggest';
import { ModelBlock, Statement, ValueNode } from './syntaxTree';
import { Range, spanning } from './text';

const RESERVED = new Set(['from', 'model', 'true', 'false', 'None']);
const ALL_KEYWORDS = [...LAYER_KINDS.map((s) => s.kind), ...SECTIONS.map((s) => s.keyword), 'model'];

export function analyze(text: string, defaultModelName = 'model'): Analysis {
  const { tree, diagnostics } = parse(text);
  const nameUses: NameUse[] = [];
  const layerByLine = new Map<number, LayerInfo>();
  const models: ModelInfo[] = [];
  const modelNames = new Set<string>();
  for (const block of tree.models) {
    const model = checkModel(block, block.name?.text ?? defaultModelName, diagnostics, nameUses);
    if (block.name) {
      if (modelNames.has(block.name.text)) {
        diagnostics.push({ severity: 'error', code: DiagnosticCodes.duplicateModel, range: block.name.range, message: message("There is already a model named '{0}' in this file.", block.name.text) });
      }
      modelNames.add(block.name.text);
    } else if (block.header) {
      diagnostics.push({ severity: 'error', code: DiagnosticCodes.missingArgument, range: block.header.head.range, message: message("Name the model: 'model NAME'.") });
    }
    models.push(model);
    for (const layer of model.layers) layerByLine.set(layer.statement.range.start.line, layer);
  }
  return { tree, diagnostics, models, nameUses, layerByLine };
}

function countErrors(diagnostics: readonly Diagnostic[]): number {
  let count = 0;
  for (const d of diagnostics) if (d.severity === 'error') count++;
  return count;
}

function checkModel(block: ModelBlock, name: string, diagnostics: Diagnostic[], nameUses: NameUse[]): ModelInfo {
  const errorsAtStart = countErrors(diagnostics);
  const layers: LayerInfo[] = [];
  const byName = new Map<string, LayerInfo>();
  const laterNames = new Set<string>();
  const sectionStatements: Statement[] = [];
  const kindCounts = new Map<string, number>();
  for (const statement of block.statements) {
    const spec = layerSpec(statement.head.text);
    if (spec) {
      const explicit = explicitName(spec, statement.positional);
      if (explicit) laterNames.add(explicit.value);
    }
  }
  for (const statement of block.statements) {
    const head = statement.head.text;
    if (sectionSpec(head)) {
      sectionStatements.push(statement);
      continue;
    }
    const spec = layerSpec(head);
    if (!spec) {
      reportUnknownKind(statement, diagnostics);
      continue;
    }
    const layer = checkLayer(spec, statement, name, layers, byName, laterNames, kindCounts, diagnostics, nameUses);
    if (byName.has(layer.name)) {
      diagnostics.push({ severity: 'error', code: DiagnosticCodes.duplicateName, range: layer.nameRange ?? statement.head.range, message: message("The name '{0}' is already used on line {1}: give this layer another name.", layer.name, byName.get(layer.name)!.statement.range.start.line + 1) });
    } else {
      byName.set(layer.name, layer);
    }
    layers.push(layer);
  }
  // A broken line makes the layers it names look unused: only a model without errors gets this warning.
  if (countErrors(diagnostics) === errorsAtStart) reportUnused(layers, diagnostics);
  const sections = checkSections(sectionStatements, diagnostics);
  if (layers.length === 0 && block.header) {
    diagnostics.push({ severity: 'warning', code: DiagnosticCodes.emptyModel, range: block.header.range, message: message("The model '{0}' has no layers yet: start with 'input x [2]'.", name) });
  }
  const batchValue = sections.train?.args.get('batch');
  const batch = sections.train && typeof batchValue === 'number' ? batchValue : null;
  const model: ModelInfo = {
    name,
    nameRange: block.name?.range,
    block,
    layers,
    byName,
    sections,
    batch,
    totalParams: layers.reduce((sum, l) => sum + l.paramCount, 0),
    trainableParams: layers.reduce((sum, l) => sum + l.trainableCount, 0),
    output: layers[layers.length - 1],
  };
  checkTrainingAgainstModel(model, diagnostics);
  return model;
}

/** A layer's own name: the first positional word, unless that word is the kind's first argument. */
function explicitName(spec: LayerKindSpec, positional: readonly ValueNode[]): { value: string; range: Range } | undefined {
  if (spec.wraps) return wrapperName(positional);
  const first = positional[0];
  if (!first || first.type !== 'word') return undefined;
  const firstSpec = spec.args.find((a) => a.positional);
  if (firstSpec && firstSpec.type.kind === 'choice') {
    const isChoice = firstSpec.type.choices.includes(first.value);
    const nextIsWord = positional[1]?.type === 'word';
    if (isChoice && !nextIsWord) return undefined;
    if (!isChoice && firstSpec.required && !nextIsWord) return undefined;
  }
  if (firstSpec && firstSpec.type.kind === 'shape' && first.value === 'None') return undefined;
  return { value: first.value, range: first.range };
}

function checkLayer(
  spec: LayerKindSpec,
  statement: Statement,
  model: string,
  above: readonly LayerInfo[],
  byName: ReadonlyMap<string, LayerInfo>,
  laterNames: ReadonlySet<string>,
  kindCounts: Map<string, number>,
  diagnostics: Diagnostic[],
  nameUses: NameUse[],
): LayerInfo {
  const explicit = explicitName(spec, statement.positional);
  const count = (kindCounts.get(spec.kind) ?? 0) + 1;
  kindCounts.set(spec.kind, count);
  const name = explicit?.value ?? `${spec.kind}_${count}`;
  if (explicit) {
    nameUses.push({ model, name, range: explicit.range, isDefinition: true });
    if (RESERVED.has(name)) {
      diagnostics.push({ severity: 'error', code: DiagnosticCodes.reservedName, range: explicit.range, message: message("'{0}' is a reserved word and cannot name a layer.", name) });
    }
  }
  const positional = explicit ? statement.positional.slice(1) : statement.positional;
  const headRange = explicit ? spanning(statement.head.range, explicit.range) : statement.head.range;
  const resolved = spec.wraps
    ? resolveWrapper(spec, positional, statement.options, headRange, diagnostics)
    : resolveArgs(spec.args, positional, statement.options, headRange, diagnostics);

  const { inputs, complete: inputsKnown } = resolveInputs(spec, statement, model, above, byName, laterNames, diagnostics, nameUses);
  let result: LayerShape | undefined;
  if (resolved.complete && inputsKnown) {
    const infos: InputInfo[] = inputs.map((ref) => inputInfo(ref, byName));
    try {
      const inferred: InferResult = spec.infer({ inputs: infos, args: resolved.args });
      result = { output: inferred.output, dtype: inferred.dtype, ports: inferred.ports, params: inferred.params };
      checkLiterals(statementArgs(spec, resolved.args.string('layer')), result, resolved.args, resolved.ranges, diagnostics);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      const at = error.argument !== undefined ? resolved.ranges.get(error.argument) : error.inputIndex !== undefined ? statement.from?.refs[error.inputIndex]?.range : undefined;
      diagnostics.push({ severity: 'error', code: error.code, range: at ?? statement.range, message: error.detail });
      result = undefined;
    }
  }
  const paramCount = result ? result.params.reduce((sum, p) => sum + p.shape.reduce((a, b) => a * b, 1), 0) : 0;
  const trainableCount = result ? result.params.filter((p) => p.trainable).reduce((sum, p) => sum + p.shape.reduce((a, b) => a * b, 1), 0) : 0;
  return {
    model,
    name,
    kind: spec.kind,
    spec,
    statement,
    nameRange: explicit?.range,
    inputs,
    args: resolved.values,
    argRanges: resolved.ranges,
    result,
    dtype: result?.dtype ?? (spec.kind === 'input' && resolved.values.get('dtype') === 'int32' ? 'int32' : 'float32'),
    paramCount,
    trainableCount,
  };
}

export function inputInfo(ref: InputRef, byName: ReadonlyMap<string, LayerInfo>): InputInfo {
  const layer = byName.get(ref.layer)!;
  const shape = ref.port ? layer.result!.ports![ref.port] : layer.result!.output;
  const displayName = ref.port ? `${ref.layer}.${ref.port}` : ref.layer;
  return { name: displayName, shape, dtype: ref.port ? 'float32' : layer.dtype };
}

function resolveInputs(
  spec: LayerKindSpec,
  statement: Statement,
  model: string,
  above: readonly LayerInfo[],
  byName: ReadonlyMap<string, LayerInfo>,
  laterNames: ReadonlySet<string>,
  diagnostics: Diagnostic[],
  nameUses: NameUse[],
): { inputs: InputRef[]; complete: boolean } {
  const inputs: InputRef[] = [];
  let complete = true;
  if (statement.from) {
    for (const ref of statement.from.refs) {
      nameUses.push({ model, name: ref.name.text, range: ref.name.range, isDefinition: false });
      const target = byName.get(ref.name.text);
      if (!target) {
        complete = false;
        if (laterNames.has(ref.name.text)) {
          diagnostics.push({ severity: 'error', code: DiagnosticCodes.forwardReference, range: ref.name.range, message: message("'{0}' is defined below this line: a layer can only take inputs from layers above it.", ref.name.text) });
        } else {
          const guess = closest(ref.name.text, byName.keys());
          diagnostics.push({
            severity: 'error',
            code: DiagnosticCodes.unknownReference,
            range: ref.name.range,
            message: guess ? message("No layer named '{0}' above. Did you mean '{1}'?", ref.name.text, guess) : message("No layer named '{0}' above.", ref.name.text),
            ...(guess ? { fixes: [{ title: message("Change to '{0}'", guess), edits: [{ range: ref.name.range, newText: guess }] }] } : {}),
          });
        }
        continue;
      }
      if (ref.port) {
        const ports = target.result?.ports ?? {};
        if (!(ref.port.text in ports)) {
          complete = false;
          const available = Object.keys(ports);
          diagnostics.push({
            severity: 'error',
            code: DiagnosticCodes.unknownPort,
            range: ref.port.range,
            message: available.length
              ? message("'{0}' has no output '{1}'. It has: {2}.", target.name, ref.port.text, available.join(', '))
              : target.spec.ports?.length
                ? message("'{0}' exposes '{1}' only with return_state=true.", target.name, ref.port.text)
                : message("'{0}' has a single output: write 'from {0}'.", target.name),
          });
          continue;
        }
      }
      if (!target.result) complete = false;
      inputs.push({ layer: target.name, ...(ref.port ? { port: ref.port.text } : {}) });
    }
  } else if (spec.inputs.min > 0) {
    const previous = above[above.length - 1];
    if (!previous) {
      diagnostics.push({ severity: 'error', code: DiagnosticCodes.noInput, range: statement.head.range, message: message("'{0}' has no input: put an 'input' line above it, for example 'input x [2]'.", spec.kind) });
      return { inputs, complete: false };
    }
    if (!previous.result) complete = false;
    inputs.push({ layer: previous.name });
  }
  const given = statement.from ? statement.from.refs.length : inputs.length;
  if (given < spec.inputs.min || given > spec.inputs.max) {
    complete = false;
    const at = statement.from ? { start: statement.from.keyword.start, end: statement.range.end } : statement.head.range;
    diagnostics.push({
      severity: 'error',
      code: DiagnosticCodes.inputCount,
      range: at,
      message:
        spec.inputs.max === 0
          ? message("'{0}' takes no inputs: remove 'from …'.", spec.kind)
          : spec.inputs.min === spec.inputs.max
            ? message("'{0}' takes {1} input(s), but {2} are given: write 'from a, b'.", spec.kind, spec.inputs.min, given)
            : message("'{0}' takes {1} to {2} inputs, but {3} are given: write 'from a, b'.", spec.kind, spec.inputs.min, spec.inputs.max, given),
    });
  }
  return { inputs, complete };
}

/** Literal weights must match the parameter's shape, up to dimensions of size 1. */
function checkLiterals(specs: readonly ArgSpec[], result: LayerShape, args: { tensor(name: string): { shape: readonly number[] } | undefined }, ranges: ReadonlyMap<string, Range>, diagnostics: Diagnostic[]): void {
  const pairs: [string, string][] = [['weights', 'kernel'], ['bias', 'bias']];
  for (const [arg, paramName] of pairs) {
    const literal = specs.some((a) => a.name === arg) ? args.tensor(arg) : undefined;
    if (!literal) continue;
    const target = result.params.find((p) => p.name === paramName);
    const squeeze = (s: readonly number[]) => s.filter((d) => d !== 1).join('×');
    if (!target) {
      diagnostics.push({ severity: 'error', code: DiagnosticCodes.literalShape, range: ranges.get(arg)!, message: message("This layer has no {0} (use_bias=false?).", paramName) });
    } else if (squeeze(literal.shape) !== squeeze(target.shape)) {
      diagnostics.push({ severity: 'error', code: DiagnosticCodes.literalShape, range: ranges.get(arg)!, message: message("The literal {0} has shape [{1}], but this layer's {2} has shape [{3}].", arg, literal.shape.join(', '), paramName, target.shape.join(', ')) });
    }
  }
}

function reportUnknownKind(statement: Statement, diagnostics: Diagnostic[]): void {
  const head = statement.head;
  const guess = closest(head.text, ALL_KEYWORDS);
  diagnostics.push({
    severity: 'error',
    code: DiagnosticCodes.unknownKind,
    range: head.range,
    message: guess ? message("Unknown layer kind '{0}'. Did you mean '{1}'?", head.text, guess) : message("Unknown layer kind '{0}'. See the README's layer reference for the kinds NetLens knows.", head.text),
    ...(guess ? { fixes: [{ title: message("Change to '{0}'", guess), edits: [{ range: head.range, newText: guess }] }] } : {}),
  });
}

function reportUnused(layers: readonly LayerInfo[], diagnostics: Diagnostic[]): void {
  const used = new Set<string>();
  for (const layer of layers) for (const input of layer.inputs) used.add(input.layer);
  const last = layers[layers.length - 1];
  for (const layer of layers) {
    if (layer === last || used.has(layer.name)) continue;
    diagnostics.push({
      severity: 'warning',
      code: DiagnosticCodes.unusedLayer,
      range: layer.nameRange ?? layer.statement.head.range,
      message: message("No layer below uses '{0}', so it does not reach the output '{1}'.", layer.name, last.name),
    });
  }
}
