// `netlens summary FILE [--json]`: the Keras-style table, or the JSON contract
// {"models": [{"name", "layers": [{"name", "kind", "line", "outputShape", "params", "trainableParams"}], …}]}.

import { LanguageService } from '../core/lang/languageService';
import { EXIT_MODEL_ERRORS, EXIT_OK, ModelFile } from './io';
import { runCheck } from './check';

export function runSummary(file: ModelFile, service: LanguageService, json: boolean, write: (text: string) => void): number {
  const analysis = service.analyze(file.text, file.modelName);
  const hasErrors = analysis.diagnostics.some((d) => d.severity === 'error');
  if (json) {
    const models = service.summary(analysis).map((m) => ({
      name: m.name,
      layers: m.layers.map(({ name, kind, line, outputShape, params, trainableParams }) => ({ name, kind, line, outputShape, params, trainableParams })),
      totalParams: m.totalParams,
      trainableParams: m.trainableParams,
    }));
    write(JSON.stringify({ file: file.path, models }, null, 2));
    return hasErrors ? EXIT_MODEL_ERRORS : EXIT_OK;
  }
  write(service.summaryTable(analysis));
  if (hasErrors) {
    write('');
    runCheck(file, service, false, write);
  }
  return hasErrors ? EXIT_MODEL_ERRORS : EXIT_OK;
}
