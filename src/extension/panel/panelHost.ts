// The NetLens panel's host side: one webview beside the editor that runs the engine (on the
// GPU when the machine has one) and draws it. The host sends the checked model and commands
// and receives records; on (re)load the page says `ready` and gets a snapshot back.

import * as vscode from 'vscode';
import { BackendPreference, EpochRecord, HostToPage, ModelWeights, PageToHost, PanelCommand, PanelSnapshot } from '../../core/protocol/panel';
import { ModelGraph } from '../../core/model/graph';
import { panelHtml } from './panelHtml';

export interface PanelEvents {
  onMessage(message: PageToHost, panel: NetLensPanel): void;
  onDispose(panel: NetLensPanel): void;
}

export class NetLensPanel implements vscode.Disposable {
  static readonly viewType = 'netlens.panel';
  private readonly panel: vscode.WebviewPanel;
  private readonly subscriptions: vscode.Disposable[] = [];
  private ready = false;
  private readonly queue: HostToPage[] = [];
  private history: EpochRecord[] = [];
  private readonly pending = new Map<number, { resolve(weights: ModelWeights): void; reject(error: Error): void }>();
  private nextRequest = 1;

  constructor(
    extensionUri: vscode.Uri,
    private document: vscode.TextDocument,
    private graph: ModelGraph,
    private readonly events: PanelEvents,
  ) {
    this.panel = vscode.window.createWebviewPanel(NetLensPanel.viewType, vscode.l10n.t('NetLens: {0}', graph.name), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    });
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'netlens.png');
    this.panel.webview.html = panelHtml(this.panel.webview, extensionUri);
    this.subscriptions.push(
      this.panel.webview.onDidReceiveMessage((message: PageToHost) => this.receive(message)),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  get documentUri(): vscode.Uri {
    return this.document.uri;
  }

  get modelName(): string {
    return this.graph.name;
  }

  /** The model the panel shows (of a file of several, the one picked when it opened). */
  get model(): ModelGraph {
    return this.graph;
  }

  get visible(): boolean {
    return this.panel.visible;
  }

  reveal(): void {
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  /** A new version of the model (the file changed): the page starts over from a snapshot. */
  update(document: vscode.TextDocument, graph: ModelGraph): void {
    this.document = document;
    this.graph = graph;
    this.history = [];
    this.panel.title = vscode.l10n.t('NetLens: {0}', graph.name);
    if (this.ready) this.post({ type: 'snapshot', snapshot: this.snapshot() });
  }

  command(command: PanelCommand): void {
    this.post({ type: 'command', command });
  }

  /** The weights the page holds: trained if it has trained, else the seeded or loaded ones. */
  requestWeights(): Promise<ModelWeights> {
    const id = this.nextRequest++;
    const answer = new Promise<ModelWeights>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.post({ type: 'request', id, method: 'weights' });
    return answer;
  }

  selectLayer(layer: string): void {
    this.post({ type: 'selectLayer', layer });
  }

  private snapshot(): PanelSnapshot {
    const preference = vscode.workspace.getConfiguration('netlens', this.document).get<BackendPreference>('backend', 'auto');
    return {
      documentUri: this.document.uri.toString(),
      fileName: this.document.uri.path.split('/').pop() ?? '',
      graph: this.graph,
      backendPreference: preference,
      history: this.history,
      l10n: vscode.l10n.bundle,
      locale: vscode.env.language,
    };
  }

  private receive(message: PageToHost): void {
    if (message.type === 'ready') {
      this.ready = true;
      this.post({ type: 'snapshot', snapshot: this.snapshot() });
      for (const queued of this.queue.splice(0)) this.post(queued);
    } else if (message.type === 'epoch') {
      this.history.push(message.record);
    } else if (message.type === 'response') {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error !== undefined || !message.result) waiter?.reject(new Error(message.error ?? vscode.l10n.t('The panel sent no weights.')));
      else waiter?.resolve(message.result);
      return;
    }
    this.events.onMessage(message, this);
  }

  post(message: HostToPage): void {
    if (!this.ready && message.type !== 'snapshot') {
      this.queue.push(message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    for (const waiter of this.pending.values()) waiter.reject(new Error(vscode.l10n.t('The panel was closed.')));
    this.pending.clear();
    this.subscriptions.forEach((s) => s.dispose());
    this.subscriptions.length = 0;
    this.events.onDispose(this);
    this.panel.dispose();
  }
}
