// The panel: a header with the model, the backend and the controls; the network as a graph of
// layers; loss and accuracy curves; the decision boundary for 2-D data; and the selected
// layer's (or the current stop's) tensors. The engine trains here; views redraw at most ~10
// times a second and, while training, only when their cost stays under a tenth of the time.

import * as tf from '@tensorflow/tfjs-core';
import { createDataset, DataError, modelFacts } from '../src/core/data';
import { Dataset } from '../src/core/data/dataset';
import { Localize, render } from '../src/core/lang/localize';
import { GraphLayer } from '../src/core/model/graph';
import { runVariants } from '../src/core/engine/compare';
import { trainSettings } from '../src/core/engine/setup';
import { BackendChoice, BackendName, ModelWeights, PanelCommand, PanelSnapshot } from '../src/core/protocol/panel';
import { InteropError } from '../src/core/interop/importError';
import { loadWeights } from '../src/core/interop/loadWeights';
import { Network } from '../src/core/engine/network';
import { activate, calibrateAndChoose, configureWasm } from './backend';
import { post, request, throttled } from './host';
import { configureL10n, errorDetail, t } from './l10n';
import { LayerViews } from './layerViews';
import { Boundary, PageEngine, previewForward, Probe, SteppedStop } from './pageEngine';
import { Curves } from './views/curves';
import { drawGanSamples } from './views/reconstructions';
import { NetworkGraph } from './views/networkGraph';

const localize: Localize = (template, args) => t(template, ...args);

/** A view refresh may take at most this share of the training time (drawing that follows it is not counted, hence the margin). */
const VIEW_BUDGET = 0.05;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(label: string, title: string, onClick: () => void, secondary = true): HTMLElement {
  const node = document.createElement('vscode-button');
  node.textContent = label;
  node.title = title;
  node.setAttribute('aria-label', title);
  if (secondary) node.setAttribute('secondary', '');
  node.addEventListener('click', onClick);
  return node;
}

export class App {
  private engine?: PageEngine;
  private dataset?: Dataset;
  private choice?: BackendChoice;
  private selected?: string;
  private stepped?: SteppedStop;
  private lastProbe?: Probe;
  private disposed = false;
  private readonly graphView: NetworkGraph;
  private readonly curves: Curves;
  private readonly layerViews: LayerViews;
  private readonly backendBadge = element('span', 'badge');
  private readonly status = element('span', 'status');
  private readonly note = element('div', 'message');
  private readonly trainButton: HTMLElement;
  private readonly boundarySection = element('section', 'view boundary');
  private readonly detailSection = element('section', 'view detail');
  /** A GAN's real and generated samples side by side. */
  private readonly ganSection = element('div', 'gan');
  /** After a comparison: which run's parameters the views below show (or the model's own). */
  private readonly runPicker = element('div', 'run-picker');
  private readonly runSelect = document.createElement('vscode-single-select') as HTMLElement & { value: string };
  /** Notes on the runs of a comparison that ended on a NaN loss, this Train. */
  private divergedRuns: string[] = [];
  private lastRefresh = 0;
  private refreshCost = 0;
  private readonly redraw = throttled(() => void this.refreshViews(), 10);

