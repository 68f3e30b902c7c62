// The compiled model graph: plain JSON-safe data that an engine can run, produced only from a
// model without errors. It crosses process boundaries (extension host -> webview, debug
// adapter) as is, so it holds no Maps, functions or tfjs objects.

import { Analysis, LayerInfo, ModelInfo, SectionInfo } from '../lang/analysis';
import { Diagnostic } from '../lang/diagnostics';
import { message, Message } from '../lang/localize';
import { Dim } from '../lang/shape';
import { ArgValue, ParamSpec } from '../lang/spec';
import { closest } from '../lang/suggest';

export type Attributes = Readonly<Record<string, ArgValue>>;

export interface GraphInput {
  readonly layer: string;
  readonly port?: string;
}

export interface GraphLayer {
  readonly name: string;
  readonly kind: string;
  /** 0-based lines of the statement in the model file. */
  readonly line: number;
  readonly endLine: number;
  readonly inputs: readonly GraphInput[];
  /** Per-sample output shape (no batch dimension). */
  readonly outputShape: readonly Dim[];
  readonly ports: Readonly<Record<string, readonly Dim[]>>;
  readonly dtype: 'float32' | 'int32';
  readonly params: readonly ParamSpec[];
  readonly attrs: Attributes;
}

export interface SectionConfig {
  readonly name?: string;
  readonly line: number;
  readonly attrs: Attributes;
  /** The arguments written on the line; the other attrs are defaults. */
  readonly written?: readonly string[];
}

export interface TrainingConfig {
  readonly data?: SectionConfig;
  readonly loss?: SectionConfig;
  readonly optimizer?: SectionConfig;
  /** `compare SETTING v1 v2 …`: name is the setting, attrs.values the values as written. */
  readonly compare?: SectionConfig;
  readonly train?: SectionConfig;
  /** `weights "model.json"`: pretrained values a host loads after seeding the parameters. */
  readonly weights?: SectionConfig;
  /** A discriminator's `gan` line: the generator's own graph and the noise size it reads. */
  readonly gan?: GanConfig;
}

export interface GanConfig {
  readonly line: number;
  readonly generator: ModelGraph;
  readonly latent: number;
}

export interface ModelGraph {
  readonly name: string;
  readonly line: number;
  readonly layers: readonly GraphLayer[];
  readonly inputs: readonly string[];
  readonly output: string;
  readonly training: TrainingConfig;
  readonly batch: number | null;
  readonly totalParams: number;
}

export interface CompileResult {
  readonly graphs: ModelGraph[];
  /** Errors that kept a model from compiling, by model name. */
  readonly blocked: ReadonlyMap<string, Diagnostic[]>;
}

export function compile(analysis: Analysis): CompileResult {
  const graphs: ModelGraph[] = [];
  const blocked = new Map<string, Diagnostic[]>();
  for (const model of analysis.models) {
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error' && isInside(d, model));
    if (errors.length || !model.output || model.layers.some((l) => !l.result)) {
      blocked.set(model.name, errors);
      continue;
    }
    graphs.push(compileModel(model));
  }
  return { graphs: withGenerators(analysis, graphs, blocked), blocked };
}

/**
 * The graph a host shows for a file of several models: the one named `name` (the panel keeps its
 * model while the file changes; `netlens --model`, the debugger's `model`), else the model block
 * holding `line` (the editor's cursor) — a GAN's generator is shown through the discriminator
 * that trains it — else the first.
 */
export function pickGraph(analysis: Analysis, graphs: readonly ModelGraph[], at: { line?: number; name?: string } = {}): ModelGraph | undefined {
  const named = at.name === undefined ? undefined : graphOf(graphs, at.name);
  if (named) return named;
  const line = at.line;
  const model = line === undefined ? undefined : analysis.models.find((m) => line >= m.block.range.start.line && line <= m.block.range.end.line);
  const chosen = model && graphOf(graphs, model.name);
  return chosen ?? graphs[0];
}

