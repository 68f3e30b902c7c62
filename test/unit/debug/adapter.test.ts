// The debug adapter as VS Code drives it: dist/debugAdapter.js in its own process under a DAP
// client, on the repo's samples. Its numbers are checked against a StepSession run here with
// the same seed and batch on the same (cpu) backend, and its gradients against finite differences.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';
import { prepare } from '../../../src/cli/engineRun';
import { paramKey } from '../../../src/core/engine/network';
import { readTensors } from '../../../src/core/engine/records';
import { createTraining, TrainingSetup } from '../../../src/core/engine/setup';
import { StepSession } from '../../../src/core/engine/stepper';
import { disposeBatch } from '../../../src/core/engine/training';
import { Batch } from '../../../src/core/engine/objective';
import { LanguageService } from '../../../src/core/lang/languageService';
import { english } from '../../../src/core/lang/localize';
import { formatNumber, formatView } from '../../../src/debug/format';

const ROOT = join(__dirname, '..', '..', '..');
const ADAPTER = join(ROOT, 'dist', 'debugAdapter.js');
const XOR = join(ROOT, 'samples', 'xor.nn');
const NAN = join(ROOT, 'samples', 'debug', 'nan-on-purpose.nn');
const VANISHING = join(ROOT, 'samples', 'debug', 'vanishing-sigmoids.nn');
const TWO = join(ROOT, 'test', 'fixtures', 'two-models.nn');

/** 0-based line of the first line of `file` starting with `prefix`, as a 1-based DAP line. */
function lineOf(file: string, prefix: string): number {
  return readFileSync(file, 'utf8').split('\n').findIndex((l) => l.startsWith(prefix)) + 1;
}

interface Setup {
  breakpoints?: DebugProtocol.SourceBreakpoint[];
  filters?: DebugProtocol.ExceptionFilterOptions[];
  stopOnEntry?: boolean;
  locale?: string;
  model?: string;
}

