/**
 * Opens one TIFF file as a BandSource, recognising OME-TIFF (single and multi-file),
 * ImageJ hyperstacks (and ImageJ's raw > 4 GB layout) and plain multi-page stacks.
 */
import { dirname, join } from 'node:path';
import type { BandSource } from '../band-source.js';
import { VolumeError } from '../errors.js';
import type { FilePool } from '../file-pool.js';
import { isImageJDescription, parseImageJDescription, type ImageJDescription } from '../metadata/imagej.js';
import { imageJChannels, parseImageJMetadata } from '../metadata/imagej-metadata.js';
import { isOmeXml, omePlaneIndex, parseOmeXml, type OmePixels } from '../metadata/ome-xml.js';
import { fitChannels } from '../channels.js';
import {
  BYTES_PER_SAMPLE,
  type ChannelInfo,
  type SliceProfile,
  type VolumeFormat,
  type VolumeHeader,
} from '../types.js';
import { readIfdChain, type IfdChain } from './ifd-chain.js';
import { readImageJMetadataTags } from './imagej-tags.js';
import { compressionName, decodedCapacity } from './decode/index.js';
import { describeCompression, describeLayout, planeLayoutOf, type PlaneLayout } from './plane-layout.js';
import { Tag, tagDescription, tagNumber } from './tags.js';
import { contiguousPlaneLayout, tiffBandSource, type PlaneRef } from './tiff-source.js';
import {
  voxelSizeFromImageJ,
  voxelSizeFromOme,
  voxelSizeFromTiff,
  type VoxelSizeReading,
} from './voxel-size.js';

interface Assembled {
  format: VolumeFormat;
  planes: PlaneRef[];
  shape: { z: number; c: number; t: number };
  order: string;
  planeOf: (z: number, c: number, t: number) => number;
  voxel: VoxelSizeReading;
  files: string[];
  /** Only OME-XML records one. */
  sliceProfile?: SliceProfile;
  /** Names and colours, where the file gives any (OME Channel elements, ImageJ LUTs); length shape.c. */
  channels?: ChannelInfo[];
  /** What was read other than the file says (e.g. damaged OME-XML read as plain pages). */
  warnings: string[];
}

export async function openTiffFile(path: string, pool: FilePool): Promise<BandSource> {
  const chain = await readIfdChain(pool, path);
  const first = chain.ifds[0];
  const layout0 = planeLayoutOf(first, 0, path, pool, chain.littleEndian);
  const description = await tagDescription(first);
  let assembled: Assembled;
  if (isOmeXml(description)) assembled = await assembleOmeOrPages(path, description, chain, layout0, pool);
  else if (isImageJDescription(description))
    assembled = assembleImageJ(path, description, chain, layout0, pool);
  else assembled = assemblePlain(path, chain);

  const bytes = assembled.files.reduce((sum, f) => sum + pool.size(f), 0);
  const info: VolumeHeader = {
    path,
    format: assembled.format,
    shape: { x: layout0.width, y: layout0.height, ...assembled.shape },
    dtype: layout0.dtype,
    voxelSize: assembled.voxel.voxelSize,
    voxelSizeSource: assembled.voxel.source,
    compression: describeCompression(layout0),
    layout: describeLayout(layout0),
    bytes,
    dimensionOrder: assembled.order,
    ...(assembled.sliceProfile ? { sliceProfile: assembled.sliceProfile } : {}),
    ...(assembled.channels ? { channels: assembled.channels } : {}),
    warnings: assembled.warnings,
  };
  checkStackFitsFiles(info, layout0, pool, assembled.files);
  const source = tiffBandSource(info, assembled.planes, assembled.planeOf, pool);
  // Touch the last plane now: a truncated file fails at open, not hours into a run.
  source.bandRows(assembled.planes.length - 1);
  return source;
}

function assemblePlain(path: string, chain: IfdChain): Assembled {
  // Reduced-resolution images (thumbnails, pyramid levels) are not planes of the stack.
  const planes: PlaneRef[] = [];
  chain.ifds.forEach((ifd, i) => {
    if (((tagNumber(ifd, Tag.NewSubfileType) ?? 0) & 1) === 0)
      planes.push({ file: path, ifdIndex: i, ifd, littleEndian: chain.littleEndian });
  });
  return {
    format: chain.bigTiff ? 'bigtiff' : 'tiff',
    planes,
    shape: { z: planes.length, c: 1, t: 1 },
    order: 'XYZCT',
    planeOf: (z) => z,
    voxel: voxelSizeFromTiff(chain.ifds[0]),
    files: [path],
    warnings: [],
  };
}

