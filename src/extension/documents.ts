// One analysis per document version, shared by every provider through the language service's
// cache; the default model name is the file's name.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { Analysis } from '../core/lang/analysis';
import { LanguageService } from '../core/lang/languageService';

export const LANGUAGE_ID = 'netlens';
export const SELECTOR: vscode.DocumentSelector = { language: LANGUAGE_ID };

export class Documents {
  constructor(readonly service: LanguageService) {}

  analysis(document: vscode.TextDocument): Analysis {
    return this.service.analyze(document.getText(), modelName(document));
  }
}

export function modelName(document: vscode.TextDocument): string {
  return path.basename(document.uri.path, path.extname(document.uri.path)) || 'model';
}

/**
 * The model file a command acts on: the active editor's, else a visible one's, so that the
 * walkthrough's buttons (the walkthrough page is then the active editor) reach the sample.
 */
export function activeModelDocument(): vscode.TextDocument | undefined {
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === LANGUAGE_ID) return active;
  return vscode.window.visibleTextEditors.find((e) => e.document.languageId === LANGUAGE_ID)?.document ?? active;
}