  constructor(
    private readonly root: HTMLElement,
    private readonly snapshot: PanelSnapshot,
  ) {
    configureL10n(snapshot.l10n);
    root.replaceChildren();
    const graph = snapshot.graph;
    const header = element('header', 'panel-header');
    header.append(element('h1', undefined, t('NetLens: {0}', graph.name)), this.backendBadge, this.status);
    this.status.setAttribute('aria-live', 'polite');
    const toolbar = element('div', 'toolbar');
    toolbar.setAttribute('role', 'toolbar');
    toolbar.setAttribute('aria-label', t('Training controls'));
    this.trainButton = button(t('Train'), t('Train the model (Pause while it trains)'), () => void this.command(this.engine?.state === 'training' ? 'pause' : 'train'), false);
    toolbar.append(
      this.trainButton,
      button(t('Step'), t('One training step'), () => void this.command('step')),
      button(t('Forward ›'), t('Step forward one layer'), () => void this.command('stepForwardLayer')),
      button(t('‹ Backward'), t('Step backward one layer (backpropagation)'), () => void this.command('stepBackwardLayer')),
      button(t('Reset'), t('Reset the weights'), () => void this.command('resetWeights')),
      button(t('Stop'), t('Stop training'), () => void this.command('stop')),
    );
    header.append(toolbar);
    this.note.hidden = true;
    this.note.setAttribute('role', 'status');

    const layout = element('div', 'layout');
    const aside = element('aside');
    aside.append(element('h2', undefined, t('Layers')));
    const legend = element('div', 'legend');
    legend.append(element('span', undefined, t('‖gradient‖: vanishing')), element('span', 'scale'), element('span', undefined, t('exploding')));
    const trains = graph.training.data !== undefined && graph.training.loss !== undefined;
    // A model that cannot train has no batch of its own: its shapes say None, as the CLI's summary.
    this.graphView = new NetworkGraph(graph, trains ? trainSettings(graph).batchSize : graph.batch, { onSelect: (layer) => this.select(layer.name, true) });
    aside.append(legend, this.graphView.element);
    const views = element('div', 'views');
    const curvesSection = element('section', 'view');
    // Empty loss axes say nothing about a model that cannot train.
    curvesSection.hidden = !trains;
    curvesSection.append(element('h2', undefined, t('Loss and accuracy')));
    this.curves = new Curves(graph.training.gan !== undefined);
    curvesSection.append(this.curves.element);
    const pickerLabel = element('label', undefined, t('Views below show:'));
    pickerLabel.id = 'run-picker-label';
    this.runSelect.setAttribute('aria-labelledby', pickerLabel.id);
    this.runSelect.addEventListener('change', () => void this.pickRun(this.runSelect.value || undefined));
    this.runPicker.append(pickerLabel, this.runSelect);
    this.runPicker.hidden = true;
    curvesSection.append(this.runPicker);
    this.curves.onPickRun = (run) => void this.pickRun(run);
    this.boundarySection.hidden = true;
    this.ganSection.hidden = true;
    this.layerViews = new LayerViews(this.detailSection);
    views.append(curvesSection, this.boundarySection, this.ganSection, this.detailSection);
    layout.append(aside, views);
    root.append(header, this.note, layout);
    this.curves.set(snapshot.history);
    this.setStatus(t('Preparing…'));
  }

  /** Resolves once the data set, the backend and the engine are in place. */
  private started?: Promise<void>;

  start(): Promise<void> {
    this.started ??= this.prepare();
    return this.started;
  }

  /** Pretrained values from the model's `weights` line, read through the host. */
  private pretrained?: ReadonlyMap<string, Float32Array>;

  private async loadPretrained(): Promise<boolean> {
    const graph = this.snapshot.graph;
    try {
      this.pretrained = await loadWeights(graph, {
        text: (path) => request<string>('readFile', path),
        binary: async (path) => Uint8Array.from(atob(await request<string>('readBinaryFile', path)), (c) => c.charCodeAt(0)).buffer,
      });
      return true;
    } catch (error) {
      const text = error instanceof InteropError ? render(localize, error.detail) : t('Cannot load the weights of the weights line: {0}. Check the files it names, or remove the line to start from seeded weights.', errorDetail(error));
      this.showNote(text, true);
      post({ type: 'error', message: text, line: graph.training.weights?.line });
      this.setStatus(t('Cannot load the weights'));
      return false;
    }
  }

  /** The weights Export Model writes: the engine's (trained or not), else the seeded or loaded ones. */
  async weights(): Promise<ModelWeights> {
    await this.start();
    if (this.engine) return this.engine.weights();
    const network = new Network(this.snapshot.graph, trainSettings(this.snapshot.graph).seed, this.pretrained);
    try {
      return { trained: false, values: Object.fromEntries(network.params().map((e) => [e.key, e.variable.dataSync() as Float32Array])) };
    } finally {
      network.dispose();
    }
  }

  private async prepare(): Promise<void> {
    const graph = this.snapshot.graph;
    const assets = document.querySelector('meta[name="netlens-assets"]')?.getAttribute('content') ?? '.';
    configureWasm(assets);
    if (!(await this.loadPretrained())) return;
    if (!graph.training.data || !graph.training.loss) {
      await this.preview();
      return;
    }
    const settings = trainSettings(graph);
    try {
      this.dataset = await createDataset(graph.training.data, modelFacts(graph), settings.seed, {
        readFile: (path) => request<string>('readFile', path),
        loadAsset: async (name) => new Uint8Array(await (await fetch(`${assets}/${name}`)).arrayBuffer()),
      });
    } catch (error) {
      const text = error instanceof DataError ? render(localize, error.detail) : t('Cannot load the data of the data line: {0}. Check the file it names and its columns.', errorDetail(error));
      this.showNote(text, true);
      post({ type: 'error', message: text, line: graph.training.data.line });
      this.setStatus(t('Cannot load the data'));
      return;
    }
    this.choice = await calibrateAndChoose(this.snapshot.backendPreference, graph, this.dataset, settings);
    if (this.disposed) return;
    this.createEngine();
    this.announceBackend();
    this.setStatus(t('Ready: {0} epochs of batch {1}', settings.epochs, settings.batchSize));
    this.select(this.selected ?? graph.layers[graph.layers.length - 1].name, false);
  }

