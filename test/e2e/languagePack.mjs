// A minimal Spanish language pack for code-server. VS Code's display language comes from an
// installed language pack (listed in <user-data>/languagepacks.json); `--locale es` without one
// stays English. Microsoft's Spanish pack is only on the extension marketplaces, out of reach
// here, so this writes the entry VS Code writes on installing a pack, with a handful of
// workbench strings (VS Code's own Spanish) so screenshots show the switch. Untranslated
// workbench strings stay English; vscode.env.language becomes 'es' all the same, and with it
// every extension's vscode.l10n bundle.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const translations = {
  es: {
    label: 'Español',
    contents: {
      'vs/workbench/contrib/files/browser/explorerViewlet': { explore: 'Explorador' },
      'vs/workbench/contrib/markers/browser/messages': { 'markers.panel.title.problems': 'Problemas' },
      'vs/workbench/contrib/markers/browser/markers.contribution': { problems: 'Problemas', noProblems: 'No hay problemas' },
      'vs/workbench/browser/parts/editor/editorStatus': { singleSelection: 'Lín. {0}, col. {1}' },
    },
  },
};

/** Makes `language` VS Code's display language for the server using `userDataDir`. */
export function writeLanguagePack(userDataDir, language) {
  const pack = translations[language];
  if (!pack) throw new Error(`no language pack for '${language}'; known: ${Object.keys(translations).join(', ')}`);
  const id = `netlens-tests.language-pack-${language}`;
  const version = '1.0.0';
  const folder = join(userDataDir, 'language-packs', language);
  mkdirSync(folder, { recursive: true });
  const main = join(folder, 'main.i18n.json');
  writeFileSync(main, JSON.stringify({ version, contents: pack.contents }));
  // The same shape and hash (md5 of id and version) as VS Code's LanguagePacksCache.
  const hash = createHash('md5').update(id).update(version).digest('hex');
  const entry = { hash, extensions: [{ extensionIdentifier: { id }, version }], translations: { vscode: main }, label: pack.label };
  writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify({ [language]: entry }));
}
