// VS Code's display language reaches the extension: vscode.env.language is the one the runner
// asked for ($NETLENS_E2E_LANGUAGE), and a hover speaks it through l10n/bundle.l10n.<lang>.json.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { hoverText, lineOf, openSample, waitFor } from './helpers';

const expected = process.env.NETLENS_E2E_LANGUAGE ?? 'en';
const heading = 'Parameters'; // the hover's heading over the parameter formulas

/** The heading as the bundle of `language` says it; English needs no bundle. */
function translated(template: string, language: string): string {
  if (language === 'en') return template;
  const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'netlens' && e.packageJSON?.publisher === 'netlens');
  assert.ok(extension, 'the NetLens extension is not loaded');
  const file = path.join(extension.extensionPath, 'l10n', `bundle.l10n.${language}.json`);
  const bundle = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string | { message: string }>;
  const entry = bundle[template];
  assert.ok(entry, `${file} has no translation of "${template}", so the ${language} hover cannot be checked; add it to the bundle`);
  return typeof entry === 'string' ? entry : entry.message;
}

describe(`display language (${expected})`, () => {
  it(`reaches the extension host as vscode.env.language`, () => {
    assert.equal(vscode.env.language.split('-')[0], expected);
  });

  it('turns the hover into that language', async () => {
    const document = (await openSample('lenet-course.nn')).document;
    const conv2 = new vscode.Position(lineOf(document, 'conv2d    conv2'), 12);
    const text = await waitFor(
      async () => hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, conv2)),
      (t) => t.includes('[32, 10, 10, 16]'),
      'a hover on conv2',
    );
    const word = translated(heading, expected);
    assert.ok(text.includes(`**${word}**`), `the hover lacks the heading "${word}":\n${text}`);
    if (word !== heading) assert.ok(!text.includes(`**${heading}**`), `the hover is still in English:\n${text}`);
  });
});
