// The NetLens panel page in headless Chromium, as the webview hosts it: the real bundle under
// the real CSP, served from a secure origin, with a stand-in for VS Code's webview API that
// records what the page posts and replays what the host sends (the snapshot, commands).

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ModelGraph } from '../../src/core/model/graph';
import { BackendPreference, EpochRecord, HostToPage, PageToHost } from '../../src/core/protocol/panel';
import { panelDocument } from '../../src/extension/panel/panelDocument';
import { graphOf } from '../helpers/graph';
import { ThemeName, THEMES } from './themes';

const ROOT = join(__dirname, '..', '..');
const ORIGIN = 'https://netlens.test';
export const SCREENSHOTS = join(__dirname, 'screenshots');
const CHROMIUM = process.env.NETLENS_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Headless Chromium for a suite's `before`, or the suite skipped where there is none: npm test's
 * CI installs it (.ci/run), so only a bare development machine lacks it.
 */
export async function chromiumOrSkip(suite: Mocha.Context, args: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    console.warn(`  (no Chromium at ${CHROMIUM}: apt-get install -y chromium)`);
    suite.skip();
  }
  const { launchBrowser } = await import('../e2e/browser.mjs');
  return launchBrowser({ args });
}


export interface PanelOptions {
  readonly sample: string;
  readonly backendPreference?: BackendPreference;
  readonly theme?: ThemeName;
  readonly history?: readonly EpochRecord[];
  readonly l10n?: Record<string, string>;
  /** The page as VS Code leaves a retained webview behind another tab: document.hidden. */
  readonly hidden?: boolean;
  /** Short runs for smoke tests: the train line's epochs, and at most this many examples. */
  readonly epochs?: number;
  readonly maxSamples?: number;
}

/** The sample's first model, with the options' shorter training written into its graph. */
function sampleGraph(options: PanelOptions): ModelGraph {
  const graph = graphOf(readFileSync(join(ROOT, 'samples', options.sample), 'utf8'));
  const { train, data } = graph.training;
  const samples = data?.attrs.samples;
  return {
    ...graph,
    training: {
      ...graph.training,
      ...(train && options.epochs !== undefined ? { train: { ...train, attrs: { ...train.attrs, epochs: options.epochs } } } : {}),
      ...(data && options.maxSamples !== undefined && typeof samples === 'number' && samples > options.maxSamples ? { data: { ...data, attrs: { ...data.attrs, samples: options.maxSamples } } } : {}),
    },
  };
}

export class PanelPage {
  readonly messages: PageToHost[] = [];
  readonly consoleErrors: string[] = [];
  private waiters: { test(m: PageToHost): boolean; resolve(m: PageToHost): void }[] = [];

  private constructor(
    readonly page: Page,
    private current: ModelGraph,
    private options: PanelOptions,
  ) {}

  get graph(): ModelGraph {
    return this.current;
  }

