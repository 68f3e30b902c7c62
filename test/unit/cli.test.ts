// The CLI's contracts, run as a user runs them: the built dist/cli.js in a child process.

import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '', NETLENS_LANG: '' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('netlens CLI', () => {
  before(function () {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `node esbuild.mjs` first (npm test does).');
  });

  it('check --json: diagnostics with severity, code, message and a 0-based range; exit 1', () => {
    const { code, stdout } = run('check', 'samples/errors/typo-kind.nn', '--json');
    assert.equal(code, 1);
    const result = JSON.parse(stdout);
    assert.equal(result.file, 'samples/errors/typo-kind.nn');
    assert.deepEqual(result.diagnostics[0], {
      severity: 'error',
      code: 'NL200',
      message: "Unknown layer kind 'dens'. Did you mean 'dense'?",
      range: { start: { line: 5, character: 0 }, end: { line: 5, character: 4 } },
    });
  });

  it('check of a clean file exits 0 with no diagnostics', () => {
    const { code, stdout } = run('check', 'samples/xor.nn', '--json');
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout).diagnostics, []);
  });

  it('check prints compiler-style lines for people, 1-based', () => {
    const { stdout } = run('check', 'samples/errors/typo-kind.nn');
    assert.match(stdout, /^samples\/errors\/typo-kind\.nn:6:1: error NL200: Unknown layer kind 'dens'\. Did you mean 'dense'\?$/m);
  });

  it('summary --json follows the contract, with null for the batch dimension', () => {
    const { code, stdout } = run('summary', 'samples/lenet-course.nn', '--json');
    assert.equal(code, 0);
    const { models } = JSON.parse(stdout);
    assert.equal(models.length, 1);
    assert.equal(models[0].name, 'lenet');
    assert.equal(models[0].totalParams, 62958);
    assert.equal(models[0].trainableParams, 62958);
    const conv2 = models[0].layers.find((l: { name: string }) => l.name === 'conv2');
    assert.deepEqual(conv2, { name: 'conv2', kind: 'conv2d', line: 21, outputShape: [null, 10, 10, 16], params: 3216, trainableParams: 3216 });
    assert.deepEqual(Object.keys(models[0].layers[0]), ['name', 'kind', 'line', 'outputShape', 'params', 'trainableParams']);
  });

  it('summary prints the Keras-style table', () => {
    const { stdout } = run('summary', 'samples/mnist-convnet.nn');
    assert.match(stdout, /Total params: 34,826/);
    assert.match(stdout, /│ conv2 \(conv2d\)\s+│ \[None, 11, 11, 64\]\s+│\s+18,496 │/);
  });

  it('speaks Spanish with --lang es', () => {
    const { stdout } = run('check', 'samples/errors/typo-kind.nn', '--json', '--lang', 'es');
    const spanish = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.es.json'), 'utf8'));
    const template = "Unknown layer kind '{0}'. Did you mean '{1}'?";
    assert.ok(spanish[template], 'the Spanish bundle has this template');
    assert.equal(JSON.parse(stdout).diagnostics[0].message, spanish[template].replace('{0}', 'dens').replace('{1}', 'dense'));
  });

  it('speaks Spanish in its help and every usage error (--lang es, or LANG=es_ES)', () => {
    const spanish: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.es.json'), 'utf8'));
    const es = (template: string, ...args: (string | number)[]) => {
      assert.ok(spanish[template], `the Spanish bundle lacks "${template}"`);
      return spanish[template].replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
    };
    // Every description of the English help is gone from the Spanish one.
    const english = run('--help').stdout;
    const help = run('--help', '--lang', 'es');
    assert.equal(help.code, 0);
    const descriptions = english.split('\n').map((line) => (/^(\S.*):$/.exec(line)?.[1] ?? (line[26] === ' ' ? line.slice(27) : '')).trim()).filter((text) => /[a-z]{4}/.test(text) && !text.includes('[--')); // '[--': the tail of a long command syntax
    assert.ok(descriptions.length >= 14, `too few descriptions read from:\n${english}`);
    for (const text of descriptions) assert.ok(!help.stdout.includes(text), `untranslated in the Spanish help: "${text}"`);
    assert.ok(help.stdout.startsWith(`${es('Usage:')} netlens ${es('<command> [options]')}`), help.stdout);
    const cases: [string[], string][] = [
      [['frob'], es("unknown command '{0}'", 'frob')],
      [['train', 'samples/xor.nn', '--epochs', '0'], es("--{0} must be a whole number ≥ {1}, not '{2}'", 'epochs', 1, '0')],
      [['train', 'samples/xor.nn', '--backend', 'gpu'], es("--backend must be auto, cpu or wasm, not '{0}'", 'gpu')],
      [['check', '--nope'], es("unknown option '{0}'", '--nope')],
      [['check', '--epochs'], es("option '{0}' needs a value", '--epochs')],
      [['check'], es('missing FILE: give the path of a .nn model file')],
      [['check', 'no/such.nn'], es('no such file: {0}', 'no/such.nn')],
      [['check', 'samples'], es('{0} is a folder, not a model file', 'samples')],
      [['import'], es('missing FILE: give the path of a model.json or a Keras .json file')],
      [['export', 'samples/xor.nn', '--format', 'onnx'], es("--format must be tfjs or keras, not '{0}'", 'onnx')],
      [['export', 'samples/xor.nn', '--format', 'tfjs'], es('missing -o DIR: the folder to write the exported model to')],
    ];
    for (const [args, expected] of cases) {
      const result = run(...args, '--lang', 'es');
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(result.stderr.split('\n')[0], `netlens: ${expected}`, args.join(' '));
      assert.ok(!result.stderr.includes('Usage:'), `the usage after the error is English (${args.join(' ')})`);
    }
    // Without --lang, the locale variables decide.
    const fromEnv = spawnSync(process.execPath, [CLI, 'frob'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LANG: 'es_ES.UTF-8', LC_ALL: '', NETLENS_LANG: '' } });
    assert.equal(fromEnv.stderr.split('\n')[0], `netlens: ${es("unknown command '{0}'", 'frob')}`);
  });

  it('exits 2 on bad usage: unknown command, missing file, unknown option', () => {
    assert.equal(run('frobnicate').code, 2);
    const missing = run('check', 'no/such/file.nn');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file: no\/such\/file\.nn/);
    assert.equal(run('check', '--nope', 'samples/xor.nn').code, 2);
    assert.equal(run().code, 2);
  });

  it('bench --json reports the editor figures', () => {
    const { code, stdout } = run('bench', '--json', '--quick');
    assert.equal(code, 0);
    const { editor } = JSON.parse(stdout);
    assert.equal(editor.layers, 1000);
    for (const key of ['checkMs', 'hoverMs', 'inlayHintsMs']) assert.equal(typeof editor[key], 'number');
    assert.equal(editor.check10MbMs, undefined, '--quick skips the 10 MB file');
  });

  it('train --json: one line per epoch, then a done line; exit 0', function () {
    this.timeout(60000);
    const { code, stdout, stderr } = run('train', 'samples/xor.nn', '--epochs', '3', '--json');
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.slice(0, 3).map((l) => l.epoch), [1, 2, 3]);
    for (const line of lines.slice(0, 3)) {
      assert.equal(typeof line.loss, 'number');
      assert.equal(typeof line.valLoss, 'number');
      assert.equal(typeof line.metrics.accuracy, 'number');
    }
    assert.equal(lines[3].done, true);
    assert.equal(lines[3].epochs, 3);
  });

  it('stops quietly when its reader closes the pipe (netlens train … | head -1)', async function () {
    this.timeout(60000);
    const child = spawn(process.execPath, [CLI, 'train', 'samples/xor.nn', '--epochs', '200'], { cwd: ROOT, env: { ...process.env, LANG: 'C', LC_ALL: '', NETLENS_LANG: '' } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(stderr, '', 'no stack trace');
    assert.equal(code, 0);
  });

  it('step --json --values: the stops of one step with shapes, stats and values', function () {
    this.timeout(60000);
    const { code, stdout, stderr } = run('step', 'samples/conv-edge.nn', '--values', '--json');
    assert.equal(code, 0, stderr);
    const { stops } = JSON.parse(stdout);
    assert.deepEqual(stops.map((s: { phase: string }) => s.phase), ['forward', 'forward', 'loss', 'backward', 'update']);
    const conv = stops[1];
    assert.equal(conv.layer, 'edges');
    assert.deepEqual(conv.tensors.output.shape, [1, 4, 4, 1]);
    assert.deepEqual(conv.tensors.output.values, [-5, -4, 0, 8, -10, -2, 2, 3, 0, -2, -4, -7, -3, -2, -3, -16]);
    assert.deepEqual(Object.keys(conv.tensors.output.stats).sort(), ['max', 'mean', 'min', 'nonFinite', 'norm', 'std', 'zeros']);
    assert.deepEqual(Object.keys(stops[3].tensors).sort(), ['dBias', 'dInput', 'dKernel', 'dOutput']);
  });

  it('train and step explain a model that cannot run (exit 1) and bad flags (exit 2)', () => {
    const broken = run('train', 'samples/errors/typo-kind.nn');
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /typo-kind\.nn:6: Unknown layer kind 'dens'/);
    const noData = run('step', 'samples/lenet-course.nn');
    assert.equal(noData.code, 1);
    assert.match(noData.stderr, /no '(loss|data)' line/);
    const badFlag = run('train', 'samples/xor.nn', '--epochs', 'many');
    assert.equal(badFlag.code, 2);
    assert.match(badFlag.stderr, /--epochs must be a whole number/);
  });

  describe('--model NAME: one model of a file of several', () => {
    const TWO = 'test/fixtures/two-models.nn';

    it('summary shows only the named model; without --model, every model', () => {
      const named = run('summary', 'samples/activations.nn', '--model', 'glorot', '--json');
      assert.equal(named.code, 0, named.stderr);
      assert.deepEqual(JSON.parse(named.stdout).models.map((m: { name: string }) => m.name), ['glorot']);
      assert.deepEqual(JSON.parse(run('summary', 'samples/activations.nn', '--json').stdout).models.map((m: { name: string }) => m.name), ['activations', 'glorot']);
      const table = run('summary', 'samples/activations.nn', '--model', 'glorot').stdout;
      assert.match(table, /"glorot"/);
      assert.doesNotMatch(table, /"activations"|sigmoid_z/);
    });

    it('train and step run the named model, with its own data, epochs and seed', function () {
      this.timeout(60000);
      const train = run('train', TWO, '--model', 'ring', '--backend', 'cpu', '--json');
      assert.equal(train.code, 0, train.stderr);
      const lines = train.stdout.trim().split('\n').map((l) => JSON.parse(l));
      // ring trains 3 epochs (xor, the first model, 2).
      assert.deepEqual(lines.filter((l) => !l.done).map((l) => l.epoch), [1, 2, 3]);
      assert.equal(lines.at(-1).done, true);
      const text = run('train', TWO, '--model', 'ring', '--backend', 'cpu', '--epochs', '1').stdout;
      assert.match(text, /Training ring on circle \(cpu, .*\): 1 epochs, batch 16, seed 7/);
      const step = run('step', TWO, '--model', 'ring', '--backend', 'cpu', '--json');
      assert.equal(step.code, 0, step.stderr);
      const result = JSON.parse(step.stdout);
      assert.equal(result.model, 'ring');
      assert.deepEqual(result.stops.filter((s: { phase: string }) => s.phase === 'forward').map((s: { layer: string }) => s.layer), ['p', 'wide', 'score']);
      assert.equal(result.stops[0].line, readFileSync(join(ROOT, TWO), 'utf8').split('\n').findIndex((l) => l.startsWith('input   p')));
    });

    it('export writes the named model', () => {
      const out = mkdtempSync(join(tmpdir(), 'netlens-model-'));
      try {
        const result = run('export', TWO, '--model', 'ring', '--format', 'keras', '-o', out);
        assert.equal(result.code, 0, result.stderr);
        assert.match(readFileSync(join(out, 'ring.py'), 'utf8'), /name="wide"[\s\S]*name="ring"/);
        assert.ok(!existsSync(join(out, 'xor.py')));
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });

    it('an unknown name is a usage error (exit 2) naming the models and the closest, in English and Spanish', () => {
      const spanish: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.es.json'), 'utf8'));
      const template = "'{0}' is not a model in {1}. Did you mean '{2}'? Its models: {3}.";
      const args = ['glorott', 'activations.nn', 'glorot', 'activations, glorot'];
      for (const command of ['summary', 'train', 'step', 'export']) {
        const result = run(command, 'samples/activations.nn', '--model', 'glorott', ...(command === 'export' ? ['--format', 'keras', '-o', tmpdir()] : []));
        assert.equal(result.code, 2, command);
        assert.equal(result.stderr.split('\n')[0], `netlens: ${args.reduce((text, arg, i) => text.replace(`{${i}}`, arg), template)}`, command);
      }
      assert.ok(spanish[template], 'the Spanish bundle has the template');
      const es = run('train', 'samples/activations.nn', '--model', 'glorott', '--lang', 'es');
      assert.equal(es.stderr.split('\n')[0], `netlens: ${args.reduce((text, arg, i) => text.replace(`{${i}}`, arg), spanish[template])}`);
      const far = run('summary', TWO, '--model', 'mnist');
      assert.equal(far.stderr.split('\n')[0], "netlens: 'mnist' is not a model in two-models.nn. Its models: xor, ring.");
    });
  });
});
