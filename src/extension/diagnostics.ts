// Problems: every open model file is checked on open and shortly after each edit; each
// diagnostic's fixes (did-you-mean, add a missing argument) become quick fixes.

import * as vscode from 'vscode';
import { render } from '../core/lang/localize';
import { toDiagnostic, toRange, toWorkspaceEdit } from './convert';
import { Documents, LANGUAGE_ID } from './documents';

const DEBOUNCE_MS = 150;

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('netlens');
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly documents: Documents) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)),
    );
    for (const document of vscode.workspace.textDocuments) this.refresh(document);
  }

  refresh(document: vscode.TextDocument): void {
    if (document.languageId !== LANGUAGE_ID) return;
    const analysis = this.documents.analysis(document);
    const localize = this.documents.service.localize;
    this.collection.set(document.uri, analysis.diagnostics.map((d) => toDiagnostic(d, localize)));
  }

  private schedule(document: vscode.TextDocument): void {
    if (document.languageId !== LANGUAGE_ID) return;
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      this.refresh(document);
    }, DEBOUNCE_MS));
  }

  private forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    this.collection.delete(document.uri);
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.subscriptions.forEach((s) => s.dispose());
    this.collection.dispose();
  }
}

export class QuickFixProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly documents: Documents) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range): vscode.CodeAction[] {
    const analysis = this.documents.analysis(document);
    const localize = this.documents.service.localize;
    const actions: vscode.CodeAction[] = [];
    for (const d of analysis.diagnostics) {
      if (!d.fixes?.length || !toRange(d.range).intersection(range)) continue;
      for (const fix of d.fixes) {
        if (!fix.edits.length) continue;
        const action = new vscode.CodeAction(render(localize, fix.title), vscode.CodeActionKind.QuickFix);
        action.edit = toWorkspaceEdit(document.uri, fix.edits);
        action.diagnostics = [toDiagnostic(d, localize)];
        action.isPreferred = d.fixes.length === 1;
        actions.push(action);
      }
    }
    return actions;
  }
}
