// Activation: wiring only. Each feature lives in its own module over the core.

import * as vscode from 'vscode';
import { LanguageService } from '../core/lang/languageService';
import { registerDebugging } from './debugging';
import { DiagnosticsController, QuickFixProvider } from './diagnostics';
import { Documents, SELECTOR } from './documents';
import { registerLanguageFeatures } from './languageFeatures';
import { displayLocale, localize } from './localization';
import { SUMMARY_SCHEME, SummaryDocuments, showSummary } from './summaryCommand';

export function activate(context: vscode.ExtensionContext): void {
  const documents = new Documents(new LanguageService({ localize, locale: displayLocale() }));
  const summaries = new SummaryDocuments(documents);
  context.subscriptions.push(
    new DiagnosticsController(documents),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new QuickFixProvider(documents), { providedCodeActionKinds: QuickFixProvider.kinds }),
    ...registerLanguageFeatures(documents),
    ...registerDebugging(context),
    summaries,
    vscode.workspace.registerTextDocumentContentProvider(SUMMARY_SCHEME, summaries),
    vscode.commands.registerCommand('netlens.showSummary', (uri?: vscode.Uri, model?: string) => showSummary(uri instanceof vscode.Uri ? uri : undefined, model)),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
