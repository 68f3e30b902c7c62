// Activation: wiring only. Each feature lives in its own module over the core.

import * as vscode from 'vscode';
import { LanguageService } from '../core/lang/languageService';
import { registerDebugging } from './debugging';
import { DiagnosticsController, QuickFixProvider } from './diagnostics';
import { Documents, SELECTOR } from './documents';
import { registerLanguageFeatures } from './languageFeatures';
import { PanelCommand } from '../core/protocol/panel';
import { LiveValues } from './panel/liveValues';
import { TrainingController } from './panel/trainingController';
import { displayLocale, localize } from './localization';
import { registerCourseSamples } from './courseSamples';
import { SUMMARY_SCHEME, SummaryDocuments, showSummary } from './summaryCommand';
import { ExportOptions, exportModelCommand, importModelCommand } from './interopCommands';

/** What the extension gives other extensions and its integration tests. */
export interface NetLensApi {
  readonly onDidReceivePanelMessage: TrainingController['onDidReceivePanelMessage'];
}

export function activate(context: vscode.ExtensionContext): NetLensApi {
  const documents = new Documents(new LanguageService({ localize, locale: displayLocale() }));
  const summaries = new SummaryDocuments(documents);
  const log = vscode.window.createOutputChannel('NetLens', { log: true });
  const live = new LiveValues();
  const training = new TrainingController(context.extensionUri, documents, live, log);
  context.subscriptions.push(
    log,
    live,
    training,
    ...PANEL_COMMANDS.map((command) => vscode.commands.registerCommand(`netlens.${command}`, (uri?: vscode.Uri) => training.run(command, uri instanceof vscode.Uri ? uri : undefined))),
    new DiagnosticsController(documents),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new QuickFixProvider(documents), { providedCodeActionKinds: QuickFixProvider.kinds }),
    ...registerLanguageFeatures(documents, live),
    ...registerDebugging(context, documents),
    ...registerCourseSamples(context),
    summaries,
    vscode.workspace.registerTextDocumentContentProvider(SUMMARY_SCHEME, summaries),
    vscode.commands.registerCommand('netlens.importModel', (uri?: vscode.Uri) => importModelCommand(uri instanceof vscode.Uri ? uri : undefined, log)),
    vscode.commands.registerCommand('netlens.exportModel', (uri?: vscode.Uri, options?: ExportOptions) => exportModelCommand(uri instanceof vscode.Uri ? uri : undefined, documents, training, log, options)),
    vscode.commands.registerCommand('netlens.showSummary', (uri?: vscode.Uri, model?: string) => showSummary(uri instanceof vscode.Uri ? uri : undefined, model)),
  );
  return { onDidReceivePanelMessage: training.onDidReceivePanelMessage };
}

const PANEL_COMMANDS: readonly PanelCommand[] = ['train', 'pause', 'step', 'stepForwardLayer', 'stepBackwardLayer', 'resetWeights', 'stop'];

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
