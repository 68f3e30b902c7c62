// "NetLens: Show Model Summary": the Keras-style table of the active model file, in a
// read-only document beside the editor that follows the file as it changes.

import * as vscode from 'vscode';
import { Documents, LANGUAGE_ID, activeModelDocument } from './documents';

export const SUMMARY_SCHEME = 'netlens-summary';

export class SummaryDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly open = new Map<string, vscode.Uri>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly documents: Documents) {
    this.subscription = vscode.workspace.onDidChangeTextDocument((e) => {
      const summary = this.open.get(e.document.uri.toString());
      if (summary) this.changed.fire(summary);
    });
  }

  static uriFor(source: vscode.Uri, model?: string): vscode.Uri {
    const name = source.path.split('/').pop() ?? 'model.nn';
    return vscode.Uri.from({ scheme: SUMMARY_SCHEME, path: `/${name}.summary`, query: JSON.stringify({ source: source.toString(), model }) });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const { source, model } = JSON.parse(uri.query) as { source: string; model?: string };
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === source);
    if (!document) return vscode.l10n.t('The model file is closed.');
    this.open.set(source, uri);
    return this.documents.service.summaryTable(this.documents.analysis(document), model);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Opens the summary beside the editor and returns its text (the tests read it). */
export async function showSummary(uri?: vscode.Uri, model?: string): Promise<string | undefined> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : activeModelDocument();
  if (!document || document.languageId !== LANGUAGE_ID) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a .nn model file to see its summary.'));
    return undefined;
  }
  const summaryUri = SummaryDocuments.uriFor(document.uri, typeof model === 'string' ? model : undefined);
  const summary = await vscode.workspace.openTextDocument(summaryUri);
  await vscode.window.showTextDocument(summary, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  return summary.getText();
}
