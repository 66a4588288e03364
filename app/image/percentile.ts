/** Percentiles the way every contrast, summary and normalisation in Isotrope takes them. */

/** Value at percentile p (0..100) of ascending `sorted`: the element at ⌊p/100 · n⌋, clamped; 0 when empty. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor((p / 100) * sorted.length)))];
}

/** How many values `percentile` samples at most (evenly spaced): enough for display contrast, cheap to sort. */
export const PERCENTILE_SAMPLE = 65536;

/** Value at percentile p (0..100) of `values`, from a sorted sample of at most PERCENTILE_SAMPLE finite values. */
export function percentile(values: ArrayLike<number>, p: number): number {
  return percentiles(values, [p])[0];
}

/** Several percentiles (0..100) of `values` from one sorted sample, as `percentile` takes each (the UI's contrast uses it too). */
export function percentiles(values: ArrayLike<number>, ps: readonly number[]): number[] {
  const step = Math.max(1, Math.floor(values.length / PERCENTILE_SAMPLE));
  const sample: number[] = [];
  for (let i = 0; i < values.length; i += step) if (Number.isFinite(values[i])) sample.push(values[i]);
  sample.sort((a, b) => a - b);
  return ps.map((p) => percentileOfSorted(sample, p));
}
