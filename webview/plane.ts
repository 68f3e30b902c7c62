// The plane of a 2-D data set (TensorFlow Playground's picture): the grid the network is
// evaluated on and how well its output separates the labelled points. Pure, no DOM: the
// engine's host computes with it and the decision-boundary view draws with it.

/** [x0, x1, y0, y1]: the plane shown, left to right and bottom to top. */
export type Extent = readonly [number, number, number, number];

/** A network's output over the grid of boundaryGrid. */
export interface PlaneValues {
  readonly resolution: number;
  readonly extent: Extent;
  /** resolution² values, row-major, first row at the top. */
  readonly values: Float32Array;
}

/** The centres of a resolution × resolution grid over `extent`, as (x, y) pairs, top row first. */
export function boundaryGrid(resolution: number, extent: Extent): Float32Array {
  const [x0, x1, y0, y1] = extent;
  const grid = new Float32Array(resolution * resolution * 2);
  for (let r = 0; r < resolution; r++) {
    for (let c = 0; c < resolution; c++) {
      const i = (r * resolution + c) * 2;
      grid[i] = x0 + ((c + 0.5) * (x1 - x0)) / resolution;
      grid[i + 1] = y1 - ((r + 0.5) * (y1 - y0)) / resolution;
    }
  }
  return grid;
}

/** The grid value in the cell holding (x, y); points outside the extent use the nearest cell. */
export function valueAt(data: PlaneValues, x: number, y: number): number {
  const [x0, x1, y0, y1] = data.extent;
  const n = data.resolution;
  const c = Math.max(0, Math.min(n - 1, Math.floor(((x - x0) / (x1 - x0)) * n)));
  const r = Math.max(0, Math.min(n - 1, Math.floor(((y1 - y) / (y1 - y0)) * n)));
  return data.values[r * n + c];
}

/**
 * The fraction of points on their own label's side of the boundary (the output's midpoint).
 * Labels split at their own midpoint (0/1 classes or Playground's ±1 alike).
 */
export function separationScore(data: PlaneValues & { readonly outputRange: readonly [number, number] }, points: Float32Array, labels: Float32Array): number {
  if (!labels.length) return NaN;
  const outputMid = (data.outputRange[0] + data.outputRange[1]) / 2;
  let lo = Infinity;
  let hi = -Infinity;
  for (const label of labels) (lo = Math.min(lo, label)), (hi = Math.max(hi, label));
  const labelMid = lo < hi ? (lo + hi) / 2 : outputMid;
  let right = 0;
  for (let i = 0; i < labels.length; i++) {
    const predicted = valueAt(data, points[2 * i], points[2 * i + 1]) > outputMid;
    if (predicted === labels[i] > labelMid) right++;
  }
  return right / labels.length;
}
