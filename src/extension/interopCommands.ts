// "NetLens: Import Model…" and "NetLens: Export Model…": the file I/O and dialogs around
// src/core/interop. Import writes a .nn beside the JSON and opens it; export writes a
// TensorFlow.js model (the panel's trained weights when it has trained, else the initial ones)
// or a Keras script. Nothing is written when the core says no.

import * as vscode from 'vscode';
import { initialParams } from '../core/engine/initializers';
import { trainSettings } from '../core/engine/setup';
import { InteropError } from '../core/interop/importError';
import { exportKeras, exportTfjs } from '../core/interop/exportModel';
import { importModel } from '../core/interop/importModel';
import { loadWeights } from '../core/interop/loadWeights';
import { formatCount, render } from '../core/lang/localize';
import { compile, ModelGraph, pickGraph } from '../core/model/graph';
import { Documents, LANGUAGE_ID } from './documents';
import { displayLocale, localize } from './localization';
import { TrainingController } from './panel/trainingController';

const fileName = (uri: vscode.Uri): string => uri.path.split('/').pop() ?? '';

async function readOptional(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch {
    return undefined;
  }
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** The weight files the JSON's manifest lists that exist beside it. */
async function weightFilesBeside(source: vscode.Uri, text: string): Promise<Map<string, ArrayBuffer>> {
  const files = new Map<string, ArrayBuffer>();
  let manifest: unknown;
  try {
    manifest = (JSON.parse(text) as { weightsManifest?: unknown }).weightsManifest;
  } catch {
    return files;
  }
  for (const group of Array.isArray(manifest) ? (manifest as { paths?: unknown }[]) : []) {
    for (const path of Array.isArray(group?.paths) ? group.paths.map(String) : []) {
      const bytes = await readOptional(vscode.Uri.joinPath(source, '..', path));
      if (bytes) files.set(path, toArrayBuffer(bytes));
    }
  }
  return files;
}

function showInteropError(error: unknown, log: vscode.LogOutputChannel): boolean {
  if (!(error instanceof InteropError)) return false;
  const text = render(localize, error.detail);
  log.error(text);
  void vscode.window.showErrorMessage(text);
  return true;
}

export async function importModelCommand(uri: vscode.Uri | undefined, log: vscode.LogOutputChannel): Promise<vscode.Uri | undefined> {
  const source =
    uri ??
    (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [vscode.l10n.t('Keras or TensorFlow.js model')]: ['json'] }, title: vscode.l10n.t('Import a Keras or TensorFlow.js model') }))?.[0];
  if (!source) return undefined;
  const target = vscode.Uri.joinPath(source, '..', `${fileName(source).replace(/\.json$/i, '')}.nn`);
  let result;
  try {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
    result = importModel(text, { fileName: fileName(source), weightFiles: await weightFilesBeside(source, text) });
  } catch (error) {
    if (showInteropError(error, log)) return undefined;
    const text = vscode.l10n.t('Import of {0} failed: {1}. Check that the file exists and is a Keras or TensorFlow.js model.json.', fileName(source), error instanceof Error ? error.message : String(error));
    log.error(text);
    void vscode.window.showErrorMessage(text);
    return undefined;
  }
  if (await readOptional(target)) {
    const overwrite = vscode.l10n.t('Overwrite');
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t('{0} already exists. Overwrite it with the imported model?', fileName(target)), { modal: true }, overwrite);
    if (answer !== overwrite) return undefined;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.text));
  await vscode.window.showTextDocument(target);
  const count = formatCount(result.totalParams, displayLocale());
  void vscode.window.showInformationMessage(
    result.hasWeights
      ? vscode.l10n.t('Imported {0} into {1}: {2} layers, {3} parameters; the weights stay in {0} and load by layer name.', fileName(source), fileName(target), result.layerCount, count)
      : vscode.l10n.t('Imported {0} into {1}: {2} layers, {3} parameters; no weight files, so training starts from seeded values.', fileName(source), fileName(target), result.layerCount, count),
  );
  return target;
}

export type WeightsKind = 'trained' | 'pretrained' | 'initial';

/** What Export Model wrote, for tests and other extensions that run the command. */
export interface ExportResult {
  readonly files: vscode.Uri[];
  readonly weights?: WeightsKind;
}

/** Export Model's choices, passed by a caller that wants no dialogs. */
export interface ExportOptions {
  readonly format?: 'tfjs' | 'keras';
  readonly folder?: vscode.Uri;
}

