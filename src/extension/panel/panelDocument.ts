// The panel page's HTML and Content Security Policy, free of `vscode` so the browser tests
// load the page under exactly the policy the extension gives it.

export interface PanelDocumentParts {
  /** The webview's cspSource (where local resources come from). */
  readonly cspSource: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  /** Base URI of dist/: the WASM binaries and bundled data sets. */
  readonly assetsUri: string;
  readonly nonce: string;
  readonly language: string;
}

export function panelDocument(parts: PanelDocumentParts): string {
  // default-src 'none': nothing loads unless named here.
  // script-src: only our nonce'd bundle. 'wasm-unsafe-eval' lets tfjs' WASM backend compile its
  //   .wasm; our esbuild bundle evaluates no strings (unlike the prebuilt tf.min.js), so no
  //   'unsafe-eval' (test/webview/panel.test.ts loads the page under this very policy).
  // connect-src: the page fetches the .wasm files and bundled data sets from dist/.
  // style-src: our stylesheet; lit's components use constructable stylesheets, not <style>.
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${parts.nonce}' 'wasm-unsafe-eval'`,
    `style-src ${parts.cspSource}`,
    `img-src ${parts.cspSource} data: blob:`,
    `font-src ${parts.cspSource}`,
    `connect-src ${parts.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${parts.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="netlens-assets" content="${parts.assetsUri}">
<link rel="stylesheet" href="${parts.styleUri}">
<title>NetLens</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${parts.nonce}" src="${parts.scriptUri}"></script>
</body>
</html>`;
}
