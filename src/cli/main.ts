// The netlens command line: `check`, `summary` and `bench` over the core, text for people and
// --json for programs. Exit codes: 0 ok, 1 errors in the model, 2 bad usage.

import { parseArgs } from 'node:util';
import { LanguageService } from '../core/lang/languageService';
import { runBench } from './bench';
import { runCheck } from './check';
import { EXIT_USAGE, UsageError, readModelFile } from './io';
import { cliLocalize, pickLocale } from './l10n';
import { runSummary } from './summary';

const USAGE = `Usage: netlens <command> [options]

Commands:
  check FILE [--json]      Diagnostics of a model file (exit 1 if it has errors)
  summary FILE [--json]    Shapes and parameter counts, as Keras' model.summary()
  bench [--json] [--quick] Editor figures on a generated 1,000-layer model (--quick: skip the 10 MB file)

Options:
  --json                   Machine-readable output
  --lang en|es             Language of messages (default: from LANG)
  -h, --help               This help`;

export function main(argv: string[], write: (text: string) => void = (t) => process.stdout.write(t + '\n')): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, quick: { type: 'boolean' }, lang: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
      case 'bench':
        return runBench(json, Boolean(values.quick), write);
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`netlens: ${error.message}\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
