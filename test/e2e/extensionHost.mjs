// Runs the mocha suite (test/e2e/suite) inside code-server's extension host: the extension is
// loaded from this repo as a development extension through the URL's payload, no install, and
// the workbench calls window.codeAutomationExit(code) when the suite's run() settles.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, openWorkbench } from './browser.mjs';
import { repoRoot, startCodeServer } from './codeServer.mjs';

export const suiteIndex = join(repoRoot, 'out/test/e2e/suite/index.js');
export const screenshots = join(repoRoot, 'test/e2e/screenshots');

/** @returns {Promise<{ passed: number, failed: number, tests: object[], exitCode: number }>} */
export async function runSuite({ language = 'en', grep, timeoutMs = 120_000, log = console.log } = {}) {
  const profile = `suite-${language}`;
  const results = join(repoRoot, '.vscode-test', `results-${language}.json`);
  rmSync(results, { force: true });
  const env = { NETLENS_E2E_RESULTS: results, NETLENS_E2E_LANGUAGE: language, ...(grep ? { NETLENS_E2E_GREP: grep } : {}) };
  const samples = join(repoRoot, 'samples');
  let server;
  let browser;
  try {
    server = await startCodeServer({ profile, folder: samples, fresh: true, env, ...(language === 'en' ? {} : { locale: language }) });
    const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${encodeURI(path)}`;
    const payload = JSON.stringify([['extensionDevelopmentPath', remote(repoRoot)], ['extensionTestsPath', remote(suiteIndex)]]);
    const url = `${server.url}?folder=${encodeURIComponent(samples)}&payload=${encodeURIComponent(payload)}`;
    browser = await launchBrowser({ language });
    let exited;
    const exit = new Promise((resolve) => (exited = resolve));
    const page = await openWorkbench(browser, url, {
      onPage: async (page) => {
        await page.exposeFunction('codeAutomationExit', (code) => exited(code));
        page.on('console', (message) => forwardConsole(message, log));
        page.on('pageerror', (error) => log(`[page error] ${error.message}`));
      },
    });
    const exitCode = await Promise.race([exit, timeout(timeoutMs, `the suite did not finish within ${timeoutMs / 1000} s`)]);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, `suite-${language}.png`) }).catch(() => {});
    if (!existsSync(results)) throw new Error(`the suite exited with ${exitCode} and wrote no results to ${results}; see the log above`);
    return { ...JSON.parse(readFileSync(results, 'utf8')), exitCode };
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
  }
}

// Errors the offline workbench logs on every start (no gallery, by design).
const expectedNoise = /No extension gallery service configured|Ignoring fetching additional builtin extensions/;

/** The workbench's and extension host's console: errors only, unless verbose. */
function forwardConsole(message, log) {
  // The workbench logs many errors twice, once through its own styled logger.
  const text = message.text().replace(/^%c\s*\w+\s+color: #\w+\s*/, '');
  // vsda is Microsoft's closed signing module, absent from code-server: its 404s are expected.
  const isExpected = expectedNoise.test(text) || message.location().url.includes('/node_modules/vsda/');
  const isShown = process.env.NETLENS_E2E_VERBOSE || (message.type() === 'error' && !isExpected);
  if (isShown && text !== lastForwarded) log(`[${message.type()}] ${text}`);
  lastForwarded = text;
}
let lastForwarded = '';

function timeout(ms, why) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(why)), ms).unref());
}
