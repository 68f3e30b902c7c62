// The walkthrough and "Open Course Samples" in a real VS Code, in the display language of the
// run ("display language" in the titles, so the Spanish run picks them too): the walkthrough's
// title reaches VS Code translated and the walkthrough opens; the course samples are copied
// into a folder and the chosen one opens from there.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

const language = process.env.NETLENS_E2E_LANGUAGE ?? 'en';

function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.all.find((e) => e.packageJSON?.name === 'netlens' && e.packageJSON?.publisher === 'netlens');
  assert.ok(found, 'the NetLens extension is not loaded');
  return found;
}

/** What package.nls[.<language>].json says for `key`, read from the extension's own folder. */
function nls(key: string): string {
  const file = path.join(extension().extensionPath, language === 'en' ? 'package.nls.json' : `package.nls.${language}.json`);
  return JSON.parse(readFileSync(file, 'utf8'))[key];
}

describe(`walkthrough and course samples (display language ${language})`, () => {
  it('the walkthrough reaches VS Code with its title in the display language, and opens', async () => {
    const [walkthrough] = extension().packageJSON.contributes.walkthroughs;
    const expected = nls('walkthrough.title');
    assert.equal(expected, language === 'es' ? 'Primeros pasos con NetLens' : 'Get started with NetLens');
    assert.equal(walkthrough.title, expected, 'the manifest VS Code loaded has the translated title');
    assert.equal(walkthrough.steps[0].title, nls('walkthrough.openSample.title'));
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'netlens.netlens#gettingStarted', false);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('Open Course Samples copies the samples into a folder, keeps edited files, and opens the chosen one', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'netlens-course-'));
    try {
      writeFileSync(path.join(folder, 'xor.nn'), '# a teacher’s edit\n');
      const opened = await vscode.commands.executeCommand<vscode.Uri | undefined>('netlens.openCourseSamples', { sample: 'lenet-course.nn', copyTo: folder });
      assert.equal(opened?.fsPath, path.join(folder, 'lenet-course.nn'));
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, opened?.fsPath);
      assert.equal(vscode.window.activeTextEditor?.document.languageId, 'netlens');
      assert.ok(existsSync(path.join(folder, 'errors', 'typo-kind.nn')), 'subfolders are copied too');
      assert.equal(readFileSync(path.join(folder, 'xor.nn'), 'utf8'), '# a teacher’s edit\n', 'an existing file is kept');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
