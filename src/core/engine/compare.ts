// `compare SETTING v1 v2 …` as runs: one model graph per value, differing only in the optimizer
// line. Every run is set up from the same graph, data and seed, so all start from the same
// initial weights and see the same batches; only the compared setting differs.

import { OPTIMIZERS, sectionSpec } from '../lang/sections';
import { Attributes, ModelGraph, SectionConfig } from '../model/graph';

export interface RunVariant {
  /** How the run is named in tables and legends: `adam`, `clip_norm=none`. */
  readonly label: string;
  readonly graph: ModelGraph;
}

/** The runs a model asks for: one per compared value, or the model itself when it compares nothing. */
export function runVariants(graph: ModelGraph): RunVariant[] {
  const compare = graph.training.compare;
  const values = compare?.attrs.values;
  if (!compare?.name || !Array.isArray(values) || values.length === 0) return [{ label: graph.name, graph }];
  return (values as readonly unknown[]).map(String).map((value) => ({
    label: compare.name === 'optimizer' || compare.name === 'penalty' ? value : `${compare.name}=${value}`,
    graph: compare.name === 'penalty' ? { ...graph, training: { ...graph.training, loss: variedPenalty(graph.training.loss, value) } } : { ...graph, training: { ...graph.training, optimizer: variedOptimizer(graph.training.optimizer, compare.name!, value) } },
  }));
}

/** The loss line with only the compared penalty (`none`, `l1=0.01`, `l2=0.1`). */
function variedPenalty(base: SectionConfig | undefined, value: string): SectionConfig | undefined {
  if (!base) return base;
  const attrs: Record<string, Attributes[string]> = { ...base.attrs, l1: 0, l2: 0 };
  const [key, amount] = value.split('=');
  if (amount !== undefined) attrs[key] = Number(amount);
  return { ...base, attrs, written: [...(base.written ?? []).filter((k) => k !== 'l1' && k !== 'l2'), ...(amount === undefined ? [] : [key])] };
}

function variedOptimizer(base: SectionConfig | undefined, setting: string, value: string): SectionConfig {
  const line = base?.line ?? 0;
  const attrs: Record<string, Attributes[string]> = { ...(base?.attrs ?? {}) };
  if (setting === 'optimizer') {
    // Keep the arguments written on the optimizer line that the new optimizer accepts (lr,
    // clipping…); everything else takes the new optimizer's own defaults.
    const accepted = new Set([...(OPTIMIZERS.find((o) => o.name === value)?.args ?? []), ...(sectionSpec('optimizer')?.args ?? [])].map((a) => a.name));
    const written = new Set(base?.written ?? []);
    for (const key of Object.keys(attrs)) if (!accepted.has(key) || !written.has(key)) delete attrs[key];
    return { name: value, line, attrs, written: Object.keys(attrs) };
  }
  if (value === 'none') delete attrs[setting];
  else attrs[setting] = Number(value);
  return { name: base?.name ?? 'sgd', line, attrs, written: [...(base?.written ?? []).filter((k) => k !== setting), ...(value === 'none' ? [] : [setting])] };
}
