// Localisation: every user-facing template has its Spanish text, no Spanish entry is stale,
// and every %key% of package.json exists in both package.nls files.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fillTemplate } from '../../src/core/lang/localize';
import { ROOT, allTemplates } from '../helpers/l10nTemplates';

const spanish: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.es.json'), 'utf8'));

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort();
}

describe('localisation', () => {
  const templates = allTemplates();

  it('every user-facing template has a Spanish translation', () => {
    const missing = [...templates].filter((t) => !(t in spanish));
    assert.deepEqual(missing, [], `${missing.length} templates lack Spanish text in l10n/bundle.l10n.es.json`);
  });

  it('no Spanish entry is left over from a template that is gone', () => {
    const stale = Object.keys(spanish).filter((key) => !templates.has(key));
    assert.deepEqual(stale, []);
  });

  it('translations keep the placeholders of their templates', () => {
    const broken = Object.entries(spanish).filter(([en, es]) => placeholders(en).join() !== placeholders(es).join());
    assert.deepEqual(broken, []);
  });

  it('translations are Spanish, not copies of the English', () => {
    const copies = Object.entries(spanish).filter(([en, es]) => en === es && /[a-z]{4,} [a-z]{4,}/.test(en));
    assert.deepEqual(copies, []);
  });

  it('package.json %keys% exist in package.nls.json and package.nls.es.json', () => {
    const manifest = readFileSync(join(ROOT, 'package.json'), 'utf8');
    const keys = [...new Set([...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]))];
    for (const file of ['package.nls.json', 'package.nls.es.json']) {
      const nls = JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
      assert.deepEqual(keys.filter((k) => !(k in nls)), [], file);
      assert.deepEqual(Object.keys(nls).filter((k) => !keys.includes(k)), [], `${file} has keys package.json does not use`);
    }
  });

  it('fills placeholders', () => {
    assert.equal(fillTemplate('{1} de {0}', ['a', 'b']), 'b de a');
  });
});
