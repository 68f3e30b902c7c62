// The page's translator: the host sends vscode.l10n's loaded bundle in the snapshot, and
// @vscode/l10n looks the same English templates up here.

import * as l10n from '@vscode/l10n';

export function configureL10n(bundle: Readonly<Record<string, string>> | undefined): void {
  l10n.config({ contents: (bundle ?? {}) as Record<string, string> });
}

export function t(template: string, ...args: (string | number)[]): string {
  return l10n.t(template, ...args);
}
