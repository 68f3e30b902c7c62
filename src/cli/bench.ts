// `netlens bench [--json]`: the editor's figures on a generated 1,000-layer model — check
// (parse + infer), one hover, the inlay hints of the whole file — as medians of many runs.

import { analyze } from '../core/lang/checker';
import { LanguageService } from '../core/lang/languageService';
import { english, Localize } from '../core/lang/localize';
import { EXIT_OK } from './io';

export function generateLargeModel(layerCount: number): string {
  const lines = ['# generated for the benchmark', 'model big', 'input x [32, 32, 3]', 'conv2d c0 8 3 padding=same activation=relu'];
  let index = 1;
  while (lines.length - 2 < layerCount - 4) {
    lines.push(`conv2d c${index} 8 3 padding=same activation=relu`, `batchnorm bn${index}`, `add r${index} from c${index}, c${index - 1}`);
    index++;
  }
  lines.push('flatten', 'dense out 10 activation=softmax', 'loss categorical_crossentropy', 'train batch=32');
  return lines.join('\n') + '\n';
}

/** A model file of at least 10 MB, scaled from the bytes per layer of a small one. */
function tenMegabyteModel(): string {
  const target = 10 * 1024 * 1024;
  const sample = generateLargeModel(1000);
  return generateLargeModel(Math.ceil((1000 * target) / sample.length) + 10);
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(runs: number, body: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    body();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export interface EditorBench {
  readonly layers: number;
  readonly lines: number;
  readonly checkMs: number;
  readonly hoverMs: number;
  readonly inlayHintsMs: number;
  /** Absent with --quick. */
  readonly check10MbMs?: number;
}

export function runEditorBench(quick = false): EditorBench {
  const text = generateLargeModel(1000);
  const service = new LanguageService();
  for (let i = 0; i < 5; i++) analyze(text);
  const checkMs = time(31, () => analyze(text));
  const analysis = service.analyze(text);
  const layers = analysis.models[0].layers.length;
  const lastLine = analysis.tree.lineCount - 1;
  let line = 2;
  const hoverMs = time(201, () => {
    service.hover(analysis, { line, character: 2 });
    line = line >= lastLine - 4 ? 2 : line + 7;
  });
  const whole = { start: { line: 0, character: 0 }, end: { line: lastLine, character: 0 } };
  const inlayHintsMs = time(31, () => service.inlayHints(analysis, whole));
  if (quick) return { layers, lines: analysis.tree.lineCount, checkMs, hoverMs, inlayHintsMs };
  const big = tenMegabyteModel();
  const check10MbMs = time(1, () => analyze(big));
  return { layers, lines: analysis.tree.lineCount, checkMs, hoverMs, inlayHintsMs, check10MbMs };
}

export function runBench(json: boolean, quick: boolean, write: (text: string) => void, localize: Localize = english): number {
  const t = (template: string, ...args: (string | number)[]) => localize(template, args);
  const row = (label: string, ms: number, target?: number) => `  ${label.padEnd(24)}${ms} ms${target === undefined ? '' : `   (${t('target ≤ {0}', target)})`}`;
  const result = runEditorBench(quick);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  if (json) {
    const check10MbMs = result.check10MbMs === undefined ? undefined : round(result.check10MbMs);
    write(JSON.stringify({ editor: { ...result, checkMs: round(result.checkMs), hoverMs: round(result.hoverMs), inlayHintsMs: round(result.inlayHintsMs), check10MbMs } }, null, 2));
  } else {
    write(t('editor, generated model of {0} layers ({1} lines), medians:', result.layers, result.lines));
    write(row(t('check (parse + infer)'), round(result.checkMs), 20));
    write(row(t('hover'), round(result.hoverMs), 5));
    write(row(t('inlay hints, whole file'), round(result.inlayHintsMs), 10));
    if (result.check10MbMs !== undefined) write(row(t('check of a 10 MB file'), round(result.check10MbMs)));
  }
  return EXIT_OK;
}
