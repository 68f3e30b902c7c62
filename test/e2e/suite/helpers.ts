// What the integration tests share: the samples folder, opening a sample, and waiting on a
// condition (polling with a deadline) instead of sleeping.
import * as vscode from 'vscode';

export function sampleUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test window must have samples/ open as its folder');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

export async function openSample(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(sampleUri(relativePath));
  return vscode.window.showTextDocument(document);
}

/** Polls `probe` until it returns a value that `isDone` accepts; fails with the last value. */
export async function waitFor<T>(probe: () => T | PromiseLike<T>, isDone: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    try {
      last = await probe();
      if (isDone(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = lastError ? String(lastError) : JSON.stringify(last, null, 1)?.slice(0, 1500);
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; last seen: ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** The line of the first statement that starts with `prefix` (e.g. 'conv2d    conv2'). */
export function lineOf(document: vscode.TextDocument, prefix: string): number {
  for (let line = 0; line < document.lineCount; line++) {
    if (document.lineAt(line).text.startsWith(prefix)) return line;
  }
  throw new Error(`no line starts with '${prefix}' in ${document.uri.path}`);
}

/** Hover contents as plain text (markdown escapes removed). */
export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n')
    .replace(/\\([\\`*_{}[\]<>#|])/g, '$1');
}
