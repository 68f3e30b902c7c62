// Loss and accuracy curves, train and validation, with chart.js; colours from the theme.
// Updates append points and redraw without animation, so training is never held up. Records
// of a comparison (a `compare` line) draw one training curve per run, named in the legend.
// Clicking a run's name in a legend picks that run (onPickRun): the views below then show it.
// A GAN's curves: D and G losses in one chart, mean D(fake) and D(real) in the other.

import { CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, LogarithmicScale, PointElement, Tooltip } from 'chart.js';
import { GAN_METRICS } from '../../src/core/engine/ganTraining';
import { EpochRecord } from '../../src/core/protocol/panel';
import { themeColors } from '../theme';
import { t } from '../l10n';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, CategoryScale, Legend, Tooltip);

/** One colour per run, distinct on light and dark themes (Tableau 10). */
const RUN_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export class Curves {
  readonly element: HTMLElement;
  private readonly loss: Chart;
  private readonly accuracy: Chart;
  private readonly titles: { loss: [string, string]; accuracy: [string, string] };
  /** Run labels in order of appearance, while the curves show a comparison. */
  private runs: string[] = [];
  /** The run the views show, drawn thicker; undefined for none. */
  private picked?: string;
  /** Called when a run's name in a legend is clicked. */
  onPickRun?: (run: string) => void;

  constructor(private readonly isGan = false) {
    this.element = document.createElement('div');
    this.element.className = 'curves';
    const colors = themeColors();
    Chart.defaults.color = colors.foreground;
    Chart.defaults.borderColor = colors.border;
    this.titles = isGan
      ? { loss: [t('discriminator loss'), t('generator loss')], accuracy: [t('mean D(fake)'), t('mean D(real)')] }
      : { loss: [t('training loss'), t('validation loss')], accuracy: [t('training accuracy'), t('validation accuracy')] };
    this.loss = this.chart(t('Loss'), this.titles.loss);
    this.accuracy = this.chart(isGan ? t('Mean D(x)') : t('Accuracy'), this.titles.accuracy);
  }

  /** The labels of the runs shown, one curve each ([] when the curves are train/validation). */
  get runLabels(): readonly string[] {
    return this.runs;
  }

  /** What the loss chart's legend names, in order. */
  legendLabels(): string[] {
    return this.loss.data.datasets.map((d) => d.label ?? '');
  }

  /** One training-loss (and accuracy) dataset per run, added as runs appear. */
  private runDataset(chart: Chart, run: string): Chart['data']['datasets'][number] {
    if (!this.runs.includes(run)) {
      if (this.runs.length === 0) {
        this.loss.data.datasets = [];
        this.accuracy.data.datasets = [];
      }
      this.runs.push(run);
    }
    let dataset = chart.data.datasets.find((d) => d.label === run);
    if (!dataset) {
      const color = RUN_COLORS[this.runs.indexOf(run) % RUN_COLORS.length];
      dataset = { label: run, data: [], borderColor: color, backgroundColor: color, pointRadius: 0, borderWidth: run === this.picked ? 4 : 2 };
      chart.data.datasets.push(dataset);
    }
    return dataset;
  }

  /** Marks the run the views show (a thicker curve); undefined marks none. */
  setPicked(run: string | undefined): void {
    this.picked = run;
    for (const chart of [this.loss, this.accuracy]) for (const d of chart.data.datasets) if (this.runs.includes(d.label ?? '')) (d as { borderWidth?: number }).borderWidth = d.label === run ? 4 : 2;
    this.redraw();
  }

  private resetDatasets(): void {
    this.runs = [];
    this.picked = undefined;
    for (const [chart, [train, validation]] of [[this.loss, this.titles.loss], [this.accuracy, this.titles.accuracy]] as const) {
      const [first, second] = chart.data.datasets;
      if (chart.data.datasets.length === 2 && first.label === train && second.label === validation) {
        chart.data.datasets.forEach((d) => (d.data = []));
      } else {
        chart.data.datasets = [
          { label: train, data: [], borderColor: '#3b82f6', backgroundColor: '#3b82f6', pointRadius: 0, borderWidth: 2 },
          { label: validation, data: [], borderColor: '#f59e0b', backgroundColor: '#f59e0b', pointRadius: 0, borderWidth: 2, borderDash: [5, 3] },
        ];
      }
    }
  }

  private chart(title: string, labels: [string, string]): Chart {
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', title);
    const wrapper = document.createElement('div');
    wrapper.className = 'chart';
    wrapper.appendChild(canvas);
    this.element.appendChild(wrapper);
    return new Chart(canvas, {
      type: 'line',
      data: {
        labels: [],
        datasets: [
          { label: labels[0], data: [], borderColor: '#3b82f6', backgroundColor: '#3b82f6', pointRadius: 0, borderWidth: 2 },
          { label: labels[1], data: [], borderColor: '#f59e0b', backgroundColor: '#f59e0b', pointRadius: 0, borderWidth: 2, borderDash: [5, 3] },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        scales: { x: { type: 'linear', title: { display: true, text: t('epoch') } }, y: { title: { display: true, text: title } } },
        plugins: {
          legend: {
            position: 'bottom',
            // A run's name picks the run; train/validation names hide their curve, as usual.
            onClick: (event, item, legend) => {
              if (this.runs.includes(item.text) && this.onPickRun) this.onPickRun(item.text);
              else Chart.defaults.plugins.legend.onClick.call(legend, event, item, legend);
            },
          },
        },
      },
    });
  }

  /** Replaces the curves with these epochs (after a snapshot or a reset). */
  set(history: readonly EpochRecord[]): void {
    this.resetDatasets();
    for (const record of history) this.push(record, false);
    this.redraw();
  }

  /** A run of a comparison in the legend even when it ends before its first epoch (a NaN loss). */
  addRun(run: string): void {
    this.runDataset(this.loss, run);
    this.redraw();
  }

  push(record: EpochRecord, redraw = true): void {
    if (record.run !== undefined) {
      // The first run's first epoch again: a new comparison, drawn afresh.
      if (record.epoch === 1 && record.run === this.runs[0]) this.resetDatasets();
      this.runDataset(this.loss, record.run).data.push({ x: record.epoch, y: record.loss });
      const runAccuracy = record.metrics.accuracy;
      if (runAccuracy !== undefined) this.runDataset(this.accuracy, record.run).data.push({ x: record.epoch, y: runAccuracy });
      if (redraw) this.redraw();
      return;
    }
    if (this.runs.length) this.resetDatasets();
    const [trainLoss, valLoss] = this.loss.data.datasets;
    trainLoss.data.push({ x: record.epoch, y: record.loss });
    const second = this.isGan ? record.metrics[GAN_METRICS.generatorLoss] : record.valLoss;
    if (second !== undefined) valLoss.data.push({ x: record.epoch, y: second });
    const accuracy = this.isGan ? record.metrics[GAN_METRICS.fakeScore] : record.metrics.accuracy;
    const [trainAccuracy, valAccuracy] = this.accuracy.data.datasets;
    if (accuracy !== undefined) trainAccuracy.data.push({ x: record.epoch, y: accuracy });
    const valAcc = this.isGan ? record.metrics[GAN_METRICS.realScore] : record.valMetrics?.accuracy;
    if (valAcc !== undefined) valAccuracy.data.push({ x: record.epoch, y: valAcc });
    if (redraw) this.redraw();
  }

  redraw(): void {
    // For tests and screen readers: each loss curve's legend label and its number of points.
    this.element.dataset.series = JSON.stringify(this.loss.data.datasets.map((d) => [d.label ?? '', d.data.length]));
    this.loss.update('none');
    this.accuracy.update('none');
    // For tests: where each name sits in the loss chart's legend (canvas pixels), to click it.
    const boxes = (this.loss.legend as unknown as { legendHitBoxes?: { left: number; top: number; width: number; height: number }[] } | undefined)?.legendHitBoxes ?? [];
    this.element.dataset.legend = JSON.stringify((this.loss.legend?.legendItems ?? []).map((item, i) => [item.text, boxes[i]?.left, boxes[i]?.top, boxes[i]?.width, boxes[i]?.height]));
    this.accuracy.canvas.parentElement!.hidden = this.accuracy.data.datasets.every((d) => d.data.length === 0);
  }
}
