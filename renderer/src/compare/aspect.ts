/**
 * What a MIP's pixels are in the sample, as a view frame: its size, and from app/image/mip-frame.ts
 * (the rule `isotrope compare` uses too) which axes its columns and rows run along, their µm and
 * how much taller than wide a pixel must be drawn.
 *
 * @example
 *   const frame = mipFrame(info, 'y');   // { width: X, height: Z, rowAspect: vz / vx, columnUm: vx }
 */
import { mipPixels, type MipPixels } from '../../../app/image/index.js';
import type { MipAxis, MipInfoResult } from '../../../app/api/contract.js';
import type { ImageFrame } from './view.js';

export interface MipFrame extends ImageFrame, MipPixels {}

export function mipFrame(info: Pick<MipInfoResult, 'axes' | 'voxelSize'>, axis: MipAxis): MipFrame {
  const { width, height } = info.axes[axis];
  return { width, height, ...mipPixels(info.voxelSize, axis) };
}
