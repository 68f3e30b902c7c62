// The netlens command line: `check`, `summary`, `train`, `step`, `import`, `export` and `bench` over the core, text
// for people and --json for programs. Exit codes: 0 ok, 1 errors in the model, 2 bad usage.

import { parseArgs } from 'node:util';
import { LanguageService } from '../core/lang/languageService';
import { Localize, render } from '../core/lang/localize';
import { runBench } from './bench';
import { runExport, runImport } from './interop';
import { runCheck } from './check';
import { ModelProblem } from './engineRun';
import { EXIT_MODEL_ERRORS, EXIT_USAGE, UsageError, readModelFile } from './io';
import { cliLocalize, pickLocale } from './l10n';
import { runStep } from './step';
import { runSummary } from './summary';
import { runTrain } from './train';

/**
 * The help text, in the user's language: each description is its own template (a bundle key),
 * the command syntax stays as typed.
 */
function usage(t: (template: string) => string): string {
  const row = (syntax: string, description: string) => (syntax.length < 25 ? `  ${syntax.padEnd(25)}${description}` : `  ${syntax}\n  ${' '.repeat(25)}${description}`);
  return [
    `${t('Usage:')} netlens ${t('<command> [options]')}`,
    '',
    t('Commands:'),
    row('check FILE [--json]', t('Diagnostics of a model file (exit 1 if it has errors)')),
    row('summary FILE [--model NAME] [--json]', t("Shapes and parameter counts, as Keras' model.summary()")),
    row('train FILE [--model NAME] [--epochs N] [--seed N] [--batch N] [--json]', t("Train on the model's data line; loss and metrics per epoch")),
    `  ${' '.repeat(25)}${t("(a 'compare' line: one run per value, then a comparison table)")}`,
    row('step FILE [--model NAME] [--seed N] [--batch N] [--values] [--json]', t('Every stop of one training step: forward, loss, backward, update')),
    row('import FILE.json [-o OUT.nn]', t('A Keras or TensorFlow.js layers model as a .nn file (weights referenced)')),
    row('export FILE.nn --format tfjs|keras -o DIR [--model NAME] [--train] [--epochs N]', t('model.json + weights.bin for tf.loadLayersModel, or a Keras script')),
    row('bench [--json] [--quick]', t('Editor figures on a generated 1,000-layer model (--quick: skip the 10 MB file)')),
    '',
    t('Options:'),
    row('--json', t('Machine-readable output')),
    row('--model NAME', t('Which model of a file of several (default: the first; summary: all of them)')),
    row('--backend auto|cpu|wasm', t('tfjs backend for train and step (default: auto, the fastest in Node)')),
    row('--values', t("step: print the tensors' values (whole when small, else a sample)")),
    row('--lang en|es', t('Language of messages (default: from LANG)')),
    row('-h, --help', t('This help')),
  ].join('\n');
}

/** --lang's value read before parsing, so that even a parse error speaks the user's language. */
function requestedLanguage(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--lang') return argv[i + 1];
    if (argv[i].startsWith('--lang=')) return argv[i].slice('--lang='.length);
  }
  return undefined;
}

/** node:util's parseArgs errors are English: say the same thing through the translator. */
function parseError(error: Error & { code?: string }, localize: Localize): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return localize("unknown option '{0}'", [option]);
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return localize("option '{0}' needs a value", [option]);
  return error.message;
}

export async function main(argv: string[], write: (text: string) => void = (t) => process.stdout.write(t + '\n')): Promise<number> {
  const locale = pickLocale(requestedLanguage(argv));
  const localize = cliLocalize(locale);
  const help = usage((template) => localize(template, []));
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
        model: { type: 'string' },
      },
    });
  } catch (error) {
    process.stderr.write(`netlens: ${parseError(error as Error, localize)}\n${help}\n`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    (values.help ? write : (t: string) => process.stderr.write(t + '\n'))(help);
    return values.help ? 0 : EXIT_USAGE;
  }
  const service = new LanguageService({ localize, locale });
  const json = Boolean(values.json);
  try {
    switch (command) {
      case 'check':
        return runCheck(readModelFile(rest[0]), service, json, write);
      case 'summary':
        return runSummary(readModelFile(rest[0]), service, json, write, values.model);
      case 'train':
        return await runTrain(readModelFile(rest[0]), service, { epochs: count(values.epochs, 'epochs'), seed: count(values.seed, 'seed', 0), batch: count(values.batch, 'batch'), backend: values.backend, model: values.model }, json, write, process.stderr);
      case 'step':
        return await runStep(readModelFile(rest[0]), service, { seed: count(values.seed, 'seed', 0), batch: count(values.batch, 'batch'), values: Boolean(values.values), backend: values.backend, model: values.model }, json, write);
      case 'import':
        return runImport(rest[0], values.out, service, write);
      case 'export':
        return await runExport(readModelFile(rest[0]), service, { format: values.format, out: values.out, train: Boolean(values.train), epochs: count(values.epochs, 'epochs'), seed: count(values.seed, 'seed', 0), backend: values.backend, model: values.model }, write);
      case 'bench':
        return runBench(json, Boolean(values.quick), write, localize);
      default:
        throw new UsageError("unknown command '{0}'", command);
    }
  } catch (error) {
    if (error instanceof ModelProblem) {
      const path = rest[0] ?? '';
      process.stderr.write(`${error.line === undefined ? path : `${path}:${error.line + 1}`}: ${error.message}\n`);
      return EXIT_MODEL_ERRORS;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`netlens: ${render(localize, error.detail)}\n${help}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/** A whole number flag (`--epochs 5`), or a usage error that says what was wrong. */
function count(value: string | undefined, name: string, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError("--{0} must be a whole number ≥ {1}, not '{2}'", name, min, value);
  return n;
}

if (require.main === module) {
  // A reader that stops early (`netlens train … | head`) closes the pipe: stop quietly, as Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`netlens: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 3;
    },
  );
}
