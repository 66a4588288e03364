/**
 * The µm scale bar of every view and figure: the longest 1-2-5 length (…, 0.5, 1, 2, 5, 10, 20,
 * 50, … µm) that fits the room it is given, a whole number of pixels long, labelled in µm (mm
 * from 1000 µm, nm below 1 µm). The CLI's figures give it a fifth of the image width; the UI's
 * Compare view the room at the bottom of a pane at the current zoom. Drawn into a raster (white
 * bar with a dark outline, its length written above it with a clear gap, bottom-right) for figures.
 *
 * @example
 *   scaleBar(0.4, 120)   // 0.4 µm per pixel, 120 px of room → { um: 20, pixels: 50, label: '20 µm' }
 */
import { drawText, GLYPH_HEIGHT, textWidth } from './bitmap-font.js';
import { fillRect, type PixelBox, type Raster } from './raster.js';

export interface ScaleBar {
  /** Length in µm. */
  um: number;
  /** Length in pixels: round(um / µm per pixel). */
  pixels: number;
  /** The label, e.g. "50 µm". */
  label: string;
}

/** The fraction of a figure's width its scale bar may take (about a fifth reads well). */
export const FIGURE_BAR_FRACTION = 0.2;

/**
 * The largest 1, 2 or 5 × 10^k not above `limit` (> 0).
 * @example niceLength(7) // 5
 */
export function niceLength(limit: number): number {
  const decade = Math.pow(10, Math.floor(Math.log10(limit)));
  // Float guard: 1000 / 10^3 can land a hair under 1.
  const mantissa = (limit / decade) * (1 + 1e-9);
  const nice = (mantissa >= 5 ? 5 : mantissa >= 2 ? 2 : 1) * decade;
  // 2 × 0.1 is 0.20000000000000004: round away the float noise.
  return Number(nice.toPrecision(6));
}

/** A length as its label: µm, mm from 1000 µm, nm below 1 µm. @example formatLength(2000) // '2 mm' */
export function formatLength(um: number): string {
  if (um >= 1000) return `${+(um / 1000).toPrecision(3)} mm`;
  if (um < 1) return `${+(um * 1000).toPrecision(3)} nm`;
  return `${+um.toPrecision(3)} µm`;
}

/** The bar of exactly `um` µm at `umPerPixel`. */
export function scaleBarOf(um: number, umPerPixel: number): ScaleBar {
  return { um, pixels: Math.round(um / umPerPixel), label: formatLength(um) };
}

/**
 * The longest 1-2-5 bar within `roomPixels` at `umPerPixel` µm per pixel; null for a
 * non-positive or non-finite pixel size or room.
 */
export function scaleBar(umPerPixel: number, roomPixels = 120): ScaleBar | null {
  if (!(umPerPixel > 0) || !Number.isFinite(umPerPixel) || !(roomPixels > 0)) return null;
  return scaleBarOf(niceLength(umPerPixel * roomPixels), umPerPixel);
}

/**
 * A figure's bar: `um` when given, else the longest that fits a fifth of `widthPx` (at least
 * one pixel of room, so a tiny image still gets a bar).
 * @example figureScaleBar(300, 0.411).um // 20 (a fifth is 24.7 µm)
 */
export function figureScaleBar(widthPx: number, umPerPixel: number, um?: number): ScaleBar {
  if (um !== undefined) return scaleBarOf(um, umPerPixel);
  return scaleBarOf(niceLength(Math.max(widthPx * FIGURE_BAR_FRACTION, 1) * umPerPixel), umPerPixel);
}

/**
 * Text size in font pixels of a figure's labels: grows with the image's smaller side, at least 2
 * (a 10 × 14 pixel glyph), twice the size the figures first had, so labels read on a slide.
 */
export function textScale(raster: Raster): number {
  return 2 * Math.max(1, Math.floor(Math.min(raster.width, raster.height) / 250));
}

/** Pixels of clear background between a scale bar's label (shadow included) and the bar's outline. */
export function labelGap(scale: number): number {
  return Math.max(3, 2 * scale);
}

/**
 * Draws `bar` in the bottom-right corner of the region [x0, x0 + width) of `raster` (a panel of
 * a side-by-side figure). The label is left out when it does not fit, or would reach above row
 * `top` (where the panel's own label is).
 * @returns the boxes it drew: the bar (outline included) and the label (null when left out)
 */
export function drawScaleBar(
  raster: Raster,
  bar: ScaleBar,
  region: { x0?: number; width?: number; top?: number } = {},
): { bar: PixelBox; label: PixelBox | null } {
  const x0 = region.x0 ?? 0;
  const width = region.width ?? raster.width;
  const scale = textScale(raster);
  const margin = Math.max(3, Math.round(Math.min(width, raster.height) * 0.03));
  const thickness = Math.max(3, Math.round(Math.min(width, raster.height) / 80));
  const right = x0 + width - margin;
  const top = raster.height - margin - thickness;
  // A dark outline, so the white bar reads on bright backgrounds (and the difference map's white zero).
  fillRect(raster, right - bar.pixels - 1, top - 1, right + 1, top + thickness + 1, [0, 0, 0]);
  fillRect(raster, right - bar.pixels, top, right, top + thickness, [255, 255, 255]);
  const drawn = { x0: right - bar.pixels - 1, y0: top - 1, x1: right + 1, y1: top + thickness + 1 };
  const labelWidth = textWidth(bar.label, scale);
  // Above the outline (one pixel), a clear gap, then the glyphs and their shadow (one font pixel).
  const labelTop = top - 1 - labelGap(scale) - (GLYPH_HEIGHT + 1) * scale;
  if (labelWidth + 2 * margin > width || labelTop < (region.top ?? 0)) return { bar: drawn, label: null };
  // Centred over the bar, but kept inside the panel (a short bar's label is wider than the bar).
  const centred = Math.round(right - bar.pixels / 2 - labelWidth / 2);
  const labelLeft = Math.max(x0 + margin, Math.min(right - labelWidth, centred));
  drawText(raster, labelLeft, labelTop, bar.label, scale, [255, 255, 255]);
  const shadow = Math.max(1, Math.floor(scale / 2));
  const label = {
    x0: labelLeft,
    y0: labelTop,
    x1: labelLeft + labelWidth + shadow,
    y1: labelTop + GLYPH_HEIGHT * scale + shadow,
  };
  return { bar: drawn, label };
}
