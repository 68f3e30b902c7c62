// Every user-facing English template of the project, gathered two ways: statically, the
// string-literal first argument of message(), formula(), localize(), l10n.t(), new UsageError() calls in src/
// and webview/; at run time, every text of the layer and section specs. The l10n test checks
// each against the Spanish bundle.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LAYER_KINDS } from '../../src/core/lang/layers/catalog';
import { AXIS_LABELS } from '../../src/core/lang/layers/convolution';
import { SECTIONS } from '../../src/core/lang/sections';
import { ArgSpec } from '../../src/core/lang/spec';

export const ROOT = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Literal first arguments of the translating calls; `\\'` and `\\"` unescaped. */
const CALL = /\b(?:message|formula|localize|l10n\.t|p\.localize|t|UsageError)\(\s*(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)")/g;

export function staticTemplates(): Set<string> {
  const found = new Set<string>();
  for (const dir of ['src', 'webview']) {
    let files: string[] = [];
    try {
      files = sourceFiles(join(ROOT, dir));
    } catch {
      continue;
    }
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(CALL)) {
        const raw = match[1] ?? match[2];
        found.add(raw.replace(/\\(['"\\])/g, '$1'));
      }
    }
  }
  return found;
}

function argTexts(args: readonly ArgSpec[] | undefined, into: Set<string>): void {
  for (const arg of args ?? []) into.add(arg.doc);
}

/** Templates chosen at run time from a table: axis names, severities. */
const DYNAMIC = [...AXIS_LABELS.flat(), 'error', 'warning', 'info'];

export function specTemplates(): Set<string> {
  const found = new Set<string>(DYNAMIC);
  for (const spec of LAYER_KINDS) {
    found.add(spec.title);
    spec.explanation.forEach((line) => found.add(line));
    argTexts(spec.args, found);
  }
  for (const section of SECTIONS) {
    found.add(section.title);
    argTexts(section.args, found);
    for (const choice of section.choices) {
      found.add(choice.doc);
      argTexts(choice.args, found);
    }
  }
  return found;
}

export function allTemplates(): Set<string> {
  return new Set([...staticTemplates(), ...specTemplates()]);
}
