// The page's translator: the host sends vscode.l10n's loaded bundle in the snapshot, and
// @vscode/l10n looks the same English templates up here.

import * as l10n from '@vscode/l10n';

export function configureL10n(bundle: Readonly<Record<string, string>> | undefined): void {
  l10n.config({ contents: (bundle ?? {}) as Record<string, string> });
}

export function t(template: string, ...args: (string | number)[]): string {
  return l10n.t(template, ...args);
}

/** The detail of an error nobody foresaw: often tfjs' or the browser's own English, quoted as is. */
export function errorDetail(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An unforeseen failure on the page, said in the user's language with what to do next. */
export function unexpectedError(error: unknown): string {
  return t('The NetLens panel hit an unexpected error: {0}. Press Reset and try again; if it happens again, close and reopen the panel, or set netlens.backend to cpu.', errorDetail(error));
}
