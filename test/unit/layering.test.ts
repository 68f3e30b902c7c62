// The layering rule, checked on the imports themselves: src/core sees no host (no vscode, no
// DOM, no node:* I/O), and the debug adapter imports no vscode.

import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

describe('layering', () => {
  it('src/core imports no vscode, no node:* modules, and nothing outside src/core', () => {
    const offenders: string[] = [];
    for (const file of files(join(ROOT, 'src', 'core'))) {
      for (const spec of imports(file)) {
        const outside = spec.startsWith('.') && !join(file, '..', spec).startsWith(join(ROOT, 'src', 'core'));
        if (spec === 'vscode' || spec.startsWith('node:') || ['fs', 'path', 'os', 'child_process'].includes(spec) || outside) {
          offenders.push(`${relative(ROOT, file)} imports ${spec}`);
        }
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('src/core uses no DOM globals', () => {
    const offenders = files(join(ROOT, 'src', 'core')).filter((file) => /\b(document|window|navigator)\.\w/.test(readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '')));
    assert.deepEqual(offenders.map((f) => relative(ROOT, f)), []);
  });
});
