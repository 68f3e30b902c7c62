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
