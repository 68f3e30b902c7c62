// Training from the command palette: opens (or reuses) the panel for the active model file,
// forwards Train, Pause, Step, Step Forward/Backward One Layer, Reset Weights and Stop to it,
// shows the backend in the status bar, progress with Cancel in a notification, and feeds the
// editor's live values. The engine itself runs in the panel.

import * as vscode from 'vscode';
import { compile, pickGraph } from '../../core/model/graph';
import { PageToHost, PanelCommand } from '../../core/protocol/panel';
import { Documents, LANGUAGE_ID, activeModelDocument } from '../documents';
import { LiveValues } from './liveValues';
import { NetLensPanel } from './panelHost';

interface Progress {
  report(value: { message?: string; increment?: number }): void;
  finish(): void;
  lastFraction: number;
}

export class TrainingController implements vscode.Disposable {
  private readonly panels = new Map<string, NetLensPanel>();
  private readonly statusBar = vscode.window.createStatusBarItem('netlens.backend', vscode.StatusBarAlignment.Right, 100);
  private readonly progress = new Map<NetLensPanel, Progress>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly received = new vscode.EventEmitter<{ readonly document: vscode.Uri; readonly message: PageToHost }>();
  /** Every message a panel posts, with its model file: the extension's API for tests and tools. */
  readonly onDidReceivePanelMessage = this.received.event;
  /** The line of the stop being stepped through, marked as a debugger marks its current line. */
  private readonly stopLine = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('editor.stackFrameHighlightBackground'),
    overviewRulerColor: new vscode.ThemeColor('editor.stackFrameHighlightBackground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
  });

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly documents: Documents,
    readonly live: LiveValues,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.statusBar.name = vscode.l10n.t('NetLens backend');
    this.statusBar.command = 'netlens.train';
    this.subscriptions.push(
      vscode.workspace.onDidSaveTextDocument((document) => this.refresh(document)),
      vscode.window.onDidChangeTextEditorSelection((event) => this.followCursor(event)),
    );
  }

  /** Runs a panel command on the active model file, opening its panel first. */
  async run(command: PanelCommand, uri?: vscode.Uri): Promise<boolean> {
    const document = uri ? await vscode.workspace.openTextDocument(uri) : activeModelDocument();
    if (!document || document.languageId !== LANGUAGE_ID) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a .nn model file to train it.'));
      return false;
    }
    // In a file of several models, the one under the cursor.
    const editor = vscode.window.activeTextEditor;
    const line = editor?.document === document ? editor.selection.active.line : undefined;
    const panel = this.panelFor(document, line);
    if (!panel) return false;
    panel.reveal();
    const graph = panel.model;
    if (!graph.training.data || !graph.training.loss) {
      // The panel still opens: it draws the model on a random input.
      void vscode.window.showWarningMessage(vscode.l10n.t("This model cannot train yet: add a 'data' line and a 'loss' line, for example 'data xor' and 'loss binary_crossentropy'."));
      return true;
    }
    panel.command(command);
    return true;
  }

  /** The open panel of a model file, if any (Export Model asks it for the trained weights). */
  openPanel(uri: vscode.Uri): NetLensPanel | undefined {
    return this.panels.get(uri.toString());
  }

  /** `line`: the cursor's, which picks the model of a file of several (else the panel keeps its own). */
  panelFor(document: vscode.TextDocument, line?: number): NetLensPanel | undefined {
    const key = document.uri.toString();
    const existing = this.panels.get(key);
    const graph = this.compileOrExplain(document, line === undefined ? { name: existing?.modelName } : { line });
    if (!graph) return undefined;
    if (existing) {
      if (existing.modelName !== graph.name || document.isDirty) existing.update(document, graph);
      return existing;
    }
    const panel = new NetLensPanel(this.extensionUri, document, graph, {
      onMessage: (message, source) => this.receive(message, source),
      onDispose: (source) => {
        this.panels.delete(source.documentUri.toString());
        this.progress.get(source)?.finish();
        this.live.clear(source.documentUri);
        if (this.panels.size === 0) this.statusBar.hide();
      },
    });
    this.panels.set(key, panel);
    return panel;
  }

  private compileOrExplain(document: vscode.TextDocument, at: { line?: number; name?: string }) {
    const analysis = this.documents.analysis(document);
    const { graphs, blocked } = compile(analysis);
    const graph = pickGraph(analysis, graphs, at);
    if (graph && !blocked.size) return graph;
    void vscode.window.showErrorMessage(vscode.l10n.t('Fix the problems in {0} before training: see the Problems view.', document.uri.path.split('/').pop() ?? ''));
    void vscode.commands.executeCommand('workbench.actions.view.problems');
    return undefined;
  }

  private refresh(document: vscode.TextDocument): void {
    const panel = this.panels.get(document.uri.toString());
    if (!panel) return;
    const analysis = this.documents.analysis(document);
    const graph = pickGraph(analysis, compile(analysis).graphs, { name: panel.modelName });
    if (graph) panel.update(document, graph);
  }

  private followCursor(event: vscode.TextEditorSelectionChangeEvent): void {
    const panel = this.panels.get(event.textEditor.document.uri.toString());
    if (!panel) return;
    const layer = this.documents.analysis(event.textEditor.document).layerByLine.get(event.selections[0].active.line);
    if (layer) panel.selectLayer(layer.name);
  }

  private receive(message: PageToHost, panel: NetLensPanel): void {
    this.received.fire({ document: panel.documentUri, message });
    switch (message.type) {
      case 'backend':
        this.statusBar.text = `$(pulse) ${message.choice.backend.toUpperCase()}`;
        this.statusBar.tooltip = vscode.l10n.t('NetLens trains on {0}: {1}', message.choice.backend, message.choice.reason);
        this.statusBar.show();
        this.log.info(`backend ${message.choice.backend}: ${message.choice.reason}`);
        break;
      case 'progress':
        this.reportProgress(panel, message);
        break;
      case 'live':
        this.live.update(panel.documentUri, message.layers);
        break;
      case 'revealLine':
        void this.revealLine(panel.documentUri, message.line);
        break;
      case 'stop':
        this.markStop(panel.documentUri, message.line, message.phase);
        break;
      case 'reset':
        this.live.clear(panel.documentUri);
        this.markStop(panel.documentUri, undefined, undefined);
        break;
      case 'finished':
        this.progress.get(panel)?.finish();
        this.markStop(panel.documentUri, undefined, undefined);
        if (message.reason === 'error' && message.message) void vscode.window.showErrorMessage(message.message);
        break;
      case 'error':
        this.log.error(message.message);
        void vscode.window.showErrorMessage(message.message);
        break;
      case 'request':
        void this.answer(panel, message);
        break;
    }
  }

  private reportProgress(panel: NetLensPanel, message: Extract<PageToHost, { type: 'progress' }>): void {
    let progress = this.progress.get(panel);
    if (!progress && message.running) progress = this.startProgress(panel);
    if (!progress) return;
    const fraction = message.epochs ? message.epoch / message.epochs : 0;
    progress.report({
      message: vscode.l10n.t('epoch {0}/{1} · loss {2}', message.epoch, message.epochs, formatLoss(message.loss)),
      increment: Math.max(0, (fraction - progress.lastFraction) * 100),
    });
    progress.lastFraction = fraction;
    if (!message.running) progress.finish();
  }

  private startProgress(panel: NetLensPanel): Progress {
    let finish = () => {};
    const done = new Promise<void>((resolve) => (finish = resolve));
    const state: Progress = { report: () => {}, finish: () => finish(), lastFraction: 0 };
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Training {0}', panel.modelName), cancellable: true }, (reporter, token) => {
      state.report = (value) => reporter.report(value);
      token.onCancellationRequested(() => panel.command('stop'));
      return done;
    });
    void done.then(() => this.progress.delete(panel));
    this.progress.set(panel, state);
    return state;
  }

  private markStop(uri: vscode.Uri, line: number | undefined, phase: string | undefined): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() !== uri.toString()) continue;
      if (line === undefined || line >= editor.document.lineCount) {
        editor.setDecorations(this.stopLine, []);
        continue;
      }
      const range = editor.document.lineAt(line).range;
      editor.setDecorations(this.stopLine, [{ range, hoverMessage: vscode.l10n.t('NetLens stepping: {0} stop', phase ?? '') }]);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }

  private async revealLine(uri: vscode.Uri, line: number): Promise<void> {
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    const range = editor.document.lineAt(line).range;
    editor.selection = new vscode.Selection(range.start, range.start);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async answer(panel: NetLensPanel, message: Extract<PageToHost, { type: 'request' }>): Promise<void> {
    try {
      const target = vscode.Uri.joinPath(panel.documentUri, '..', message.argument);
      const bytes = await vscode.workspace.fs.readFile(target);
      // Binary files (a model's weights) travel as base64: a Buffer-backed Uint8Array does not
      // survive the trip to a code-server webview.
      panel.post({ type: 'response', id: message.id, result: message.method === 'readBinaryFile' ? Buffer.from(bytes).toString('base64') : new TextDecoder().decode(bytes) });
    } catch (error) {
      panel.post({ type: 'response', id: message.id, error: vscode.l10n.t('Cannot read {0}: {1}', message.argument, (error as Error).message) });
    }
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.subscriptions.forEach((s) => s.dispose());
    this.statusBar.dispose();
    this.stopLine.dispose();
    this.received.dispose();
  }
}

/**
 * A loss for the progress line. A non-finite loss reaches the host as null (webview messages
 * are JSON in code-server), and before the first step there is none yet.
 */
export function formatLoss(loss: number | null | undefined): string {
  return typeof loss === 'number' && Number.isFinite(loss) ? loss.toPrecision(4) : String(loss ?? '—');
}
