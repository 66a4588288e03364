/**
 * Voxel size from whatever a TIFF says, in order of trust: OME-XML, ImageJ description,
 * then the TIFF resolution tags (x/y only; ResolutionUnit "none" means no physical size).
 */
import type { ImageFileDirectory } from 'geotiff';
import type { ImageJDescription } from '../metadata/imagej.js';
import { micrometresPer } from '../metadata/units.js';
import type { OmePixels } from '../metadata/ome-xml.js';
import type { VoxelSize, VoxelSizeSource } from '../types.js';
import { Tag, tagNumber, tagRational } from './tags.js';

export interface VoxelSizeReading {
  voxelSize: VoxelSize;
  source: VoxelSizeSource;
}

const NONE: VoxelSizeReading = { voxelSize: { x: null, y: null, z: null }, source: 'none' };

function fromResolution(
  ifd: ImageFileDirectory,
  perUnit: number | undefined,
): { x: number | null; y: number | null } {
  const xr = tagRational(ifd, Tag.XResolution);
  const yr = tagRational(ifd, Tag.YResolution);
  if (perUnit === undefined) return { x: null, y: null };
  return { x: xr && xr > 0 ? perUnit / xr : null, y: yr && yr > 0 ? perUnit / yr : null };
}

export function voxelSizeFromOme(pixels: OmePixels, ifd: ImageFileDirectory): VoxelSizeReading {
  const { x, y, z } = pixels.physicalSize;
  if (x === undefined && y === undefined && z === undefined) return voxelSizeFromTiff(ifd);
  return { voxelSize: { x: x ?? null, y: y ?? null, z: z ?? null }, source: 'ome-xml' };
}

export function voxelSizeFromImageJ(ij: ImageJDescription, ifd: ImageFileDirectory): VoxelSizeReading {
  const per = micrometresPer(ij.unit);
  if (per === undefined) return NONE;
  const { x, y } = fromResolution(ifd, per);
  const z = ij.spacing !== undefined ? ij.spacing * per : null;
  if (x === null && y === null && z === null) return NONE;
  return { voxelSize: { x, y, z }, source: 'imagej' };
}

export function voxelSizeFromTiff(ifd: ImageFileDirectory): VoxelSizeReading {
  const unit = tagNumber(ifd, Tag.ResolutionUnit) ?? 2;
  const per = unit === 2 ? 25400 : unit === 3 ? 10000 : undefined;
  const { x, y } = fromResolution(ifd, per);
  // 72 dpi (and 1 px per unit) are writer defaults, not measurements.
  const meaningful = (v: number | null): number | null =>
    v === null || Math.abs(v - 25400 / 72) < 1e-6 || v === 25400 || v === 10000 ? null : v;
  const mx = meaningful(x);
  const my = meaningful(y);
  if (mx === null && my === null) return NONE;
  return { voxelSize: { x: mx, y: my, z: null }, source: 'tiff-resolution' };
}
