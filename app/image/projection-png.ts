/**
 * A projection alone as a viewable 8-bit PNG (mip-sr-z.png and the like): contrast stretched
 * between the display percentiles of the projection itself (contrast.ts, what Fiji's "auto"
 * does), rows optionally stretched so an xz or yz projection of an anisotropic stack shows true
 * proportions. Node only (PNG encoding).
 */
import { DISPLAY_PERCENTILES } from './contrast.js';
import { rasterPng } from './comparison-png.js';
import { grayPanel } from './panels.js';
import { percentiles } from './percentile.js';

export interface ProjectionPngOptions {
  /** Output rows per input row (z spacing / xy spacing for xz and yz MIPs). Default 1. */
  rowScale?: number;
  /** Percentiles for black and white. Default DISPLAY_PERCENTILES (0.1 and 99.9). */
  low?: number;
  high?: number;
}

/** @example writeFileSync('mip-z.png', projectionPng(mip.data, mip.width, mip.height)) */
export function projectionPng(
  values: Float32Array,
  width: number,
  height: number,
  options: ProjectionPngOptions = {},
): Buffer {
  const low = options.low ?? DISPLAY_PERCENTILES.low;
  const high = options.high ?? DISPLAY_PERCENTILES.high;
  const [lo, hi] = percentiles(values, [low, high]);
  const outHeight = Math.max(1, Math.round(height * (options.rowScale ?? 1)));
  return rasterPng(grayPanel(values, width, height, outHeight, { lo, hi }));
}
