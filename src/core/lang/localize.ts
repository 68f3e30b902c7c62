// Localisable text without a host: the core returns messages as English templates with
// arguments, and each view renders them through its own translator (vscode.l10n in the
// extension, @vscode/l10n in the CLI). The templates double as keys of l10n bundles.

/** An argument may itself be a message, translated before it is put in. */
export type MessageArg = string | number | Message;

export interface Message {
  readonly template: string;
  readonly args: readonly MessageArg[];
}

/** Renders a message in the viewer's language. */
export type Localize = (template: string, args: readonly (string | number)[]) => string;

export function message(template: string, ...args: MessageArg[]): Message {
  return { template, args };
}

export function fillTemplate(template: string, args: readonly MessageArg[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    if (value === undefined) return whole;
    return typeof value === 'object' ? fillTemplate(value.template, value.args) : String(value);
  });
}

export const english: Localize = fillTemplate;

export function render(localize: Localize, m: Message): string {
  const args = m.args.map((a) => (typeof a === 'object' ? render(localize, a) : a));
  return localize(m.template, args);
}

/** Locale tag for number formatting ('en', 'es'); derived from the translator's language. */
export type LocaleTag = string;

const numberFormats = new Map<LocaleTag, Intl.NumberFormat>();

export function formatCount(n: number, locale: LocaleTag = 'en'): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale === 'es' ? 'es-ES' : 'en-US', { useGrouping: true });
    numberFormats.set(locale, format);
  }
  return format.format(n);
}