/** The values to export, which they are, and a phrase that says so. */
async function exportValues(document: vscode.TextDocument, graph: ModelGraph, training: TrainingController): Promise<{ values: Map<string, Float32Array>; kind: WeightsKind; which: string }> {
  const panel = training.openPanel(document.uri);
  if (panel && panel.modelName === graph.name) {
    const weights = await panel.requestWeights();
    if (weights.trained) return { values: new Map(Object.entries(weights.values)), kind: 'trained', which: vscode.l10n.t('the weights the panel trained') };
  }
  const pretrained = await loadWeights(graph, {
    text: async (path) => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(document.uri, '..', path))),
    binary: async (path) => toArrayBuffer(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(document.uri, '..', path))),
  });
  const seed = trainSettings(graph).seed;
  const values = new Map<string, Float32Array>();
  for (const layer of graph.layers) {
    const initial = initialParams(layer, seed);
    for (const spec of layer.params) values.set(`${layer.name}/${spec.name}`, pretrained?.get(`${layer.name}/${spec.name}`) ?? initial[spec.name]);
  }
  return { values, kind: pretrained ? 'pretrained' : 'initial', which: pretrained ? vscode.l10n.t('the weights from {0} (not trained here)', String(graph.training.weights?.attrs.file)) : vscode.l10n.t('the initial weights of seed {0}: train in the panel first to export trained ones', seed) };
}

export async function exportModelCommand(uri: vscode.Uri | undefined, documents: Documents, training: TrainingController, log: vscode.LogOutputChannel, options: ExportOptions = {}): Promise<ExportResult | undefined> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== LANGUAGE_ID) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a .nn model file to export it.'));
    return undefined;
  }
  // The model the panel shows, else the one under the cursor, else the file's first.
  const analysis = documents.analysis(document);
  const editor = vscode.window.activeTextEditor;
  const graph = pickGraph(analysis, compile(analysis).graphs, { name: training.openPanel(document.uri)?.modelName, line: editor?.document === document ? editor.selection.active.line : undefined });
  if (!graph) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Fix the problems in {0} before exporting: see the Problems view.', fileName(document.uri)));
    return undefined;
  }
  const tfjs = { label: vscode.l10n.t('TensorFlow.js layers model'), detail: vscode.l10n.t('model.json and weights.bin, for tf.loadLayersModel'), format: 'tfjs' as const };
  const keras = { label: vscode.l10n.t('Keras Python script'), detail: vscode.l10n.t('A keras.Sequential or functional script that rebuilds the architecture'), format: 'keras' as const };
  const picked = options.format ? [tfjs, keras].find((f) => f.format === options.format) : await vscode.window.showQuickPick([tfjs, keras], { title: vscode.l10n.t('Export {0} as', graph.name) });
  if (!picked) return undefined;
  const folder = options.folder ?? (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, defaultUri: vscode.Uri.joinPath(document.uri, '..'), openLabel: vscode.l10n.t('Export Here') }))?.[0];
  if (!folder) return undefined;
  try {
    if (picked.format === 'keras') {
      const target = vscode.Uri.joinPath(folder, `${graph.name}.py`);
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(exportKeras(graph, fileName(document.uri))));
      void vscode.window.showInformationMessage(vscode.l10n.t('Wrote {0}: a Keras script that rebuilds the architecture.', fileName(target)));
      return { files: [target] };
    }
    const { values, kind, which } = await exportValues(document, graph, training);
    const artifacts = exportTfjs(graph, values);
    const modelJson = vscode.Uri.joinPath(folder, 'model.json');
    const weightsBin = vscode.Uri.joinPath(folder, artifacts.weightsFileName);
    await vscode.workspace.fs.writeFile(modelJson, new TextEncoder().encode(artifacts.modelJson));
    await vscode.workspace.fs.writeFile(weightsBin, new Uint8Array(artifacts.weightsBin));
    void vscode.window.showInformationMessage(vscode.l10n.t('Exported {0} to model.json and weights.bin with {1}.', graph.name, which));
    return { files: [modelJson, weightsBin], weights: kind };
  } catch (error) {
    if (showInteropError(error, log)) return undefined;
    // A file system or panel failure: its detail may be English, the sentence around it is not.
    const text = vscode.l10n.t('Export of {0} failed: {1}. Check that the folder exists and can be written, then export again.', graph.name, error instanceof Error ? error.message : String(error));
    log.error(text);
    void vscode.window.showErrorMessage(text);
    return undefined;
  }
}
