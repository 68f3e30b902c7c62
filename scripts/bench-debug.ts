// Debugger figures through a DAP client against dist/debugAdapter.js, as VS Code drives it:
// the median ms of one F10 (next → stopped, then the stack, the scopes and the Activations
// scope's variables that VS Code asks for at every stop) on LeNet from the course (its MNIST
// variant, since samples/lenet-course.nn has no data), and the ms to fetch the first page of a
// 10,000-element tensor's variables. Run: node esbuild.mjs && npx tsx scripts/bench-debug.ts

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';

const ROOT = join(__dirname, '..');

/** samples/lenet-course.nn on 28×28×1 MNIST digits, with a data, loss and optimizer line. */
function lenetOnMnist(): string {
  const text = readFileSync(join(ROOT, 'samples', 'lenet-course.nn'), 'utf8').replace('[32, 32, 3]', '[28, 28, 1]').replace(/^train .*$/m, '');
  const file = join(mkdtempSync(join(tmpdir(), 'netlens-bench-')), 'lenet-mnist.nn');
  writeFileSync(file, `${text}\ndata      mnist samples=256\nloss      categorical_crossentropy\noptimizer sgd lr=0.01\ntrain     epochs=1 batch=4\n`);
  return file;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(program: string, backend: string): Promise<void> {
  const dc = new DebugClient('node', join(ROOT, 'dist', 'debugAdapter.js'), 'netlens');
  await dc.start();
  try {
    const launched = Date.now();
    await Promise.all([dc.configurationSequence(), dc.launch({ program, stopOnEntry: true, seed: 1, batch: 4, backend }), dc.waitForEvent('stopped')]);
    const launchMs = Date.now() - launched;
    const bare: number[] = [];
    const full: number[] = [];
    for (let i = 0; i < 60; i++) {
      const t0 = performance.now();
      await Promise.all([dc.nextRequest({ threadId: 1 }), dc.waitForEvent('stopped')]);
      const t1 = performance.now();
      await dc.stackTraceRequest({ threadId: 1 });
      const scopes = (await dc.scopesRequest({ frameId: 0 })).body.scopes;
      await dc.variablesRequest({ variablesReference: scopes[0].variablesReference });
      bare.push(t1 - t0);
      full.push(performance.now() - t0);
    }
    // A 10,000-element tensor: 100 × 100 of fc3's kernel; its first page is 100 row summaries, then a row's 100 numbers.
    const rowsPage: number[] = [];
    const numbersPage: number[] = [];
    const tensor = (await dc.evaluateRequest({ expression: 'fc3.kernel[0:100, 0:100]', context: 'repl', frameId: 0 })).body;
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const rows = (await dc.variablesRequest({ variablesReference: tensor.variablesReference, filter: 'indexed', start: 0, count: 100 })).body.variables;
      const t1 = performance.now();
      await dc.variablesRequest({ variablesReference: rows[0].variablesReference, filter: 'indexed', start: 0, count: 100 });
      rowsPage.push(t1 - t0);
      numbersPage.push(performance.now() - t1);
    }
    console.log(`${backend.padEnd(4)}  launch ${launchMs} ms · next → stopped ${median(bare).toFixed(1)} ms · next + stack + scopes + variables ${median(full).toFixed(1)} ms (median of ${full.length}; mean ${(full.reduce((a, b) => a + b, 0) / full.length).toFixed(1)}, max ${Math.max(...full).toFixed(1)}: a new training step's pass) · first page of a 10,000-element tensor: 100 rows ${median(rowsPage).toFixed(1)} ms, 100 numbers ${median(numbersPage).toFixed(1)} ms`);
  } finally {
    await dc.stop();
  }
}

async function main(): Promise<void> {
  const program = lenetOnMnist();
  console.log(`LeNet (course) on MNIST, batch 4, seed 1: ${program}`);
  for (const backend of ['wasm', 'cpu']) await measure(program, backend);
}

void main();
