// The panel page's HTML for a webview: its URIs and a fresh nonce into panelDocument.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { panelDocument } from './panelDocument';

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  return panelDocument({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
    assetsUri: webview.asWebviewUri(dist).toString(),
    nonce: randomBytes(16).toString('base64'),
    language: vscode.env.language,
  });
}