/**
 * Refuses, before any buffer is made, a stack that needs more decoded bytes than its files could
 * hold at the first plane's compression (exactly their size when uncompressed): the per-block
 * check of planeLayoutOf misses planes that all point at the same few stored bytes.
 */
function checkStackFitsFiles(
  info: VolumeHeader,
  layout0: PlaneLayout,
  pool: FilePool,
  files: string[],
): void {
  const { x, y, z, c, t } = info.shape;
  const needed = x * y * z * c * t * BYTES_PER_SAMPLE[info.dtype];
  const stored = files.reduce((sum, file) => sum + pool.size(file), 0);
  if (decodedCapacity(layout0.compression, stored) >= needed) return;
  throw new VolumeError(
    layout0.compression === 1 ? 'truncated' : 'malformed',
    `a ${x} × ${y} × ${z * c * t}-plane ${info.dtype} stack needs ${needed} bytes, more than ${stored} bytes of ${compressionName(layout0.compression)} data can hold`,
    { file: info.path },
  );
}

function assembleImageJ(
  path: string,
  description: string,
  chain: IfdChain,
  layout0: PlaneLayout,
  pool: FilePool,
): Assembled {
  const ij = parseImageJDescription(description);
  const { channels: C, frames: T } = ij;
  const Z = ij.channels * ij.slices * ij.frames === ij.images ? ij.slices : ij.images / (C * T);
  if (!Number.isInteger(Z) || Z < 1)
    throw new VolumeError(
      'malformed',
      `ImageJ description announces ${ij.images} images, not a whole number of ${C} channels × ${T} frames`,
      { file: path },
    );
  const planeOf = (z: number, c: number, t: number): number => c + C * (z + Z * t);
  // Read once the planes are found: only then are the channel and plane counts bounded by the file.
  const readChannels = (): ChannelInfo[] | undefined =>
    imageJChannelsOf(path, chain, pool, { channels: C, slices: Z, frames: T });
  const base = {
    shape: { z: Z, c: C, t: T },
    order: 'XYCZT',
    planeOf,
    voxel: voxelSizeFromImageJ(ij, chain.ifds[0]),
    files: [path],
    warnings: [],
  };
  if (chain.ifds.length >= ij.images) {
    const planes = chain.ifds
      .slice(0, ij.images)
      .map((ifd, i): PlaneRef => ({ file: path, ifdIndex: i, ifd, littleEndian: chain.littleEndian }));
    return { format: 'imagej-tiff', planes, ...base, channels: readChannels() };
  }
  if (chain.ifds.length > 1) {
    throw new VolumeError(
      'truncated',
      `ImageJ description announces ${ij.images} images, the file holds ${chain.ifds.length}`,
      { file: path },
    );
  }
  // ImageJ's > 4 GB layout: one IFD, planes back to back after the first.
  const planeBytes = layout0.width * layout0.height * BYTES_PER_SAMPLE[layout0.dtype];
  const contiguous =
    layout0.compression === 1 &&
    !layout0.tiled &&
    layout0.offsets.every((o, i) => i === 0 || o === layout0.offsets[i - 1] + layout0.byteCounts[i - 1]);
  if (!contiguous)
    throw new VolumeError(
      'malformed',
      `ImageJ description announces ${ij.images} images but the file has one compressed or scattered plane`,
      { file: path },
    );
  const end = layout0.offsets[0] + ij.images * planeBytes;
  if (end > pool.size(path)) {
    const whole = Math.floor((pool.size(path) - layout0.offsets[0]) / planeBytes);
    throw new VolumeError(
      'truncated',
      `raw ImageJ stack of ${ij.images} planes needs ${end} bytes, the file has ${pool.size(path)} (${whole} whole planes)`,
      { file: path },
    );
  }
  const planes = Array.from({ length: ij.images }, (_, k): PlaneRef => ({
    file: path,
    ifdIndex: k,
    littleEndian: chain.littleEndian,
    layout: contiguousPlaneLayout(layout0, k, planeBytes),
  }));
  return { format: 'imagej-raw', planes, ...base, channels: readChannels() };
}

/** The channel names and colours of an ImageJ hyperstack's binary metadata, where it has any. */
function imageJChannelsOf(
  path: string,
  chain: IfdChain,
  pool: FilePool,
  dims: Pick<ImageJDescription, 'channels' | 'slices' | 'frames'>,
): ChannelInfo[] | undefined {
  const raw = readImageJMetadataTags(pool, path, chain);
  const metadata = raw && parseImageJMetadata(raw.blob, raw.byteCounts);
  return metadata && imageJChannels(metadata, dims);
}

