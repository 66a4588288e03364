/**
 * Where one xy plane's pixels live in a TIFF: its IFD's size, sample type, compression
 * and strip or tile grid. Built from a parsed IFD (or synthesised, for ImageJ's raw
 * > 4 GB files), validated once so reading never meets a surprise it could hide.
 */
import type { ImageFileDirectory } from 'geotiff';
import { VolumeError } from '../errors.js';
import type { FilePool } from '../file-pool.js';
import { BYTES_PER_SAMPLE, type DType } from '../types.js';
import { compressionName, decodedCapacity, isSupportedCompression } from './decode/index.js';
import { Tag, tagArray, tagNumber } from './tags.js';

export interface PlaneLayout {
  file: string;
  /** IFD index in its file, for error messages. */
  ifd: number;
  width: number;
  height: number;
  dtype: DType;
  compression: number;
  predictor: number;
  littleEndian: boolean;
  tiled: boolean;
  /** Strip: image width; tile: tile width. */
  blockWidth: number;
  /** Strip: rows per strip; tile: tile height. */
  blockHeight: number;
  offsets: number[];
  byteCounts: number[];
}

export function dtypeOf(bits: number, format: number): DType | undefined {
  if (format === 1) return ({ 8: 'uint8', 16: 'uint16', 32: 'uint32' } as const)[bits];
  if (format === 2) return ({ 8: 'int8', 16: 'int16', 32: 'int32' } as const)[bits];
  if (format === 3) return ({ 32: 'float32', 64: 'float64' } as const)[bits];
  return undefined;
}

const FORMAT_NAME: Record<number, string> = {
  1: 'unsigned integer',
  2: 'signed integer',
  3: 'floating point',
  4: 'undefined',
  5: 'complex integer',
  6: 'complex float',
};

