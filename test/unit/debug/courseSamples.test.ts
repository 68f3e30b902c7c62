// Every top-level sample in samples/ under the real debug adapter (dist/debugAdapter.js in its
// own process, driven by a DAP client as VS Code drives it): `next` walks one whole training
// step (forward stops top to bottom, the loss, backward stops bottom to top, the update), every
// scope's variables read at each stop, and 50 more steps leave tf.memory().numTensors where it
// was. A GAN and a model without data are refused with their message and line; a `compare` file
// is stepped as written, and the Debug Console says, in English and in Spanish, where its runs train.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';
import { prepare } from '../../../src/cli/engineRun';
import { runVariants } from '../../../src/core/engine/compare';
import { createTraining } from '../../../src/core/engine/setup';
import { LanguageService } from '../../../src/core/lang/languageService';
import { ModelGraph } from '../../../src/core/model/graph';
import { graphOf } from '../../helpers/graph';

const ROOT = join(__dirname, '..', '..', '..');
const ADAPTER = join(ROOT, 'dist', 'debugAdapter.js');
const SAMPLES = readdirSync(join(ROOT, 'samples')).filter((f) => f.endsWith('.nn')).sort();
const BATCH = 4;
/** WASM: the backend a user's machine without a GPU trains on (and conv layers' fastest here). */
const BACKEND = 'wasm';
const FURTHER_STEPS = 50;

/** The training steps the adapter will take on `program` (batch 4, the train line's epochs). */
async function stepsOf(program: string): Promise<number> {
  const prepared = await prepare({ path: program, text: readFileSync(program, 'utf8'), modelName: 'm' }, new LanguageService(), BACKEND, 1, {
    readFile: (path) => Promise.resolve(readFileSync(join(program, '..', path), 'utf8')),
    loadAsset: (name) => Promise.resolve(new Uint8Array(readFileSync(join(ROOT, 'dist', name)))),
  });
  const setup = createTraining(prepared.graph, prepared.dataset, { seed: 1, batchSize: BATCH });
  try {
    return setup.settings.epochs * setup.trainer.stepsPerEpoch;
  } finally {
    setup.dispose();
  }
}

type Kind = 'gan' | 'untrainable' | 'steps';

function kindOf(graph: ModelGraph): Kind {
  if (graph.training.gan) return 'gan';
  return graph.training.data && graph.training.loss ? 'steps' : 'untrainable';
}

