// The NetLens panel page: say `ready`, build the app from the host's snapshot, run commands.
// The page owns no truth it cannot rebuild: a reload gets a fresh snapshot from the host.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import { App } from './app';
import { onMessage, post } from './host';
import { errorDetail, t, unexpectedError } from './l10n';

let app: App | undefined;

onMessage((message) => {
  switch (message.type) {
    case 'snapshot':
      app?.dispose();
      app = new App(document.getElementById('app')!, message.snapshot);
      void app.start();
      break;
    case 'command':
      void app?.command(message.command);
      break;
    case 'selectLayer':
      app?.select(message.layer, false);
      break;
    case 'request':
      // Export Model asks for the weights the page holds (trained, else seeded or loaded).
      if (!app) post({ type: 'response', id: message.id, error: t('The panel has no model yet.') });
      else app.weights().then(
        (result) => post({ type: 'response', id: message.id, result }),
        (error: unknown) => post({ type: 'response', id: message.id, error: t('The panel could not give its weights: {0}', errorDetail(error)) }),
      );
      break;
  }
});

window.addEventListener('error', (event) => post({ type: 'error', message: unexpectedError(event.error ?? event.message) }));
window.addEventListener('unhandledrejection', (event) => post({ type: 'error', message: unexpectedError(event.reason) }));
post({ type: 'ready' });