  /** A model without data or loss still shows its shapes and one forward pass on a random input. */
  private async preview(): Promise<void> {
    this.choice = await calibrateAndChoose(this.snapshot.backendPreference, undefined, undefined, undefined);
    this.announceBackend();
    // Constants and literal inputs (tensors.nn, activations.nn) are the values themselves: no
    // random input is fed, and asking for a data line would miss the point of such a file.
    const fixed = !this.snapshot.graph.layers.some((l) => l.kind === 'input' && l.attrs.value === undefined);
    this.showNote(fixed
      ? t("This model computes fixed values (its inputs and constants are written in the file): the views show them. It has no 'data' or 'loss' line, so it does not train.")
      : t("This model has no 'data' or 'loss' line, so it cannot train: the views show one forward pass on a random input. Add for example 'data mnist' and 'loss sparse_categorical_crossentropy'."), false);
    this.setStatus(fixed ? t('Forward pass on the values in the file') : t('Forward pass on a random input'));
    const outputs = await previewForward(this.snapshot.graph, trainSettings(this.snapshot.graph).seed, this.pretrained);
    this.layerViews.setPreview(this.snapshot.graph, outputs, fixed);
    this.select(this.snapshot.graph.layers[1]?.name ?? this.snapshot.graph.layers[0].name, false);
  }

  private createEngine(): void {
    const graph = this.snapshot.graph;
    this.engine = new PageEngine(
      graph,
      this.dataset!,
      {},
      {
        onProgress: (progress) => {
          post({ type: 'progress', ...progress });
          this.setStatus(t('epoch {0}/{1} · step {2} · loss {3}', progress.epoch, progress.epochs, progress.step, Number.isFinite(progress.loss) ? progress.loss.toPrecision(4) : String(progress.loss)));
          this.updateTrainButton();
        },
        onEpoch: (record) => {
          post({ type: 'epoch', record });
          // Drawn with the other views, within their time budget.
          this.curves.push(record, false);
        },
        onBetweenEpochs: () => this.refreshWithinBudget(),
        onRunDiverged: (run, epoch, message, line) => {
          // The run stays in the legend with the epochs it made; the note says where it blew up.
          this.curves.addRun(run);
          this.divergedRuns.push(t('Run {0} stopped in epoch {1}: {2}', run, epoch, message));
          this.showNote(this.divergedRuns.join('\n'), false);
          post({ type: 'revealLine', line });
        },
        onFinished: (reason, message, line) => {
          post({ type: 'finished', reason, message });
          if (message) this.showNote(message, true);
          // The runs train copies of the model; the views below show the model's own network until a run is picked.
          else if (runVariants(graph).length > 1) {
            this.updateRunPicker();
            this.showRunNote();
          }
          if (line !== undefined) post({ type: 'revealLine', line });
          this.updateTrainButton();
          this.redraw();
        },
      },
      localize,
      this.pretrained,
    );
    this.layerViews.setEngine(this.engine);
  }

  private announceBackend(): void {
    const choice = this.choice!;
    const path = this.engine?.trainer.path === 'small' ? t('; training runs on the small-network path (plain arrays, no tfjs)') : '';
    this.backendBadge.textContent = choice.backend.toUpperCase();
    this.backendBadge.title = `${choice.reason}${path}`;
    this.backendBadge.setAttribute('aria-label', t('Backend {0}: {1}', choice.backend, `${choice.reason}${path}`));
    post({ type: 'backend', choice: { ...choice, reason: `${choice.reason}${path}` } });
  }

