/**
 * Projections to viewable 8-bit PNGs: contrast stretched between low and high percentiles
 * of the projection itself (what Fiji's "auto" does), rows optionally stretched so an xz
 * or yz projection of an anisotropic stack shows true proportions.
 */
import { encodePng } from './png.js';
import { percentiles } from './percentile.js';

export interface ProjectionPngOptions {
  /** Output rows per input row (z spacing / xy spacing for xz and yz MIPs). Default 1. */
  rowScale?: number;
  /** Percentiles for black and white. Default 0.5 and 99.8. */
  low?: number;
  high?: number;
}

export function projectionPng(values: Float32Array, width: number, height: number, options: ProjectionPngOptions = {}): Buffer {
  const [lo, hi] = percentiles(values, [options.low ?? 0.5, options.high ?? 99.8]);
  const span = hi > lo ? hi - lo : 1;
  const scale = options.rowScale ?? 1;
  const outHeight = Math.max(1, Math.round(height * scale));
  const out = new Uint8Array(width * outHeight);
  for (let y = 0; y < outHeight; y++) {
    const src = Math.min(height - 1, Math.floor((y + 0.5) / scale)) * width;
    for (let x = 0; x < width; x++) {
      const v = (values[src + x] - lo) / span;
      out[y * width + x] = v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255);
    }
  }
  return encodePng({ width, height: outHeight, channels: 1, data: out });
}
