/**
 * Scale bars: a "nice" physical length (1, 2 or 5 × 10^k µm) near a fifth of the image
 * width, drawn as a white bar of round(length / pixel size) pixels with its length written
 * above it, in the bottom-right corner.
 */
import { drawText, GLYPH_HEIGHT, textWidth } from './bitmap-font.js';
import { fillRect, type Raster } from './raster.js';

export interface ScaleBar {
  /** Length in µm. */
  um: number;
  /** Length in pixels: round(um / pixelUm). */
  pixels: number;
  /** The label drawn above it, e.g. "50 µm". */
  label: string;
}

/** The largest 1, 2 or 5 × 10^k µm not longer than `fraction` of the image width (at least one pixel long). */
export function niceBarLength(widthPx: number, pixelUm: number, fraction = 0.2): number {
  const target = Math.max(widthPx * fraction * pixelUm, pixelUm);
  const decade = 10 ** Math.floor(Math.log10(target));
  const mantissa = [5, 2, 1].find((m) => m * decade <= target * (1 + 1e-9)) ?? 1;
  return Number((mantissa * decade).toPrecision(6));
}

/** Text size in font pixels: about 3 % of the image's smaller side, at least 1. */
export function textScale(r: Raster): number {
  return Math.max(1, Math.floor(Math.min(r.width, r.height) / 250));
}

/**
 * Draws the bar in the bottom-right corner of the region [x0, x0 + width) of `r` (a panel of
 * a side-by-side figure) and returns what it drew. The label is left out when it does not fit.
 */
export function drawScaleBar(r: Raster, pixelUm: number, options: { um?: number; x0?: number; width?: number } = {}): ScaleBar {
  const x0 = options.x0 ?? 0;
  const width = options.width ?? r.width;
  const um = options.um ?? niceBarLength(width, pixelUm);
  const pixels = Math.round(um / pixelUm);
  const label = `${formatUm(um)} µm`;
  const s = textScale(r);
  const margin = Math.max(3, Math.round(Math.min(width, r.height) * 0.03));
  const thick = Math.max(2, Math.round(Math.min(width, r.height) / 100));
  const right = x0 + width - margin;
  const top = r.height - margin - thick;
  fillRect(r, right - pixels - 1, top - 1, right + 1, top + thick + 1, [0, 0, 0]); // dark outline for bright backgrounds
  fillRect(r, right - pixels, top, right, top + thick, [255, 255, 255]);
  const tw = textWidth(label, s);
  const ty = top - 2 * s - GLYPH_HEIGHT * s;
  if (tw + 2 * margin <= width && ty >= 0) drawText(r, Math.max(x0 + margin, right - pixels / 2 - tw / 2), ty, label, s, [255, 255, 255]);
  return { um, pixels, label };
}

function formatUm(um: number): string {
  return String(Number(um.toPrecision(6)));
}
