// Shared by the data-set tests: compile a model file to the graph the engine gets, describe a
// model by hand, and host ports over the real file system (dist/ for bundled assets).

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/lang/checker';
import { SectionInfo } from '../../../src/core/lang/analysis';
import { Dim } from '../../../src/core/lang/shape';
import { DataPorts, ModelFacts } from '../../../src/core/data/dataset';
import { compile, ModelGraph, SectionConfig } from '../../../src/core/model/graph';
import { DataError, DataErrorCode } from '../../../src/core/data/dataError';

export const ROOT = join(__dirname, '..', '..', '..');

/** The first model of `text`, compiled; the test fails on any error diagnostic. */
export function compileModel(text: string): { graph: ModelGraph; data: SectionInfo | undefined } {
  const analysis = analyze(text);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => d.message.template), [], `the test model has errors:\n${text}`);
  const { graphs } = compile(analysis);
  return { graph: graphs[0], data: analysis.models[0].sections.data };
}

export function facts(inputs: [string, Dim[], ('float32' | 'int32')?][], output: Dim[], loss?: string): ModelFacts {
  return {
    inputs: inputs.map(([name, shape, dtype]) => ({ name, shape, dtype: dtype ?? 'float32' })),
    output: { name: 'out', shape: output },
    ...(loss ? { loss } : {}),
  };
}

export function config(name: string, attrs: SectionConfig['attrs'] = {}): SectionConfig {
  return { name, line: 0, attrs };
}

/** Builds dist/mnist-subset.bin with the build's own script when a bare `npx mocha` runs before any build. */
export function mnistAssetPath(): string {
  const path = join(ROOT, 'dist', 'mnist-subset.bin');
  if (!existsSync(path)) {
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'mnistSubset.mjs'), path], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  }
  return path;
}

/** Ports as the extension host gives them: files next to the model in `dir`, assets from dist/. */
export function nodePorts(files: Record<string, string> = {}): DataPorts {
  return {
    async readFile(relativePath) {
      if (!(relativePath in files)) throw new Error(`ENOENT: no such file or directory, open '${relativePath}'`);
      return files[relativePath];
    },
    async loadAsset(name) {
      const path = name === 'mnist-subset.bin' ? mnistAssetPath() : join(ROOT, 'dist', name);
      return new Uint8Array(readFileSync(path));
    },
  };
}

/** Awaits a promise that must reject with a DataError of this code; returns the error. */
export async function rejectsWith(promise: Promise<unknown>, code: DataErrorCode): Promise<DataError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DataError, `expected a DataError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected a DataError '${code}', but it resolved`);
}
