/**
 * One streaming pass over a stack: intensity statistics (min, max, mean, standard
 * deviation, percentiles) and the three maximum-intensity projections. Memory is one
 * plane plus the projections, whatever the stack size.
 */
import { throwIfAborted } from './errors.js';
import { percentileOfSorted } from '../image/index.js';
import type { TypedArray, Volume } from './types.js';

export interface IntensitySummary {
  min: number;
  max: number;
  mean: number;
  std: number;
  /** Percentiles 0.1, 1, 50, 99, 99.9 (exact for integer types; for floats, from a strided sample of about 4096 voxels in each of about 64 evenly spaced planes). */
  percentiles: Record<'p0.1' | 'p1' | 'p50' | 'p99' | 'p99.9', number>;
  voxels: number;
}

export interface Projections {
  /** Max over z: shape.x × shape.y. */
  z: Float32Array;
  /** Max over y: shape.x × shape.z (one row per plane). */
  y: Float32Array;
  /** Max over x: shape.y × shape.z. */
  x: Float32Array;
}

export interface StackStats {
  summary: IntensitySummary;
  mips: Projections;
}

export interface StackStatsOptions {
  c?: number;
  t?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

const PERCENTILES = [0.1, 1, 50, 99, 99.9] as const;

export async function scanStack(volume: Volume, options: StackStatsOptions = {}): Promise<StackStats> {
  const { x: W, y: H, z: Z } = volume.shape;
  const integer = volume.dtype !== 'float32' && volume.dtype !== 'float64';
  const mips: Projections = {
    z: new Float32Array(W * H).fill(-Infinity),
    y: new Float32Array(W * Z).fill(-Infinity),
    x: new Float32Array(H * Z).fill(-Infinity),
  };
  // Integer data: exact histogram keyed by value (offset for signed); floats: keep a coarse one per plane range.
  const counts = new Map<number, number>();
  const intHist =
    integer && (volume.dtype === 'uint8' || volume.dtype === 'uint16')
      ? new Float64Array(volume.dtype === 'uint8' ? 256 : 65536)
      : null;
  const floatSamples: number[] = [];
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSq = 0;
  for (let z = 0; z < Z; z++) {
    throwIfAborted(options.signal, volume.path);
    const plane: TypedArray = await volume.readPlaneXY(z, {
      c: options.c,
      t: options.t,
      signal: options.signal,
    });
    for (let y = 0; y < H; y++) {
      let rowMax = -Infinity;
      const row = y * W;
      for (let x = 0; x < W; x++) {
        const v = plane[row + x];
        if (v > rowMax) rowMax = v;
        if (v > mips.z[row + x]) mips.z[row + x] = v;
        if (v > mips.y[z * W + x]) mips.y[z * W + x] = v;
        if (v < min) min = v;
        if (v > max) max = v;
        sum += v;
        sumSq += v * v;
        if (intHist) intHist[v]++;
        else if (integer) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      mips.x[z * H + y] = rowMax;
    }
    if (!integer && z % Math.max(1, Math.floor(Z / 64)) === 0) {
      for (let i = 0; i < plane.length; i += Math.max(1, Math.floor(plane.length / 4096)))
        floatSamples.push(plane[i]);
    }
    options.onProgress?.(z + 1, Z);
  }
  const n = W * H * Z;
  const mean = sum / n;
  return {
    summary: {
      min,
      max,
      mean,
      std: Math.sqrt(Math.max(0, sumSq / n - mean * mean)),
      voxels: n,
      percentiles: percentilesOf(intHist, counts, floatSamples, n),
    },
    mips,
  };
}

function percentilesOf(
  hist: Float64Array | null,
  counts: Map<number, number>,
  samples: number[],
  n: number,
): IntensitySummary['percentiles'] {
  const out = {} as IntensitySummary['percentiles'];
  const keys = PERCENTILES.map((p) => `p${p}` as keyof IntensitySummary['percentiles']);
  if (hist || counts.size > 0) {
    const entries: [number, number][] = hist ? [] : [...counts.entries()].sort((a, b) => a[0] - b[0]);
    if (hist) for (let v = 0; v < hist.length; v++) if (hist[v] > 0) entries.push([v, hist[v]]);
    let seen = 0;
    let k = 0;
    for (const [value, count] of entries) {
      seen += count;
      while (k < PERCENTILES.length && seen >= (PERCENTILES[k] / 100) * n) out[keys[k++]] = value;
    }
    while (k < PERCENTILES.length) out[keys[k++]] = entries[entries.length - 1]?.[0] ?? 0;
    return out;
  }
  const sorted = Float64Array.from(samples).sort();
  PERCENTILES.forEach((p, i) => {
    out[keys[i]] = percentileOfSorted(sorted, p);
  });
  return out;
}
