// Packages the built extension as a VSIX for code-server's --install-extension (offline, ≈ 2 s).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './codeServer.mjs';

export const vsixPath = join(repoRoot, '.vscode-test/netlens.vsix');

export function packageExtension() {
  mkdirSync(join(repoRoot, '.vscode-test'), { recursive: true });
  // --no-rewrite-relative-links: README's links to ARCHITECTURE.md need no absolute base here.
  const result = spawnSync(join(repoRoot, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--no-rewrite-relative-links', '-o', vsixPath], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vsce package failed:\n${result.stdout}\n${result.stderr}`);
  return vsixPath;
}
