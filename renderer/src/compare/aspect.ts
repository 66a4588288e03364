/**
 * What a MIP's pixels are in the sample: which axes its columns and rows run along, their size in
 * µm, and so how much taller than wide a pixel must be drawn. The z MIP is X × Y; the y MIP X × Z
 * and the x MIP Y × Z, with z on rows — after an isotropic run rowAspect is 1, but a run to a
 * coarser z (or any anisotropic output) must not be drawn squashed.
 *
 * @example
 *   const frame = mipFrame(info, 'y');   // { width: X, height: Z, rowAspect: vz / vx, columnUm: vx }
 */
import type { MipAxis, MipInfoResult } from '../../../app/api/schemas.js';
import type { ImageFrame } from './view.js';

export interface MipFrame extends ImageFrame {
  /** µm per column (the scale bar's unit). */
  columnUm: number;
  /** Axis names along columns and rows, for labels. */
  columns: 'x' | 'y';
  rows: 'y' | 'z';
}

export function mipFrame(info: Pick<MipInfoResult, 'axes' | 'voxelSize'>, axis: MipAxis): MipFrame {
  const { width, height } = info.axes[axis];
  const v = info.voxelSize;
  const columns = axis === 'x' ? 'y' : 'x';
  const rows = axis === 'z' ? 'y' : 'z';
  const columnUm = v[columns];
  const rowAspect = columnUm > 0 && v[rows] > 0 ? v[rows] / columnUm : 1;
  return { width, height, rowAspect, columnUm, columns, rows };
}
