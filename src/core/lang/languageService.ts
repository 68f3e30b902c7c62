// The language service: one facade over parse, check and the editor features, with the last
// analyses cached by text so that hover, inlay hints and diagnostics of one edit share one check.

import { Analysis } from './analysis';
import { analyze } from './checker';
import { Localize, LocaleTag, english } from './localize';
import { CompletionItem, completions } from './service/completion';
import { HoverResult, hover } from './service/hover';
import { InlayHint, inlayHints } from './service/inlayHints';
import * as navigation from './service/navigation';
import { Presenter } from './service/present';
import { ModelSummary, summarize, summaryTable } from './service/summary';
import { Position, Range } from './text';

export interface LanguageServiceOptions {
  readonly localize?: Localize;
  readonly locale?: LocaleTag;
  readonly cacheSize?: number;
}

export class LanguageService {
  private readonly cache = new Map<string, Analysis>();
  private readonly presenter: Presenter;
  private readonly cacheSize: number;

  constructor(options: LanguageServiceOptions = {}) {
    this.presenter = { localize: options.localize ?? english, locale: options.locale ?? 'en' };
    this.cacheSize = options.cacheSize ?? 8;
  }

  /** Parse and check; the same text (and model name) is analysed once. */
  analyze(text: string, defaultModelName = 'model'): Analysis {
    const key = `${defaultModelName}\u0000${text}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const analysis = analyze(text, defaultModelName);
    this.cache.set(key, analysis);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
    return analysis;
  }

  hover(analysis: Analysis, position: Position): HoverResult | undefined {
    return hover(analysis, position, this.presenter);
  }

  inlayHints(analysis: Analysis, visible: Range, style: 'full' | 'short' = 'full'): InlayHint[] {
    return inlayHints(analysis, visible, this.presenter, style);
  }

  completions(analysis: Analysis, lineText: string, position: Position): CompletionItem[] {
    return completions(analysis, lineText, position, this.presenter);
  }

  definition(analysis: Analysis, position: Position) {
    return navigation.definition(analysis, position);
  }

  references(analysis: Analysis, position: Position, includeDeclaration = true) {
    return navigation.references(analysis, position, includeDeclaration);
  }

  prepareRename(analysis: Analysis, position: Position) {
    return navigation.prepareRename(analysis, position);
  }

  rename(analysis: Analysis, position: Position, newName: string) {
    return navigation.rename(analysis, position, newName);
  }

  documentSymbols(analysis: Analysis) {
    return navigation.documentSymbols(analysis, this.presenter);
  }

  foldingRanges(analysis: Analysis) {
    return navigation.foldingRanges(analysis);
  }

  modelLenses(analysis: Analysis) {
    return navigation.modelLenses(analysis);
  }

  summary(analysis: Analysis): ModelSummary[] {
    return summarize(analysis);
  }

  summaryTable(analysis: Analysis, modelName?: string): string {
    const models = modelName ? analysis.models.filter((m) => m.name === modelName) : analysis.models;
    return models.map((m) => summaryTable(m, this.presenter)).join('\n\n');
  }

  get localize(): Localize {
    return this.presenter.localize;
  }

  get locale(): LocaleTag {
    return this.presenter.locale;
  }
}
