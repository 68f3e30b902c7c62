// The page's side of the protocol: acquireVsCodeApi once, typed post and receive, and
// requests to the host awaited by id (reading a CSV next to the model, for instance).

import { HostToPage, PageToHost } from '../src/core/protocol/panel';

interface VsCodeApi {
  postMessage(message: unknown): void;
  setState(state: unknown): void;
  getState(): unknown;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
let nextId = 1;

export function post(message: PageToHost): void {
  api.postMessage(message);
}

export function request<T>(method: 'readFile' | 'readBinaryFile', argument: string): Promise<T> {
  const id = nextId++;
  post({ type: 'request', id, method, argument });
  return new Promise<T>((resolve, reject) => pending.set(id, { resolve: resolve as (value: unknown) => void, reject }));
}

export function onMessage(handler: (message: HostToPage) => void): void {
  window.addEventListener('message', (event: MessageEvent<HostToPage>) => {
    const message = event.data;
    if (message?.type === 'response') {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.result);
      return;
    }
    handler(message);
  });
}

/** Throttles redraws to at most `perSecond` frames, so drawing never slows training down. */
export function throttled(draw: () => void, perSecond = 10): () => void {
  let scheduled = false;
  let last = 0;
  return () => {
    if (scheduled) return;
    scheduled = true;
    const wait = Math.max(0, 1000 / perSecond - (performance.now() - last));
    setTimeout(() => requestAnimationFrame(() => {
      scheduled = false;
      last = performance.now();
      draw();
    }), wait);
  };
}
