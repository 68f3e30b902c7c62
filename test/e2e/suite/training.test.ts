// Training inside a real VS Code: "NetLens: Train Model" on xor.nn opens the panel, picks a
// backend, trains to the end with live values in the hover; Stop (what the progress
// notification's Cancel runs) stops a longer run; the panel keeps its page when hidden.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { NetLensApi } from '../../../src/extension/extension';
import type { PageToHost } from '../../../src/core/protocol/panel';
import { lineOf, openSample, waitFor } from './helpers';

async function panelMessages(): Promise<{ messages: PageToHost[]; dispose(): void }> {
  const extension = vscode.extensions.getExtension<NetLensApi>('netlens.netlens')!;
  const api = await extension.activate();
  const messages: PageToHost[] = [];
  const subscription = api.onDidReceivePanelMessage((event) => messages.push(event.message));
  return { messages, dispose: () => subscription.dispose() };
}

describe('training from the palette', function () {
  this.timeout(120_000);

  it('trains xor.nn in the panel, with live values in the hover, and the panel survives hide and show', async () => {
    const recorder = await panelMessages();
    try {
      const editor = await openSample('xor.nn');
      await vscode.commands.executeCommand('netlens.train');
      const backend = await waitFor(() => recorder.messages.find((m) => m.type === 'backend'), Boolean, 'the backend choice', 60_000);
      assert.ok(backend && backend.type === 'backend' && /\S/.test(backend.choice.reason));
      const finished = await waitFor(() => recorder.messages.find((m) => m.type === 'finished'), Boolean, 'the end of training', 60_000);
      assert.deepEqual(finished, { type: 'finished', reason: 'done' });
      assert.equal(recorder.messages.filter((m) => m.type === 'epoch').length, 200);
      await waitFor(() => recorder.messages.some((m) => m.type === 'live'), Boolean, 'live values');
      const line = lineOf(editor.document, 'dense   hidden');
      const hovers = await waitFor(
        () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(line, 10)),
        (h) => h.some((hover) => hover.contents.some((c) => (c as vscode.MarkdownString).value?.includes('‖g‖'))),
        'a hover with live values',
      );
      assert.ok(hovers.length > 0);
      // Hide the panel behind an editor in its column, then bring it back: the page is kept.
      await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.Two);
      await vscode.commands.executeCommand('netlens.step');
      await waitFor(() => recorder.messages.filter((m) => m.type === 'progress' && !m.running).length, (n) => n >= 2, 'a step after showing the panel again');
      assert.equal(recorder.messages.filter((m) => m.type === 'ready').length, 1, 'the page was not reloaded');
    } finally {
      recorder.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('shows the model under the cursor in a file of several (activations.nn)', async () => {
    const panelTitles = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)).filter((label) => label.startsWith('NetLens: '));
    try {
      const editor = await openSample('activations.nn');
      const at = (prefix: string) => {
        const line = lineOf(editor.document, prefix) + 1;
        editor.selection = new vscode.Selection(line, 0, line, 0);
      };
      at('model glorot');
      await vscode.commands.executeCommand('netlens.train');
      await waitFor(panelTitles, (titles) => titles.includes('NetLens: glorot'), 'the panel of the glorot model');
      await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
      at('model activations');
      await vscode.commands.executeCommand('netlens.train');
      await waitFor(panelTitles, (titles) => titles.includes('NetLens: activations') && titles.length === 1, 'one panel, now of the activations model');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('Stop ends a longer run (tiny-transformer.nn) after the step in progress', async () => {
    const recorder = await panelMessages();
    try {
      await openSample('tiny-transformer.nn');
      await vscode.commands.executeCommand('netlens.train');
      await waitFor(() => recorder.messages.some((m) => m.type === 'progress' && m.running), Boolean, 'training under way', 60_000);
      await vscode.commands.executeCommand('netlens.stop');
      const finished = await waitFor(() => recorder.messages.find((m) => m.type === 'finished'), Boolean, 'the stop', 60_000);
      assert.deepEqual(finished, { type: 'finished', reason: 'stopped' });
    } finally {
      recorder.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
