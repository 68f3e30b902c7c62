// tfjs backends for the command line: WASM (much faster than the CPU backend in Node: a LeNet
// step ≈ 16 ms against ≈ 1,600 ms) with the CPU backend as the fallback. The .wasm binaries
// lie next to the bundled CLI in dist/ (esbuild.mjs copies them) or, from source, in
// node_modules.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerMissingWasmKernels } from '../core/engine/kernels/wasmKernels';
import { UsageError } from './io';

export type BackendPreference = 'auto' | 'cpu' | 'wasm';

const WASM_FILE = 'tfjs-backend-wasm.wasm';
let wasmPathsSet = false;

/** The folder holding tfjs' .wasm binaries: next to this bundle, else the installed package. */
export function wasmFolder(): string | undefined {
  const candidates = [__dirname];
  try {
    candidates.push(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist');
  } catch {
    // Bundled without node_modules: only dist/ can hold them.
  }
  return candidates.find((folder) => existsSync(join(folder, WASM_FILE)));
}

/** Picks and readies a backend; `reason` says why it is that one (shown by --verbose, logged). */
export async function initTf(preference: BackendPreference): Promise<{ backend: string; reason: string }> {
  // tfjs' only Node chatter is the CPU backend's "install tfjs-node" banner; prod mode silences it.
  tf.env().set('PROD', true);
  // The package registers itself on import; a bundler that drops bare imports would lose it.
  if (!tf.findBackendFactory('cpu')) tf.registerBackend('cpu', () => new MathBackendCPU(), 1);
  if (preference === 'cpu') return use('cpu', 'asked for');
  const failure = await tryWasm();
  if (!failure) return { backend: 'wasm', reason: preference === 'wasm' ? 'asked for' : 'fastest available in Node' };
  if (preference === 'wasm') throw new UsageError('The WASM backend is not available: {0}. Leave out --backend wasm (auto falls back to cpu).', failure);
  return use('cpu', `WASM unavailable (${failure})`);
}

async function use(backend: string, reason: string): Promise<{ backend: string; reason: string }> {
  if (!(await tf.setBackend(backend))) throw new UsageError('The {0} backend did not start. Try --backend cpu.', backend);
  await tf.ready();
  return { backend, reason };
}

/** Undefined when WASM is ready, else why not. */
async function tryWasm(): Promise<string | undefined> {
  try {
    // The paths can be set only before the backend's first start (tf.findBackend would start it).
    if (!wasmPathsSet) {
      const folder = wasmFolder();
      if (!folder) return `${WASM_FILE} not found next to the CLI`;
      setWasmPaths(join(folder, '/'));
      wasmPathsSet = true;
    }
    // CNNs and embeddings train on WASM only with the gradient kernels it lacks.
    registerMissingWasmKernels();
    return (await tf.setBackend('wasm')) ? (await tf.ready(), undefined) : 'it did not start';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
