// Small shared pieces of the CLI: reading a model file with a clear error, exit codes,
// and the usage error type that maps to exit code 2.

import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';

export const EXIT_OK = 0;
export const EXIT_MODEL_ERRORS = 1;
export const EXIT_USAGE = 2;

/** Bad usage: unknown command or option, missing or unreadable file. Exit code 2. */
export class UsageError extends Error {}

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
    throw new UsageError(code === 'ENOENT' ? `no such file: ${path}` : code === 'EISDIR' ? `${path} is a folder, not a model file` : `cannot read ${path}: ${(error as Error).message}`);
  }
  return { path, text, modelName: basename(path, extname(path)) };
}
