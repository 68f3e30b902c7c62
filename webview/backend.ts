// Which tfjs backend the page trains on, by what the machine really has: WebGPU only on a
// real (not fallback) adapter, WebGL only on a hardware renderer (not SwiftShader or
// llvmpipe), then WASM, then CPU. Among the candidates left, a short calibration on the
// user's own model picks the fastest. A setting can force one.

import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { BackendChoice, BackendName, BackendPreference } from '../src/core/protocol/panel';
import { Dataset } from '../src/core/data/dataset';
import { registerMissingWasmKernels } from '../src/core/engine/kernels/wasmKernels';
import { ModelGraph } from '../src/core/model/graph';
import { TrainSettings } from '../src/core/engine/training';
import { t } from './l10n';
import { calibrate } from './pageEngine';

export interface Candidate {
  readonly backend: BackendName;
  readonly usable: boolean;
  readonly reason: string;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

interface AdapterLike {
  readonly isFallbackAdapter?: boolean;
  readonly info?: { vendor?: string; architecture?: string; description?: string; device?: string; isFallbackAdapter?: boolean };
}

export async function probeWebGpu(): Promise<Candidate> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(options?: object): Promise<AdapterLike | null> } }).gpu;
  if (!gpu) return { backend: 'webgpu', usable: false, reason: t('WebGPU is not available in this view') };
  let adapter: AdapterLike | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return { backend: 'webgpu', usable: false, reason: t('WebGPU adapter request failed: {0}', String(error)) };
  }
  if (!adapter) return { backend: 'webgpu', usable: false, reason: t('no WebGPU adapter (no usable GPU)') };
  const info = adapter.info ?? {};
  const name = [info.vendor, info.architecture, info.description || info.device].filter(Boolean).join(' ') || 'GPU';
  if (adapter.isFallbackAdapter || info.isFallbackAdapter) return { backend: 'webgpu', usable: false, reason: t('only a software WebGPU adapter ({0})', name) };
  return { backend: 'webgpu', usable: true, reason: name };
}

export function probeWebGl(): Candidate {
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2') as WebGL2RenderingContext | null;
  if (!gl) return { backend: 'webgl', usable: false, reason: t('WebGL 2 is not available') };
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  if (SOFTWARE_RENDERER.test(renderer)) return { backend: 'webgl', usable: false, reason: t('software WebGL renderer ({0})', renderer) };
  return { backend: 'webgl', usable: true, reason: renderer };
}

export async function probeAll(): Promise<Candidate[]> {
  return [
    await probeWebGpu(),
    probeWebGl(),
    { backend: 'wasm', usable: typeof WebAssembly === 'object', reason: typeof WebAssembly === 'object' ? t('WebAssembly') : t('WebAssembly is not available') },
    { backend: 'cpu', usable: true, reason: t('plain JavaScript') },
  ];
}

/** Registers the WASM backend's binaries from the extension's dist/ (never a CDN). */
export function configureWasm(assetsBase: string): void {
  setWasmPaths(assetsBase.endsWith('/') ? assetsBase : `${assetsBase}/`);
  // CNNs and embeddings train on WASM only with the gradient kernels it lacks.
  registerMissingWasmKernels();
}

/** Switches tfjs to a backend; false when it fails to initialise. */
export async function activate(backend: BackendName): Promise<boolean> {
  try {
    return (await tf.setBackend(backend)) && tf.getBackend() === backend;
  } catch {
    return false;
  }
}

/**
 * Chooses the backend: the forced one when the preference names it and it initialises; else
 * the usable candidates, each timed by `measure` (ms per step of the user's model), fastest wins.
 */
export async function chooseBackend(preference: BackendPreference, measure: (backend: BackendName) => Promise<number>): Promise<BackendChoice> {
  const candidates = await probeAll();
  if (preference !== 'auto') {
    if (await activate(preference)) return { backend: preference, reason: t('set in the netlens.backend setting') };
  }
  const usable = candidates.filter((c) => c.usable);
  const skipped = candidates.filter((c) => !c.usable).map((c) => `${c.backend}: ${c.reason}`);
  const calibration: Partial<Record<BackendName, number>> = {};
  let best: BackendName | undefined;
  for (const candidate of usable) {
    if (!(await activate(candidate.backend))) continue;
    try {
      calibration[candidate.backend] = await measure(candidate.backend);
    } catch {
      continue;
    }
    if (best === undefined || calibration[candidate.backend]! < calibration[best]!) best = candidate.backend;
  }
  best ??= 'cpu';
  await activate(best);
  const timing = Object.entries(calibration).map(([name, ms]) => `${name} ${ms!.toFixed(1)} ms`).join(', ');
  const why = [timing && t('fastest on this model ({0})', timing), ...skipped].filter(Boolean).join('; ');
  return { backend: best, reason: why, calibration };
}

/**
 * The backend for a model: calibrated on a few fused steps of the model itself when it can
 * train; a model without data is only drawn, so the first usable candidate does.
 */
export async function calibrateAndChoose(preference: BackendPreference, graph: ModelGraph | undefined, dataset: Dataset | undefined, settings: TrainSettings | undefined): Promise<BackendChoice> {
  return chooseBackend(preference, async (backend) => {
    if (!graph || !dataset || !settings) return ({ webgpu: 1, webgl: 2, wasm: 3, cpu: 4 } as const)[backend];
    return calibrate(graph, dataset, { batchSize: settings.batchSize, seed: settings.seed });
  });
}
