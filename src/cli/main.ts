// The netlens command line: `check`, `summary`, `train`, `step`, `import`, `export` and `bench` over the core, text
// for people and --json for programs. Exit codes: 0 ok, 1 errors in the model, 2 bad usage.

import { parseArgs } from 'node:util';
import { LanguageService } from '../core/lang/languageService';
import { runBench } from './bench';
import { runExport, runImport } from './interop';
import { runCheck } from './check';
import { ModelProblem } from './engineRun';
import { EXIT_MODEL_ERRORS, EXIT_USAGE, UsageError, readModelFile } from './io';
import { cliLocalize, pickLocale } from './l10n';
import { runStep } from './step';
import { runSummary } from './summary';
import { runTrain } from './train';

const USAGE = `Usage: netlens <command> [options]

Commands:
  check FILE [--json]      Diagnostics of a model file (exit 1 if it has errors)
  summary FILE [--json]    Shapes and parameter counts, as Keras' model.summary()
  train FILE [--epochs N] [--seed N] [--batch N] [--json]
                           Train on the model's data line; loss and metrics per epoch
                           (a 'compare' line: one run per value, then a comparison table)
  step FILE [--seed N] [--batch N] [--values] [--json]
                           Every stop of one training step: forward, loss, backward, update
  import FILE.json [-o OUT.nn]
                           A Keras or TensorFlow.js layers model as a .nn file (weights referenced)
  export FILE.nn --format tfjs|keras -o DIR [--train] [--epochs N]
                           model.json + weights.bin for tf.loadLayersModel, or a Keras script
  bench [--json] [--quick] Editor figures on a generated 1,000-layer model (--quick: skip the 10 MB file)

Options:
  --json                   Machine-readable output
  --backend auto|cpu|wasm  tfjs backend for train and step (default: auto, the fastest in Node)
  --values                 step: print the tensors' values (whole when small, else a sample)
  --lang en|es             Language of messages (default: from LANG)
  -h, --help               This help`;

export async function main(argv: string[], write: (text: string) => void = (t) => process.stdout.write(t + '\n')): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        quick: { type: 'boolean' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        epochs: { type: 'string' },
        seed: { type: 'string' },
        batch: { type: 'string' },
        backend: { type: 'string' },
        values: { type: 'boolean' },
        out: { type: 'string', short: 'o' },
        format: { type: 'string' },
        train: { type: 'boolean' },
      },
    });
  } catch (error) {
    process.stderr.write(`netlens: ${(error as Error).message}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    (values.help ? write : (t: string) => process.stderr.write(t + '\n'))(USAGE);
    return values.help ? 0 : EXIT_USAGE;
  }
  const locale = pickLocale(values.lang);
  const service = new LanguageService({ localize: cliLocalize(locale), locale });
  const json = Boolean(values.json);
  try {
    switch (command) {
      case 'check':
        return runCheck(readModelFile(rest[0]), service, json, write);
      case 'summary':
        return runSummary(readModelFile(rest[0]), service, json, write);
      case 'train':
        return await runTrain(readModelFile(rest[0]), service, { epochs: count(values.epochs, 'epochs'), seed: count(values.seed, 'seed', 0), batch: count(values.batch, 'batch'), backend: values.backend }, json, write, process.stderr);
      case 'step':
        return await runStep(readModelFile(rest[0]), service, { seed: count(values.seed, 'seed', 0), batch: count(values.batch, 'batch'), values: Boolean(values.values), backend: values.backend }, json, write);
      case 'import':
        return runImport(rest[0], values.out, service, write);
      case 'export':
        return await runExport(readModelFile(rest[0]), service, { format: values.format, out: values.out, train: Boolean(values.train), epochs: count(values.epochs, 'epochs'), seed: count(values.seed, 'seed', 0), backend: values.backend }, write);
      case 'bench':
        return runBench(json, Boolean(values.quick), write);
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof ModelProblem) {
      const path = rest[0] ?? '';
      process.stderr.write(`${error.line === undefined ? path : `${path}:${error.line + 1}`}: ${error.message}\n`);
      return EXIT_MODEL_ERRORS;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`netlens: ${error.message}\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/** A whole number flag (`--epochs 5`), or a usage error that says what was wrong. */
function count(value: string | undefined, name: string, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}, not '${value}'`);
  return n;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`netlens: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 3;
    },
  );
}
