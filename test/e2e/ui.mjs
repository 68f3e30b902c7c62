// A few smoke flows through the browser, with the VSIX installed as a user would have it:
// the inlay hints and the hover on a layer line, and Problems for a broken file. Everything
// else is asserted inside the extension host (suite/); these only prove the pixels follow.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, openFile, openWorkbench } from './browser.mjs';
import { installExtension, repoRoot, startCodeServer } from './codeServer.mjs';
import { screenshots } from './extensionHost.mjs';

const flows = [
  ['the editor shows inlay hints and the hover over a layer line shows the shape', async (page) => {
    await openFile(page, 'lenet-course.nn');
    const line = page.locator('.view-line', { hasText: /conv2d\s+conv2\s+16/ });
    await line.filter({ hasText: '→ [32, 10, 10, 16] · 3,216 params' }).waitFor({ timeout: 20_000 });
    const hover = page.locator('.monaco-hover', { hasText: '[32, 10, 10, 16]' });
    // Hover only shows once the mouse rests; move off and back if the first rest was too early.
    for (let attempt = 0; attempt < 2 && !(await hover.isVisible()); attempt++) {
      await page.mouse.move(0, 0);
      await line.locator('span > span', { hasText: /^conv2$/ }).hover();
      await hover.waitFor({ timeout: 10_000 }).catch(() => {});
    }
    await hover.filter({ hasText: '3,216' }).filter({ hasText: '⌊(14 + 2·0 − 5) / 1⌋ + 1 = 10' }).waitFor({ timeout: 2_000 });
    return 'lenet-hover';
  }],
  ['Problems lists the errors of errors/typo-kind.nn', async (page) => {
    await openFile(page, 'typo-kind.nn');
    await page.locator('#status\\.problems').click();
    const rows = page.locator('.markers-panel .monaco-list-row');
    await rows.filter({ hasText: "Unknown layer kind 'dens'" }).filter({ hasText: 'NL200' }).filter({ hasText: '[Ln 6, Col 1]' }).waitFor({ timeout: 15_000 });
    await rows.filter({ hasText: "Unknown argument 'activaton'" }).filter({ hasText: 'NL400' }).filter({ hasText: '[Ln 7, Col 18]' }).waitFor({ timeout: 5_000 });
    return 'problems-typo-kind';
  }],
];

/** @returns {Promise<{ passed: number, failed: number, tests: object[] }>} */
export async function runUiFlows(vsix, { log = console.log } = {}) {
  mkdirSync(screenshots, { recursive: true });
  installExtension('ui', vsix, { fresh: true });
  const samples = join(repoRoot, 'samples');
  let server;
  let browser;
  const tests = [];
  try {
    server = await startCodeServer({ profile: 'ui', folder: samples });
    browser = await launchBrowser();
    const page = await openWorkbench(browser, `${server.url}?folder=${encodeURIComponent(samples)}`);
    page.on('pageerror', (error) => log(`[page error] ${error.message}`));
    for (const [title, flow] of flows) {
      const started = Date.now();
      try {
        const name = await flow(page);
        await page.screenshot({ path: join(screenshots, `${name}.png`) });
        tests.push({ title: `UI: ${title}`, state: 'passed', durationMs: Date.now() - started });
      } catch (error) {
        const shot = join(screenshots, `failed-${tests.length + 1}.png`);
        await page.screenshot({ path: shot }).catch(() => {});
        tests.push({ title: `UI: ${title}`, state: 'failed', durationMs: Date.now() - started, error: `${error.message}\n(screenshot: ${shot})` });
      }
    }
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
  }
  const passed = tests.filter((t) => t.state === 'passed').length;
  return { passed, failed: tests.length - passed, tests };
}
