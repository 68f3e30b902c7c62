// The same integration suite in desktop VS Code through @vscode/test-electron, for machines
// that can download VS Code (not these: only npm and apt are reachable, so `npm test` uses
// code-server instead). On Linux without a display: `xvfb-run -a node test/e2e/desktop.mjs`.
// NETLENS_VSCODE_VERSION picks the VS Code (default: the lowest that engines.vscode allows).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { repoRoot } from './codeServer.mjs';
import { suiteIndex } from './extensionHost.mjs';

const version = process.env.NETLENS_VSCODE_VERSION ?? '1.100.3';
const samples = join(repoRoot, 'samples');

async function runIn(language, vscodeExecutablePath) {
  const profile = join(repoRoot, '.vscode-test', `desktop-${language}`);
  rmSync(profile, { recursive: true, force: true });
  mkdirSync(profile, { recursive: true });
  const folders = [`--user-data-dir=${join(profile, 'user-data')}`, `--extensions-dir=${join(profile, 'extensions')}`];
  if (language !== 'en') {
    // Desktop VS Code's display language also needs a language pack: Microsoft's, from the marketplace.
    const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
    const install = spawnSync(cli, [...cliArgs, ...folders, '--install-extension', `MS-CEINTL.vscode-language-pack-${language}`], { stdio: 'inherit', shell: process.platform === 'win32' });
    if (install.status !== 0) throw new Error(`could not install the ${language} language pack`);
  }
  const results = join(profile, 'results.json');
  const exitCode = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: suiteIndex,
    extensionTestsEnv: { NETLENS_E2E_RESULTS: results, NETLENS_E2E_LANGUAGE: language, ...(language === 'en' ? {} : { NETLENS_E2E_GREP: 'display language' }) },
    launchArgs: [samples, ...folders, `--locale=${language}`, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  }).catch(() => 1);
  if (!existsSync(results)) throw new Error(`VS Code exited with ${exitCode} before the suite wrote ${results}`);
  const { passed, failed } = JSON.parse(readFileSync(results, 'utf8'));
  console.log(`desktop VS Code ${version}, display language ${language}: ${passed} passed, ${failed} failed`);
  return exitCode === 0 && failed === 0;
}

const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
try {
  const vscodeExecutablePath = await downloadAndUnzipVSCode(version);
  const english = await runIn('en', vscodeExecutablePath);
  const spanish = await runIn('es', vscodeExecutablePath);
  process.exit(english && spanish ? 0 : 1);
} catch (error) {
  console.error(`desktop e2e failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
