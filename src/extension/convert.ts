// Core data -> VS Code types. The core speaks LSP's 0-based positions, so these are one-liners.

import * as vscode from 'vscode';
import { Diagnostic as CoreDiagnostic, TextEdit as CoreTextEdit } from '../core/lang/diagnostics';
import { Localize, render } from '../core/lang/localize';
import { Position, Range } from '../core/lang/text';

export function toPosition(p: Position): vscode.Position {
  return new vscode.Position(p.line, p.character);
}

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function fromPosition(p: vscode.Position): Position {
  return { line: p.line, character: p.character };
}

export function fromRange(r: vscode.Range): Range {
  return { start: fromPosition(r.start), end: fromPosition(r.end) };
}

const severities = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
} as const;

export function toDiagnostic(d: CoreDiagnostic, localize: Localize): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(d.range), render(localize, d.message), severities[d.severity]);
  diagnostic.code = d.code;
  diagnostic.source = 'netlens';
  return diagnostic;
}

export function toWorkspaceEdit(uri: vscode.Uri, edits: readonly CoreTextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(uri, toRange(e.range), e.newText);
  return edit;
}
