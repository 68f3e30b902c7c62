// The CLI's translator: English templates looked up in the same Spanish bundle the extension
// uses, through @vscode/l10n. Spanish when --lang es, or when LC_ALL/LC_MESSAGES/LANG say so.

import * as l10n from '@vscode/l10n';
import spanish from '../../l10n/bundle.l10n.es.json';
import { Localize, LocaleTag } from '../core/lang/localize';

export function pickLocale(requested: string | undefined, env: NodeJS.ProcessEnv = process.env): LocaleTag {
  // An empty variable counts as unset, as POSIX says (LC_ALL= is common).
  const tag = requested || env.NETLENS_LANG || env.LC_ALL || env.LC_MESSAGES || env.LANG || 'en';
  return tag.toLowerCase().startsWith('es') ? 'es' : 'en';
}

export function cliLocalize(locale: LocaleTag): Localize {
  l10n.config({ contents: locale === 'es' ? (spanish as Record<string, string>) : {} });
  return (template: string, args: readonly (string | number)[]) => l10n.t(template, ...args);
}
