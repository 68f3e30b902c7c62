// The browser half of scripts/bench-panel.ts: times fused and stepped training steps of a
// model on one tfjs backend inside Chromium, as the panel runs them.
import * as tf from '@tensorflow/tfjs-core';
import { Dataset } from '../src/core/data/dataset';
import { fusedStep } from '../src/core/engine/fusedStep';
import { createTraining } from '../src/core/engine/setup';
import { StepSession } from '../src/core/engine/stepper';
import { disposeBatch } from '../src/core/engine/training';
import { ModelGraph } from '../src/core/model/graph';
import { activate, configureWasm, probeWebGpu } from '../webview/backend';

interface Plain {
  readonly shape: number[];
  readonly values: number[];
}

async function benchStep(graph: ModelGraph, input: Plain, targets: Plain, backend: 'webgpu' | 'webgl' | 'wasm' | 'cpu', assets: string, steps: number) {
  configureWasm(assets);
  if (!(await activate(backend))) return { error: `${backend} does not initialise here` };
  const split = { inputs: [{ shape: input.shape, dtype: 'float32' as const, values: Float32Array.from(input.values) }], targets: { shape: targets.shape, dtype: 'float32' as const, values: Float32Array.from(targets.values) } };
  const empty = { inputs: [{ shape: [0, ...input.shape.slice(1)], dtype: 'float32' as const, values: new Float32Array(0) }], targets: { shape: [0, ...targets.shape.slice(1)], dtype: 'float32' as const, values: new Float32Array(0) } };
  const dataset: Dataset = { name: 'random', train: split, validation: empty, task: 'multiclass', classes: targets.shape[1] };
  const setup = createTraining(graph, dataset, { engine: 'tfjs', shuffle: false });
  const time = async (stepped: boolean): Promise<number> => {
    const samples: number[] = [];
    for (let i = 0; i < steps + 2; i++) {
      const batch = setup.trainer.nextBatch();
      const started = performance.now();
      if (stepped) {
        const session = new StepSession(setup.network, setup.objective, setup.optimizer, batch, i);
        session.commit();
        await session.loss.data();
        session.dispose();
      } else {
        const loss = fusedStep(setup.network, setup.objective, setup.optimizer, batch, i);
        await loss.data();
        loss.dispose();
      }
      disposeBatch(batch);
      // The first two compile kernels and shaders.
      if (i >= 2) samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)];
  };
  try {
    const fused = await time(false);
    const stepped = await time(true);
    const adapter = backend === 'webgpu' ? (await probeWebGpu()).reason : backend === 'webgl' ? String((tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl?.getParameter(0x1f01) ?? '') : '';
    return { fused, stepped, ratio: stepped / fused, adapter };
  } finally {
    setup.dispose();
  }
}

(window as unknown as { benchStep: typeof benchStep }).benchStep = benchStep;