  async command(command: PanelCommand): Promise<void> {
    // A command sent with the snapshot (Train from the palette opens the panel) waits for it.
    await this.start().catch(() => undefined);
    const engine = this.engine;
    if (!engine) {
      if (command !== 'stop' && command !== 'pause') this.showNote(t("This model cannot train yet: add a 'data' line and a 'loss' line."), true);
      return;
    }
    this.hideNote();
    try {
      switch (command) {
        case 'train': {
          this.stepped = undefined;
          this.divergedRuns = [];
          // A new comparison replaces the runs: no picking until it ends.
          this.runPicker.hidden = true;
          this.curves.setPicked(undefined);
          // A run that starts over draws fresh curves, not a second line folded back onto the first.
          if (engine.startsOver) this.curves.set([]);
          const run = engine.train();
          this.updateTrainButton();
          await run;
          break;
        }
        case 'pause':
          engine.pause();
          break;
        case 'stop':
          engine.stop();
          break;
        case 'step':
        case 'stepForwardLayer':
        case 'stepBackwardLayer': {
          // Stepping trains the model's own network: the engine puts its values back first.
          const wasShowing = engine.shown;
          if (command === 'step') {
            await engine.step();
            this.stepped = undefined;
          } else this.showStop(await (command === 'stepForwardLayer' ? engine.stepForwardLayer() : engine.stepBackwardLayer()));
          if (wasShowing !== undefined) {
            this.syncRunPicker();
            this.showNote(t("Stepping trains the model's own network, not run {0}: the views below show the model again (pick a run to see it).", wasShowing), false);
          }
          break;
        }
        case 'resetWeights':
          this.runPicker.hidden = true;
          this.curves.setPicked(undefined);
          await engine.reset();
          this.stepped = undefined;
          this.curves.set([]);
          this.setStatus(t('Weights reset'));
          post({ type: 'reset' });
          break;
      }
    } catch (error) {
      await this.recover(error as Error);
    }
    this.updateTrainButton();
    this.redraw();
  }

  /**
   * tfjs' GPU backends lack some kernels: on a failure there, fall back to the next backend for
   * this model and say so; anything else is reported as it is.
   */
  private async recover(error: Error): Promise<void> {
    const backend = tf.getBackend() as BackendName;
    if (backend === 'webgpu' || backend === 'webgl') {
      const fallback: BackendName = (await activate('wasm')) ? 'wasm' : 'cpu';
      if (fallback === 'cpu') await activate('cpu');
      this.engine?.dispose();
      this.choice = { backend: fallback, reason: t('{0} failed on this model ({1}); fell back to {2}', backend, error.message, fallback) };
      this.createEngine();
      this.announceBackend();
      this.curves.set([]);
      this.showNote(this.choice.reason, true);
      return;
    }
    const text = t('Training stopped on an unexpected error in the engine: {0}. Press Reset and train again; if it fails again, set netlens.backend to cpu.', error.message);
    this.showNote(text, true);
    post({ type: 'error', message: text });
  }

  private showStop(stop: SteppedStop): void {
    this.stepped = stop;
    this.graphView.highlight(stop.record.layer);
    this.selected = stop.record.layer;
    post({ type: 'stop', phase: stop.record.phase, layer: stop.record.layer, line: stop.record.line, index: stop.record.index, count: stop.stopCount });
    this.setStatus(t('stop {0}/{1}: {2} · {3}', stop.record.index + 1, stop.stopCount, t(stop.record.phase), stop.record.layer));
  }

  /** The picker lists the model's own network and every run the comparison kept. */
  private updateRunPicker(): void {
    const runs = this.engine?.runs ?? [];
    const own = document.createElement('vscode-option');
    own.setAttribute('value', '');
    own.textContent = t("the model's own network");
    const options = [own, ...runs.map((run) => {
      const option = document.createElement('vscode-option');
      option.setAttribute('value', run);
      option.textContent = t('run {0}', run);
      return option;
    })];
    this.runSelect.replaceChildren(...options);
    this.runPicker.hidden = runs.length === 0;
    this.syncRunPicker();
  }

  /** The picker, the legend and the page's data attribute follow the run the engine shows. */
  private syncRunPicker(): void {
    const shown = this.engine?.shown;
    const value = shown ?? '';
    for (const option of this.runSelect.querySelectorAll('vscode-option')) option.toggleAttribute('selected', option.getAttribute('value') === value);
    this.runSelect.value = value;
    this.runPicker.dataset.shown = value;
    this.curves.setPicked(shown);
  }

