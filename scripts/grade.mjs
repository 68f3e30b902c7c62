// An example of how a teacher auto-checks students' model files with the NetLens CLI:
// `check --json` for problems, then `train --json` for the final validation accuracy.
// Usage: node scripts/grade.mjs [--min-accuracy 0.9] [--seed 1] FILE.nn…
// Prints one CSV line per file (file,errors,warnings,val_accuracy,verdict); exits 1 if any fails.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = process.env.NETLENS_CLI ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at < 0 ? fallback : args.splice(at, 2)[1];
};
const minAccuracy = Number(option('--min-accuracy', '0.9'));
const seed = option('--seed', '1');

const netlens = (...rest) => spawnSync(process.execPath, [cli, ...rest], { encoding: 'utf8' });

let failed = 0;
console.log('file,errors,warnings,val_accuracy,verdict');
for (const file of args) {
  const check = JSON.parse(netlens('check', file, '--json').stdout);
  const count = (severity) => check.diagnostics.filter((d) => d.severity === severity).length;
  let accuracy = '';
  let verdict = 'does not compile';
  if (count('error') === 0) {
    const train = netlens('train', file, '--json', '--seed', seed);
    // One JSON line per epoch, then {"done": true, …} with the final metrics.
    const done = train.stdout.trim().split('\n').map((line) => JSON.parse(line)).find((line) => line.done);
    const value = done?.valMetrics?.accuracy ?? done?.metrics?.accuracy;
    accuracy = value === undefined ? '' : String(value);
    verdict = train.status !== 0 ? `cannot train: ${train.stderr.trim()}` : done?.reason === 'nonFinite' ? `not finite: ${done.message}` : value === undefined ? 'no accuracy' : value >= minAccuracy ? 'pass' : 'below threshold';
  }
  if (verdict !== 'pass') failed++;
  console.log([file, count('error'), count('warning'), accuracy, JSON.stringify(verdict)].join(','));
}
process.exit(failed ? 1 : 0);
