/**
 * The pixels of "Export PNG": the figure `isotrope compare` renders for the same MIPs and axis
 * (app/image/comparison.ts), with the same pixel size and row stretch (app/image/mip-frame.ts).
 * No DOM here, so a test renders it next to the CLI's PNG and compares them pixel for pixel.
 *
 * @example comparisonFigure(srMip, bicubicMip, info, 'z', 'difference') // Raster, RGB
 */
import type { MipAxis, MipInfoResult } from '../../../app/api/contract.js';
import { renderComparison, mipPixels } from '../../../app/image/index.js';
import type { FloatImage, Raster } from '../../../app/image/index.js';

/** Which figure: SR and bicubic side by side (also for the swipe view), or their difference. */
export type ExportFigure = 'side-by-side' | 'difference';

/** The exported figure's pixels, exactly as `isotrope compare` renders them. */
export function comparisonFigure(
  sr: FloatImage,
  bicubic: FloatImage,
  info: Pick<MipInfoResult, 'voxelSize'>,
  axis: MipAxis,
  figure: ExportFigure,
  title?: readonly string[],
): Raster {
  const pixels = mipPixels(info.voxelSize, axis);
  // The axis arrows, and the title band when a title is known, as `isotrope compare` draws them.
  const options = { pixelUm: pixels.columnUm, rowScale: pixels.rowAspect, axes: pixels, title };
  const comparison = renderComparison(sr.data, bicubic.data, sr.width, sr.height, options);
  return figure === 'difference' ? comparison.difference : comparison.sideBySide;
}
