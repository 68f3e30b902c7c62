// The real-VS Code step of `npm test`: the integration suite inside code-server's extension
// host (English, then Spanish as the display language), then a few UI smoke flows in Chromium
// with the VSIX installed. Prints every test and 'N passed, N failed'; exits 1 on a failure.
// `node test/e2e/run.mjs en es ui ui-es` runs some parts only; NETLENS_E2E_VERBOSE=1 shows the
// workbench's console.
import { spawnSync } from 'node:child_process';
import { runSuite, screenshots } from './extensionHost.mjs';
import { installCodeServer } from './install.mjs';
import { repoRoot } from './codeServer.mjs';
import { runSpanishUi } from './spanishUi.mjs';
import { runUiFlows } from './ui.mjs';
import { packageExtension } from './vsix.mjs';

let vsix;
const packagedOnce = () => (vsix ??= packageExtension());
const parts = {
  en: () => runSuite({ language: 'en' }),
  // Only the language tests: the others assert English text.
  es: () => runSuite({ language: 'es', grep: 'display language' }),
  ui: () => runUiFlows(packagedOnce()),
  // The UI in Spanish, every NetLens surface checked for English left over.
  'ui-es': () => runSpanishUi(packagedOnce()),
};
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(parts);

const started = Date.now();
const tests = [];
try {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  installCodeServer();
  for (const name of chosen) {
    if (!parts[name]) throw new Error(`unknown part '${name}'; known: ${Object.keys(parts).join(', ')}`);
    const partStarted = Date.now();
    const result = await parts[name]();
    const label = name === 'ui' ? 'UI smoke flows' : name === 'ui-es' ? 'UI in Spanish' : `extension host, display language ${name}`;
    console.log(`\n${label} (${((Date.now() - partStarted) / 1000).toFixed(1)} s)`);
    for (const test of result.tests) {
      const retried = test.isRetried && test.state === 'passed' ? ' (passed on its retry)' : '';
      console.log(`  ${test.state === 'passed' ? '✓' : '✗'} ${test.title}${retried}`);
      if (test.detail) console.log(`      ${test.detail}`);
      if (test.error) console.log(`      ${test.error.split('\n').join('\n      ')}`);
    }
    if (result.tests.length === 0) tests.push({ title: `${label}: no test ran`, state: 'failed' });
    if (result.exitCode && result.failed === 0) tests.push({ title: `${label}: run() rejected`, state: 'failed' });
    tests.push(...result.tests);
  }
} catch (error) {
  console.error(`\n✗ ${error instanceof Error ? error.stack : error}`);
  tests.push({ title: 'the e2e run itself', state: 'failed' });
}
const passed = tests.filter((t) => t.state === 'passed').length;
console.log(`\nScreenshots: ${screenshots}`);
console.log(`e2e wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${tests.length - passed} failed`);
process.exit(tests.length === passed ? 0 : 1);
