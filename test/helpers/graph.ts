// Compile model source text into its graph for engine tests, failing loudly with the
// diagnostics when the text does not check: a test's model must be a valid one.

import { analyze } from '../../src/core/lang/checker';
import { compile, ModelGraph } from '../../src/core/model/graph';

export function graphsOf(text: string): ModelGraph[] {
  const analysis = analyze(text);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`model does not check:\n${errors.map((d) => `  line ${d.range.start.line + 1}: ${d.code} ${JSON.stringify(d.message)}`).join('\n')}`);
  return compile(analysis).graphs;
}

export function graphOf(text: string): ModelGraph {
  const [graph] = graphsOf(text);
  if (!graph) throw new Error('no model compiled');
  return graph;
}
