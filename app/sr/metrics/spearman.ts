/**
 * Spearman's rank correlation: the Pearson correlation of the values' ranks, tied values
 * sharing their mean rank. It asks whether one quantity orders the voxels like another (does
 * a larger orientation disagreement go with a larger error?) without assuming a linear law.
 */

/** Ranks 1…n of `values` (ties get the mean of the ranks they span). */
export function ranks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const out = new Float64Array(n);
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const mean = (start + end + 1) / 2;
    for (let k = start; k < end; k++) out[order[k]] = mean;
    start = end;
  }
  return out;
}

/**
 * ρ of a and b (same length); NaN when either is constant or they hold fewer than two values.
 * @example spearman([1, 2, 3], [10, 20, 30]) // 1
 */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`spearman: ${a.length} and ${b.length} values`);
  const n = a.length;
  if (n < 2) return NaN;
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (n + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = ra[i] - mean;
    const db = rb[i] - mean;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/** Most voxels the confidence correlation ranks (sorting cost); more are subsampled evenly. */
export const SPEARMAN_MAX_VOXELS = 1 << 20;

/**
 * Spearman ρ between the disagreement and the absolute error |sr − truth| over the voxels, every
 * k-th one when there are more than `max` (deterministic: the same voxels every time).
 */
export function disagreementErrorCorrelation(
  disagreement: Float32Array,
  sr: Float32Array,
  truth: Float32Array,
  max = SPEARMAN_MAX_VOXELS,
): { spearman: number; voxels: number } {
  const step = Math.max(1, Math.ceil(disagreement.length / max));
  const count = Math.ceil(disagreement.length / step);
  const d = new Float64Array(count);
  const error = new Float64Array(count);
  for (let k = 0, i = 0; k < count; k++, i += step) {
    d[k] = disagreement[i];
    error[k] = Math.abs(sr[i] - truth[i]);
  }
  return { spearman: spearman(d, error), voxels: count };
}
