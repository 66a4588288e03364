/**
 * Reading tag values from geotiff's parsed IFDs. Large arrays (strip offsets and byte
 * counts) are read by us: geotiff decodes deferred arrays of big-endian files as
 * little-endian, and we want them as plain numbers whatever the field type.
 */
import type { ImageFileDirectory } from 'geotiff';
import type { FilePool } from '../file-pool.js';

export const Tag = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  ImageDescription: 270,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  XResolution: 282,
  YResolution: 283,
  PlanarConfiguration: 284,
  ResolutionUnit: 296,
  Predictor: 317,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  SampleFormat: 339,
} as const;

const FIELD_SIZE: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
  16: 8,
  17: 8,
  18: 8,
};

interface DeferredArrayLike {
  arrayOffset: number;
  fieldType: number;
  length: number;
}

/** A tag's first value as a number (undefined when absent). */
export function tagNumber(ifd: ImageFileDirectory, tag: number): number | undefined {
  if (!ifd.actualizedFields.has(tag)) return undefined;
  const v = ifd.actualizedFields.get(tag);
  if (typeof v === 'number') return v;
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return Number((v as ArrayLike<number | bigint>)[0]);
  return undefined;
}

/** A numeric array tag (e.g. StripOffsets) as numbers; reads deferred arrays from the file. */
export function tagArray(
  ifd: ImageFileDirectory,
  tag: number,
  pool: FilePool,
  path: string,
  littleEndian: boolean,
): number[] | undefined {
  const v = ifd.actualizedFields.get(tag);
  if (v !== undefined) {
    if (typeof v === 'number') return [v];
    return Array.from(v as ArrayLike<number | bigint>, Number);
  }
  const deferred = ifd.deferredArrays.get(tag) as DeferredArrayLike | undefined;
  if (!deferred) return undefined;
  const size = FIELD_SIZE[deferred.fieldType] ?? 4;
  const bytes = pool.read(path, deferred.arrayOffset, size * deferred.length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Array<number>(deferred.length);
  for (let i = 0; i < deferred.length; i++) {
    const at = i * size;
    out[i] =
      size === 2
        ? view.getUint16(at, littleEndian)
        : size === 4
          ? view.getUint32(at, littleEndian)
          : Number(view.getBigUint64(at, littleEndian));
  }
  return out;
}

/** A rational tag (XResolution) as a number. */
export function tagRational(ifd: ImageFileDirectory, tag: number): number | undefined {
  const v = ifd.actualizedFields.get(tag) as ArrayLike<number> | number | undefined;
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  return v.length >= 2 && v[1] !== 0 ? v[0] / v[1] : undefined;
}

/** The ImageDescription string without its trailing NUL, or undefined. */
export async function tagDescription(ifd: ImageFileDirectory): Promise<string | undefined> {
  if (!ifd.hasTag(Tag.ImageDescription)) return undefined;
  const v: unknown = await ifd.loadValue(Tag.ImageDescription);
  if (typeof v !== 'string') return undefined;
  return v.replace(/\0+$/, '');
}
