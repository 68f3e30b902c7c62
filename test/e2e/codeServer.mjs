// Starts code-server for `npm start` and the e2e tests: loopback only, no auth, nothing phoned
// home, every folder it writes (user data, extensions, HOME, XDG) under the repo's ignored
// .vscode-test/<profile>/. It runs detached in its own process group, so stopping it also ends
// the file watcher and extension host it spawns.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerEntry } from './install.mjs';
import { writeLanguagePack } from './languagePack.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const userSettings = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'remote.autoForwardPorts': false,
  'editor.hover.delay': 100,
};

/** The folders of one profile ('start', 'suite-en', 'ui'…): each keeps its own state. */
export function profileFolders(profile) {
  const root = join(repoRoot, '.vscode-test', profile);
  return { root, userData: join(root, 'user-data'), extensions: join(root, 'extensions'), home: join(root, 'home'), config: join(root, 'config.yaml'), log: join(root, 'code-server.log') };
}

/**
 * code-server's environment: a scratch HOME and XDG dirs, no extension gallery, and its own
 * TMPDIR for the IPC sockets it leaves behind when killed (short: a socket path has 108 bytes).
 */
function environment(folders, scratch, extra) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VSCODE_')));
  const { home } = folders;
  return {
    ...env,
    TMPDIR: scratch,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local/state'),
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

function commonArguments(folders) {
  return ['--config', folders.config, '--user-data-dir', folders.userData, '--extensions-dir', folders.extensions];
}

function prepare(profile, { fresh }) {
  const folders = profileFolders(profile);
  if (fresh) rmSync(folders.root, { recursive: true, force: true });
  for (const dir of [folders.userData, folders.extensions, folders.home]) mkdirSync(dir, { recursive: true });
  writeFileSync(folders.config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  // Our settings under the user's own (npm start keeps its profile between runs).
  const settingsFile = join(folders.userData, 'User/settings.json');
  mkdirSync(dirname(settingsFile), { recursive: true });
  const existing = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) : {};
  writeFileSync(settingsFile, `${JSON.stringify({ ...userSettings, ...existing }, null, 2)}\n`);
  return folders;
}

/** Installs a VSIX into the profile's extensions dir (code-server's own CLI, offline). */
export function installExtension(profile, vsix, { fresh = false } = {}) {
  const folders = prepare(profile, { fresh });
  const scratch = mkdtempSync(join(tmpdir(), 'netlens-code-server-'));
  const result = spawnSync(process.execPath, [codeServerEntry, ...commonArguments(folders), '--force', '--install-extension', vsix], {
    env: environment(folders, scratch), encoding: 'utf8', timeout: 60_000,
  });
  rmSync(scratch, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`installing ${vsix} failed:\n${result.stdout}\n${result.stderr}`);
}

/**
 * Starts code-server with `folder` open; resolves once it listens. `locale` ('es') sets the
 * display language.
 * @returns {Promise<{ url: string, port: number, folders: object, stop: () => Promise<void>, exited: Promise<number | string> }>}
 */
export async function startCodeServer({ profile, folder, fresh = false, locale, env = {}, timeoutMs = 60_000 }) {
  const folders = prepare(profile, { fresh });
  const args = [codeServerEntry, ...commonArguments(folders),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--disable-proxy', '--ignore-last-opened'];
  if (locale && locale !== 'en') {
    writeLanguagePack(folders.userData, locale);
    args.push('--locale', locale);
  }
  args.push(folder);
  const scratch = mkdtempSync(join(tmpdir(), 'netlens-code-server-'));
  const child = spawn(process.execPath, args, { detached: true, env: environment(folders, scratch, env), stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(folders.log);
  let output = '';
  const stop = onceStopper(child, scratch);
  try {
    const port = await new Promise((resolvePort, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not listen within ${timeoutMs / 1000} s; see ${folders.log}`)), timeoutMs);
      const onData = (chunk) => {
        log.write(chunk);
        if (output === undefined) return;
        output += chunk;
        const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
        if (match) {
          clearTimeout(timer);
          resolvePort(Number(match[1]));
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code, signal) => {
        if (output === undefined) return;
        clearTimeout(timer);
        reject(new Error(`code-server exited (${signal ?? code}) before listening:\n${output.slice(-2000)}`));
      });
    });
    output = undefined; // later output goes only to the log file
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    return { url: `http://127.0.0.1:${port}/`, port, folders, stop, exited };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Kills the whole process group: SIGTERM, then SIGKILL if it lingers. Safe to call twice. */
function onceStopper(child, scratch) {
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
    if (signal === 'SIGKILL') rmSync(scratch, { recursive: true, force: true });
  };
  // Even when the caller dies on an exception or Ctrl-C, leave no server behind: a signal
  // would end Node without 'exit' handlers, so turn it into an exit.
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);
  exitOnSignals();
  let stopped;
  return () => {
    stopped ??= new Promise((done) => {
      process.removeListener('exit', onExit);
      const exited = child.exitCode !== null || child.signalCode !== null;
      const timer = setTimeout(() => {
        killGroup('SIGKILL');
        done();
      }, 5_000);
      const finish = () => {
        clearTimeout(timer);
        killGroup('SIGKILL'); // children that ignored SIGTERM
        done();
      };
      if (exited) finish();
      else child.once('exit', finish);
      killGroup('SIGTERM');
    });
    return stopped;
  };
}

let isExitingOnSignals = false;
function exitOnSignals() {
  if (isExitingOnSignals) return;
  isExitingOnSignals = true;
  for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
    process.once(signal, () => process.exit(128 + number));
  }
}
