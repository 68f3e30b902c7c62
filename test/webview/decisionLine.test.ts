// The perceptron's line on the panel's decision-boundary plot, in real headless Chromium: for
// perceptron-and.nn the panel draws x2 = −4/5·x1 + 6/5 where the course puts it, labels it with
// its equation (in Spanish too), and a model with a hidden layer gets no line.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromiumOrSkip, PanelPage } from './panelHarness';

const ROOT = join(__dirname, '..', '..');

interface Drawn {
  readonly line: string;
  readonly ends: [number, number, number, number];
  readonly plot: [number, number, number, number];
  readonly note: string;
  /** Pixels (r, g, b) on the line at x1 = 0, 0.5, 1, and 12 CSS pixels above and below each. */
  readonly on: number[][];
  readonly off: number[][];
  readonly lineColor: number[];
}

/** Reads the boundary canvas: what it says it drew, and the pixels where the course's line must be. */
async function drawn(panel: PanelPage): Promise<Drawn> {
  await panel.page.locator('section.boundary canvas[data-line-ends]').waitFor({ timeout: 30_000 });
  // The course's line, placed on the plot independently of the view's own arithmetic.
  const script = `(() => {
    const canvas = document.querySelector('section.boundary canvas[data-line-ends]');
    const plot = JSON.parse(canvas.dataset.plot);
    const extent = [-0.5, 1.5, -0.5, 1.5];
    const ratio = canvas.width / parseFloat(canvas.style.width);
    const context = canvas.getContext('2d');
    const pixel = (x, y) => Array.from(context.getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data.slice(0, 3));
    const px = (x1) => plot[0] + ((x1 - extent[0]) / (extent[1] - extent[0])) * plot[2];
    const py = (x2) => plot[1] + ((extent[3] - x2) / (extent[3] - extent[2])) * plot[3];
    const on = [], off = [];
    for (const x1 of [0.25, 0.5, 1.25]) {
      const x2 = -0.8 * x1 + 1.2;
      on.push(pixel(px(x1), py(x2)));
      off.push(pixel(px(x1), py(x2) - 12), pixel(px(x1), py(x2) + 12));
    }
    const probe = document.createElement('canvas').getContext('2d');
    probe.fillStyle = canvas.dataset.lineColor;
    probe.fillRect(0, 0, 1, 1);
    return { line: canvas.dataset.line, ends: JSON.parse(canvas.dataset.lineEnds), plot, note: document.querySelector('section.boundary .decision-line')?.textContent ?? '',
      on, off, lineColor: Array.from(probe.getImageData(0, 0, 1, 1).data.slice(0, 3)) };
  })()`;
  return (await panel.page.evaluate(script)) as Drawn;
}

const near = (a: number[], b: number[], tolerance = 40) => a.every((v, i) => Math.abs(v - b[i]) <= tolerance);

describe('decision line on the panel in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;

  before(async function () {
    browser = await chromiumOrSkip(this);
  });
  after(() => browser?.close());

  it('perceptron-and: draws x2 = −4/5·x1 + 6/5 across the plot where the course puts it, with its equation', async () => {
    const panel = await PanelPage.open(browser, { sample: 'perceptron-and.nn' });
    try {
      const result = await drawn(panel);
      assert.equal(result.line, 'x2 = −4/5·x1 + 6/5');
      assert.match(result.note, /4·x1 \+ 5·x2 − 6 = 0, that is x2 = −4\/5·x1 \+ 6\/5/);
      // The plane is [−0.5, 1.5]²: the line enters at the top (x1 = −0.375) and leaves on the right (x2 = 0).
      const [left, top, width, height] = result.plot;
      const expected = [left + (0.125 / 2) * width, top, left + width, top + (1.5 / 2) * height];
      const ends = [...result.ends];
      if (ends[0] > ends[2]) ends.push(...ends.splice(0, 2));
      ends.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 0.6, `end ${ends} vs ${expected}`));
      for (const pixel of result.on) assert.ok(near(pixel, result.lineColor), `on the line: ${pixel} vs ${result.lineColor}`);
      for (const pixel of result.off) assert.ok(!near(pixel, result.lineColor, 30), `off the line: ${pixel}`);
      await panel.screenshot('perceptron-and-line');
      assert.deepEqual(panel.consoleErrors, []);
    } finally {
      await panel.close();
    }
  });

  it('perceptron-or in Spanish: the label and the note are translated; xor (a hidden layer) gets no line', async () => {
    const l10n = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.es.json'), 'utf8')) as Record<string, string>;
    const or = await PanelPage.open(browser, { sample: 'perceptron-or.nn', theme: 'light', l10n });
    try {
      const result = await drawn(or);
      assert.equal(result.line, 'x2 = −4/5·x1 + 3/5');
      assert.match(result.note, /^Recta de decisión: 4·x1 \+ 5·x2 − 3 = 0, es decir, x2 = −4\/5·x1 \+ 3\/5$/);
      for (const pixel of result.on.slice(0, 2)) assert.ok(!near(pixel, result.lineColor), 'the OR line lies lower: not at the AND line’s place');
      await or.screenshot('perceptron-or-line-es');
    } finally {
      await or.close();
    }
    const xor = await PanelPage.open(browser, { sample: 'xor.nn' });
    try {
      await xor.page.locator('section.boundary[data-separated]').waitFor({ timeout: 30_000 });
      assert.equal(await xor.page.locator('section.boundary canvas[data-line]').count(), 0);
      assert.equal(await xor.page.locator('section.boundary .decision-line').count(), 0);
    } finally {
      await xor.close();
    }
  });
});
