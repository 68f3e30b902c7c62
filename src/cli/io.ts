// Small shared pieces of the CLI: reading a model file with a clear error, exit codes,
// and the usage error type that maps to exit code 2.

import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { fillTemplate, message, Message, MessageArg } from '../core/lang/localize';

export const EXIT_OK = 0;
export const EXIT_MODEL_ERRORS = 1;
export const EXIT_USAGE = 2;

/**
 * Bad usage: unknown command or option, missing or unreadable file. Exit code 2. It carries a
 * template so main() prints it in the user's language (it is thrown before a translator exists).
 */
export class UsageError extends Error {
  readonly detail: Message;
  constructor(template: string, ...args: MessageArg[]) {
    super(fillTemplate(template, args));
    this.detail = message(template, ...args);
  }
}

export interface ModelFile {
  readonly path: string;
  readonly text: string;
  readonly modelName: string;
}

export function readModelFile(path: string | undefined): ModelFile {
  if (!path) throw new UsageError('missing FILE: give the path of a .nn model file');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError('no such file: {0}', path);
    if (code === 'EISDIR') throw new UsageError('{0} is a folder, not a model file', path);
    throw new UsageError('cannot read {0}: {1}', path, (error as Error).message);
  }
  return { path, text, modelName: basename(path, extname(path)) };
}
