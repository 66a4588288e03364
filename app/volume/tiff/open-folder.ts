/**
 * A folder of single-plane TIFFs (the usual LSFM acquisition output) as one stack,
 * planes in natural order ("z2" before "z10"). Every file's first IFD is checked at
 * open, so a plane of the wrong size fails with its file name before any work starts.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BandSource } from '../band-source.js';
import { VolumeError } from '../errors.js';
import type { FilePool } from '../file-pool.js';
import { isImageJDescription, parseImageJDescription } from '../metadata/imagej.js';
import { isOmeXml, parseOmeXml } from '../metadata/ome-xml.js';
import type { VolumeHeader } from '../types.js';
import { readIfdChain } from './ifd-chain.js';
import { describeCompression, describeLayout, dtypeOf, planeLayoutOf } from './plane-layout.js';
import { Tag, tagDescription, tagNumber } from './tags.js';
import { tiffBandSource, type PlaneRef } from './tiff-source.js';
import { voxelSizeFromImageJ, voxelSizeFromOme, voxelSizeFromTiff } from './voxel-size.js';

const naturalOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** TIFF files of `folder` in natural order. */
export function listTiffFiles(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => /\.tiff?$/i.test(name) && !name.startsWith('.'))
    .sort(naturalOrder.compare)
    .map((name) => join(folder, name));
}

export async function openTiffFolder(folder: string, pool: FilePool): Promise<BandSource> {
  const files = listTiffFiles(folder);
  if (files.length === 0)
    throw new VolumeError('empty', 'the folder holds no .tif/.tiff files', { file: folder });
  const planes: PlaneRef[] = [];
  let bytes = 0;
  for (const file of files) {
    const chain = await readIfdChain(pool, file, { limit: 1 });
    planes.push({ file, ifdIndex: 0, ifd: chain.ifds[0], littleEndian: chain.littleEndian });
    bytes += pool.size(file);
  }
  const first = planes[0];
  const layout0 = planeLayoutOf(first.ifd!, 0, first.file, pool, first.littleEndian);
  for (const p of planes) {
    const ifd = p.ifd!;
    const w = tagNumber(ifd, Tag.ImageWidth);
    const h = tagNumber(ifd, Tag.ImageLength);
    const dtype = dtypeOf(tagNumber(ifd, Tag.BitsPerSample) ?? 1, tagNumber(ifd, Tag.SampleFormat) ?? 1);
    if (w !== layout0.width || h !== layout0.height || dtype !== layout0.dtype) {
      throw new VolumeError(
        'mismatch',
        `plane is ${w} × ${h} ${dtype ?? 'unsupported type'}, the first file (${first.file}) is ${layout0.width} × ${layout0.height} ${layout0.dtype}`,
        { file: p.file },
      );
    }
  }
  const description = await tagDescription(first.ifd!);
  let voxel = voxelSizeFromTiff(first.ifd!);
  const warnings: string[] = [];
  if (isImageJDescription(description))
    voxel = voxelSizeFromImageJ(parseImageJDescription(description), first.ifd!);
  else if (isOmeXml(description)) {
    try {
      voxel = voxelSizeFromOme(parseOmeXml(description), first.ifd!);
    } catch (cause) {
      // Keep the TIFF resolution, and say so: the folder's planes are read all the same.
      const source = voxel.source === 'none' ? 'unknown' : 'from the TIFF resolution tags';
      warnings.push(`damaged OME-XML in ${first.file} (${(cause as Error).message}): voxel size ${source}`);
    }
  }
  const info: VolumeHeader = {
    path: folder,
    format: 'tiff-folder',
    shape: { x: layout0.width, y: layout0.height, z: planes.length, c: 1, t: 1 },
    dtype: layout0.dtype,
    voxelSize: voxel.voxelSize,
    voxelSizeSource: voxel.source,
    compression: describeCompression(layout0),
    layout: `${files.length} files, ${describeLayout(layout0)}`,
    bytes,
    dimensionOrder: 'XYZCT',
    warnings,
  };
  return tiffBandSource(info, planes, (z) => z, pool);
}
