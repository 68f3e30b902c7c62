// The extension's translator: vscode.l10n looks templates up in l10n/bundle.l10n.<lang>.json,
// the same bundle the CLI reads, so core messages and hover texts follow VS Code's language.

import * as vscode from 'vscode';
import { Localize, LocaleTag } from '../core/lang/localize';

export const localize: Localize = (template: string, args: readonly (string | number)[]) => vscode.l10n.t(template, ...args);

export function displayLocale(): LocaleTag {
  return vscode.env.language.toLowerCase().startsWith('es') ? 'es' : 'en';
}
