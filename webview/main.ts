// The NetLens panel page: say `ready`, build the app from the host's snapshot, run commands.
// The page owns no truth it cannot rebuild: a reload gets a fresh snapshot from the host.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { App } from './app';
import { onMessage, post } from './host';

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
  }
});

window.addEventListener('error', (event) => post({ type: 'error', message: String(event.error?.message ?? event.message) }));
window.addEventListener('unhandledrejection', (event) => post({ type: 'error', message: String((event.reason as Error)?.message ?? event.reason) }));
post({ type: 'ready' });
