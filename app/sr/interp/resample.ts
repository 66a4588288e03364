/**
 * Resampling a block of samples along one axis with the cubic B-spline of `bspline.ts`.
 * The block may be a window of a larger volume: `origin` and `extent` say where it sits on
 * the global axis, so boundary mirroring happens at the volume's edges, never at the
 * window's, and a window that covers `supportOf(...)` gives the same values as the whole.
 */
import { PREFILTER_RADIUS, PREFILTER_TAPS, bsplineWeights, mirror } from './bspline.js';
import { axisLines, type Dims3 } from '../../math/index.js';

export type { Dims3 } from '../../math/index.js';

export interface ResampleOptions {
  /** Global index of the block's first sample along the axis (default 0). */
  origin?: number;
  /** Global number of samples along the axis (default: the block's size). */
  extent?: number;
}

/**
 * Values at `coordinates` (global sample units) along `axis`, for every position of the other
 * two axes. Returns a block whose `axis` size is coordinates.length.
 * @example resampleAxis(brick, { x: 64, y: 64, z: 40 }, 'z', [0, 0.41, 0.82])
 */
export function resampleAxis(
  data: Float32Array,
  dims: Dims3,
  axis: keyof Dims3,
  coordinates: ArrayLike<number>,
  options: ResampleOptions = {},
): { data: Float32Array; dims: Dims3 } {
  const { n, stride, count: lines, start: lineStart } = axisLines(dims, axis);
  const origin = options.origin ?? 0;
  const extent = options.extent ?? n;
  let kMin = Infinity;
  let kMax = -Infinity;
  for (let i = 0; i < coordinates.length; i++) {
    kMin = Math.min(kMin, Math.floor(coordinates[i]) - 1);
    kMax = Math.max(kMax, Math.floor(coordinates[i]) + 2);
  }
  const local = (g: number): number => {
    const m = mirror(g, extent) - origin;
    if (m < 0 || m >= n)
      throw new RangeError(
        `resampleAxis: global sample ${g} (→ ${m + origin}) is outside the block [${origin}, ${origin + n})`,
      );
    return m;
  };
  // Index maps once; then all lines share them.
  const span = kMax - kMin + 1;
  const taps = new Int32Array(span * (2 * PREFILTER_RADIUS + 1));
  for (let k = 0; k < span; k++)
    for (let j = -PREFILTER_RADIUS; j <= PREFILTER_RADIUS; j++)
      taps[k * (2 * PREFILTER_RADIUS + 1) + j + PREFILTER_RADIUS] = local(kMin + k + j);
  const weights = new Float64Array(coordinates.length * 4);
  const base = new Int32Array(coordinates.length);
  const w = new Float64Array(4);
  for (let i = 0; i < coordinates.length; i++) {
    const k = Math.floor(coordinates[i]);
    bsplineWeights(coordinates[i] - k, w);
    weights.set(w, i * 4);
    base[i] = k - 1 - kMin;
  }
  const outDims = { ...dims, [axis]: coordinates.length } as Dims3;
  const { stride: outStride, start: outLineStart } = axisLines(outDims, axis);
  const out = new Float32Array(outDims.x * outDims.y * outDims.z);
  const coefficients = new Float64Array(span);
  const width = 2 * PREFILTER_RADIUS + 1;
  for (let l = 0; l < lines; l++) {
    const s = lineStart(l);
    for (let k = 0; k < span; k++) {
      const t = k * width + PREFILTER_RADIUS;
      let c = PREFILTER_TAPS[0] * data[s + taps[t] * stride];
      for (let j = 1; j <= PREFILTER_RADIUS; j++)
        c += PREFILTER_TAPS[j] * (data[s + taps[t - j] * stride] + data[s + taps[t + j] * stride]);
      coefficients[k] = c;
    }
    const o = outLineStart(l);
    for (let i = 0; i < coordinates.length; i++) {
      const b = base[i];
      const q = i * 4;
      out[o + i * outStride] =
        weights[q] * coefficients[b] +
        weights[q + 1] * coefficients[b + 1] +
        weights[q + 2] * coefficients[b + 2] +
        weights[q + 3] * coefficients[b + 3];
    }
  }
  return { data: out, dims: outDims };
}
