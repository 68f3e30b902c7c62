// The panel page's HTML and its Content Security Policy.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css'));
  const assets = webview.asWebviewUri(dist);
  // default-src 'none': nothing loads unless named here.
  // script-src: only our nonce'd bundle; 'wasm-unsafe-eval' lets tfjs' WASM backend compile its
  //   .wasm (our esbuild bundle needs no 'unsafe-eval', unlike the prebuilt tf.min.js).
  // connect-src: the page fetches the .wasm files and bundled data sets from dist/.
  // style-src: our stylesheet; lit's components use constructable stylesheets, not <style>.
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' 'wasm-unsafe-eval'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data: blob:`,
    `font-src ${webview.cspSource}`,
    `connect-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="netlens-assets" content="${assets.toString()}">
<link rel="stylesheet" href="${style.toString()}">
<title>NetLens</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
