// The integration suite's entry, as @vscode/test-electron's extensionTestsPath expects: run()
// resolves when every test passed. It runs inside the extension host (code-server's here,
// desktop VS Code's where a network allows) and writes a JSON report to $NETLENS_E2E_RESULTS.
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

interface TestResult {
  title: string;
  state: 'passed' | 'failed';
  durationMs: number;
  isRetried: boolean;
  error?: string;
}

type MochaConstructor = typeof import('mocha');

/** mocha 11 exports the class itself; newer ones a namespace holding it. */
function loadMocha(): MochaConstructor {
  const loaded = require('mocha') as MochaConstructor & { Mocha?: MochaConstructor; default?: MochaConstructor };
  return loaded.Mocha ?? loaded.default ?? loaded;
}

export function run(): Promise<void> {
  const Mocha = loadMocha();
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, retries: 1, color: false, reporter: 'spec' });
  const grep = process.env.NETLENS_E2E_GREP;
  if (grep) mocha.grep(grep);
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, file));

  const results: TestResult[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      writeResults(results);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    const title = (test: Mocha.Runnable) => test.fullTitle();
    const retried = (test: Mocha.Runnable) => ((test as Mocha.Test & { currentRetry(): number }).currentRetry?.() ?? 0) > 0;
    runner.on('pass', (test) => results.push({ title: title(test), state: 'passed', durationMs: test.duration ?? 0, isRetried: retried(test) }));
    runner.on('fail', (test, error: Error) => results.push({ title: title(test), state: 'failed', durationMs: test.duration ?? 0, isRetried: retried(test), error: error.stack ?? String(error) }));
  });
}

function writeResults(results: TestResult[]): void {
  const file = process.env.NETLENS_E2E_RESULTS;
  if (!file) return;
  const passed = results.filter((r) => r.state === 'passed').length;
  writeFileSync(file, JSON.stringify({ passed, failed: results.length - passed, tests: results }, null, 2));
}
