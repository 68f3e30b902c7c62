// Golden files: compare with the file under test/golden, or rewrite it when UPDATE_GOLDEN=1.

import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const GOLDEN_ROOT = join(__dirname, '..', 'golden');

export function matchGolden(relativePath: string, actual: string): void {
  const file = join(GOLDEN_ROOT, relativePath);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `golden file ${relativePath} is missing: run with UPDATE_GOLDEN=1 to create it, then review it`);
  assert.equal(actual, readFileSync(file, 'utf8'), `output differs from golden file ${relativePath}`);
}
