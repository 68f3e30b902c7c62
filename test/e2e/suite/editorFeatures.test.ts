// Shapes before running, as a student meets them in samples/lenet-course.nn: the language id,
// hover, inlay hints, the outline and the summary command, through VS Code's own commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hoverText, lineOf, openSample, waitFor } from './helpers';

describe('lenet-course.nn in the editor', () => {
  let document: vscode.TextDocument;
  let conv2: vscode.Position;

  before(async () => {
    document = (await openSample('lenet-course.nn')).document;
    conv2 = new vscode.Position(lineOf(document, 'conv2d    conv2'), 12);
  });

  it('is a NetLens document', () => {
    assert.equal(document.languageId, 'netlens');
  });

  it('hovers a layer line with its shape, params and formula', async () => {
    const text = await waitFor(
      async () => hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, conv2)),
      (t) => t.includes('[32, 10, 10, 16]'),
      'a hover on conv2',
    );
    assert.ok(text.includes('3,216'), text);
    assert.ok(text.includes('⌊(14 + 2·0 − 5) / 1⌋ + 1 = 10'), text);
  });

  it('ends every layer line in an inlay hint', async () => {
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const hints = await waitFor(
      () => vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, whole),
      (h) => h.length > 0,
      'inlay hints',
    );
    const label = (hint: vscode.InlayHint) => (typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join(''));
    const layerLines = [...Array(document.lineCount).keys()].filter((line) => /^(input|conv2d|maxpool2d|flatten|dense)\s/.test(document.lineAt(line).text));
    assert.deepEqual(hints.map((h) => h.position.line), layerLines);
    const onConv2 = hints.find((h) => h.position.line === conv2.line);
    assert.ok(onConv2 && label(onConv2).includes('→ [32, 10, 10, 16] · 3,216 params'), onConv2 && label(onConv2));
  });

  it('outlines the model lenet with its layers', async () => {
    const symbols = await waitFor(
      () => vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri),
      (s) => Array.isArray(s) && s.length > 0,
      'document symbols',
    );
    const model = symbols.find((s) => s.name === 'lenet');
    assert.ok(model, `symbols: ${symbols.map((s) => s.name).join(', ')}`);
    const names = model.children.map((c) => c.name);
    for (const layer of ['image', 'conv1', 'pool1', 'conv2', 'pool2', 'flat', 'fc3', 'fc4', 'out']) assert.ok(names.includes(layer), `outline lacks ${layer}: ${names.join(', ')}`);
  });

  it('shows the Keras-style summary from the command', async () => {
    await vscode.window.showTextDocument(document);
    const table = await vscode.commands.executeCommand<string>('netlens.showSummary');
    assert.ok(table?.includes('Total params: 62,958'), table);
    assert.ok(table.includes('conv2 (conv2d)'), table);
  });
});
