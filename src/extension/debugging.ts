// The debugger in VS Code: the NetLens debug adapter runs inline in the extension host, F5
// works without a launch.json, "NetLens: Debug Model" starts it from the palette or the editor
// title, and each layer line shows its output's statistics or its gradient's norm while stopped.

import * as vscode from 'vscode';
import { NetLensDebugSession } from '../debug/session';
import { FileAccessor } from '../debug/runtime';
import { compile, pickGraph } from '../core/model/graph';
import { Documents, LANGUAGE_ID, SELECTOR, activeModelDocument } from './documents';

const DEBUG_TYPE = 'netlens';

/** Model text from an open editor when there is one (unsaved edits included), else from disk. */
function filesFor(extension: vscode.Uri): FileAccessor {
  return {
    async readFile(path) {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path);
      if (open) return open.getText();
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(path)));
    },
    loadAsset: async (name) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension, 'dist', name)),
  };
}

class InlineAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly extension: vscode.Uri) {}

  createDebugAdapterDescriptor(): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    return new vscode.DebugAdapterInlineImplementation(new NetLensDebugSession(filesFor(this.extension)));
  }
}

/**
 * F5 with no launch.json debugs the model in the active editor, in VS Code's language; in a
 * file of several models, the one under the cursor (unless the configuration names one).
 */
class ConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly documents: Documents) {}

  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.ProviderResult<vscode.DebugConfiguration> {
    if (!config.type && !config.request && !config.name) {
      const editor = vscode.window.activeTextEditor;
      if (editor?.document.languageId !== LANGUAGE_ID) return config;
      Object.assign(config, { type: DEBUG_TYPE, name: vscode.l10n.t('Debug model'), request: 'launch', program: '${file}', stopOnEntry: true, seed: 1 });
    }
    if (!config.program) {
      return vscode.window.showInformationMessage(vscode.l10n.t('Open a model file (.nn) to debug it.')).then(() => undefined);
    }
    if (config.runtime === 'webview') vscode.window.showInformationMessage(vscode.l10n.t('The webview runtime is not available to the debugger yet: the engine runs in the extension host.'));
    config.locale ??= vscode.env.language;
    return config;
  }

  /** After ${file} is substituted: the program is a path to compare with the active editor's. */
  resolveDebugConfigurationWithSubstitutedVariables(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration {
    const editor = vscode.window.activeTextEditor;
    if (config.model === undefined && editor?.document.languageId === LANGUAGE_ID && editor.document.uri.scheme === 'file' && editor.document.uri.fsPath === config.program) {
      const analysis = this.documents.analysis(editor.document);
      if (analysis.models.length > 1) config.model = pickGraph(analysis, compile(analysis).graphs, { line: editor.selection.active.line })?.name;
    }
    return config;
  }
}

/** Next to each layer line: `mean · std` going forward, ‖grad‖ once the backward pass reached it. */
class InlineValues implements vscode.InlineValuesProvider {
  async provideInlineValues(document: vscode.TextDocument, viewport: vscode.Range): Promise<vscode.InlineValue[]> {
    const session = vscode.debug.activeDebugSession;
    if (session?.type !== DEBUG_TYPE) return [];
    const { values } = (await session.customRequest('netlensInlineValues')) as { values: { line: number; text: string }[] };
    return values
      .filter((v) => v.line >= viewport.start.line && v.line <= viewport.end.line && v.line < document.lineCount)
      .map((v) => new vscode.InlineValueText(document.lineAt(v.line).range, v.text));
  }
}

async function debugModel(uri?: vscode.Uri): Promise<boolean> {
  const target = uri ?? activeModelDocument()?.uri;
  if (!target) {
    vscode.window.showInformationMessage(vscode.l10n.t('Open a model file (.nn) to debug it.'));
    return false;
  }
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(target), { type: DEBUG_TYPE, name: vscode.l10n.t('Debug model'), request: 'launch', program: target.fsPath, stopOnEntry: true, seed: 1 });
}

export function registerDebugging(context: vscode.ExtensionContext, documents: Documents): vscode.Disposable[] {
  return [
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new InlineAdapterFactory(context.extensionUri)),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new ConfigurationProvider(documents)),
    vscode.languages.registerInlineValuesProvider(SELECTOR, new InlineValues()),
    vscode.commands.registerCommand('netlens.debugModel', (uri?: unknown) => debugModel(uri instanceof vscode.Uri ? uri : undefined)),
  ];
}
