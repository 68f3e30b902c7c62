// `npm start`: build, install code-server on first use, install the freshly built extension
// into it as a VSIX, open samples/ and print the URL; Ctrl-C stops the server.
// `npm start -- --locale es` shows VS Code (and NetLens) in Spanish.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { installExtension, repoRoot, startCodeServer } from '../test/e2e/codeServer.mjs';
import { installCodeServer } from '../test/e2e/install.mjs';
import { packageExtension } from '../test/e2e/vsix.mjs';

const localeIndex = process.argv.indexOf('--locale');
const locale = localeIndex > 0 ? process.argv[localeIndex + 1] : undefined;

function step(what, action) {
  const started = Date.now();
  process.stdout.write(`${what}… `);
  const result = action();
  console.log(`done (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

try {
  step('Building', () => {
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the build failed');
  });
  installCodeServer();
  const vsix = step('Packaging the extension', packageExtension);
  step('Installing it into code-server', () => installExtension('start', vsix));
  const samples = join(repoRoot, 'samples');
  const server = await startCodeServer({ profile: 'start', folder: samples, locale });
  console.log(`\nNetLens is running in VS Code (code-server), with samples/ open:\n\n  ${server.url}?folder=${encodeURI(samples)}\n`);
  console.log(`Open that URL in a browser; start with lenet-course.nn. Log: ${server.folders.log}\nPress Ctrl-C to stop.`);
  process.on('exit', () => console.log('\ncode-server stopped.'));
  const reason = await server.exited;
  console.error(`code-server exited on its own (${reason}); see ${server.folders.log}`);
  process.exit(1);
} catch (error) {
  console.error(`\nnpm start failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
