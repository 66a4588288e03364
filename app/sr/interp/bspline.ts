/**
 * Cubic B-spline interpolation with a finite-window prefilter: the one interpolation used
 * for training pairs, for z upsampling before inference, and for the bicubic baseline.
 *
 * The exact B-spline prefilter is an IIR filter, so every coefficient depends on the whole
 * line. A run that cuts the volume into units must not let a unit's result depend on which
 * other units exist, so we apply the prefilter's impulse response truncated at
 * ±PREFILTER_RADIUS samples (|z1|^16 ≈ 7e-10: far below float32 resolution). Boundaries
 * mirror about the first and last sample (whole-sample symmetry), which the exact filter
 * also assumes.
 */

import { reflectIndex } from '../../math/index.js';

/** Boundary extension shared with tiling: whole-sample symmetric ("reflect"). */
export const mirror = reflectIndex;

/** Pole of the cubic B-spline prefilter, √3 − 2. */
const Z1 = Math.sqrt(3) - 2;

/** Half-width of the truncated prefilter. */
export const PREFILTER_RADIUS = 16;

/** Prefilter taps h[0..R]: h[k] = −6·z1 / (1 − z1²) · z1^|k|, the inverse of the sampled B-spline [1, 4, 1] / 6. */
export const PREFILTER_TAPS: Float64Array = (() => {
  const taps = new Float64Array(PREFILTER_RADIUS + 1);
  const gain = (-6 * Z1) / (1 - Z1 * Z1);
  for (let k = 0; k <= PREFILTER_RADIUS; k++) taps[k] = gain * Z1 ** k;
  return taps;
})();

/** Cubic B-spline basis weights for fractional offset t in [0, 1): samples at −1, 0, +1, +2. */
export function bsplineWeights(t: number, out: Float64Array = new Float64Array(4)): Float64Array {
  const t2 = t * t;
  const t3 = t2 * t;
  out[0] = (1 - 3 * t + 3 * t2 - t3) / 6;
  out[1] = (4 - 6 * t2 + 3 * t3) / 6;
  out[2] = (1 + 3 * t + 3 * t2 - 3 * t3) / 6;
  out[3] = t3 / 6;
  return out;
}

/**
 * Input sample range [start, end) (unclamped, before mirroring) that interpolation at
 * coordinates in [from, to] reads. A unit reads exactly this window and nothing else.
 */
export function supportOf(from: number, to: number): { start: number; end: number } {
  return { start: Math.floor(from) - 1 - PREFILTER_RADIUS, end: Math.floor(to) + 3 + PREFILTER_RADIUS };
}

/**
 * Interpolates one line at arbitrary coordinates (in input samples, 0 = first sample).
 * `sample(i)` returns the input value at index i in 0..n−1.
 * @example interpolateLine((i) => line[i], line.length, [0, 0.5, 1])
 */
export function interpolateLine(
  sample: (i: number) => number,
  n: number,
  coordinates: ArrayLike<number>,
  out = new Float32Array(coordinates.length),
): Float32Array {
  const w = new Float64Array(4);
  const coefficient = (k: number): number => {
    let c = PREFILTER_TAPS[0] * sample(mirror(k, n));
    for (let j = 1; j <= PREFILTER_RADIUS; j++)
      c += PREFILTER_TAPS[j] * (sample(mirror(k - j, n)) + sample(mirror(k + j, n)));
    return c;
  };
  for (let i = 0; i < coordinates.length; i++) {
    const x = coordinates[i];
    const k = Math.floor(x);
    bsplineWeights(x - k, w);
    out[i] =
      w[0] * coefficient(k - 1) +
      w[1] * coefficient(k) +
      w[2] * coefficient(k + 1) +
      w[3] * coefficient(k + 2);
  }
  return out;
}
