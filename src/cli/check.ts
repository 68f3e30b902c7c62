// `netlens check FILE [--json]`: the diagnostics of a model file, as a compiler prints them
// (1-based lines) or as JSON in LSP's 0-based form for teachers' scripts and CI.

import { LanguageService } from '../core/lang/languageService';
import { render } from '../core/lang/localize';
import { Diagnostic } from '../core/lang/diagnostics';
import { EXIT_MODEL_ERRORS, EXIT_OK, ModelFile } from './io';

export interface CheckJson {
  readonly file: string;
  readonly diagnostics: {
    severity: Diagnostic['severity'];
    code: string;
    message: string;
    range: Diagnostic['range'];
  }[];
}

export function checkJson(file: ModelFile, service: LanguageService): CheckJson {
  const analysis = service.analyze(file.text, file.modelName);
  return {
    file: file.path,
    diagnostics: sortDiagnostics(analysis.diagnostics).map((d) => ({
      severity: d.severity,
      code: d.code,
      message: render(service.localize, d.message),
      range: d.range,
    })),
  };
}

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

export function runCheck(file: ModelFile, service: LanguageService, json: boolean, write: (text: string) => void): number {
  const result = checkJson(file, service);
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  if (json) {
    write(JSON.stringify(result, null, 2));
    return errors ? EXIT_MODEL_ERRORS : EXIT_OK;
  }
  const lines = file.text.split(/\r?\n/);
  for (const d of result.diagnostics) {
    const { start, end } = d.range;
    write(`${file.path}:${start.line + 1}:${start.character + 1}: ${service.localize(d.severity, [])} ${d.code}: ${d.message}`);
    const source = lines[start.line] ?? '';
    const width = Math.max(1, (end.line === start.line ? end.character : source.length) - start.character);
    write(`  ${source}`);
    write(`  ${' '.repeat(start.character)}${'^'.repeat(width)}`);
  }
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
  write(service.localize('{0} error(s), {1} warning(s)', [errors, warnings]));
  return errors ? EXIT_MODEL_ERRORS : EXIT_OK;
}
