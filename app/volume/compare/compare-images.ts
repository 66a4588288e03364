/**
 * Comparison figures of a super-resolved image against its bicubic baseline (typically their
 * MIPs), as PNGs:
 * - side by side, SR left, bicubic right, under ONE contrast (0.5 / 99.8 percentiles of the
 *   union of both), so brightness differences are real and not a display artefact;
 * - the difference SR − bicubic in a dark-centred diverging map over a symmetric range
 *   ±(99.5th percentile of |difference|), so a few outliers do not wash out the rest.
 * Each carries a scale bar in µm and a label.
 */
import { percentile, percentiles } from '../percentile.js';
import { encodePng } from '../png.js';
import { drawText } from './bitmap-font.js';
import { diverging } from './colormap.js';
import { blit, createRaster, type Raster } from './raster.js';
import { drawScaleBar, textScale, type ScaleBar } from './scale-bar.js';

export interface CompareOptions {
  /** µm per image pixel along x (the displayed width). */
  pixelUm: number;
  /** Output rows per input row (z step / xy pixel for xz or yz MIPs of an anisotropic grid). Default 1. */
  rowScale?: number;
  /** Scale-bar length in µm (default: 1, 2 or 5 × 10^k near a fifth of the width). */
  barUm?: number;
  /** Contrast percentiles of the side-by-side figure (default 0.5 and 99.8). */
  low?: number;
  high?: number;
  /** Percentile of |SR − bicubic| that maps to the ends of the colour map (default 99.5). */
  differencePercentile?: number;
  /** Draw "SR", "BICUBIC" and "SR-BICUBIC ±range" labels (default true). */
  labels?: boolean;
}

export interface ComparisonPngs {
  /** Gray PNG, (2 · width + gap) × round(height · rowScale). */
  sideBySide: Buffer;
  /** RGB PNG, width × round(height · rowScale). */
  difference: Buffer;
  scaleBar: ScaleBar;
  /** The values shown as black and white in the side-by-side figure. */
  contrast: { low: number; high: number };
  /** |difference| shown at full colour. */
  differenceRange: number;
  /** Columns between the two panels. */
  gap: number;
}

/**
 * Renders both figures.
 * @example const { sideBySide, difference } = compareImages(srMip, bicubicMip, 512, 512, { pixelUm: 0.411 })
 */
export function compareImages(sr: Float32Array, bicubic: Float32Array, width: number, height: number, options: CompareOptions): ComparisonPngs {
  if (sr.length !== width * height || bicubic.length !== width * height) {
    throw new Error(`compareImages: images must both be ${width}x${height}, got ${sr.length} and ${bicubic.length} values`);
  }
  if (!(options.pixelUm > 0)) throw new Error(`compareImages: pixelUm must be positive, got ${options.pixelUm}`);
  const rowScale = options.rowScale ?? 1;
  const outHeight = Math.max(1, Math.round(height * rowScale));
  const union = new Float32Array(sr.length * 2);
  union.set(sr);
  union.set(bicubic, sr.length);
  const [low, high] = percentiles(union, [options.low ?? 0.5, options.high ?? 99.8]);
  const labels = options.labels ?? true;

  const gap = Math.max(2, Math.round(width / 100));
  const side = createRaster(2 * width + gap, outHeight, 1);
  blit(side, grayPanel(sr, width, height, outHeight, low, high), 0, 0);
  blit(side, grayPanel(bicubic, width, height, outHeight, low, high), width + gap, 0);
  const bar = drawScaleBar(side, options.pixelUm, { um: options.barUm, width });
  drawScaleBar(side, options.pixelUm, { um: bar.um, x0: width + gap, width });

  const diff = new Float32Array(sr.length);
  for (let i = 0; i < diff.length; i++) diff[i] = sr[i] - bicubic[i];
  const abs = diff.map((d) => Math.abs(d));
  // Sparse differences can make the percentile 0: fall back to the largest one, then to 1 (all black).
  const range = percentile(abs, options.differencePercentile ?? 99.5) || abs.reduce((m, v) => (v > m ? v : m), 0) || 1;
  const difference = createRaster(width, outHeight, 3);
  for (let y = 0; y < outHeight; y++) {
    const src = sourceRow(y, height, rowScale) * width;
    for (let x = 0; x < width; x++) difference.data.set(diverging(diff[src + x] / range), (y * width + x) * 3);
  }
  drawScaleBar(difference, options.pixelUm, { um: bar.um });

  if (labels) {
    const s = textScale(side);
    drawText(side, 2 * s, 2 * s, 'SR', s, [255]);
    drawText(side, width + gap + 2 * s, 2 * s, 'BICUBIC', s, [255]);
    drawText(difference, 2 * s, 2 * s, `SR-BICUBIC ±${Number(range.toPrecision(3))}`, textScale(difference), [255, 255, 255]);
  }
  return {
    sideBySide: encode(side), difference: encode(difference), scaleBar: bar,
    contrast: { low, high }, differenceRange: range, gap,
  };
}

/** One panel: contrast-stretched to 0..255 between `low` and `high`, rows stretched by nearest neighbour. */
function grayPanel(values: Float32Array, width: number, height: number, outHeight: number, low: number, high: number): Raster {
  const span = high > low ? high - low : 1;
  const r = createRaster(width, outHeight, 1);
  const rowScale = outHeight / height;
  for (let y = 0; y < outHeight; y++) {
    const src = sourceRow(y, height, rowScale) * width;
    for (let x = 0; x < width; x++) {
      const v = (values[src + x] - low) / span;
      r.data[y * width + x] = v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255);
    }
  }
  return r;
}

function sourceRow(y: number, height: number, rowScale: number): number {
  return Math.min(height - 1, Math.floor((y + 0.5) / rowScale));
}

function encode(r: Raster): Buffer {
  return encodePng({ width: r.width, height: r.height, channels: r.channels, data: r.data });
}
