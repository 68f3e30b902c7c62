// Installs the pinned code-server (test/e2e/code-server/, its own lockfile) on first use.
// Offline and as root this needs a few settings and Debian packages (see ../shared/E2E.md);
// a second call returns at once when the installed version matches the pin.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const codeServerFolder = join(here, 'code-server');
export const codeServerEntry = join(codeServerFolder, 'node_modules/code-server/out/node/entry.js');
const marker = join(codeServerFolder, 'node_modules/.netlens-installed');

/** The pinned version, read from the folder's package.json. */
export function pinnedVersion() {
  return JSON.parse(readFileSync(join(codeServerFolder, 'package.json'), 'utf8')).dependencies['code-server'];
}

export function isInstalled() {
  return existsSync(codeServerEntry) && existsSync(marker) && readFileSync(marker, 'utf8').trim() === pinnedVersion();
}

/** What a fresh Debian machine lacks for the install, as the apt-get line that fixes it. */
function missingPackages() {
  const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
  const missing = [];
  if (!has('rg')) missing.push('ripgrep');
  if (!has('krb5-config')) missing.push('libkrb5-dev');
  if (!has('g++') || !has('make')) missing.push('build-essential');
  if (!has('python3')) missing.push('python3');
  return missing;
}

/**
 * @vscode/ripgrep's postinstall downloads `rg` from GitHub; with a tarball of Debian's `rg`
 * where its cache looks, it uses that instead.
 */
function seedRipgrepCache(tmp) {
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  const cache = join(tmp, 'vscode-ripgrep-cache-1.15.11');
  const staging = join(tmp, 'rg-staging');
  mkdirSync(cache, { recursive: true });
  mkdirSync(staging, { recursive: true });
  copyFileSync(rg, join(staging, 'rg'));
  const tar = spawnSync('tar', ['-czf', join(cache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'), '-C', staging, 'rg']);
  if (tar.status !== 0) throw new Error(`could not seed the ripgrep cache: ${tar.stderr}`);
}

export function installCodeServer({ quiet = false } = {}) {
  if (isInstalled()) return codeServerEntry;
  const missing = missingPackages();
  if (missing.length) {
    throw new Error(`code-server's install needs Debian packages that are missing. Run:\n  apt-get install -y ${missing.join(' ')}`);
  }
  const started = Date.now();
  if (!quiet) console.log(`Installing code-server ${pinnedVersion()} into ${codeServerFolder} (first use, about a minute)…`);
  rmSync(join(codeServerFolder, 'node_modules'), { recursive: true, force: true });
  // Outside node_modules, which `npm ci` empties first; under the repo's ignored .vscode-test/.
  const tmp = join(here, '../../.vscode-test/install-tmp');
  seedRipgrepCache(tmp);
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: codeServerFolder,
    stdio: quiet ? 'pipe' : 'inherit',
    encoding: 'utf8',
    env: {
      ...process.env,
      TMPDIR: tmp,
      npm_config_unsafe_perm: 'true', // its postinstall refuses root otherwise
      npm_config_yes: 'true', // node-pty runs `npx node-gyp`
    },
  });
  rmSync(tmp, { recursive: true, force: true });
  if (result.status !== 0) {
    throw new Error(`npm ci of code-server failed (exit ${result.status}).${quiet ? `\n${result.stdout}\n${result.stderr}` : ''}`);
  }
  if (!existsSync(codeServerEntry)) throw new Error(`code-server installed but ${codeServerEntry} is missing`);
  writeFileSync(marker, `${pinnedVersion()}\n`);
  if (!quiet) console.log(`code-server installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return codeServerEntry;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    installCodeServer();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