describe('debug adapter on every course sample (DAP, dist/debugAdapter.js)', function () {
  this.timeout(60_000);
  let dc: DebugClient;
  let console: string[];
  let terminated: Promise<undefined>;

  before(() => {
    if (!existsSync(ADAPTER)) spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  });

  beforeEach(async () => {
    dc = new DebugClient('node', ADAPTER, 'netlens');
    await dc.start();
    console = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => console.push(e.body.output));
    terminated = new Promise((resolve) => dc.once('terminated', () => resolve(undefined)));
  });

  afterEach(() => dc.stop());

  function launch(program: string, locale = 'en'): Promise<unknown> {
    return Promise.all([
      dc.waitForEvent('initialized').then(() => dc.configurationDoneRequest()),
      dc.launch({ program, stopOnEntry: true, seed: 1, batch: BATCH, backend: BACKEND, locale }),
    ]);
  }

  /** The next stop, or undefined when the session ended instead. */
  async function move(request: 'next' | 'continue', timeoutMs = 5000): Promise<DebugProtocol.StoppedEvent | undefined> {
    const stopped = Promise.race([dc.waitForEvent('stopped', timeoutMs) as Promise<DebugProtocol.StoppedEvent>, terminated]);
    await dc.send(request, { threadId: 1 });
    return stopped;
  }

  async function frames(): Promise<string[]> {
    return (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames.map((f) => f.name);
  }

  /** Reads every scope and its variables (one level down too): none may fail or say NaN in a name. */
  async function readAllVariables(where: string): Promise<number> {
    let count = 0;
    const scopes = (await dc.scopesRequest({ frameId: 0 })).body.scopes;
    assert.ok(scopes.length > 0, `${where}: no scopes`);
    for (const scope of scopes) {
      for (const variable of (await dc.variablesRequest({ variablesReference: scope.variablesReference })).body.variables) {
        count++;
        assert.match(variable.value, /\S/, `${where}: ${scope.name}/${variable.name} shows nothing`);
        if (variable.variablesReference > 0) await dc.variablesRequest({ variablesReference: variable.variablesReference });
      }
    }
    return count;
  }

  for (const sample of SAMPLES) {
    const program = join(ROOT, 'samples', sample);
    const graph = graphOf(readFileSync(program, 'utf8'));
    const kind = kindOf(graph);
    const lineOf = (line: number) => `${sample.replace('.', '\\.')}:${line + 1}: `;

    if (kind === 'gan') {
      it(`${sample}: refuses to step a GAN at its gan line, and says how to train it`, async () => {
        await assert.rejects(launch(program), new RegExp(`^Error: ${lineOf(graph.training.gan!.line)}A GAN trains its discriminator and its generator in turn.*Train in the panel`));
      });
      continue;
    }
    if (kind === 'untrainable') {
      it(`${sample}: says it cannot be stepped without a data and a loss line`, async () => {
        await assert.rejects(launch(program), new RegExp(`^Error: ${lineOf(graph.line)}The model has no '(loss|data)' line: add one`));
      });
      continue;
    }

    it(`${sample}: next walks one whole training step, every stop's variables read; ${FURTHER_STEPS} more steps leak nothing`, async () => {
      await launch(program);
      const start = await frames();
      assert.deepEqual(start.slice(1), ['forward', 'batch 1', 'epoch 1'], `${sample}: the entry stop`);
      const phases: string[] = [];
      const layers: string[] = [];
      let stack = start;
      let ended = false;
      for (let i = 0; i < 200 && stack[2] === 'batch 1' && stack[3] === 'epoch 1'; i++) {
        phases.push(stack[1]);
        layers.push(stack[0]);
        assert.ok((await readAllVariables(`${stack.join(' › ')}`)) > 0, `${sample} ${stack[0]}: no variables`);
        ended = !(await move('next'));
        if (ended) break;
        stack = await frames();
      }
      // One step: a forward stop per layer, the loss, a backward stop per layer, the update.
      const run = phases.map((p, i) => (i && phases[i - 1] === p ? '' : p)).filter(Boolean);
      assert.deepEqual(run, ['forward', 'loss', 'backward', 'update'], `${sample}: ${phases.join(', ')}`);
      const forward = layers.filter((_, i) => phases[i] === 'forward');
      const backward = layers.filter((_, i) => phases[i] === 'backward');
      assert.deepEqual(forward, graph.layers.map((l) => l.name), `${sample}: forward stops`);
      assert.deepEqual([...backward].reverse(), forward.filter((name) => backward.includes(name)), `${sample}: backward stops, in reverse order`);
      assert.ok(backward.includes(graph.output), `${sample}: the output layer's backward stop`);

      if (ended) {
        // A one-batch sample (conv-edge, the perceptrons) is one step: the session ends cleanly.
        assert.equal(await stepsOf(program), 1, `${sample}: the session ended after one step`);
        assert.ok(console.includes('Training finished: 1 step.\n'), `${sample}: ${JSON.stringify(console)}`);
        return;
      }
      // The next step: batch 2, or epoch 2 where an epoch is one batch (gnn's one graph).
      assert.equal(stack[1], 'forward');
      assert.notDeepEqual(stack.slice(2), ['batch 1', 'epoch 1'], `${sample}: the next step's first stop`);
      const before = (await dc.customRequest('netlensMemory')).body.numTensors as number;
      const first = graph.layers[0];
      await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: first.line + 1, condition: `step == ${FURTHER_STEPS + 2}` }] });
      if (!(await move('continue', 20_000))) {
        // Fewer steps than that in the whole training: it ran to its end without a problem.
        assert.ok((await stepsOf(program)) < FURTHER_STEPS + 2, `${sample}: ended before step ${FURTHER_STEPS + 2}`);
        return;
      }
      assert.equal((await frames())[0], first.name);
      assert.equal((await dc.customRequest('netlensMemory')).body.numTensors, before, `${sample}: tensors after ${FURTHER_STEPS} more steps`);
    });

    if (runVariants(graph).length > 1) {
      for (const locale of ['en', 'es'] as const) {
        it(`${sample}: the Debug Console says the compared runs train in the panel or the CLI (${locale})`, async () => {
          await launch(program, locale);
          const labels = runVariants(graph).map((r) => r.label).join(', ');
          const expected = locale === 'en'
            ? `The compare line's ${runVariants(graph).length} runs (${labels}) train in the panel (Train) or with netlens train; the debugger steps the model as its own optimizer and loss lines are written.\n`
            : `Las ${runVariants(graph).length} ejecuciones de la línea compare (${labels}) se entrenan en el panel (Entrenar) o con netlens train; el depurador avanza paso a paso el modelo tal como están escritas sus propias líneas optimizer y loss.\n`;
          assert.ok(console.includes(expected), `${sample}: ${JSON.stringify(console)}`);
          // What it steps is the model as written: its own optimizer line.
          assert.deepEqual((await frames()).slice(1), [locale === 'en' ? 'forward' : 'hacia adelante', locale === 'en' ? 'batch 1' : 'lote 1', locale === 'en' ? 'epoch 1' : 'época 1']);
        });
      }
    }
  }

  it('a file without compare says nothing about compared runs', async () => {
    await launch(join(ROOT, 'samples', 'xor.nn'));
    await frames();
    assert.ok(!console.some((line) => line.includes('compare')), JSON.stringify(console));
  });
});
