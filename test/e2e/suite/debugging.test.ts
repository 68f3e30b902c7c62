// The debugger inside a real VS Code: a netlens session on samples/xor.nn stops on entry at the
// first layer, steps with 'next', shows scopes and variables with statistics, and stops; in a
// file of two models, Debug Model debugs the one under the cursor.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lineOf, openSample, sampleUri, waitFor } from './helpers';

interface Frame {
  name: string;
  line: number;
}

function nextSession(): Promise<vscode.DebugSession> {
  return new Promise((resolve) => {
    const listener = vscode.debug.onDidStartDebugSession((session) => {
      if (session.type !== 'netlens') return;
      listener.dispose();
      resolve(session);
    });
  });
}

async function topFrame(session: vscode.DebugSession): Promise<Frame | undefined> {
  return ((await session.customRequest('stackTrace', { threadId: 1 })) as { stackFrames: Frame[] }).stackFrames[0];
}

async function stopped(session: vscode.DebugSession): Promise<void> {
  const ended = new Promise<void>((resolve) => {
    const listener = vscode.debug.onDidTerminateDebugSession((s) => {
      if (s.id !== session.id) return;
      listener.dispose();
      resolve();
    });
  });
  await vscode.debug.stopDebugging(session);
  await ended;
}

describe('debugging xor.nn', () => {
  it('stops on entry at the first layer, steps to the next and shows its variables', async () => {
    const document = (await openSample('xor.nn')).document;
    const started = nextSession();
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    assert.ok(await vscode.debug.startDebugging(folder, { type: 'netlens', request: 'launch', name: 'Debug model', program: sampleUri('xor.nn').fsPath, stopOnEntry: true, seed: 1, batch: 4, backend: 'cpu' }));
    const session = await started;
    try {
      const entry = await waitFor(() => topFrame(session), (f) => f !== undefined, 'the stop on entry');
      assert.deepEqual(entry, { ...entry, name: 'x', line: lineOf(document, 'input') + 1 });
      await session.customRequest('next', { threadId: 1 });
      const hidden = await waitFor(() => topFrame(session), (f) => f?.name === 'hidden', 'the hidden layer');
      assert.equal(hidden!.line, lineOf(document, 'dense   hidden') + 1);
      const { scopes } = (await session.customRequest('scopes', { frameId: 0 })) as { scopes: { name: string; variablesReference: number }[] };
      assert.deepEqual(scopes.map((s) => s.name), ['Activations', 'Parameters', 'Gradients', 'Optimizer state', 'Batch']);
      const { variables } = (await session.customRequest('variables', { variablesReference: scopes[0].variablesReference })) as { variables: { name: string; value: string }[] };
      const output = variables.find((v) => v.name === 'output');
      assert.match(output?.value ?? '', /^\[4, 4\] · mean -?\d/);
    } finally {
      await stopped(session);
    }
  });

  it('starts from the Debug Model command on the active model file', async () => {
    await openSample('xor.nn');
    const started = nextSession();
    assert.equal(await vscode.commands.executeCommand('netlens.debugModel'), true);
    const session = await started;
    try {
      const entry = await waitFor(() => topFrame(session), (f) => f !== undefined, 'the stop on entry');
      assert.equal(entry!.name, 'x');
    } finally {
      await stopped(session);
    }
  });

  it('Debug Model with the cursor in the second model of a file debugs that model', async () => {
    // The two trainable models are a test fixture, next to the samples folder the window opens.
    const uri = vscode.Uri.joinPath(sampleUri('.'), '..', 'test', 'fixtures', 'two-models.nn');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const wide = lineOf(editor.document, 'dense   wide');
    editor.selection = new vscode.Selection(wide, 0, wide, 0);
    const started = nextSession();
    assert.equal(await vscode.commands.executeCommand('netlens.debugModel'), true);
    const session = await started;
    try {
      assert.equal(session.configuration.model, 'ring');
      const entry = await waitFor(() => topFrame(session), (f) => f !== undefined, 'the stop on entry');
      assert.deepEqual(entry, { ...entry, name: 'p', line: lineOf(editor.document, 'input   p') + 1 });
    } finally {
      await stopped(session);
    }
  });
});
