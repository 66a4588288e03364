/** Walking a 3D block (x fastest) as 1D lines along one axis: shared by every per-axis filter. */

export interface Dims3 {
  x: number;
  y: number;
  z: number;
}

export interface AxisLines {
  /** Samples per line. */
  n: number;
  /** Distance between neighbouring samples of a line. */
  stride: number;
  /** Number of lines. */
  count: number;
  /** Index of line l's first sample. */
  start(l: number): number;
}

export function axisLines(dims: Dims3, axis: keyof Dims3): AxisLines {
  const n = dims[axis];
  const stride = axis === 'x' ? 1 : axis === 'y' ? dims.x : dims.x * dims.y;
  const count = (dims.x * dims.y * dims.z) / n;
  const start =
    axis === 'x'
      ? (l: number) => l * dims.x
      : axis === 'y'
        ? (l: number) => (l % dims.x) + Math.floor(l / dims.x) * dims.x * dims.y
        : (l: number) => l;
  return { n, stride, count, start };
}
