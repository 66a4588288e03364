/**
 * SR − bicubic as colour: a diverging blue–white–red map over a symmetric range ±half, so zero
 * difference is white, where SR is brighter is red and where it is darker is blue, whatever the
 * intensity scale. The range is always automatic (display lo/hi describe intensities, not
 * differences): a high percentile of |SR − bicubic|, so a few outliers do not wash it out.
 *
 * @example
 *   const half = differenceRange(srTile, bicubicTile);
 *   const rgba = differenceRgba(srTile, bicubicTile, half);
 */
import { percentile } from '../../../app/volume/percentile.js';
import { tableFromStops, type Stop } from '../lib/display.js';

type Samples = ArrayLike<number>;

// ColorBrewer RdBu (reversed: negative blue), the usual map for signed differences.
const STOPS: Stop[] = [
  [0, 33, 102, 172], [0.25, 103, 169, 207], [0.5, 247, 247, 247], [0.75, 239, 138, 98], [1, 178, 24, 43],
];

let table: Uint8Array | null = null;

/** 256 RGB triples from −half (index 0) through 0 (index 127.5) to +half (255). */
export function divergingTable(): Uint8Array {
  return (table ??= tableFromStops(STOPS));
}

/** The table index of a difference d over ±half; NaN maps to -1. */
export function divergingIndex(d: number, half: number): number {
  if (Number.isNaN(d)) return -1;
  const t = Math.min(1, Math.max(-1, d / half));
  return Math.round((t + 1) * 127.5);
}

/** The symmetric half-range: the `p`th percentile of |SR − bicubic| over samples finite in both (1 when none differ). */
export function differenceRange(sr: Samples, bicubic: Samples, p = 99.5): number {
  const n = Math.min(sr.length, bicubic.length);
  const abs = new Float32Array(n);
  for (let i = 0; i < n; i++) abs[i] = Math.abs(sr[i] - bicubic[i]);
  const v = percentile(abs, p);
  return v > 0 ? v : 1;
}

/** RGBA pixels of SR − bicubic; transparent where either is NaN (not computed yet). */
export function differenceRgba(sr: Samples, bicubic: Samples, half: number, out = new Uint8ClampedArray(sr.length * 4)): Uint8ClampedArray {
  const t = divergingTable();
  for (let i = 0; i < sr.length; i++) {
    const k = divergingIndex(sr[i] - bicubic[i], half);
    const o = i * 4;
    if (k < 0) { out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0; continue; }
    out[o] = t[k * 3]; out[o + 1] = t[k * 3 + 1]; out[o + 2] = t[k * 3 + 2]; out[o + 3] = 255;
  }
  return out;
}
