// The manifest and language files agree with the core: every layer kind is highlighted and
// documented, commands have titles in both languages, the VSIX ships what the manifest names.

import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAYER_KINDS } from '../../src/core/lang/layers/catalog';
import { DiagnosticCodes } from '../../src/core/lang/diagnostics';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('manifest and language files', () => {
  it('the grammar highlights exactly the layer kinds of the catalog', () => {
    const grammar = JSON.parse(readFileSync(join(ROOT, 'syntaxes', 'netlens.tmLanguage.json'), 'utf8'));
    const begin: string = grammar.repository.layer.begin;
    const kinds = begin.match(/\(([a-z0-9_|]+)\)/)![1].split('|').sort();
    assert.deepEqual(kinds, LAYER_KINDS.map((k) => k.kind).sort());
  });

  it('the README documents every layer kind and every diagnostic code', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.deepEqual(LAYER_KINDS.filter((k) => !readme.includes(`\`${k.kind}\``)).map((k) => k.kind), []);
    const codes = Object.values(DiagnosticCodes).filter((code) => !readme.includes(code) && !/NL50[0-2]/.test(code));
    assert.deepEqual(codes, []);
  });

  it('every command has a title, the NetLens category, and is in Title Case', () => {
    const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8'));
    for (const command of manifest.contributes.commands) {
      assert.equal(command.category, 'NetLens', command.command);
      const title: string = nls[command.title.replace(/%/g, '')];
      assert.ok(title, `${command.command} has an English title`);
      const small = new Set(['a', 'an', 'the', 'of', 'to', 'in', 'on', 'and', 'or', 'for', 'by']);
      for (const word of title.replace(/…$/, '').split(' ')) assert.ok(small.has(word) || /^[A-Z0-9]/.test(word), `"${title}" is in Title Case`);
    }
  });

  it('every file the manifest points at exists', () => {
    const paths = [
      manifest.main,
      manifest.icon,
      ...manifest.contributes.languages.map((l: { configuration: string }) => l.configuration),
      ...manifest.contributes.grammars.map((g: { path: string }) => g.path),
      ...manifest.contributes.snippets.map((s: { path: string }) => s.path),
    ];
    for (const path of paths) assert.ok(existsSync(join(ROOT, path)), path);
  });

  it('.vscodeignore keeps what the manifest needs', () => {
    const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8');
    for (const folder of ['dist', 'media', 'samples', 'syntaxes', 'snippets', 'l10n']) assert.match(ignore, new RegExp(`^!${folder}/\\*\\*$`, 'm'));
  });
});
