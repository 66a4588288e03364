/**
 * What a MIP's pixels are in the sample: the z MIP is X × Y, the y MIP X × Z and the x MIP Y × Z
 * (z on rows). Its columns' µm is the scale bar's unit; rows are drawn rowAspect times taller
 * than columns, so a run to a coarser z (or any anisotropic output) is not drawn squashed. The
 * CLI's figures and the UI's Compare view both take these from here.
 *
 * @example mipPixels({ x: 0.4, y: 0.4, z: 1.6 }, 'y') // { columns: 'x', rows: 'z', columnUm: 0.4, rowAspect: 4 }
 */
export type MipAxis = 'z' | 'y' | 'x';

export interface MipPixels {
  /** Axis names along columns and rows. */
  columns: 'x' | 'y';
  rows: 'y' | 'z';
  /** µm per column (the scale bar's unit). */
  columnUm: number;
  /** How much taller than wide a pixel is drawn (1 when a voxel size is unknown). */
  rowAspect: number;
}

export function mipPixels(voxelSize: { x: number; y: number; z: number }, axis: MipAxis): MipPixels {
  const columns = axis === 'x' ? 'y' : 'x';
  const rows = axis === 'z' ? 'y' : 'z';
  const columnUm = voxelSize[columns];
  const rowAspect = columnUm > 0 && voxelSize[rows] > 0 ? voxelSize[rows] / columnUm : 1;
  return { columns, rows, columnUm, rowAspect };
}
