// `npm test`: every suite in order — type checks, build, unit tests (core, CLI, debug adapter
// through a DAP client), the webview in headless Chromium, and the extension inside a real
// VS Code. Each step's wall time is printed; the first failure fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const steps = [
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['typecheck core (no DOM, no Node)', 'npx', ['tsc', '-p', 'src/core/tsconfig.json', '--noEmit']],
  ['build', 'node', ['esbuild.mjs']],
  ['unit tests', 'npx', ['mocha']],
];
if (existsSync('test/e2e/run.mjs')) steps.push(['real VS Code (code-server)', 'node', ['test/e2e/run.mjs']]);

const only = process.argv.slice(2);
const started = Date.now();
for (const [name, command, args] of steps) {
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  const t0 = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' } });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✗ ${name} failed after ${seconds} s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✓ ${name} (${seconds} s)`);
}
console.log(`\nAll green in ${((Date.now() - started) / 1000).toFixed(1)} s`);
