// Import Model from the palette command: a TensorFlow.js model.json with its weight file,
// written into the workspace for the test, becomes a .nn beside it that opens with no
// problems; a Lambda layer is refused and nothing is written. Export Model writes the initial
// weights before training and the panel's trained weights after, asked from the page.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { NetLensApi } from '../../../src/extension/extension';
import type { ExportResult } from '../../../src/extension/interopCommands';
import type { PageToHost } from '../../../src/core/protocol/panel';
import { hoverText, openSample, sampleUri, waitFor } from './helpers';

const MODEL_JSON = {
  format: 'layers-model',
  modelTopology: {
    class_name: 'Sequential',
    config: {
      name: 'gate',
      layers: [
        { class_name: 'Dense', config: { name: 'hidden', units: 3, activation: 'tanh', use_bias: true, batch_input_shape: [null, 2], dtype: 'float32' } },
        { class_name: 'Dense', config: { name: 'out', units: 1, activation: 'sigmoid', use_bias: true } },
      ],
    },
  },
  weightsManifest: [
    {
      paths: ['group1-shard1of1.bin'],
      weights: [
        { name: 'hidden/kernel', shape: [2, 3], dtype: 'float32' },
        { name: 'hidden/bias', shape: [3], dtype: 'float32' },
        { name: 'out/kernel', shape: [3, 1], dtype: 'float32' },
        { name: 'out/bias', shape: [1], dtype: 'float32' },
      ],
    },
  ],
};

const netlensDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'netlens');

describe('Import Model', function () {
  this.timeout(120_000);
  const folder = () => sampleUri('.e2e-import');

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false });
  });

  it('imports a TensorFlow.js model.json into a .nn beside it that checks, with a weights line', async () => {
    const json = vscode.Uri.joinPath(folder(), 'model.json');
    await vscode.workspace.fs.writeFile(json, new TextEncoder().encode(JSON.stringify(MODEL_JSON)));
    const weights = new Float32Array([0.5, -0.25, 0.1, 0.3, 0.2, -0.4, 0, 0.1, 0, 1, -1, 0.5, 0.2]);
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), 'group1-shard1of1.bin'), new Uint8Array(weights.buffer));
    const written = await vscode.commands.executeCommand<vscode.Uri>('netlens.importModel', json);
    assert.ok(written, 'the command returns the written file');
    assert.equal(written.path, vscode.Uri.joinPath(folder(), 'model.nn').path);
    const document = await vscode.workspace.openTextDocument(written);
    assert.equal(document.languageId, 'netlens');
    assert.match(document.getText(), /^weights\s+"model\.json"$/m);
    // The hover proves the file was analysed; then it has no problems.
    const line = document.getText().split('\n').findIndex((l) => l.startsWith('dense hidden'));
    const hover = await waitFor(
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', written, new vscode.Position(line, 2)),
      (h) => hoverText(h).includes('Dense'),
      'the hover of the imported dense layer',
    );
    assert.match(hoverText(hover), /9 params|9 parámetros/);
    assert.deepEqual(netlensDiagnostics(written).map((d) => d.message), []);
  });

  it("the panel loads the imported weights, and Export Model writes them back unchanged", async () => {
    const nn = vscode.Uri.joinPath(folder(), 'model.nn');
    const api = await vscode.extensions.getExtension<NetLensApi>('netlens.netlens')!.activate();
    const messages: PageToHost[] = [];
    const subscription = api.onDidReceivePanelMessage((event) => messages.push(event.message));
    try {
      // No data or loss: the panel opens on a forward pass, after loading the weights line.
      await vscode.commands.executeCommand('netlens.train', nn);
      await waitFor(() => messages.find((m) => m.type === 'backend' || m.type === 'error'), Boolean, 'the panel to load the model', 60_000);
      assert.deepEqual(messages.filter((m) => m.type === 'error'), [], JSON.stringify(messages));
    } finally {
      subscription.dispose();
    }
    const result = await vscode.commands.executeCommand<ExportResult>('netlens.exportModel', nn, { format: 'tfjs', folder: vscode.Uri.joinPath(folder(), 'exported') });
    assert.equal(result.weights, 'pretrained');
    const original = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), 'group1-shard1of1.bin'));
    assert.deepEqual(Array.from(await vscode.workspace.fs.readFile(result.files[1])), Array.from(original));
  });

  it('refuses a Lambda layer and writes nothing', async () => {
    const json = vscode.Uri.joinPath(folder(), 'lambda.json');
    const layers = [{ class_name: 'Lambda', config: { name: 'fn', batch_input_shape: [null, 2] } }];
    await vscode.workspace.fs.writeFile(json, new TextEncoder().encode(JSON.stringify({ class_name: 'Sequential', config: { layers } })));
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('netlens.importModel', json);
    assert.equal(written, undefined);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(folder(), 'lambda.nn'))));
  });
});

describe('Export Model', function () {
  this.timeout(120_000);
  const folder = () => sampleUri('.e2e-export');

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false });
  });

  it("writes the initial weights before training, and the panel's trained weights after", async () => {
    const editor = await openSample('xor.nn');
    const uri = editor.document.uri;
    const before = await vscode.commands.executeCommand<ExportResult>('netlens.exportModel', uri, { format: 'tfjs', folder: vscode.Uri.joinPath(folder(), 'initial') });
    assert.equal(before.weights, 'initial');
    assert.deepEqual(before.files.map((f) => f.path.split('/').pop()), ['model.json', 'weights.bin']);
    const initial = await vscode.workspace.fs.readFile(before.files[1]);
    assert.equal(initial.byteLength, 17 * 4, 'xor.nn has 17 parameters');
    const modelJson = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(before.files[0])));
    assert.deepEqual(modelJson.weightsManifest[0].weights.map((w: { name: string }) => w.name), ['hidden/kernel', 'hidden/bias', 'out/kernel', 'out/bias']);

    const api = await vscode.extensions.getExtension<NetLensApi>('netlens.netlens')!.activate();
    const messages: PageToHost[] = [];
    const subscription = api.onDidReceivePanelMessage((event) => messages.push(event.message));
    try {
      await vscode.commands.executeCommand('netlens.train', uri);
      await waitFor(() => messages.find((m) => m.type === 'finished'), Boolean, 'the end of training', 90_000);
    } finally {
      subscription.dispose();
    }
    const after = await vscode.commands.executeCommand<ExportResult>('netlens.exportModel', uri, { format: 'tfjs', folder: vscode.Uri.joinPath(folder(), 'trained') });
    assert.equal(after.weights, 'trained');
    const trained = await vscode.workspace.fs.readFile(after.files[1]);
    assert.equal(trained.byteLength, initial.byteLength);
    assert.notDeepEqual(Array.from(trained), Array.from(initial), 'training changed the weights');

    const script = await vscode.commands.executeCommand<ExportResult>('netlens.exportModel', uri, { format: 'keras', folder: folder() });
    assert.match(new TextDecoder().decode(await vscode.workspace.fs.readFile(script.files[0])), /^model = keras\.Sequential\($/m);
  });
});