/** Reads and checks the pixel layout of one IFD. */
export function planeLayoutOf(
  ifd: ImageFileDirectory,
  index: number,
  file: string,
  pool: FilePool,
  littleEndian: boolean,
): PlaneLayout {
  const fail = (tag: 'malformed' | 'unsupported' | 'empty', reason: string): never => {
    throw new VolumeError(tag, reason, { file, plane: index });
  };
  const width = tagNumber(ifd, Tag.ImageWidth) ?? fail('malformed', 'no ImageWidth tag');
  const height = tagNumber(ifd, Tag.ImageLength) ?? fail('malformed', 'no ImageLength tag');
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height))
    fail('malformed', `plane size ${width} × ${height} is not in whole pixels`);
  if (width <= 0 || height <= 0) fail('empty', `zero-sized plane (${width} × ${height})`);
  const spp = tagNumber(ifd, Tag.SamplesPerPixel) ?? 1;
  if (spp !== 1)
    fail(
      'unsupported',
      `${spp} samples per pixel (RGB or interleaved channels); save channels as separate planes`,
    );
  const bits = tagNumber(ifd, Tag.BitsPerSample) ?? 1;
  const format = tagNumber(ifd, Tag.SampleFormat) ?? 1;
  const dtype =
    dtypeOf(bits, format) ??
    fail('unsupported', `${bits}-bit ${FORMAT_NAME[format] ?? `sample format ${format}`} samples`);
  const compression = tagNumber(ifd, Tag.Compression) ?? 1;
  if (!isSupportedCompression(compression))
    fail('unsupported', `compression ${compressionName(compression)} is not supported`);
  const predictor = tagNumber(ifd, Tag.Predictor) ?? 1;
  if (predictor !== 1 && predictor !== 2 && predictor !== 3) fail('unsupported', `predictor ${predictor}`);
  if (predictor === 3 && !dtype.startsWith('float'))
    fail('malformed', 'floating-point predictor on integer samples');
  if (predictor === 2 && dtype.startsWith('float'))
    fail('unsupported', 'horizontal-differencing predictor on floating-point samples');

  const tiled = ifd.hasTag(Tag.TileWidth);
  const blockWidth = tiled ? (tagNumber(ifd, Tag.TileWidth) ?? 0) : width;
  const blockHeight = tiled
    ? (tagNumber(ifd, Tag.TileLength) ?? 0)
    : Math.min(tagNumber(ifd, Tag.RowsPerStrip) ?? height, height);
  if (!Number.isSafeInteger(blockWidth) || !Number.isSafeInteger(blockHeight))
    fail(
      'malformed',
      `${tiled ? 'tile' : 'strip'} size ${blockWidth} × ${blockHeight} is not in whole pixels`,
    );
  if (blockWidth <= 0 || blockHeight <= 0) fail('malformed', `zero-sized ${tiled ? 'tiles' : 'strips'}`);
  if (tiled && (blockWidth > maxTileEdge(width) || blockHeight > maxTileEdge(height)))
    fail('malformed', `tiles of ${blockWidth} × ${blockHeight} for a ${width} × ${height} plane`);
  const offsets =
    tagArray(ifd, tiled ? Tag.TileOffsets : Tag.StripOffsets, pool, file, littleEndian) ??
    fail('malformed', `no ${tiled ? 'TileOffsets' : 'StripOffsets'} tag`);
  const expected = Math.ceil(height / blockHeight) * (tiled ? Math.ceil(width / blockWidth) : 1);
  if (offsets.length < expected)
    fail('malformed', `${offsets.length} ${tiled ? 'tiles' : 'strips'} listed, ${expected} needed`);
  let byteCounts = tagArray(ifd, tiled ? Tag.TileByteCounts : Tag.StripByteCounts, pool, file, littleEndian);
  if (!byteCounts) {
    if (compression !== 1) fail('malformed', 'no byte counts for compressed data');
    byteCounts = offsets.map(() => blockWidth * blockHeight * BYTES_PER_SAMPLE[dtype]);
  }
  if (byteCounts.length < expected)
    fail('malformed', `${byteCounts.length} byte counts listed, ${expected} needed`);
  // A float or text field type yields fractions or NaN, which no read can use.
  const isByteCount = (value: number) => Number.isSafeInteger(value) && value >= 0;
  if (!offsets.slice(0, expected).every(isByteCount) || !byteCounts.slice(0, expected).every(isByteCount))
    fail('malformed', `${tiled ? 'tile' : 'strip'} offsets or byte counts are not whole byte positions`);
  const size = pool.size(file);
  const kind = tiled ? 'tile' : 'strip';
  const rowBytes = blockWidth * BYTES_PER_SAMPLE[dtype];
  for (let i = 0; i < expected; i++) {
    if (offsets[i] + byteCounts[i] > size) {
      throw new VolumeError(
        'truncated',
        `${kind} ${i} (bytes ${offsets[i]}..${offsets[i] + byteCounts[i]}) lies past the end of the file (${size} bytes)`,
        { file, plane: index },
      );
    }
    // Checked before any buffer is made: a block cannot need more bytes than its stored bytes can
    // decode to (exactly its stored bytes when uncompressed), so a tiny file declaring a huge plane
    // is refused here rather than allocating the plane.
    const rows = tiled ? blockHeight : Math.min(blockHeight, height - i * blockHeight);
    const needed = rows * rowBytes;
    if (decodedCapacity(compression, byteCounts[i]) < needed) {
      const stored = `${byteCounts[i]} stored bytes${compression === 1 ? '' : ` of ${compressionName(compression)}`}`;
      throw new VolumeError(
        compression === 1 ? 'truncated' : 'malformed',
        `${kind} ${i} holds ${stored}, too few for its ${needed} bytes of pixels`,
        { file, plane: index },
      );
    }
  }
  return {
    file,
    ifd: index,
    width,
    height,
    dtype,
    compression,
    predictor,
    littleEndian,
    tiled,
    blockWidth,
    blockHeight,
    offsets,
    byteCounts,
  };
}

/**
 * The largest tile edge accepted for an image edge: the edge rounded up to TIFF's 16-pixel tile
 * unit, or 1024 (GDAL and pyramid writers keep their 256–1024 tiles on small images), so a
 * tile's buffer is bounded by the image, not by what the header claims.
 */
function maxTileEdge(imageEdge: number): number {
  return Math.max(1024, Math.ceil(imageEdge / 16) * 16);
}

/** "none", "lzw", ... plus the predictor when one is used. */
export function describeCompression(layout: PlaneLayout): string {
  const name = compressionName(layout.compression);
  return layout.predictor === 1
    ? name
    : `${name} + ${layout.predictor === 2 ? 'horizontal' : 'floating-point'} predictor`;
}

export function describeLayout(layout: PlaneLayout): string {
  if (layout.tiled) return `tiles ${layout.blockWidth}×${layout.blockHeight}`;
  return layout.blockHeight >= layout.height
    ? 'strips (one per plane)'
    : `strips (${layout.blockHeight} rows)`;
}
