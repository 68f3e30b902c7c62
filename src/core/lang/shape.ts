// Shapes are per sample (no batch dimension) inside the checker; views add the batch in front.
// `null` is a dimension not known before running (a variable sequence length, the batch).

export type Dim = number | null;
export type Shape = readonly Dim[];

export function withBatch(shape: Shape, batch: number | null): Dim[] {
  return [batch, ...shape];
}

export function formatDim(d: Dim): string {
  return d === null ? 'None' : String(d);
}

export function formatShape(shape: readonly Dim[]): string {
  return `[${shape.map(formatDim).join(', ')}]`;
}

export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

export function isFullyKnown(shape: Shape): shape is readonly number[] {
  return shape.every((d) => d !== null);
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * NumPy's broadcasting, the course's rule: align from the last dimension; two dimensions fit
 * when equal, when one is 1, or when one is missing. Returns undefined when they do not fit.
 */
export function broadcastShapes(a: Shape, b: Shape): Dim[] | undefined {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = new Array(rank);
  for (let i = 1; i <= rank; i++) {
    const x = i <= a.length ? a[a.length - i] : 1;
    const y = i <= b.length ? b[b.length - i] : 1;
    if (x === y) out[rank - i] = x;
    else if (x === 1) out[rank - i] = y;
    else if (y === 1) out[rank - i] = x;
    else if (x === null || y === null) out[rank - i] = x ?? y;
    else return undefined;
  }
  return out;
}
