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

/** What a figure's title band names: the stack, the model, the channel (or the blended channels), the time point. */
export interface FigureSubject {
  /** The stack's file name. */
  stack: string;
  /** The model folder's name (several joined by " + " for a composite of channels with their own). */
  model: string;
  /** One channel's name, for a plane of a run over several. */
  channel?: string;
  /** The channels a composite blends. */
  channels?: readonly string[];
  t?: number;
}

/**
 * The title parts of a figure of the MIP along `axis`, for `isotrope compare` and the UI's
 * Export PNG alike.
 * @example figureTitle({ stack: 'brain.tif', model: 'm' }, 'y', { columns: 'x', rows: 'z' }) // ['brain.tif', 'model m', 'y MIP (xz)']
 */
export function figureTitle(
  subject: FigureSubject,
  axis: MipAxis,
  pixels: Pick<MipPixels, 'columns' | 'rows'>,
): string[] {
  const parts = [subject.stack, `model ${subject.model}`];
  if (subject.channel !== undefined) parts.push(`channel ${subject.channel}`);
  if (subject.channels !== undefined) parts.push(`channels ${subject.channels.join(' + ')}`);
  if (subject.t !== undefined) parts.push(`t ${subject.t}`);
  parts.push(`${axis} MIP (${pixels.columns}${pixels.rows})`);
  return parts;
}
