/**
 * The comparison figures (comparison.ts) as PNG bytes, for `isotrope compare`. Node only: the
 * encoder uses node:zlib, so the browser bundle imports comparison.ts and encodes via a canvas.
 *
 * @example const { sideBySide, difference } = compareImages(srMip, bicubicMip, 512, 512, { pixelUm: 0.411 })
 */
import { renderComparison, type Comparison, type ComparisonOptions } from './comparison.js';
import { encodePng } from './png.js';
import type { Raster } from './raster.js';

export interface ComparisonPngs extends Omit<Comparison, 'sideBySide' | 'difference'> {
  /** Gray PNG, (2 · width + gap) × round(height · rowScale). */
  sideBySide: Buffer;
  /** RGB PNG, width × round(height · rowScale). */
  difference: Buffer;
}

/** Renders both figures and encodes them. */
export function compareImages(
  sr: ArrayLike<number>,
  bicubic: ArrayLike<number>,
  width: number,
  height: number,
  options: ComparisonOptions,
): ComparisonPngs {
  const figure = renderComparison(sr, bicubic, width, height, options);
  return { ...figure, sideBySide: rasterPng(figure.sideBySide), difference: rasterPng(figure.difference) };
}

/** A raster as PNG bytes. */
export function rasterPng(raster: Raster): Buffer {
  return encodePng({
    width: raster.width,
    height: raster.height,
    channels: raster.channels,
    data: raster.data,
  });
}