function graphOf(graphs: readonly ModelGraph[], name: string): ModelGraph | undefined {
  return graphs.find((g) => g.training.gan?.generator.name === name) ?? graphs.find((g) => g.name === name);
}

/**
 * Why `name` picks no model of the file (`fileName`, for the message): it lists the file's models
 * and the closest name. Undefined when the file has a model of that name.
 */
export function unknownModel(analysis: Analysis, name: string, fileName: string): Message | undefined {
  const names = analysis.models.map((m) => m.name);
  if (names.includes(name)) return undefined;
  const list = names.join(', ') || '—';
  const guess = closest(name, names);
  return guess ? message("'{0}' is not a model in {1}. Did you mean '{2}'? Its models: {3}.", name, fileName, guess, list) : message("'{0}' is not a model in {1}. Its models: {2}.", name, fileName, list);
}

/**
 * A discriminator's graph carries its generator's; hosts run the first graph, so a GAN's
 * discriminator comes first. A generator that cannot compile blocks its discriminator too.
 */
function withGenerators(analysis: Analysis, graphs: ModelGraph[], blocked: Map<string, Diagnostic[]>): ModelGraph[] {
  const byName = new Map(graphs.map((g) => [g.name, g]));
  const result: ModelGraph[] = [];
  for (const graph of graphs) {
    const gan = analysis.models.find((m) => m.name === graph.name)?.sections.gan;
    if (!gan) {
      result.push(graph);
      continue;
    }
    const generator = byName.get(String(gan.args.get('generator')));
    if (!generator) {
      blocked.set(graph.name, []);
      continue;
    }
    const input = generator.layers.find((l) => l.name === generator.inputs[0]);
    const latent = (input?.outputShape[0] as number | undefined) ?? 1;
    result.unshift({ ...graph, training: { ...graph.training, gan: { line: gan.statement.range.start.line, generator, latent } } });
  }
  return result;
}

function isInside(d: Diagnostic, model: ModelInfo): boolean {
  const r = model.block.range;
  return d.range.start.line >= r.start.line && d.range.start.line <= r.end.line;
}

function toAttributes(values: ReadonlyMap<string, ArgValue>): Attributes {
  return Object.fromEntries(values);
}

function compileLayer(layer: LayerInfo): GraphLayer {
  const result = layer.result!;
  return {
    name: layer.name,
    kind: layer.kind,
    line: layer.statement.range.start.line,
    endLine: layer.statement.range.end.line,
    inputs: layer.inputs.map((i) => ({ ...i })),
    outputShape: [...result.output],
    ports: Object.fromEntries(Object.entries(result.ports ?? {}).map(([k, v]) => [k, [...v]])),
    dtype: layer.dtype,
    params: result.params.map((p) => ({ ...p, shape: [...p.shape] })),
    attrs: toAttributes(layer.args),
  };
}

function compileSection(section: SectionInfo | undefined): SectionConfig | undefined {
  if (!section) return undefined;
  return { name: section.choice, line: section.statement.range.start.line, attrs: toAttributes(section.args), ...(section.written ? { written: [...section.written] } : {}) };
}

function compileModel(model: ModelInfo): ModelGraph {
  const layers = model.layers.map(compileLayer);
  return {
    name: model.name,
    line: (model.block.header ?? model.block.statements[0]).range.start.line,
    layers,
    inputs: layers.filter((l) => l.inputs.length === 0 && l.kind === 'input').map((l) => l.name),
    output: model.output!.name,
    training: {
      data: compileSection(model.sections.data),
      loss: compileSection(model.sections.loss),
      optimizer: compileSection(model.sections.optimizer),
      compare: compileSection(model.sections.compare),
      train: compileSection(model.sections.train),
      weights: compileSection(model.sections.weights),
    },
    batch: model.batch,
    totalParams: model.totalParams,
  };
}
