// The panel's views in a real browser: a gallery page bundled from test/webview/gallery.ts
// renders every view from the engine's own data (computed here on the CPU backend), in a
// dark English and a light Spanish VS Code theme; the checks read what the views drew.
// Screenshots go to test/webview/screenshots/ for people to look at.

import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { useCpu } from '../helpers/tf';
import { galleryData } from './galleryData';
import { GalleryData } from './galleryTypes';
import { THEMES } from './themes';

const ROOT = join(__dirname, '..', '..');
const CHROMIUM = process.env.NETLENS_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = join(__dirname, 'screenshots');


const FONTS = { '--vscode-font-family': 'system-ui, "DejaVu Sans", sans-serif', '--vscode-editor-font-family': '"DejaVu Sans Mono", monospace', '--vscode-font-size': '13px' };

function pageHtml(theme: keyof typeof THEMES, data: GalleryData, script: string): string {
  const variables = Object.entries({ ...THEMES[theme].variables, ...FONTS }).map(([k, v]) => `${k}: ${v}`).join('; ');
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const css = readFileSync(join(ROOT, 'webview', 'style.css'), 'utf8');
  return `<!doctype html><html lang="${data.l10n ? 'es' : 'en'}" style='${variables}'><head><meta charset="utf-8"><style>${css} body { padding: 12px; }</style></head>
<body class="${THEMES[theme].bodyClass}"><script>window.galleryData = ${json};</script><script>${script.replace(/<\/script/g, '<\\/script')}</script></body></html>`;
}

