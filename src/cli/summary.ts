// `netlens summary FILE [--model NAME] [--json]`: the Keras-style table of every model of the
// file, or of the one named, or the JSON contract
// {"models": [{"name", "layers": [{"name", "kind", "line", "outputShape", "params", "trainableParams"}], …}]}.

import { LanguageService } from '../core/lang/languageService';
import { basename } from 'node:path';
import { unknownModel } from '../core/model/graph';
import { EXIT_MODEL_ERRORS, EXIT_OK, ModelFile, UsageError } from './io';
import { runCheck } from './check';

export function runSummary(file: ModelFile, service: LanguageService, json: boolean, write: (text: string) => void, model?: string): number {
  const analysis = service.analyze(file.text, file.modelName);
  const unknown = model === undefined ? undefined : unknownModel(analysis, model, basename(file.path));
  if (unknown) throw new UsageError(unknown.template, ...unknown.args);
  const hasErrors = analysis.diagnostics.some((d) => d.severity === 'error');
  if (json) {
    const models = service.summary(analysis).filter((m) => model === undefined || m.name === model).map((m) => ({
      name: m.name,
      layers: m.layers.map(({ name, kind, line, outputShape, params, trainableParams }) => ({ name, kind, line, outputShape, params, trainableParams })),
      totalParams: m.totalParams,
      trainableParams: m.trainableParams,
    }));
    write(JSON.stringify({ file: file.path, models }, null, 2));
    return hasErrors ? EXIT_MODEL_ERRORS : EXIT_OK;
  }
  write(service.summaryTable(analysis, model));
  if (hasErrors) {
    write('');
    runCheck(file, service, false, write);
  }
  return hasErrors ? EXIT_MODEL_ERRORS : EXIT_OK;
}
