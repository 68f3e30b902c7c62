// One build script for every bundle: the extension host, the CLI, the debug adapter and the
// webview page. `--watch` rebuilds on change; `--production` minifies for the VSIX. It also
// writes the data assets the bundles load at run time (dist/mnist-subset.bin) and copies tfjs'
// WASM binaries next to the CLI, where src/cli/tfNode.ts looks for them.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { writeMnistSubset } from './scripts/mnistSubset.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

/** Node bundles: CommonJS, vscode left to the host. */
const node = (entry, outfile, extra = {}) => ({
  ...common,
  entryPoints: [entry],
  outfile,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  ...extra,
});

const targets = [
  node('src/extension/extension.ts', 'dist/extension.js'),
  node('src/cli/main.ts', 'dist/cli.js', { banner: { js: '#!/usr/bin/env node' } }),
  node('src/debug/adapterMain.ts', 'dist/debugAdapter.js'),
  // The panel page: one browser bundle (tfjs with its WebGPU, WebGL, WASM and CPU backends,
  // chart.js, vscode-elements) and its stylesheet; no eval, so the CSP needs no 'unsafe-eval'.
  {
    ...common,
    entryPoints: { webview: 'webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
  },
  { ...common, entryPoints: { webview: 'webview/style.css' }, outdir: 'dist' },
  // The integration suite for the extension host (test/e2e); out/ keeps it out of the VSIX.
  node('test/e2e/suite/index.ts', undefined, {
    entryPoints: ['test/e2e/suite/index.ts', 'test/e2e/suite/*.test.ts'],
    outdir: 'out/test/e2e/suite',
    external: ['vscode', 'mocha'],
  }),
];

mkdirSync('dist', { recursive: true });
writeMnistSubset('dist/mnist-subset.bin');
const wasmDist = join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
for (const file of readdirSync(wasmDist).filter((f) => f.endsWith('.wasm'))) copyFileSync(join(wasmDist, file), join('dist', file));

if (watch) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
}