/**
 * An OME-TIFF by its OME-XML; when the XML is damaged (does not parse into an Image's Pixels),
 * the file's TIFF pages as a plain stack with a warning, as tifffile opens it: the pixels are
 * still readable, and only the OME metadata (voxel size among it) is lost.
 */
async function assembleOmeOrPages(
  path: string,
  description: string,
  chain: IfdChain,
  layout0: PlaneLayout,
  pool: FilePool,
): Promise<Assembled> {
  let pixels: OmePixels;
  try {
    pixels = parseOmeXml(description);
  } catch (cause) {
    const pages = assemblePlain(path, chain);
    const voxel = pages.voxel.source === 'none' ? 'unknown' : 'from the TIFF resolution tags';
    const warning = `damaged OME-XML (${(cause as Error).message}): read as ${pages.planes.length} plain TIFF pages, voxel size ${voxel}`;
    return { ...pages, warnings: [warning] };
  }
  return assembleOme(path, pixels, chain, layout0, pool);
}

async function assembleOme(
  path: string,
  pixels: OmePixels,
  chain: IfdChain,
  layout0: PlaneLayout,
  pool: FilePool,
): Promise<Assembled> {
  if (pixels.sizeX !== layout0.width || pixels.sizeY !== layout0.height) {
    throw new VolumeError(
      'mismatch',
      `OME-XML says ${pixels.sizeX} × ${pixels.sizeY}, the first plane is ${layout0.width} × ${layout0.height}`,
      { file: path },
    );
  }
  const sizes = { z: pixels.sizeZ, c: pixels.sizeC, t: pixels.sizeT };
  const total = sizes.z * sizes.c * sizes.t;
  if (total <= 0) throw new VolumeError('empty', 'OME-XML describes no planes', { file: path });
  const chains = new Map<string, IfdChain>([[path, chain]]);
  const chainOf = async (file: string): Promise<IfdChain> => {
    let c = chains.get(file);
    if (!c) {
      c = await readIfdChain(pool, file);
      chains.set(file, c);
    }
    return c;
  };
  const entries =
    pixels.tiffData.length > 0
      ? pixels.tiffData
      : [{ ifd: 0, firstZ: 0, firstC: 0, firstT: 0, planeCount: undefined, fileName: undefined }];
  const fileOf = (td: (typeof entries)[number]): string =>
    td.fileName ? join(dirname(path), td.fileName) : path;
  // Every plane needs a directory of its own: count them before the plane table is made.
  for (const td of entries) await chainOf(fileOf(td));
  const directories = [...chains.values()].reduce((sum, c) => sum + c.ifds.length, 0);
  if (total > directories)
    throw new VolumeError(
      'truncated',
      `OME-XML describes ${total} planes, its files hold ${directories} images`,
      { file: path },
    );
  const planes: PlaneRef[] = new Array(total);
  for (const td of entries) {
    const file = fileOf(td);
    const c = await chainOf(file);
    const start = omePlaneIndex(pixels.dimensionOrder, sizes, td.firstZ, td.firstC, td.firstT);
    const count = Math.min(td.planeCount ?? c.ifds.length - td.ifd, total - start);
    for (let i = 0; i < count; i++) {
      const ifd = c.ifds[td.ifd + i];
      if (!ifd)
        throw new VolumeError(
          'truncated',
          `OME-XML places a plane at IFD ${td.ifd + i}, the file has ${c.ifds.length}`,
          { file },
        );
      planes[start + i] = { file, ifdIndex: td.ifd + i, ifd, littleEndian: c.littleEndian };
    }
  }
  const missing = planes.findIndex((p) => p === undefined);
  if (missing >= 0 || planes.length < total) {
    throw new VolumeError('truncated', `OME-XML describes ${total} planes but plane ${missing} has no data`, {
      file: path,
    });
  }
  return {
    format: 'ome-tiff',
    planes,
    shape: sizes,
    order: pixels.dimensionOrder,
    planeOf: (z, c, t) => omePlaneIndex(pixels.dimensionOrder, sizes, z, c, t),
    voxel: voxelSizeFromOme(pixels, chain.ifds[0]),
    files: [...chains.keys()],
    sliceProfile: pixels.sliceProfile,
    // Fitted only now: sizeC is trusted once the files were found to hold its planes.
    channels: fitChannels(pixels.channels, sizes.c),
    warnings: [],
  };
}
