// "NetLens: Open Course Samples": a quick pick of the course map that opens the chosen sample.
// The samples ship inside the extension, where edits would be lost on update; so the first
// time it offers to copy them into the workspace or a chosen folder (a teacher's copy to change
// and hand out), remembers that folder, and opens samples from there.

import * as vscode from 'vscode';
import { COURSE, CourseLanguage } from '../core/course/courseMap';
import { displayLocale } from './localization';

const FOLDER_KEY = 'netlens.courseFolder';
/** The folder a copy goes into, inside the place the user picks. */
export const COPY_FOLDER = 'netlens-course';

export interface OpenCourseSampleOptions {
  /** A sample's file name: skips the pick (the walkthrough's links use it). */
  readonly sample?: string;
  /** Copy the samples into this folder without asking (tests, scripts). */
  readonly copyTo?: string;
  /** Open the installed copy, read-only, without asking. */
  readonly readOnly?: boolean;
}

interface SampleItem extends vscode.QuickPickItem {
  readonly file?: string;
}

export class CourseSamples {
  constructor(private readonly context: vscode.ExtensionContext) {}

  private get installed(): vscode.Uri {
    return vscode.Uri.joinPath(this.context.extensionUri, 'samples');
  }

  /** The command: returns the opened document's URI, or undefined when the user cancelled. */
  async open(options: OpenCourseSampleOptions = {}): Promise<vscode.Uri | undefined> {
    const file = options.sample ?? (await this.pickSample());
    if (!file) return undefined;
    if (!(await exists(vscode.Uri.joinPath(this.installed, file)))) {
      void vscode.window.showWarningMessage(vscode.l10n.t("The sample '{0}' is not in this version of NetLens.", file));
      return undefined;
    }
    if (options.readOnly) return this.openInstalled(file);
    const folder = options.copyTo ? await this.copyInto(vscode.Uri.file(options.copyTo)) : ((await this.existingCopy(file)) ?? (await this.askWhere()));
    if (folder === 'installed') return this.openInstalled(file);
    if (!folder) return undefined;
    const target = vscode.Uri.joinPath(folder, file);
    // A copy made by an older NetLens may lack a newer sample: add the missing ones.
    if (!(await exists(target))) await this.copyInto(folder, false);
    await vscode.window.showTextDocument(target, { preview: false });
    return target;
  }

  private async pickSample(): Promise<string | undefined> {
    const language: CourseLanguage = displayLocale() === 'es' ? 'es' : 'en';
    const items: SampleItem[] = [];
    for (const topic of COURSE) {
      items.push({ label: `${topic.number}. ${topic.title[language]}`, kind: vscode.QuickPickItemKind.Separator });
      for (const sample of topic.samples) items.push({ label: sample.file, description: topic.title[language], detail: sample.look[language], file: sample.file });
    }
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('NetLens course samples'),
      placeHolder: vscode.l10n.t('Pick a sample: topics follow the course notes'),
      matchOnDescription: true,
      matchOnDetail: true,
    });
    return picked?.file;
  }

  /** A workspace folder or the remembered folder that already holds the samples. */
  private async existingCopy(file: string): Promise<vscode.Uri | undefined> {
    const remembered = this.context.globalState.get<string>(FOLDER_KEY);
    const candidates = [
      ...(vscode.workspace.workspaceFolders ?? []).flatMap((f) => [f.uri, vscode.Uri.joinPath(f.uri, COPY_FOLDER), vscode.Uri.joinPath(f.uri, 'samples')]),
      ...(remembered ? [vscode.Uri.parse(remembered)] : []),
    ];
    for (const folder of candidates) if (await exists(vscode.Uri.joinPath(folder, file))) return folder;
    return remembered ? vscode.Uri.parse(remembered) : undefined;
  }

  private async askWhere(): Promise<vscode.Uri | 'installed' | undefined> {
    type Choice = vscode.QuickPickItem & { readonly choice: 'workspace' | 'folder' | 'installed' };
    const workspace = vscode.workspace.workspaceFolders?.[0];
    const choices: Choice[] = [
      ...(workspace ? [{ choice: 'workspace' as const, label: vscode.l10n.t('Copy the samples into this workspace'), detail: vscode.l10n.t('Into {0}: edit them freely; a teacher can change them and hand them out.', `${workspace.name}/${COPY_FOLDER}`) }] : []),
      { choice: 'folder', label: vscode.l10n.t('Copy the samples into a folder…'), detail: vscode.l10n.t('Pick a folder; NetLens opens the samples from there from now on.') },
      { choice: 'installed', label: vscode.l10n.t('Only look (read-only)'), detail: vscode.l10n.t("Open the copy installed with NetLens, which can't be edited.") },
    ];
    const picked = await vscode.window.showQuickPick(choices, { title: vscode.l10n.t('Where should the course samples live?'), ignoreFocusOut: true });
    if (!picked) return undefined;
    if (picked.choice === 'installed') return 'installed';
    if (picked.choice === 'workspace' && workspace) return this.copyInto(vscode.Uri.joinPath(workspace.uri, COPY_FOLDER));
    const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: vscode.l10n.t('Copy Samples Here') });
    return chosen?.[0] ? this.copyInto(vscode.Uri.joinPath(chosen[0], COPY_FOLDER)) : undefined;
  }

  /** Copies every shipped sample (subfolders too) that `folder` lacks; never overwrites. */
  async copyInto(folder: vscode.Uri, announce = true): Promise<vscode.Uri> {
    const copied = await copyMissing(this.installed, folder);
    await this.context.globalState.update(FOLDER_KEY, folder.toString());
    if (announce) void vscode.window.showInformationMessage(vscode.l10n.t('Copied {0} samples into {1}. Files that were already there were kept.', copied, folder.fsPath));
    return folder;
  }

  private async openInstalled(file: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.joinPath(this.installed, file);
    await vscode.window.showTextDocument(uri, { preview: false });
    // Edits to the installed copy would be lost on the next update.
    await vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession');
    return uri;
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function copyMissing(from: vscode.Uri, to: vscode.Uri): Promise<number> {
  await vscode.workspace.fs.createDirectory(to);
  let copied = 0;
  for (const [name, type] of await vscode.workspace.fs.readDirectory(from)) {
    const source = vscode.Uri.joinPath(from, name);
    const target = vscode.Uri.joinPath(to, name);
    if (type === vscode.FileType.Directory) copied += await copyMissing(source, target);
    else if (!(await exists(target))) {
      await vscode.workspace.fs.copy(source, target);
      copied++;
    }
  }
  return copied;
}

export function registerCourseSamples(context: vscode.ExtensionContext): vscode.Disposable[] {
  const samples = new CourseSamples(context);
  return [
    // The walkthrough's "open a sample" link: its own id, so that step ticks on its own.
    vscode.commands.registerCommand('netlens.openCourseSample', (file?: unknown) => samples.open(typeof file === 'string' ? { sample: file } : {})),
    vscode.commands.registerCommand('netlens.openCourseSamples', (options?: unknown) =>
      samples.open(typeof options === 'string' ? { sample: options } : typeof options === 'object' && options !== null ? (options as OpenCourseSampleOptions) : {}),
    ),
  ];
}