  static async open(browser: Browser, options: PanelOptions): Promise<PanelPage> {
    if (!existsSync(join(ROOT, 'dist', 'webview.js'))) throw new Error('dist/webview.js is missing: run node esbuild.mjs');
    const graph = sampleGraph(options);
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const panel = new PanelPage(page, graph, options);
    page.on('console', (message) => {
      if (message.type() === 'error') panel.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => panel.consoleErrors.push(error.message));
    await page.route(`${ORIGIN}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/index.html') {
        const html = panelDocument({ cspSource: ORIGIN, scriptUri: `${ORIGIN}/dist/webview.js`, styleUri: `${ORIGIN}/dist/webview.css`, assetsUri: `${ORIGIN}/dist`, nonce: 'dGVzdC1ub25jZQ==', language: 'en' });
        return route.fulfill({ contentType: 'text/html', body: html });
      }
      const file = join(ROOT, decodeURIComponent(path));
      if (!path.startsWith('/dist/') || !existsSync(file)) return route.fulfill({ status: 404 });
      const type = path.endsWith('.js') ? 'text/javascript' : path.endsWith('.css') ? 'text/css' : path.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
      return route.fulfill({ contentType: type, body: readFileSync(file) });
    });
    await page.exposeFunction('__netlensPost', (message: PageToHost) => panel.receive(message));
    const theme = THEMES[options.theme ?? 'dark'];
    // A string, not a function: tsx's transform would put helpers into a serialised function.
    await page.addInitScript(`
      if (${options.hidden ? 'true' : 'false'}) Object.defineProperty(document, 'hidden', { get: () => true });
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__netlensPost(m), setState() {}, getState() {} });
      document.addEventListener('DOMContentLoaded', () => {
        const theme = ${JSON.stringify(theme)};
        document.body.classList.add(theme.bodyClass);
        for (const [name, value] of Object.entries(theme.variables)) document.documentElement.style.setProperty(name, value);
      });
    `);
    await page.goto(`${ORIGIN}/index.html`);
    return panel;
  }

  private receive(message: PageToHost): void {
    this.messages.push(message);
    if (message.type === 'ready') void this.send({ type: 'snapshot', snapshot: this.snapshot() });
    if (message.type === 'request') {
      const target = join(ROOT, 'samples', message.argument);
      void this.send(existsSync(target) ? { type: 'response', id: message.id, result: readFileSync(target, 'utf8') } : { type: 'response', id: message.id, error: `Cannot read ${message.argument}` });
    }
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.test(message)) return true;
      waiter.resolve(message);
      return false;
    });
  }

  private snapshot() {
    return {
      documentUri: `file:///samples/${this.options.sample}`,
      fileName: this.options.sample,
      graph: this.graph,
      backendPreference: this.options.backendPreference ?? 'auto',
      history: this.options.history ?? [],
      l10n: this.options.l10n,
      locale: 'en',
    };
  }

  /**
   * Another sample in the same page, as the host does when the panel's file changes: a fresh
   * snapshot (the page rebuilds its app), and the messages start over.
   */
  async load(options: PanelOptions): Promise<void> {
    this.options = options;
    this.current = sampleGraph(options);
    this.messages.length = 0;
    this.consoleErrors.length = 0;
    await this.send({ type: 'snapshot', snapshot: this.snapshot() });
  }

  /** tf.memory().numTensors in the page (tfjs keeps its engine on the global object). */
  numTensors(): Promise<number> {
    return this.page.evaluate('globalThis._tfengine.memory().numTensors') as Promise<number>;
  }

  send(message: HostToPage): Promise<void> {
    return this.page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
  }

  /** The first message (already received or still to come) that passes `test`. */
  waitFor<T extends PageToHost['type']>(type: T, test: (m: Extract<PageToHost, { type: T }>) => boolean = () => true, timeoutMs = 60_000): Promise<Extract<PageToHost, { type: T }>> {
    const matches = (m: PageToHost): boolean => m.type === type && test(m as Extract<PageToHost, { type: T }>);
    const seen = this.messages.find(matches);
    if (seen) return Promise.resolve(seen as Extract<PageToHost, { type: T }>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no '${type}' message within ${timeoutMs} ms; got: ${this.messages.map((m) => m.type).join(', ')}`)), timeoutMs);
      this.waiters.push({ test: matches, resolve: (m) => (clearTimeout(timer), resolve(m as Extract<PageToHost, { type: T }>)) });
    });
  }

  /** Messages of one type received after `from` (an index into `messages`). */
  since<T extends PageToHost['type']>(type: T, from = 0): Extract<PageToHost, { type: T }>[] {
    return this.messages.slice(from).filter((m) => m.type === type) as Extract<PageToHost, { type: T }>[];
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const path = join(SCREENSHOTS, `${name}.png`);
    await this.page.screenshot({ path, fullPage: true });
    return path;
  }

  close(): Promise<void> {
    return this.page.context().close();
  }
}
