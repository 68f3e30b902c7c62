// Loss and accuracy curves, train and validation, with chart.js; colours from the theme.
// Updates append points and redraw without animation, so training is never held up.
// A GAN's curves: D and G losses in one chart, mean D(fake) and D(real) in the other.

import { CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, LogarithmicScale, PointElement, Tooltip } from 'chart.js';
import { GAN_METRICS } from '../../src/core/engine/ganTraining';
import { EpochRecord } from '../../src/core/protocol/panel';
import { themeColors } from '../theme';
import { t } from '../l10n';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, CategoryScale, Legend, Tooltip);

export class Curves {
  readonly element: HTMLElement;
  private readonly loss: Chart;
  private readonly accuracy: Chart;

  constructor(private readonly isGan = false) {
    this.element = document.createElement('div');
    this.element.className = 'curves';
    const colors = themeColors();
    Chart.defaults.color = colors.foreground;
    Chart.defaults.borderColor = colors.border;
    this.loss = isGan ? this.chart(t('Loss'), [t('discriminator loss'), t('generator loss')]) : this.chart(t('Loss'), [t('training loss'), t('validation loss')]);
    this.accuracy = isGan ? this.chart(t('Mean D(x)'), [t('mean D(fake)'), t('mean D(real)')]) : this.chart(t('Accuracy'), [t('training accuracy'), t('validation accuracy')]);
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
        plugins: { legend: { position: 'bottom' } },
      },
    });
  }

  /** Replaces the curves with these epochs (after a snapshot or a reset). */
  set(history: readonly EpochRecord[]): void {
    for (const chart of [this.loss, this.accuracy]) chart.data.datasets.forEach((d) => (d.data = []));
    for (const record of history) this.push(record, false);
    this.redraw();
  }

  push(record: EpochRecord, redraw = true): void {
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
    this.loss.update('none');
    this.accuracy.update('none');
    this.accuracy.canvas.parentElement!.hidden = this.accuracy.data.datasets.every((d) => d.data.length === 0);
  }
}
