/**
 * The contrast rule of every SR-versus-bicubic view (the CLI's figures, the API's MIP and preview
 * ranges, the UI's Compare and 3D views):
 * - intensities: one display range for both images, the 0.1 / 99.9 percentiles of their finite
 *   values together, so a brightness difference between them is real and not a display artefact;
 * - differences: a symmetric range ±(99.5th percentile of |SR − bicubic|), so a few outliers do
 *   not wash out the rest.
 */
import { PERCENTILE_SAMPLE, percentile, percentileOfSorted } from './percentile.js';

/** Percentiles of the shared intensity range (black and white). */
export const DISPLAY_PERCENTILES = { low: 0.1, high: 99.9 } as const;

/** Percentile of |SR − bicubic| that maps to the ends of the difference colour map. */
export const DIFFERENCE_PERCENTILE = 99.5;

/** A display range: values at or below `lo` are black, at or above `hi` white. */
export interface DisplayRange {
  lo: number;
  hi: number;
}

/**
 * The shared display range of two images: DISPLAY_PERCENTILES of their finite values together
 * (sampled as `percentile` samples their concatenation, without making it: the 3D preview's
 * volumes are 10M values each); null when neither has a finite value.
 * @example sharedRange(srMip.data, bicubicMip.data) // { lo: 103, hi: 2870 }
 */
export function sharedRange(a: ArrayLike<number>, b: ArrayLike<number>): DisplayRange | null {
  const total = a.length + b.length;
  const step = Math.max(1, Math.floor(total / PERCENTILE_SAMPLE));
  const sample: number[] = [];
  for (let i = 0; i < total; i += step) {
    const value = i < a.length ? a[i] : b[i - a.length];
    if (Number.isFinite(value)) sample.push(value);
  }
  if (sample.length === 0 && !someFinite(a) && !someFinite(b)) return null;
  sample.sort((x, y) => x - y);
  return {
    lo: percentileOfSorted(sample, DISPLAY_PERCENTILES.low),
    hi: percentileOfSorted(sample, DISPLAY_PERCENTILES.high),
  };
}

/**
 * The symmetric half-range of SR − bicubic: the `p`th percentile of |SR − bicubic| over the
 * pixels finite in both. Sparse differences can make that 0: then the largest difference, and
 * 1 when nothing differs (the figure is all zero-colour).
 * @example differenceHalfRange(sr, bicubic) // 41.5 → the map spans −41.5 … +41.5
 */
export function differenceHalfRange(
  sr: ArrayLike<number>,
  bicubic: ArrayLike<number>,
  p = DIFFERENCE_PERCENTILE,
): number {
  const count = Math.min(sr.length, bicubic.length);
  const magnitudes = new Float32Array(count);
  let largest = 0;
  for (let i = 0; i < count; i++) {
    const magnitude = Math.abs(sr[i] - bicubic[i]);
    magnitudes[i] = magnitude;
    if (magnitude > largest) largest = magnitude;
  }
  const atPercentile = percentile(magnitudes, p);
  if (atPercentile > 0) return atPercentile;
  return largest > 0 ? largest : 1;
}

function someFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) return true;
  return false;
}
