// Editor features as thin providers over the core language service: hover, inlay hints,
// completion, definition, references, rename, outline, folding and the model CodeLens.

import * as vscode from 'vscode';
import { CompletionKind } from '../core/lang/service/completion';
import { DocumentSymbol, SymbolKind } from '../core/lang/service/navigation';
import { render } from '../core/lang/localize';
import { fromPosition, fromRange, toRange, toWorkspaceEdit } from './convert';
import { Documents, SELECTOR } from './documents';
import { LiveValues } from './panel/liveValues';

export function registerLanguageFeatures(documents: Documents, live: LiveValues): vscode.Disposable[] {
  const service = documents.service;
  const hints = new InlayHintsProvider(documents, live);
  return [
    vscode.languages.registerHoverProvider(SELECTOR, {
      provideHover(document, position) {
        const analysis = documents.analysis(document);
        const result = service.hover(analysis, fromPosition(position));
        if (!result) return undefined;
        const layer = analysis.layerByLine.get(position.line);
        const now = layer && live.describe(document.uri, layer.name);
        const markdown = now ? `${result.markdown}\n\n---\n\n${vscode.l10n.t('**While training:** {0}', now)}` : result.markdown;
        return new vscode.Hover(new vscode.MarkdownString(markdown), toRange(result.range));
      },
    }),
    vscode.languages.registerInlayHintsProvider(SELECTOR, hints),
    hints,
    vscode.languages.registerCompletionItemProvider(SELECTOR, {
      provideCompletionItems(document, position) {
        const items = service.completions(documents.analysis(document), document.lineAt(position.line).text, fromPosition(position));
        return items.map((item) => {
          const completion = new vscode.CompletionItem(item.label, completionKinds[item.kind]);
          completion.insertText = item.isSnippet ? new vscode.SnippetString(item.insertText) : item.insertText;
          if (item.detail) completion.detail = item.detail;
          if (item.documentation) completion.documentation = new vscode.MarkdownString(item.documentation);
          if (item.insertText.endsWith('=') || item.insertText === 'from ') completion.command = { title: '', command: 'editor.action.triggerSuggest' };
          return completion;
        });
      },
    }, ' ', '='),
    vscode.languages.registerDefinitionProvider(SELECTOR, {
      provideDefinition(document, position) {
        const target = service.definition(documents.analysis(document), fromPosition(position));
        return target ? new vscode.Location(document.uri, toRange(target)) : undefined;
      },
    }),
    vscode.languages.registerReferenceProvider(SELECTOR, {
      provideReferences(document, position, context) {
        return service.references(documents.analysis(document), fromPosition(position), context.includeDeclaration).map((r) => new vscode.Location(document.uri, toRange(r)));
      },
    }),
    vscode.languages.registerRenameProvider(SELECTOR, {
      prepareRename(document, position) {
        const range = service.prepareRename(documents.analysis(document), fromPosition(position));
        if (!range) throw new Error(vscode.l10n.t('Put the cursor on a layer name to rename it.'));
        return toRange(range);
      },
      provideRenameEdits(document, position, newName) {
        const result = service.rename(documents.analysis(document), fromPosition(position), newName);
        if ('error' in result) throw new Error(render(service.localize, result.error));
        return toWorkspaceEdit(document.uri, result.edits);
      },
    }),
    vscode.languages.registerDocumentSymbolProvider(SELECTOR, {
      provideDocumentSymbols(document) {
        return service.documentSymbols(documents.analysis(document)).map(toSymbol);
      },
    }),
    vscode.languages.registerFoldingRangeProvider(SELECTOR, {
      provideFoldingRanges(document) {
        return service.foldingRanges(documents.analysis(document)).map((r) => new vscode.FoldingRange(r.startLine, r.endLine, vscode.FoldingRangeKind.Region));
      },
    }),
    vscode.languages.registerCodeLensProvider(SELECTOR, {
      provideCodeLenses(document) {
        return service.modelLenses(documents.analysis(document)).flatMap((lens) => {
          const range = toRange(lens.range);
          const args = [document.uri, lens.model];
          return [
            new vscode.CodeLens(range, { title: vscode.l10n.t('$(play) Train'), tooltip: vscode.l10n.t('Train this model in the NetLens panel'), command: 'netlens.train', arguments: [document.uri] }),
            new vscode.CodeLens(range, { title: vscode.l10n.t('Summary: {0} params', lens.totalParams.toLocaleString(vscode.env.language)), command: 'netlens.showSummary', arguments: args }),
          ];
        });
      },
    }),
  ];
}

class InlayHintsProvider implements vscode.InlayHintsProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly documents: Documents,
    private readonly live: LiveValues,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('netlens.inlayHints') && this.changed.fire()),
      // Live values arrive a few times a second while a model trains.
      live.onDidChange(() => this.changed.fire()),
    ];
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    const config = vscode.workspace.getConfiguration('netlens.inlayHints', document);
    if (!config.get<boolean>('enabled', true)) return [];
    const style = config.get<'full' | 'short'>('style', 'full');
    const service = this.documents.service;
    const analysis = this.documents.analysis(document);
    return service.inlayHints(analysis, fromRange(range), style).map((hint) => {
      const line = document.lineAt(hint.position.line);
      const layer = analysis.layerByLine.get(hint.position.line);
      const now = layer && this.live.describe(document.uri, layer.name);
      const item = new vscode.InlayHint(line.range.end, ` ${hint.label}${now ? ` · ${now}` : ''}`, vscode.InlayHintKind.Type);
      item.paddingLeft = true;
      item.tooltip = new vscode.MarkdownString(hint.tooltip());
      return item;
    });
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}

const completionKinds: Record<CompletionKind, vscode.CompletionItemKind> = {
  keyword: vscode.CompletionItemKind.Keyword,
  argument: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
  layer: vscode.CompletionItemKind.Variable,
  section: vscode.CompletionItemKind.Module,
};

const symbolKinds: Record<SymbolKind, vscode.SymbolKind> = {
  model: vscode.SymbolKind.Class,
  layer: vscode.SymbolKind.Field,
  section: vscode.SymbolKind.Property,
};

function toSymbol(symbol: DocumentSymbol): vscode.DocumentSymbol {
  const result = new vscode.DocumentSymbol(symbol.name, symbol.detail, symbolKinds[symbol.kind], toRange(symbol.range), toRange(symbol.selectionRange));
  result.children = symbol.children.map(toSymbol);
  return result;
}