describe('webview views in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let data: GalleryData;
  let script: string;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.warn(`  skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
      this.skip();
    }
    await useCpu();
    const [computed, bundle] = await Promise.all([
      galleryData(),
      build({ entryPoints: [join(__dirname, 'gallery.ts')], bundle: true, platform: 'browser', format: 'iife', write: false, logLevel: 'silent', target: 'chrome120' }),
    ]);
    data = computed;
    script = bundle.outputFiles[0].text;
    browser = await (await import('../e2e/browser.mjs')).launchBrowser();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
  });

  for (const theme of ['dark', 'light'] as const) {
    describe(`${theme} theme${theme === 'light' ? ', in Spanish' : ''}`, () => {
      let page: Page;
      const errors: string[] = [];

      before(async () => {
        const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
        page = await context.newPage();
        page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
        page.on('pageerror', (error) => errors.push(error.message));
        const spanish = theme === 'light' ? (JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.es.json'), 'utf8')) as Record<string, string>) : undefined;
        await page.setContent(pageHtml(theme, { ...data, ...(spanish ? { l10n: spanish } : {}) }, script));
        await page.waitForFunction(() => window.gallerySummary !== undefined);
        await page.screenshot({ path: join(SCREENSHOTS, `views-${theme}.png`), fullPage: true });
        for (const id of ['boundary', 'conv', 'attention', 'recurrent', 'details', 'reconstructions']) await page.locator(`#${id}`).screenshot({ path: join(SCREENSHOTS, `${theme}-${id}.png`) });
      });

      after(() => page?.context().close());

      it('renders every view without a console error', async () => {
        assert.deepEqual(errors, []);
        const ids = await page.evaluate(() => Object.keys(window.gallerySummary));
        assert.deepEqual(ids.sort(), ['attention', 'boundary', 'comparison', 'conv', 'curves', 'details', 'gan', 'neurons', 'reconstructions', 'recurrent']);
      });

      it('draws no blank canvas, and each is focusable and described', async () => {
        const canvases = await page.evaluate(() =>
          [...document.querySelectorAll('section.view canvas')].map((canvas) => {
            const c = canvas as HTMLCanvasElement;
            const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
            let painted = 0;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
            return { painted: painted / (pixels.length / 4), tabIndex: c.tabIndex, role: c.getAttribute('role'), label: c.getAttribute('aria-label') ?? '' };
          }),
        );
        assert.ok(canvases.length > 40, `${canvases.length} canvases`);
        for (const canvas of canvases) {
          assert.ok(canvas.painted > 0.01, `a blank canvas: ${canvas.label}`);
          assert.equal(canvas.tabIndex, 0);
          assert.equal(canvas.role, 'img');
          assert.ok(canvas.label.length > 5, 'an aria-label that describes the canvas');
        }
      });

      it('Tab reaches the first view and shows the focus ring', async () => {
        await page.locator('body').click({ position: { x: 2, y: 2 } });
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const active = document.activeElement as HTMLElement;
          return { tag: active.tagName, inBoundary: !!active.closest('#boundary'), outline: getComputedStyle(active).outlineStyle };
        });
        assert.deepEqual(focused, { tag: 'CANVAS', inBoundary: true, outline: 'solid' });
      });

      it('draws one loss curve per optimizer of a comparison, named in the legend', async () => {
        const eight = ['gd', 'sgd', 'rmsprop', 'adagrad', 'adadelta', 'adam', 'adamax', 'nadam'];
        const comparison = await page.evaluate(() => window.gallerySummary.comparison as { runs: string[]; legend: string[] });
        assert.deepEqual(comparison, { runs: eight, legend: eight });
        await page.locator('#comparison').screenshot({ path: join(SCREENSHOTS, `${theme}-comparison.png`) });
      });

      it("writes the course's numbers in the 6×6 edge example's cells", async () => {
        const cells = await page.evaluate(() => [...document.querySelectorAll('#conv canvas')].map((c) => JSON.parse((c as HTMLElement).dataset.cells ?? 'null') as string[] | null));
        assert.equal(cells.length, 3, 'input, kernel, output');
        assert.deepEqual(cells[0], ['3', '0', '1', '2', '7', '4', '1', '5', '8', '9', '3', '1', '2', '7', '2', '5', '1', '3', '0', '1', '3', '1', '7', '8', '4', '2', '1', '6', '2', '8', '2', '4', '5', '2', '3', '9']);
        assert.deepEqual(cells[1], ['1', '0', '-1', '1', '0', '-1', '1', '0', '-1']);
        assert.deepEqual(cells[2], ['-5', '-4', '0', '8', '-10', '-2', '2', '3', '0', '-2', '-4', '-7', '-3', '-2', '-3', '-16']);
      });

      it('shows attention rows summing to 1, the upper triangle masked and zero', async () => {
        const heads = await page.evaluate(() =>
          [...document.querySelectorAll('#attention canvas')].map((c) => ({
            sums: JSON.parse((c as HTMLElement).dataset.rowSums!) as number[],
            masked: JSON.parse((c as HTMLElement).dataset.masked!) as [number, number][],
            cells: JSON.parse((c as HTMLElement).dataset.cells!) as string[],
          })),
        );
        assert.equal(heads.length, 2);
        const upper: [number, number][] = [];
        for (let i = 0; i < 8; i++) for (let j = i + 1; j < 8; j++) upper.push([i, j]);
        for (const head of heads) {
          assert.equal(head.sums.length, 8);
          for (const sum of head.sums) assert.ok(Math.abs(sum - 1) < 1e-5, `row sum ${sum}`);
          assert.deepEqual(head.masked, upper);
          for (const [i, j] of upper) assert.equal(head.cells[i * 8 + j], '0');
          assert.ok(head.cells.some((text, k) => k % 9 !== 0 && text !== '0' && text !== '1'), 'the unmasked weights are not all 0 or 1');
        }
        const listed = await page.locator('#attention .row-sums li').first().textContent();
        assert.equal(listed, 'Σ 1');
      });

      it('separates the circle data set with the boundary the network learned', async () => {
        const summary = await page.evaluate(() => window.gallerySummary.boundary as { trainScore: number; testScore: number; points: number; testPoints: number });
        assert.equal(summary.points, data.boundary.labels.length);
        assert.ok(summary.trainScore >= 0.97, `train ${summary.trainScore}`);
        assert.ok(summary.testScore >= 0.95, `test ${summary.testScore}`);
        assert.equal(await page.locator('#neurons canvas').count(), 6);
      });

      it('counts every value in the histograms of weights and gradients', async () => {
        const counts = await page.evaluate(() =>
          [...document.querySelectorAll('#details canvas[data-counts]')].map((c) => (JSON.parse((c as HTMLElement).dataset.counts!) as number[]).reduce((a, b) => a + b, 0)),
        );
        const expected = Object.values(data.details.tensors).map((t) => t.values!.filter(Number.isFinite).length);
        assert.deepEqual(counts, expected);
        const stats = await page.locator('#details .tensor-stats').first().textContent();
        assert.match(stats!, theme === 'light' ? /media/ : /mean/);
      });

      it('keeps LSTM gates in [0, 1] over 8 steps and 16 units', async () => {
        const series = await page.evaluate(() => window.gallerySummary.recurrent as { symbol: string; steps: number; units: number; min: number; max: number; formula?: string }[]);
        assert.deepEqual(series.map((s) => s.symbol), ['f', 'i', 'ĉ', 'o', 'c', 'h']);
        for (const s of series) {
          assert.deepEqual([s.steps, s.units], [8, 16]);
          if ('fio'.includes(s.symbol)) assert.ok(s.min >= 0 && s.max <= 1, `${s.symbol} in [${s.min}, ${s.max}]`);
        }
        assert.equal(series.find((s) => s.symbol === 'c')!.formula, 'c_t = f_t·c_{t−1} + i_t·ĉ_t');
      });

      it('shows MNIST inputs as 28×28 images beside their reconstructions and D(x) for GAN samples', async () => {
        const summary = await page.evaluate(() => window.gallerySummary as Record<string, { count?: number; image?: number[]; errors?: number[]; realScores?: number[] }>);
        assert.deepEqual(summary.reconstructions.image, [28, 28]);
        assert.equal(summary.reconstructions.count, 8);
        assert.ok(summary.reconstructions.errors!.every((e) => e > 0 && e < 0.1), `MSE ${summary.reconstructions.errors}`);
        assert.deepEqual(summary.gan.realScores, data.gan.realScores.values);
        assert.equal(await page.locator('#gan figcaption', { hasText: 'D(x) =' }).count(), 16);
      });
    });
  }
});
