// The whole UI in Spanish, as a student with VS Code in Spanish sees it: the VSIX installed,
// display language es, then every surface NetLens draws (inlay hints, hover, CodeLens,
// Problems, the palette, the panel and its progress, the backend status item, the debugger's
// Call Stack, Variables and Debug Console) read from the page and checked against every English
// template NetLens has. A template whose Spanish differs and that shows up in English is a leak.
// VS Code's own chrome is not checked (the test language pack translates only a few words).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, openFile, openWorkbench } from './browser.mjs';
import { installExtension, repoRoot, startCodeServer } from './codeServer.mjs';
import { screenshots } from './extensionHost.mjs';

/**
 * Words that are names, not prose: 'input' and 'output' are a layer kind of the .nn language
 * and the tensor names the debugger's expressions use (hidden.output), shown as such in the
 * panel's graph and tensor cards.
 */
const IDENTIFIERS = new Set(['input', 'output']);

const readJson = (path) => JSON.parse(readFileSync(join(repoRoot, path), 'utf8'));

/**
 * The English texts to look for: each template's literal pieces (between its {n}), without
 * codicons and markdown. A piece the Spanish also contains ('backend', 'WebGPU') is no leak.
 * Pieces of one word count only as whole words of 4 letters or more.
 */
export function englishPieces() {
  const pairs = [];
  const bundle = readJson('l10n/bundle.l10n.es.json');
  // Every template of the source, as the l10n unit test gathers them: one the bundle lacks is
  // looked for too (its Spanish is then '').
  const gathered = spawnSync(process.execPath, ['--import', 'tsx', '-e', "process.stdout.write(JSON.stringify([...require('./test/helpers/l10nTemplates.ts').allTemplates()]))"], { cwd: repoRoot, encoding: 'utf8' });
  if (gathered.status !== 0) throw new Error(`gathering the English templates failed:\n${gathered.stderr}`);
  const templates = new Set([...JSON.parse(gathered.stdout), ...Object.keys(bundle)]);
  for (const english of templates) {
    const spanish = bundle[english];
    pairs.push([english, spanish === undefined ? '' : typeof spanish === 'string' ? spanish : spanish.message]);
  }
  const nls = readJson('package.nls.json');
  const nlsEs = readJson('package.nls.es.json');
  for (const [key, english] of Object.entries(nls)) pairs.push([english, nlsEs[key] ?? '']);
  const pieces = new Map();
  for (const [english, spanish] of pairs) {
    if (english === spanish) continue;
    for (const raw of english.replace(/\$\([\w-]+\)/g, '').replace(/[*`]/g, '').split(/\{\d+\}|\n|\[[^\]]*\]\([^)]*\)/)) {
      const piece = raw.trim().replace(/^[\s:;,.·()→=-]+|[\s:;,.·()→=-]+$/g, '');
      const words = piece.match(/[A-Za-z]{2,}/g) ?? [];
      if (words.length === 0 || spanish.includes(piece)) continue;
      // A lone word ('Reset', 'params' of 'Summary: {0} params') counts from 4 letters on, as a whole word.
      if (words.length === 1 && (piece !== words[0] || piece.length < 4 || IDENTIFIERS.has(piece))) continue;
      pieces.set(piece, english);
    }
  }
  return pieces;
}

/**
 * English function words that no Spanish sentence has: they catch English that never went
 * through a translator, so has no template to look for.
 */
const ENGLISH_WORDS = /\b(?:the|and|of|with|is|are|this|that|from|for|to|on|by|not|has|have|was|will|cannot|it|its)\b/i;

/** The English pieces found in `text`, each with the template it comes from. */
export function leaksIn(text, pieces) {
  const found = [];
  const word = ENGLISH_WORDS.exec(text);
  if (word) found.push({ piece: word[0], template: '(an English word outside any template)' });
  for (const [piece, template] of pieces) {
    const isWord = !/\s/.test(piece);
    const hit = isWord ? new RegExp(`(?<![\\w.])${piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w])`).test(text) : text.includes(piece);
    if (hit) found.push({ piece, template });
  }
  return found;
}

async function texts(locator) {
  return (await locator.allInnerTexts()).map((t) => t.replace(/\u00a0/g, ' ').trim()).filter(Boolean);
}

/** Runs a palette command by its exact (Spanish) label; returns the labels the palette listed for the prefix. */
async function runFromPalette(page, label, prefix = 'NetLens:') {
  const rows = page.locator('.quick-input-list .monaco-list-row');
  for (let attempt = 0; attempt < 4; attempt++) {
    await page.keyboard.press('Control+Shift+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`>${prefix}`);
    await page.waitForTimeout(300);
    const labels = (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''))).map((l) => l.replace(/\u00a0/g, ' '));
    const exact = rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
    if ((await exact.count()) > 0) {
      await input.fill(`>${label}`);
      await page.keyboard.press('Enter');
      return labels;
    }
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1_000); // contributions appear a few seconds after the workbench
  }
  throw new Error(`no palette entry "${label}"`);
}

/** Reads every NetLens surface in Spanish; returns [where, text] pairs and the screenshots taken. */
async function readSpanishSurfaces(page, shot) {
  const nls = readJson('package.nls.es.json');
  const seen = [];
  const add = (where, list) => list.forEach((text) => {
    seen.push([where, text]);
    if (process.env.NETLENS_E2E_VERBOSE) console.log(`[${where}] ${text.replace(/\n/g, ' ⏎ ')}`);
  });

  // Inlay hints and CodeLens on xor.nn; the view lines minus the file's own text are the hints.
  await openFile(page, 'xor.nn');
  const source = readFileSync(join(repoRoot, 'samples/xor.nn'), 'utf8').split('\n').map((l) => l.replace(/\s+$/, ''));
  const hiddenLine = page.locator('.view-line', { hasText: /dense\s+hidden/ });
  await hiddenLine.filter({ hasText: '→' }).waitFor({ timeout: 20_000 });
  for (const line of await texts(page.locator('.view-line'))) {
    const own = source.filter((s) => s && line.startsWith(s.trimEnd())).sort((a, b) => b.length - a.length)[0];
    const hint = own ? line.slice(own.length).trim() : '';
    if (hint) add('inlay hint', [hint]);
  }
  const lenses = page.locator('.codelens-decoration');
  await lenses.first().waitFor({ timeout: 15_000 });
  add('CodeLens', await texts(lenses));
  // The summary lens opens the Keras-style summary beside the model.
  await lenses.locator('a', { hasText: /\d/ }).last().click();
  const summary = page.locator('.editor-group-container').nth(1).locator('.view-line');
  await summary.filter({ hasText: /\d/ }).first().waitFor({ timeout: 15_000 });
  add('model summary', [(await texts(summary)).join('\n')]);
  await shot('es-summary');
  const summaryTab = page.locator('.tab[data-resource-name="xor.nn.summary"]');
  await summaryTab.hover();
  await summaryTab.locator('.codicon-close').click();
  await summaryTab.waitFor({ state: 'detached', timeout: 5_000 });
  // Hover on the hidden layer's name.
  const hover = page.locator('.monaco-hover:visible');
  for (let attempt = 0; attempt < 3 && !(await hover.count()); attempt++) {
    await page.mouse.move(0, 0);
    await hiddenLine.locator('span > span', { hasText: /^hidden$/ }).hover();
    await hover.first().waitFor({ timeout: 5_000 }).catch(() => {});
  }
  add('hover', await texts(hover));
  await shot('es-editor-hover');
  await page.mouse.move(0, 0);
  await page.keyboard.press('Escape');

  // Problems of a broken file.
  await openFile(page, 'typo-kind.nn');
  await page.locator('#status\\.problems').click();
  const problems = page.locator('.markers-panel .monaco-list-row');
  await problems.filter({ hasText: 'NL200' }).waitFor({ timeout: 15_000 });
  add('Problems', await texts(problems));
  await shot('es-problems');

  // The palette, then training from it: progress, the panel page, the backend status item.
  await (await openFile(page, 'xor.nn')).click();
  const trainTitle = `NetLens: ${nls['command.train']}`;
  add('command palette', await runFromPalette(page, trainTitle));
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const progress = page.locator('.notifications-toasts, .statusbar-item.statusbar-entry[id*="progress"]');
  await frame.locator('body').waitFor({ timeout: 30_000 });
  add('progress', await texts(progress).catch(() => []));
  const backendItem = page.locator('.statusbar-item[id*="netlens"]');
  await backendItem.first().waitFor({ timeout: 60_000 });
  // xor trains 200 epochs: the status line reaches 200/200.
  await frame.locator('span.status', { hasText: '200/200' }).waitFor({ timeout: 60_000 });
  add('panel', [await frame.locator('body').innerText()]);
  add('panel tooltips', await frame.locator('[title]').evaluateAll((els) => els.map((e) => e.getAttribute('title'))));
  add('status bar item', await texts(backendItem));
  // Its aria-label carries the tooltip.
  add('status bar tooltip', await backendItem.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? '')));
  await shot('es-panel-trained');
  await page.mouse.move(0, 0);

  // The debugger, one step on.
  await (await openFile(page, 'xor.nn')).click();
  await runFromPalette(page, `NetLens: ${nls['command.debugModel']}`);
  const frames = page.locator('.debug-call-stack .monaco-list-row');
  await page.locator('.debug-toolbar').waitFor({ timeout: 30_000 });
  await frames.first().waitFor({ timeout: 30_000 }); // stopped on entry, at input x
  await page.locator('.debug-toolbar .codicon-debug-step-over').click();
  await frames.filter({ hasText: 'hidden' }).first().waitFor({ timeout: 30_000 });
  const variables = page.locator('.debug-variables .monaco-list-row');
  // The first scope (activations) opens by itself: wait for hidden's output, [batch, 4].
  await variables.filter({ hasText: '[16, 4]' }).first().waitFor({ timeout: 15_000 });
  add('Call Stack', await texts(frames));
  add('Variables', await texts(variables));
  add('Breakpoints', await texts(page.locator('.debug-breakpoints .monaco-list-row')));
  const repl = page.locator('.repl .monaco-list-row');
  await page.keyboard.press('Control+Shift+Y'); // the Debug Console
  await repl.first().waitFor({ timeout: 10_000 }).catch(() => {});
  add('Debug Console', await texts(repl));
  await shot('es-debugger');
  await page.locator('.debug-toolbar .codicon-debug-stop').click().catch(() => {});
  return seen;
}

/** @returns {Promise<{ passed: number, failed: number, tests: object[] }>} */
export async function runSpanishUi(vsix, { log = console.log } = {}) {
  mkdirSync(screenshots, { recursive: true });
  installExtension('ui-es', vsix, { fresh: true });
  const samples = join(repoRoot, 'samples');
  const title = 'UI in Spanish: no English text from NetLens on any surface';
  const started = Date.now();
  let server;
  let browser;
  let page;
  const test = { title };
  try {
    server = await startCodeServer({ profile: 'ui-es', folder: samples, locale: 'es' });
    browser = await launchBrowser({ language: 'es' });
    page = await openWorkbench(browser, `${server.url}?folder=${encodeURIComponent(samples)}`);
    page.on('pageerror', (error) => log(`[page error] ${error.message}`));
    const shots = [];
    const shot = async (name) => {
      const path = join(screenshots, `${name}.png`);
      await page.screenshot({ path });
      shots.push(path);
    };
    const seen = await readSpanishSurfaces(page, shot);
    const pieces = englishPieces();
    const surfaces = new Set(seen.map(([where]) => where));
    const needed = ['inlay hint', 'CodeLens', 'model summary', 'hover', 'Problems', 'command palette', 'panel', 'status bar item', 'Call Stack', 'Variables', 'Debug Console'];
    const unread = needed.filter((where) => !surfaces.has(where));
    const leaks = seen.flatMap(([where, text]) => leaksIn(text, pieces).map((leak) => `${where}: "${leak.piece}" (from "${leak.template}") in: ${text.slice(0, 200).replace(/\n/g, ' ⏎ ')}`));
    if (unread.length || leaks.length) {
      throw new Error([...unread.map((where) => `nothing read from ${where}`), ...[...new Set(leaks)]].join('\n'));
    }
    Object.assign(test, { state: 'passed', durationMs: Date.now() - started, detail: `${seen.length} texts, ${pieces.size} English pieces; screenshots ${shots.join(', ')}` });
  } catch (error) {
    const shot = join(screenshots, 'failed-spanish-ui.png');
    await page?.screenshot({ path: shot }).catch(() => {});
    Object.assign(test, { state: 'failed', durationMs: Date.now() - started, error: `${error.message}\n(screenshot: ${shot})` });
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
  }
  return { passed: test.state === 'passed' ? 1 : 0, failed: test.state === 'passed' ? 0 : 1, tests: [test] };
}
