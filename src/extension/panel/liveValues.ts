// Live values from a running model, by document and layer: the mean and spread of each
// layer's output and the norm of its gradient. Inlay hints and hovers append them next to the
// static shapes; updates are coalesced to a few a second so the editor stays calm.

import * as vscode from 'vscode';
import { LayerLive } from '../../core/protocol/panel';

const REFRESH_MS = 250;

function short(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e4) ? value.toExponential(1) : value.toFixed(3);
}

export class LiveValues implements vscode.Disposable {
  private readonly byDocument = new Map<string, Map<string, LayerLive>>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private timer: ReturnType<typeof setTimeout> | undefined;

  update(document: vscode.Uri, layers: readonly LayerLive[]): void {
    const key = document.toString();
    const current = this.byDocument.get(key) ?? new Map<string, LayerLive>();
    for (const layer of layers) current.set(layer.layer, { ...current.get(layer.layer), ...layer });
    this.byDocument.set(key, current);
    this.schedule();
  }

  clear(document: vscode.Uri): void {
    if (this.byDocument.delete(document.toString())) this.schedule();
  }

  get(document: vscode.Uri, layer: string): LayerLive | undefined {
    return this.byDocument.get(document.toString())?.get(layer);
  }

  /** `μ 0.120 σ 0.840 · ‖g‖ 3.2e-2`, or undefined when nothing is known yet. */
  describe(document: vscode.Uri, layer: string): string | undefined {
    const live = this.get(document, layer);
    if (!live) return undefined;
    const parts: string[] = [];
    if (live.outputMean !== undefined && live.outputStd !== undefined) parts.push(`μ ${short(live.outputMean)} σ ${short(live.outputStd)}`);
    if (live.gradientNorm !== undefined) parts.push(`‖g‖ ${short(live.gradientNorm)}`);
    return parts.length ? parts.join(' · ') : undefined;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire();
    }, REFRESH_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
  }
}
