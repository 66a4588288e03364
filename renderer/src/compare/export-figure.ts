/**
 * The pixels of "Export PNG": the figure `isotrope compare` renders for the same MIPs and axis
 * (app/image/comparison.ts), with the same pixel size and row stretch (app/image/mip-frame.ts).
 * No DOM here, so a test renders it next to the CLI's PNG and compares them pixel for pixel.
 *
 * @example comparisonFigure(srMip, bicubicMip, info, 'z', 'difference', exportTitle(info, 'z')) // Raster, RGB
 */
import type { MipAxis, MipInfoResult } from '../../../app/api/contract.js';
import { figureTitle, renderComparison, mipPixels } from '../../../app/image/index.js';
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

/**
 * The title band's parts for the plane `plane` (default: the run's first) along `axis`, from
 * mipInfo's names, as `isotrope compare` titles the same figure; undefined when the engine did
 * not name the stack and model (an older engine): the figure then has no title band.
 */
export function exportTitle(
  info: Pick<MipInfoResult, 'input' | 'model' | 'channels' | 'timepoints' | 'planeAxes' | 'voxelSize'>,
  axis: MipAxis,
  plane: { c?: number; t?: number } = {},
): string[] | undefined {
  if (info.input === undefined || info.model === undefined) return undefined;
  const channel = info.channels?.find((shown) => shown.index === plane.c) ?? info.channels?.[0];
  const subject = {
    stack: info.input,
    model: channel?.model ?? info.model,
    channel: info.planeAxes?.c ? channel?.name : undefined,
    t: info.planeAxes?.t ? (plane.t ?? info.timepoints?.[0]) : undefined,
  };
  return figureTitle(subject, axis, mipPixels(info.voxelSize, axis));
}