  /** The note after a comparison: what the curves are, and whose parameters the views show. */
  private showRunNote(): void {
    const shown = this.engine?.shown;
    const views = shown === undefined
      ? t("The curves compare the runs, each from the same initial weights; the views below show the model's own network, which a comparison does not train (Step trains it as written). Pick a run above the curves, or click its name in the legend, to see its weights and its decision boundary.")
      : t('The curves compare the runs, each from the same initial weights; the views below show run {0} with the weights it ended with. Step and Train work on the model itself and put its own weights back.', shown);
    this.showNote([...this.divergedRuns, views].join('\n'), false);
  }

  /** Shows a run's final parameters in the views below (undefined: the model's own). */
  async pickRun(run: string | undefined): Promise<void> {
    const engine = this.engine;
    if (!engine || engine.state === 'training' || run === engine.shown) return this.syncRunPicker();
    try {
      await engine.showRun(run);
    } catch (error) {
      this.syncRunPicker();
      return this.showNote(errorDetail(error), true);
    }
    // A stop shown before belongs to the values the network held then.
    this.stepped = undefined;
    this.syncRunPicker();
    this.showRunNote();
    this.redraw();
  }

  /** Selects a layer (from the graph, or following the editor's cursor). */
  select(layer: string, reveal: boolean): void {
    const target = this.snapshot.graph.layers.find((l: GraphLayer) => l.name === layer);
    if (!target) return;
    this.selected = layer;
    if (this.stepped && this.stepped.record.layer !== layer) this.stepped = undefined;
    this.graphView.highlight(layer);
    if (reveal) post({ type: 'revealLine', line: target.line });
    this.redraw();
  }

  /** Between epochs: refresh only while refreshing costs under VIEW_BUDGET of the time. */
  private async refreshWithinBudget(): Promise<void> {
    const since = performance.now() - this.lastRefresh;
    if (since < 100 || this.refreshCost > since * VIEW_BUDGET) return;
    await this.refreshViews();
  }

  private async refreshViews(): Promise<void> {
    const engine = this.engine;
    if (this.disposed) return;
    const started = performance.now();
    try {
      if (!engine) {
        this.layerViews.show(this.selected, undefined, undefined);
        return;
      }
      const hidden = document.hidden;
      if (this.stepped && !hidden) {
        // A stop carries its own tensors: no probe pass, only drawing.
        await this.layerViews.show(this.selected, undefined, this.stepped);
        return;
      }
      const probe = await engine.probe(hidden ? undefined : this.selected);
      this.lastProbe = probe;
      post({ type: 'live', layers: probe.layers });
      if (hidden) return;
      this.curves.redraw();
      this.graphView.setGradientNorms(probe.gradientNorms);
      await this.drawBoundary(await engine.boundary());
      await this.drawGan(engine);
      await this.layerViews.show(this.selected, probe, this.stepped);
      // For tests and neighbours of the page: whose parameters the views below were drawn from.
      this.root.dataset.viewsRun = probe.run ?? '';
    } finally {
      this.lastRefresh = performance.now();
      this.refreshCost = this.lastRefresh - started;
      // How long the last redraw took, for the panel benchmark (scripts/bench-panel.ts).
      this.root.dataset.refreshMs = this.refreshCost.toFixed(2);
    }
  }

  private async drawBoundary(boundary: Boundary | undefined): Promise<void> {
    this.boundarySection.hidden = !boundary;
    if (boundary) this.layerViews.drawBoundary(this.boundarySection, boundary);
  }

  private async drawGan(engine: PageEngine): Promise<void> {
    const samples = engine.isGan ? await engine.ganSamples() : undefined;
    this.ganSection.hidden = !samples;
    if (!samples) return;
    const summary = drawGanSamples(this.ganSection, samples);
    const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    // For tests and screen readers: how far the discriminator is from telling them apart.
    this.ganSection.dataset.meanFakeScore = mean(summary.fakeScores).toFixed(4);
    this.ganSection.dataset.meanRealScore = mean(summary.realScores).toFixed(4);
  }

  private updateTrainButton(): void {
    const training = this.engine?.state === 'training';
    this.trainButton.textContent = training ? t('Pause') : t('Train');
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
  }

  private showNote(text: string, isError: boolean): void {
    this.note.textContent = text;
    this.note.classList.toggle('error', isError);
    this.note.hidden = false;
  }

  private hideNote(): void {
    this.note.hidden = true;
  }

  /** For tests and the host: what the panel shows now. */
  get probeForTests(): Probe | undefined {
    return this.lastProbe;
  }

  dispose(): void {
    this.disposed = true;
    this.engine?.stop();
    this.engine?.dispose();
  }
}
