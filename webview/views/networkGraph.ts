// The network as a graph of layers, top to bottom in file order, each box showing the layer's
// name, kind and output shape, filled by its gradient norm so that vanishing (blue) and
// exploding (red) layers stand out. Edges that skip lines (residuals, merges) curve on the
// right. Boxes are buttons: click or Enter reveals the layer's line in the editor.

import { GraphLayer, ModelGraph } from '../../src/core/model/graph';
import { gradientColor } from '../theme';
import { t } from '../l10n';

const SVG = 'http://www.w3.org/2000/svg';
const BOX_WIDTH = 190;
const BOX_HEIGHT = 38;
const GAP = 14;

export interface NetworkGraphEvents {
  onSelect(layer: GraphLayer): void;
}

export class NetworkGraph {
  readonly element: HTMLElement;
  private readonly boxes = new Map<string, SVGGElement>();
  private selected?: string;

  constructor(graph: ModelGraph, batch: number | null, events: NetworkGraphEvents) {
    this.element = document.createElement('div');
    this.element.className = 'network-graph';
    this.element.setAttribute('role', 'list');
    this.element.setAttribute('aria-label', t('Layers of {0}', graph.name));
    const svg = document.createElementNS(SVG, 'svg');
    const index = new Map(graph.layers.map((l, i) => [l.name, i]));
    const width = BOX_WIDTH + 60;
    const height = graph.layers.length * (BOX_HEIGHT + GAP);
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    for (const [i, layer] of graph.layers.entries()) {
      for (const input of layer.inputs) {
        const from = index.get(input.layer);
        if (from !== undefined) svg.appendChild(edge(from, i));
      }
    }
    for (const [i, layer] of graph.layers.entries()) {
      const box = this.box(layer, i, batch, events);
      this.boxes.set(layer.name, box);
      svg.appendChild(box);
    }
    this.element.appendChild(svg);
  }

  private box(layer: GraphLayer, row: number, batch: number | null, events: NetworkGraphEvents): SVGGElement {
    const group = document.createElementNS(SVG, 'g');
    group.setAttribute('class', 'layer');
    group.setAttribute('transform', `translate(4, ${row * (BOX_HEIGHT + GAP) + 2})`);
    group.setAttribute('tabindex', '0');
    group.setAttribute('role', 'button');
    group.dataset.layer = layer.name;
    const shape = `[${[batch ?? 'None', ...layer.outputShape.map((d) => d ?? 'None')].join(', ')}]`;
    group.setAttribute('aria-label', t('{0} ({1}), output {2}: press Enter to show its line', layer.name, layer.kind, shape));
    const rect = document.createElementNS(SVG, 'rect');
    rect.setAttribute('width', String(BOX_WIDTH));
    rect.setAttribute('height', String(BOX_HEIGHT));
    rect.setAttribute('rx', '5');
    group.appendChild(rect);
    group.appendChild(text(8, 15, `${layer.name}`, 'name'));
    group.appendChild(text(BOX_WIDTH - 8, 15, layer.kind, 'kind', 'end'));
    group.appendChild(text(8, 30, shape, 'shape'));
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${layer.name} · ${layer.kind} · ${shape}`;
    group.appendChild(title);
    const select = () => events.onSelect(layer);
    group.addEventListener('click', select);
    group.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        select();
      }
    });
    return group;
  }

  /** Colours each layer by the norm of its gradient (dL/d output); undefined clears. */
  setGradientNorms(norms: ReadonlyMap<string, number>): void {
    for (const [name, box] of this.boxes) {
      const norm = norms.get(name);
      const rect = box.querySelector('rect')!;
      rect.style.fill = gradientColor(norm);
      box.classList.toggle('has-gradient', norm !== undefined);
      const title = box.querySelector('title')!;
      const base = title.textContent!.split(' · ‖g‖')[0];
      title.textContent = norm === undefined ? base : `${base} · ‖g‖ = ${norm.toExponential(2)}`;
    }
  }

  /** Marks the layer of the current stop or the one the editor's cursor is on. */
  highlight(layer: string | undefined): void {
    if (this.selected) this.boxes.get(this.selected)?.classList.remove('current');
    this.selected = layer;
    if (layer) {
      const box = this.boxes.get(layer);
      box?.classList.add('current');
      box?.scrollIntoView?.({ block: 'nearest' });
    }
  }
}

function text(x: number, y: number, content: string, className: string, anchor = 'start'): SVGTextElement {
  const node = document.createElementNS(SVG, 'text');
  node.setAttribute('x', String(x));
  node.setAttribute('y', String(y));
  node.setAttribute('class', className);
  node.setAttribute('text-anchor', anchor);
  node.textContent = content;
  return node;
}

function edge(from: number, to: number): SVGPathElement {
  const path = document.createElementNS(SVG, 'path');
  const x = 4 + BOX_WIDTH / 2;
  const y1 = from * (BOX_HEIGHT + GAP) + 2 + BOX_HEIGHT;
  const y2 = to * (BOX_HEIGHT + GAP) + 2;
  if (to === from + 1) {
    path.setAttribute('d', `M ${x} ${y1} L ${x} ${y2}`);
  } else {
    const right = 4 + BOX_WIDTH;
    const bend = right + 12 + Math.min(40, (to - from) * 6);
    const ya = y1 - BOX_HEIGHT / 2;
    const yb = y2 + BOX_HEIGHT / 2;
    path.setAttribute('d', `M ${right} ${ya} C ${bend} ${ya}, ${bend} ${yb}, ${right} ${yb}`);
  }
  path.setAttribute('class', to === from + 1 ? 'edge' : 'edge skip');
  path.setAttribute('marker-end', '');
  return path;
}