describe('debug adapter (DAP, dist/debugAdapter.js)', function () {
  this.timeout(60_000);
  let dc: DebugClient;

  before(() => {
    if (!existsSync(ADAPTER)) spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  });

  beforeEach(async () => {
    dc = new DebugClient('node', ADAPTER, 'netlens');
    await dc.start();
  });

  afterEach(() => dc.stop());

  async function launch(program: string, setup: Setup = {}): Promise<DebugProtocol.StoppedEvent> {
    const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await Promise.all([
      dc.waitForEvent('initialized').then(async () => {
        if (setup.breakpoints) await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: setup.breakpoints });
        await dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: setup.filters ?? [] });
        await dc.configurationDoneRequest();
      }),
      dc.launch({ program, stopOnEntry: setup.stopOnEntry ?? true, seed: 1, batch: 4, backend: 'cpu', locale: setup.locale ?? 'en', ...(setup.model ? { model: setup.model } : {}) }),
    ]);
    return stopped;
  }

  async function move(request: 'next' | 'stepIn' | 'stepOut' | 'stepBack' | 'continue' | 'reverseContinue'): Promise<DebugProtocol.StoppedEvent> {
    const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.send(request, { threadId: 1 });
    return stopped;
  }

  async function frames(): Promise<DebugProtocol.StackFrame[]> {
    return (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
  }

  /** Every variable of every scope, by scope and name. */
  async function variables(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const scope of (await dc.scopesRequest({ frameId: 0 })).body.scopes) {
      for (const v of (await dc.variablesRequest({ variablesReference: scope.variablesReference })).body.variables) out[`${scope.name}/${v.name}`] = v.value;
    }
    return out;
  }

  async function evaluate(expression: string, context = 'repl'): Promise<DebugProtocol.EvaluateResponse['body']> {
    return (await dc.evaluateRequest({ expression, context, frameId: 0 })).body;
  }

  /** The same step, run here directly: the first training step of `program` with seed 1, batch 4. */
  async function engineStep(program: string): Promise<{ setup: TrainingSetup; session: StepSession; batch: Batch }> {
    const service = new LanguageService();
    const prepared = await prepare({ path: program, text: readFileSync(program, 'utf8'), modelName: 'm' }, service, 'cpu', 1);
    const setup = createTraining(prepared.graph, prepared.dataset, { seed: 1, batchSize: 4 });
    return { setup, ...setup.trainer.stepSession() };
  }

  it('steps xor.nn forward top to bottom, the loss, backward bottom to top, the update, then the next batch', async () => {
    const stopped = await launch(XOR);
    assert.equal(stopped.body.reason, 'entry');
    const lines: number[] = [(await frames())[0].line];
    for (let i = 0; i < 7; i++) {
      await move('next');
      lines.push((await frames())[0].line);
    }
    const [x, hidden, out, loss, optimizer] = [lineOf(XOR, 'input'), lineOf(XOR, 'dense   hidden'), lineOf(XOR, 'dense   out'), lineOf(XOR, 'loss'), lineOf(XOR, 'optimizer')];
    assert.deepEqual(lines, [x, hidden, out, loss, out, hidden, optimizer, x]);
    assert.deepEqual((await frames()).map((f) => f.name), ['x', 'forward', 'batch 2', 'epoch 1']);
  });

  it('shows the call stack epoch › batch › phase › layer, each frame on its line', async () => {
    await launch(XOR, { breakpoints: [{ line: lineOf(XOR, 'dense   hidden'), mode: 'backward' }], stopOnEntry: false });
    const stack = await frames();
    assert.deepEqual(stack.map((f) => f.name), ['hidden', 'backward', 'batch 1', 'epoch 1']);
    assert.deepEqual(stack.map((f) => f.line), [lineOf(XOR, 'dense   hidden'), lineOf(XOR, 'dense   hidden'), lineOf(XOR, 'data'), lineOf(XOR, 'train')]);
  });

  it("shows at every stop the engine's own tensors: shapes, statistics and values", async () => {
    await launch(XOR);
    const { setup, session, batch } = await engineStep(XOR);
    try {
      const stops = session.stops.filter((s) => s.phase !== 'update');
      for (const stop of stops) {
        const shown = await variables();
        const record = await session.read(stop.index, { values: true, limit: 6 });
        for (const [role, view] of Object.entries(record.tensors)) {
          const entry = Object.entries(shown).find(([key]) => key.endsWith(`/${role}`));
          assert.ok(entry, `${stop.phase} ${stop.layer}: ${role} is shown (${Object.keys(shown).join(', ')})`);
          assert.equal(entry[1], formatView(view, english), `${stop.phase} ${stop.layer} ${role}`);
        }
        await move('next');
      }
      // The update stop: each layer's parameters after the step, as the engine computed them.
      for (const stop of session.stops.filter((s) => s.phase === 'update')) {
        const shown = await variables();
        const record = await session.read(stop.index, { values: true, limit: 6 });
        assert.equal(shown[`Parameters/${stop.layer}.kernel`], formatView(record.tensors.kernel, english));
      }
      // Copy Value gives the exact float32 numbers.
      const exact = JSON.parse((await evaluate('hidden.kernel', 'clipboard')).result);
      assert.deepEqual(exact, await setup.network.param(paramKey('hidden', 'kernel'))!.variable.array());
    } finally {
      session.dispose();
      disposeBatch(batch);
      setup.dispose();
    }
  });

  it('expands a tensor into first-axis slices and pages of numbers named [i, j]', async () => {
    await launch(XOR, { breakpoints: [{ line: lineOf(XOR, 'dense   hidden'), mode: 'backward' }], stopOnEntry: false });
    const { setup, session, batch } = await engineStep(XOR);
    try {
      const gradients = (await dc.scopesRequest({ frameId: 0 })).body.scopes.find((s) => s.name === 'Gradients')!;
      const dKernel = (await dc.variablesRequest({ variablesReference: gradients.variablesReference })).body.variables.find((v) => v.name === 'dKernel')!;
      assert.equal(dKernel.indexedVariables, 2);
      const rows = (await dc.variablesRequest({ variablesReference: dKernel.variablesReference, filter: 'indexed', start: 0, count: 2 })).body.variables;
      assert.deepEqual(rows.map((r) => r.name), ['[0]', '[1]']);
      const page = (await dc.variablesRequest({ variablesReference: rows[1].variablesReference, filter: 'indexed', start: 1, count: 2 })).body.variables;
      const backward = session.stops.find((s) => s.phase === 'backward' && s.layer === 'hidden')!;
      const engineTensor = session.tensors(backward.index).dKernel;
      const engine = (await engineTensor.array()) as number[][];
      const row = tf.tidy(() => tf.reshape(tf.slice(engineTensor, [1, 0], [1, 4]), [4]));
      assert.equal(rows[1].value, formatView((await readTensors({ row }, { values: true, limit: 6 })).row, english));
      row.dispose();
      assert.deepEqual(page.map((v) => [v.name, v.value, v.evaluateName]), [
        ['[1, 1]', formatNumber(engine[1][1]), 'hidden.dKernel[1, 1]'],
        ['[1, 2]', formatNumber(engine[1][2]), 'hidden.dKernel[1, 2]'],
      ]);
    } finally {
      session.dispose();
      disposeBatch(batch);
      setup.dispose();
    }
  });

  it('gives gradients equal to central finite differences of the loss', async () => {
    await launch(XOR, { breakpoints: [{ line: lineOf(XOR, 'dense   hidden'), mode: 'backward' }], stopOnEntry: false });
    const shown = JSON.parse((await evaluate('dKernel', 'clipboard')).result) as number[][];
    const { setup, session, batch } = await engineStep(XOR);
    session.dispose();
    try {
      const key = paramKey('hidden', 'kernel');
      const variable = setup.network.param(key)!.variable;
      const original = Float32Array.from(await variable.data());
      const lossWith = (values: Float32Array): number => {
        setup.network.assign(key, values);
        return tf.tidy(() => {
          const prediction = setup.network.forward(batch.inputs, { mode: 'train', stepSeed: 0 }).outputs.get(setup.network.graph.output)!;
          return setup.objective.total(prediction, batch, (k) => setup.network.param(k)!.variable).dataSync()[0];
        });
      };
      const h = 1e-2;
      for (let i = 0; i < original.length; i++) {
        const plus = original.slice();
        plus[i] += h;
        const minus = original.slice();
        minus[i] -= h;
        const numeric = (lossWith(plus) - lossWith(minus)) / (2 * h);
        const analytic = shown[Math.floor(i / 4)][i % 4];
        assert.ok(Math.abs(numeric - analytic) <= 1e-2 * Math.abs(analytic) + 2e-4, `dKernel[${Math.floor(i / 4)}, ${i % 4}]: shown ${analytic}, finite differences ${numeric}`);
      }
      setup.network.assign(key, original);
    } finally {
      disposeBatch(batch);
      setup.dispose();
    }
  });

  it('steps back to exactly the previous stop, and no further than the start of the step', async () => {
    await launch(XOR, { breakpoints: [{ line: lineOf(XOR, 'dense   hidden'), mode: 'backward' }], stopOnEntry: false });
    const before = { line: (await frames())[0].line, variables: await variables(), exact: (await evaluate('dKernel', 'clipboard')).result };
    await move('next');
    assert.equal((await frames())[0].line, lineOf(XOR, 'optimizer'));
    await move('stepBack');
    assert.deepEqual({ line: (await frames())[0].line, variables: await variables(), exact: (await evaluate('dKernel', 'clipboard')).result }, before);
    await move('reverseContinue');
    assert.deepEqual((await frames()).map((f) => f.name), ['x', 'forward', 'batch 1', 'epoch 1']);
  });

  it('steps into a dense layer’s operations and out again', async () => {
    await launch(XOR);
    await move('next');
    await move('stepIn');
    const inside = await frames();
    assert.equal(inside.length, 5);
    assert.equal(inside[1].name, 'hidden');
    const scopes = (await dc.scopesRequest({ frameId: 0 })).body.scopes.map((s) => s.name);
    assert.equal(scopes[0], 'Operation');
    const first = inside[0].name;
    await move('next');
    assert.notEqual((await frames())[0].name, first);
    await move('stepOut');
    assert.deepEqual((await frames()).map((f) => f.name), ['hidden', 'forward', 'batch 1', 'epoch 1']);
  });

  it('evaluates expressions over the stop: indexing, gradients, the loss, and says what is wrong', async () => {
    await launch(XOR, { breakpoints: [{ line: lineOf(XOR, 'optimizer') }], stopOnEntry: false });
    const { setup, session, batch } = await engineStep(XOR);
    try {
      const backward = session.stops.find((s) => s.phase === 'backward' && s.layer === 'hidden')!;
      const dKernel = session.tensors(backward.index).dKernel;
      assert.equal((await evaluate('hidden.kernel.grad.norm()')).result, formatNumber((await tf.norm(dKernel).data())[0]));
      assert.equal((await evaluate('loss')).result, formatNumber((await session.loss.data())[0]));
      const row = await evaluate('hidden.output[0, :]');
      assert.equal(row.type, 'float32[4]');
      assert.equal(row.indexedVariables, 4);
      assert.match((await evaluate('hidden', 'hover')).result, /^hidden \(dense\) → \[4, 4\]/);
      await assert.rejects(dc.evaluateRequest({ expression: 'hiden.output', context: 'repl' }), /Unknown name 'hiden'/);
    } finally {
      session.dispose();
      disposeBatch(batch);
      setup.dispose();
    }
  });

  it('stops on a conditional backward breakpoint where its condition holds', async () => {
    const hidden = lineOf(XOR, 'dense   hidden');
    await launch(XOR, { breakpoints: [{ line: hidden, mode: 'backward', condition: 'batch == 3' }], stopOnEntry: false });
    const stack = await frames();
    assert.deepEqual(stack.map((f) => f.name), ['hidden', 'backward', 'batch 3', 'epoch 1']);
    assert.equal(stack[0].line, hidden);
  });

  it('prints a logpoint with its values and goes on', async () => {
    const logged = new Promise<string>((resolve) => dc.on('output', (e: DebugProtocol.OutputEvent) => e.body.output.startsWith('mean ') && resolve(e.body.output)));
    await launch(XOR, { breakpoints: [{ line: lineOf(XOR, 'dense   hidden'), mode: 'forward', logMessage: 'mean {output.mean} at step {step}' }, { line: lineOf(XOR, 'loss') }], stopOnEntry: false });
    assert.equal((await frames())[0].line, lineOf(XOR, 'loss'));
    const { setup, session, batch } = await engineStep(XOR);
    try {
      const forward = session.stops.find((s) => s.phase === 'forward' && s.layer === 'hidden')!;
      const mean = (await session.read(forward.index)).tensors.output.stats.mean;
      assert.equal((await logged).trim(), `mean ${formatNumber(mean)} at step 1`);
    } finally {
      session.dispose();
      disposeBatch(batch);
      setup.dispose();
    }
  });

  it('the hit count stops on the second pass of a forward breakpoint', async () => {
    await launch(XOR, { breakpoints: [{ line: lineOf(XOR, 'dense   out'), mode: 'forward', hitCondition: '2' }], stopOnEntry: false });
    assert.deepEqual((await frames()).map((f) => f.name), ['out', 'forward', 'batch 2', 'epoch 1']);
  });

  it('the NaN filter stops where NaN first appears and says so', async () => {
    const stopped = await launch(NAN, { filters: [{ filterId: 'nan' }], stopOnEntry: false });
    assert.equal(stopped.body.reason, 'exception');
    const stack = await frames();
    assert.equal(stack[0].line, lineOf(NAN, 'dense   out'));
    assert.deepEqual(stack.slice(1).map((f) => f.name), ['forward', 'batch 4', 'epoch 1']);
    const info = (await dc.exceptionInfoRequest({ threadId: 1 })).body;
    assert.equal(info.exceptionId, 'nan');
    assert.match(info.description ?? '', /output of out holds 4 NaN or infinite values/);
  });

  it('the vanishing-gradient filter stops at the first layer whose ‖g‖ is below its threshold', async () => {
    const stopped = await launch(VANISHING, { filters: [{ filterId: 'vanishing', condition: '1e-6' }], stopOnEntry: false });
    assert.equal(stopped.body.reason, 'exception');
    assert.equal((await frames())[0].line, lineOf(VANISHING, 'dense   s4 '));
    assert.match(stopped.body.text ?? '', /^Vanishing gradient at s4: ‖dKernel‖ = 3\.\d+e-7, below 1e-6\.$/);
  });

  it('refuses to step a GAN, with its gan line and a way forward', async () => {
    const program = join(ROOT, 'samples', 'gan.nn');
    await Promise.all([dc.waitForEvent('initialized').then(() => dc.configurationDoneRequest()), assert.rejects(dc.launch({ program, seed: 1, backend: 'cpu', locale: 'en' }), new RegExp(`gan\\.nn:${lineOf(program, 'gan ')}: A GAN trains .*Train in the panel`))]);
  });

  describe("a file of several models: the launch's model", () => {
    it('stops first on the named model\'s first layer, with its layers, values and stack', async () => {
      await launch(TWO, { model: 'ring' });
      const lines = [(await frames())[0].line];
      for (let i = 0; i < 2; i++) {
        await move('next');
        lines.push((await frames())[0].line);
      }
      assert.deepEqual(lines, [lineOf(TWO, 'input   p'), lineOf(TWO, 'dense   wide'), lineOf(TWO, 'dense   score')]);
      assert.deepEqual((await frames()).map((f) => f.line).slice(-2), [lineOf(TWO, 'data      circle'), lineOf(TWO, 'train     epochs=3')]);
      assert.match((await evaluate('wide.kernel')).result, /\[2, 3\]/);
      await assert.rejects(dc.evaluateRequest({ expression: 'hidden.output', context: 'repl', frameId: 0 }), /Unknown name 'hidden'/);
    });

    it('places breakpoints on the named model\'s lines', async () => {
      const stopped = await launch(TWO, { model: 'ring', breakpoints: [{ line: lineOf(TWO, 'dense   score') }], stopOnEntry: false });
      assert.equal(stopped.body.reason, 'breakpoint');
      assert.equal((await frames())[0].line, lineOf(TWO, 'dense   score'));
    });

    it('without a model, the first one', async () => {
      await launch(TWO);
      assert.equal((await frames())[0].line, lineOf(TWO, 'input   x'));
    });

    it('an unknown model fails the launch naming the models and the closest, in English and Spanish', async () => {
      const spanish: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.es.json'), 'utf8'));
      const template = "'{0}' is not a model in {1}. Did you mean '{2}'? Its models: {3}.";
      const fill = (text: string) => ['rnig', 'two-models.nn', 'ring', 'xor, ring'].reduce((out, arg, i) => out.replace(`{${i}}`, arg), text);
      for (const [locale, text] of [['en', template], ['es', spanish[template]]]) {
        const client = locale === 'en' ? dc : new DebugClient('node', ADAPTER, 'netlens');
        if (client !== dc) await client.start();
        try {
          await Promise.all([
            client.waitForEvent('initialized').then(() => client.configurationDoneRequest()),
            assert.rejects(client.launch({ program: TWO, seed: 1, backend: 'cpu', locale, model: 'rnig' }), (error: Error) => {
              assert.equal(error.message, fill(text));
              return true;
            }),
          ]);
        } finally {
          if (client !== dc) await client.stop();
        }
      }
    });
  });

  it('speaks Spanish when launched with locale es', async () => {
    await launch(XOR, { locale: 'es' });
    assert.deepEqual((await frames()).slice(1).map((f) => f.name), ['hacia adelante', 'lote 1', 'época 1']);
    const scopes = (await dc.scopesRequest({ frameId: 0 })).body.scopes.map((s) => s.name);
    assert.deepEqual(scopes, ['Activaciones', 'Parámetros', 'Gradientes', 'Estado del optimizador', 'Lote']);
  });

  it('gives inline values: mean and std forward, ‖grad‖ where the backward pass has been', async () => {
    await launch(XOR, { breakpoints: [{ line: lineOf(XOR, 'dense   out'), mode: 'backward' }], stopOnEntry: false });
    const { values } = (await dc.customRequest('netlensInlineValues')).body as { values: { line: number; text: string }[] };
    const at = (prefix: string) => values.find((v) => v.line === lineOf(XOR, prefix) - 1)?.text ?? '';
    assert.match(at('dense   hidden'), /^mean -?[\d.]+ · std [\d.]+$/);
    assert.match(at('dense   out'), /^‖dKernel‖ [\d.]+$/);
    assert.match(at('loss'), /^loss [\d.]+$/);
  });

  it('leaks no tensors over 100 training steps', async () => {
    const x = lineOf(XOR, 'input');
    await launch(XOR, { breakpoints: [{ line: x, condition: 'step == 2' }], stopOnEntry: false });
    const first = (await dc.customRequest('netlensMemory')).body.numTensors as number;
    await dc.setBreakpointsRequest({ source: { path: XOR }, breakpoints: [{ line: x, condition: 'step == 102' }] });
    await move('continue');
    assert.deepEqual((await frames()).slice(2).map((f) => f.name), ['batch 22', 'epoch 2']);
    assert.equal((await dc.customRequest('netlensMemory')).body.numTensors, first);
  });
});
