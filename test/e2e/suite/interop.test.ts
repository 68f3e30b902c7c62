// Import Model from the palette command: a TensorFlow.js model.json with its weight file,
// written into the workspace for the test, becomes a .nn beside it that opens with no
// problems; a Lambda layer is refused and nothing is written.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hoverText, sampleUri, waitFor } from './helpers';

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

describe('Import Model', () => {
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

  it('refuses a Lambda layer and writes nothing', async () => {
    const json = vscode.Uri.joinPath(folder(), 'lambda.json');
    const layers = [{ class_name: 'Lambda', config: { name: 'fn', batch_input_shape: [null, 2] } }];
    await vscode.workspace.fs.writeFile(json, new TextEncoder().encode(JSON.stringify({ class_name: 'Sequential', config: { layers } })));
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('netlens.importModel', json);
    assert.equal(written, undefined);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(folder(), 'lambda.nn'))));
  });
});
