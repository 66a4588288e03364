/**
 * A projection alone as a viewable 8-bit PNG (mip-sr-z.png and the like): contrast stretched
 * between the display percentiles of the projection itself (contrast.ts, what Fiji's "auto"
 * does), rows optionally stretched so an xz or yz projection of an anisotropic stack shows true
 * proportions (nearest-neighbour, the default, or linearly interpolated for display), with a µm
 * scale bar when the pixel size is given. Node only (PNG encoding).
 */
import { DISPLAY_PERCENTILES } from './contrast.js';
import { rasterPng } from './comparison-png.js';
import { grayPanel, type RowStretch } from './panels.js';
import { percentiles } from './percentile.js';
import { drawScaleBar, figureScaleBar } from './scale-bar.js';

export interface ProjectionPngOptions {
  /** Output rows per input row (z spacing / xy spacing for xz and yz MIPs). Default 1. */
  rowScale?: number;
  /** Percentiles for black and white. Default DISPLAY_PERCENTILES (0.1 and 99.9). */
  low?: number;
  high?: number;
  /**
   * How stretched rows are drawn: 'nearest' (default; each input row repeated, what finalize's
   * MIP PNGs hold) or 'linear' (interpolated between rows, so z reads smoothly on a display).
   */
  rows?: RowStretch;
  /** µm per column: draws the scale bar of comparison figures (bottom-right). Default: no bar. */
  pixelUm?: number;
}

/**
 * @example writeFileSync('mip-z.png', projectionPng(mip.data, mip.width, mip.height))
 * @example projectionPng(mipY, x, z, { rowScale: 4, rows: 'linear', pixelUm: 0.4 }) // a display of the xz MIP
 */
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
  const raster = grayPanel(values, width, height, outHeight, { lo, hi }, options.rows ?? 'nearest');
  if (options.pixelUm !== undefined && options.pixelUm > 0)
    drawScaleBar(raster, figureScaleBar(width, options.pixelUm));
  return rasterPng(raster);
}
