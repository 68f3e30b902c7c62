// No English leaks into Spanish: every sample and every broken file of samples/ goes through the
// language service with a Spanish translator that marks what it translated; any English word
// left outside the marks (and outside code, formulas and the file's own names) is a leak, and
// any template the service asks for that the bundle lacks is one too.

import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LanguageService } from '../../../src/core/lang/languageService';
import { Localize, fillTemplate, render } from '../../../src/core/lang/localize';
import { ROOT } from '../../helpers/l10nTemplates';

const spanish: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.es.json'), 'utf8'));
const OPEN = '\u2045';
const CLOSE = '\u2046';

/** Spanish, with each translated piece between marks; records the templates it lacks. */
function markingSpanish(missing: Set<string>): Localize {
  return (template, args) => {
    const text = spanish[template];
    if (text === undefined) missing.add(template);
    return `${OPEN}${fillTemplate(text ?? template, args)}${CLOSE}`;
  };
}

/** What no translator touched: the text minus marked pieces, code spans and markdown escapes. */
function untranslated(text: string): string {
  let rest = text;
  for (let previous = ''; previous !== rest; ) {
    previous = rest;
    rest = rest.replace(new RegExp(`${OPEN}[^${OPEN}${CLOSE}]*${CLOSE}`, 'g'), ' ');
  }
  return rest.replace(/`[^`]*`/g, ' ').replace(/\\(.)/g, '$1');
}

// Words that are names, not English: layer kinds and options as written in files, the tool's name.
const NAMES = new Set(['None', 'NetLens', 'params']);

function englishWords(text: string, names: ReadonlySet<string>): string[] {
  return [...untranslated(text).matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)].map((m) => m[0]).filter((w) => /[A-Za-z]{3,}/.test(w) && !names.has(w) && !NAMES.has(w));
}

function samples(): { name: string; text: string }[] {
  const folders = ['samples', join('samples', 'errors'), join('samples', 'debug')];
  return folders.flatMap((folder) =>
    readdirSync(join(ROOT, folder))
      .filter((f) => f.endsWith('.nn'))
      .map((f) => ({ name: join(folder, f), text: readFileSync(join(ROOT, folder, f), 'utf8') })),
  );
}

describe('Spanish: no English string from the language service', () => {
  const missing = new Set<string>();
  const service = new LanguageService({ localize: markingSpanish(missing), locale: 'es' });
  const leaks: string[] = [];
  let checked = 0;

  before(() => {
    for (const { name, text } of samples()) {
      // The file's own words outside comments (layer names, kinds, options) are names here.
      const names = new Set([...text.replace(/#.*$/gm, '').matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)].map((m) => m[0]));
      const analysis = service.analyze(text, name.replace(/^.*\//, '').replace(/\.nn$/, ''));
      for (const model of analysis.models) for (const layer of model.layers) names.add(layer.name); // flatten_1 and the like
      const texts: { where: string; text: string }[] = [];
      for (const d of analysis.diagnostics) {
        texts.push({ where: `${name}:${d.range.start.line + 1} diagnostic`, text: render(service.localize, d.message) });
        for (const fix of d.fixes ?? []) texts.push({ where: `${name}:${d.range.start.line + 1} fix`, text: render(service.localize, fix.title) });
      }
      const lines = text.split('\n');
      const all = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
      for (const hint of service.inlayHints(analysis, all)) texts.push({ where: `${name} inlay hint`, text: hint.label });
      lines.forEach((line, i) => {
        // Hover on each word's start: kinds, names, arguments, references, section lines.
        for (const word of line.matchAll(/[A-Za-z_]\w*/g)) {
          if (line.trimStart().startsWith('#')) break;
          const result = service.hover(analysis, { line: i, character: word.index! });
          if (result) texts.push({ where: `${name}:${i + 1}:${word.index! + 1} hover`, text: result.markdown });
        }
      });
      for (const model of analysis.models) texts.push({ where: `${name} summary`, text: service.summaryTable(analysis, model.name) });
      for (const { where, text } of texts) {
        checked++;
        const words = englishWords(text, names);
        if (words.length) leaks.push(`${where}: ${words.join(' ')} in «${untranslated(text).replace(/\s+/g, ' ').trim().slice(0, 160)}»`);
      }
    }
  });

  it('asks only for templates the Spanish bundle has', () => {
    assert.ok(checked > 200, `checked ${checked} texts`);
    assert.deepEqual([...missing], []);
  });

  it('leaves no English word outside translated text, code and names', () => {
    assert.deepEqual([...new Set(leaks)], []);
  });
});
