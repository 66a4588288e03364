/**
 * Intensity normalisation: the network sees (value − lo) / (hi − lo), with lo and hi robust
 * percentiles of the training stack. Recorded with the model so inference maps the same way
 * and maps results back to the stack's own intensity scale.
 */
import { percentileOfSorted } from '../image/index.js';

export interface Normalisation {
  kind: 'percentile';
  /** Intensity mapped to 0 (by default the 0.5th percentile of sampled voxels). */
  lo: number;
  /** Intensity mapped to 1 (by default the 99.8th percentile). */
  hi: number;
}

/** Normalisation from sampled voxel values. @example normalisationOf(samples) // { kind: 'percentile', lo: 112, hi: 17400 } */
export function normalisationOf(samples: ArrayLike<number>, low = 0.5, high = 99.8): Normalisation {
  const sorted = Float64Array.from(samples).sort();
  if (sorted.length === 0) return { kind: 'percentile', lo: 0, hi: 1 };
  const lo = percentileOfSorted(sorted, low);
  let hi = percentileOfSorted(sorted, high);
  if (!(hi > lo)) hi = lo + 1;
  return { kind: 'percentile', lo, hi };
}

/** In place: values → network units. */
export function normalise(data: Float32Array, n: Normalisation): Float32Array {
  const scale = 1 / (n.hi - n.lo);
  for (let i = 0; i < data.length; i++) data[i] = (data[i] - n.lo) * scale;
  return data;
}

/** In place: network units → values. */
export function denormalise(data: Float32Array, n: Normalisation): Float32Array {
  const span = n.hi - n.lo;
  for (let i = 0; i < data.length; i++) data[i] = data[i] * span + n.lo;
  return data;
}
