// Problems for a broken file, and the quick fix that repairs it.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { openSample, sampleUri, waitFor } from './helpers';

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
const severities = { [vscode.DiagnosticSeverity.Error]: 'error', [vscode.DiagnosticSeverity.Warning]: 'warning', [vscode.DiagnosticSeverity.Information]: 'info', [vscode.DiagnosticSeverity.Hint]: 'hint' };
const asGolden = (d: vscode.Diagnostic) => ({
  severity: severities[d.severity],
  code: codeOf(d),
  message: d.message,
  range: { start: { line: d.range.start.line, character: d.range.start.character }, end: { line: d.range.end.line, character: d.range.end.character } },
});
const netlensDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'netlens');

describe('errors/typo-kind.nn', () => {
  it('publishes NL200 and NL400 where the mistakes are, as the golden file says', async () => {
    const uri = sampleUri('errors/typo-kind.nn');
    await openSample('errors/typo-kind.nn');
    const diagnostics = await waitFor(() => netlensDiagnostics(uri), (d) => d.length >= 2, 'diagnostics of typo-kind.nn');
    assert.deepEqual(diagnostics.map(codeOf), ['NL200', 'NL400']);
    const [kind, argument] = diagnostics;
    assert.deepEqual([kind.range.start.line, kind.range.start.character, kind.range.end.line, kind.range.end.character], [5, 0, 5, 4]);
    assert.equal(argument.range.start.line, 6);
    // The editor and the CLI must agree to the character (the golden file is the CLI's).
    const golden = JSON.parse(readFileSync(vscode.Uri.joinPath(uri, '../../../test/golden/diagnostics/typo-kind.json').fsPath, 'utf8'));
    assert.deepEqual(diagnostics.map(asGolden), golden);
  });

  it('offers quick fixes that repair the file', async () => {
    const source = await vscode.workspace.openTextDocument(sampleUri('errors/typo-kind.nn'));
    // Edit a copy, so the sample on disk and in other tests stays broken.
    const copy = await vscode.workspace.openTextDocument({ language: 'netlens', content: source.getText() });
    await vscode.window.showTextDocument(copy);
    for (const [line, expected] of [[5, "Change to 'dense'"], [6, "Change to 'activation'"]] as const) {
      const range = copy.lineAt(line).range;
      const actions = await waitFor(
        () => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', copy.uri, range, vscode.CodeActionKind.QuickFix.value),
        (a) => a.some((action) => action.title === expected),
        `the quick fix "${expected}"`,
      );
      const fix = actions.find((action) => action.title === expected)!;
      assert.ok(fix.edit && (await vscode.workspace.applyEdit(fix.edit)));
    }
    assert.match(copy.lineAt(5).text, /^dense\s+hidden/);
    assert.match(copy.lineAt(6).text, /activation=sigmoid/);
    await waitFor(() => netlensDiagnostics(copy.uri), (d) => d.length === 0, 'no diagnostics once fixed');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
