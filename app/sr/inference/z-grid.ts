/**
 * The output z grid of super-resolution. Input plane k sits at z = k·zStep; the output is
 * isotropic, so output plane j sits at z = j·xyPixel, i.e. at input coordinate j / r with
 * r = zStep / xyPixel. The grid starts on input plane 0 and stops at the last input plane:
 * j = 0 … floor((Z − 1)·r), so no output plane is extrapolated beyond the data.
 */

/** Number of output planes for Z input planes at ratio r: floor((Z − 1)·r) + 1. */
export function zTargetCount(Z: number, ratio: number): number {
  if (!(Number.isInteger(Z) && Z >= 1) || !(ratio > 0))
    throw new RangeError(`zTargets: need Z ≥ 1 and ratio > 0, got Z ${Z}, ratio ${ratio}`);
  // The epsilon keeps an exact product (Z−1)·r that rounds to just below an integer on the grid.
  return Math.floor((Z - 1) * ratio + 1e-9) + 1;
}

/**
 * Input-plane coordinates j / r of every output plane (output plane j is at z = j·xyPixel µm).
 * @example zTargets(64, 1 / 0.411) // 154 coordinates 0, 0.411, 0.822, …, 62.7
 */
export function zTargets(Z: number, ratio: number): Float64Array {
  const n = zTargetCount(Z, ratio);
  return Float64Array.from({ length: n }, (_, j) => j / ratio);
}

/**
 * Output planes [start, end) ↔ the input coordinates they need, for a brick that produces only
 * a band of output z (issue 6's units): the same j / r values as `zTargets`, bit for bit.
 */
export function zTargetsRange(start: number, end: number, ratio: number): Float64Array {
  return Float64Array.from({ length: Math.max(0, end - start) }, (_, i) => (start + i) / ratio);
}
