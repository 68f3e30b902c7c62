// Debian's Chromium through playwright-core (which never downloads a browser), headless and
// quiet: no sync, no component updates, no first-run UI, nothing reaching the network.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const chromiumPath = process.env.NETLENS_CHROMIUM ?? '/usr/bin/chromium';

const flags = [
  '--no-sandbox', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--no-default-browser-check', '--disable-default-apps', '--disable-extensions',
  '--disable-quic', '--password-store=basic', '--use-mock-keychain',
];

export async function launchBrowser({ language = 'en', args = [] } = {}) {
  if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}. Run:\n  apt-get install -y chromium`);
  // Its crash-report folder and singleton socket go to a scratch HOME and TMPDIR, not the user's.
  const scratch = mkdtempSync(join(tmpdir(), 'netlens-chromium-'));
  const env = { ...process.env, HOME: scratch, XDG_CONFIG_HOME: join(scratch, '.config'), XDG_CACHE_HOME: join(scratch, '.cache'), TMPDIR: scratch };
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: [...flags, `--lang=${language}`, ...args], env });
  browser.on('disconnected', () => rmSync(scratch, { recursive: true, force: true }));
  return browser;
}

/** A page at `url`, ready once VS Code's workbench shows its status bar. */
export async function openWorkbench(browser, url, { onPage } = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await onPage?.(page);
  await page.goto(url);
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
  return page;
}

/** Opens a workspace file through Quick Open (Ctrl+P), retrying while the workbench settles. */
export async function openFile(page, name) {
  const tab = page.locator('.tabs-container .tab', { hasText: name });
  for (let attempt = 0; attempt < 3 && !(await tab.isVisible()); attempt++) {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(name);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
    try {
      await row.waitFor({ timeout: 5_000 });
      await page.keyboard.press('Enter');
      await tab.waitFor({ timeout: 5_000 });
    } catch {
      await page.keyboard.press('Escape');
    }
  }
  await page.locator('.monaco-editor .view-lines').first().waitFor();
  return tab;
}
