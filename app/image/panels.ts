/**
 * The two kinds of panel a comparison is made of, as 8-bit rasters: an intensity image under a
 * display range (gray), and a difference under the diverging map (RGB). Rows may be stretched by
 * nearest neighbour (`outHeight` ≠ height), so an xz or yz MIP of an anisotropic grid shows true
 * proportions. NaN (not computed yet) is black in both.
 */
import { differenceColour } from './colormap.js';
import type { DisplayRange } from './contrast.js';
import { createRaster, type Raster } from './raster.js';

/** The input row shown on output row `y` when `height` rows are stretched by `rowScale`. */
export function sourceRow(y: number, height: number, rowScale: number): number {
  return Math.min(height - 1, Math.floor((y + 0.5) / rowScale));
}

/**
 * The two input rows around output row `y`'s centre and the weight of the lower one, when
 * `height` rows are stretched by `rowScale` with linear interpolation (edges held).
 * @example rowBlend(2, 2, 4) // { above: 0, below: 1, weight: 0.125 } (output row 2 of 8 sits 1/8 past input row 0)
 */
export function rowBlend(
  y: number,
  height: number,
  rowScale: number,
): { above: number; below: number; weight: number } {
  const position = Math.min(height - 1, Math.max(0, (y + 0.5) / rowScale - 0.5));
  const above = Math.floor(position);
  const below = Math.min(height - 1, above + 1);
  return { above, below, weight: position - above };
}

/** A gray value 0…255 of `value` under `range` (NaN: 0). */
export function grayLevel(value: number, range: DisplayRange): number {
  const span = range.hi > range.lo ? range.hi - range.lo : 1;
  const t = (value - range.lo) / span;
  if (Number.isNaN(t) || t <= 0) return 0;
  return t >= 1 ? 255 : Math.round(t * 255);
}

/** How rows are stretched: the nearest input row (what the data is), or linear between rows (smooth, for display of a stack's xz / yz projections: no stair steps in z). */
export type RowStretch = 'nearest' | 'linear';

/** `values` (width × height) contrast-stretched to gray over `outHeight` rows; NaN stays black. */
export function grayPanel(
  values: ArrayLike<number>,
  width: number,
  height: number,
  outHeight: number,
  range: DisplayRange,
  rows: RowStretch = 'nearest',
): Raster {
  const panel = createRaster(width, outHeight, 1);
  const rowScale = outHeight / height;
  for (let y = 0; y < outHeight; y++) {
    if (rows === 'linear') {
      const { above, below, weight } = rowBlend(y, height, rowScale);
      for (let x = 0; x < width; x++) {
        const value = values[above * width + x] * (1 - weight) + values[below * width + x] * weight;
        panel.data[y * width + x] = grayLevel(value, range);
      }
      continue;
    }
    const from = sourceRow(y, height, rowScale) * width;
    for (let x = 0; x < width; x++) panel.data[y * width + x] = grayLevel(values[from + x], range);
  }
  return panel;
}

/** SR − bicubic (both width × height) in the difference map over ±half, `outHeight` rows. */
export function differencePanel(
  sr: ArrayLike<number>,
  bicubic: ArrayLike<number>,
  width: number,
  height: number,
  outHeight: number,
  half: number,
): Raster {
  const panel = createRaster(width, outHeight, 3);
  const rowScale = outHeight / height;
  for (let y = 0; y < outHeight; y++) {
    const from = sourceRow(y, height, rowScale) * width;
    for (let x = 0; x < width; x++) {
      const colour = differenceColour(sr[from + x] - bicubic[from + x], half);
      panel.data.set(colour, (y * width + x) * 3);
    }
  }
  return panel;
}
