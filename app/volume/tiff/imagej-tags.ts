/**
 * The raw bytes of IFD 0's ImageJ metadata tags (50838 IJMetadataByteCounts, 50839 IJMetadata).
 * Read from the directory ourselves, not through geotiff: geotiff loads an unknown tag whole,
 * at whatever size its entry claims, and a hostile entry can claim gigabytes.
 */
import type { FilePool } from '../file-pool.js';
import type { TiffHeader } from './ifd-chain.js';

export const IJ_METADATA_BYTE_COUNTS = 50838;
export const IJ_METADATA = 50839;

/** Larger metadata (labels of a huge stack) is not read: it holds display hints only. */
const MAX_METADATA_BYTES = 16 * 2 ** 20;
/** A classic TIFF directory holds at most this many entries; a BigTIFF one claiming more is not searched. */
const MAX_ENTRIES = 65535;

export interface RawImageJMetadata {
  blob: Uint8Array;
  byteCounts: number[];
}

interface RawEntry {
  type: number;
  count: number;
  /** Where the values are: inline in the entry, or at the offset it holds. */
  valuesAt: number;
}

/** IFD 0's ImageJ metadata, or undefined when either tag is missing, malformed or over the bound. */
export function readImageJMetadataTags(
  pool: FilePool,
  path: string,
  header: TiffHeader,
): RawImageJMetadata | undefined {
  const entries = rawEntries(pool, path, header, [IJ_METADATA_BYTE_COUNTS, IJ_METADATA]);
  const countsEntry = entries.get(IJ_METADATA_BYTE_COUNTS);
  const blobEntry = entries.get(IJ_METADATA);
  // Byte counts are LONGs (ImageJ, tifffile); the blob is BYTEs or UNDEFINED.
  if (!countsEntry || !blobEntry || countsEntry.type !== 4 || (blobEntry.type !== 1 && blobEntry.type !== 7))
    return undefined;
  const size = pool.size(path);
  const countsBytes = countsEntry.count * 4;
  if (blobEntry.count > MAX_METADATA_BYTES || countsBytes > MAX_METADATA_BYTES) return undefined;
  if (countsEntry.valuesAt + countsBytes > size || blobEntry.valuesAt + blobEntry.count > size)
    return undefined;
  const countsRaw = pool.read(path, countsEntry.valuesAt, countsBytes);
  const view = new DataView(countsRaw.buffer, countsRaw.byteOffset, countsRaw.byteLength);
  const byteCounts = Array.from({ length: countsEntry.count }, (_, i) =>
    view.getUint32(4 * i, header.littleEndian),
  );
  return { blob: pool.read(path, blobEntry.valuesAt, blobEntry.count), byteCounts };
}

/** The entries of IFD 0 with the given tags (readIfdChain has checked that the directory fits the file). */
function rawEntries(pool: FilePool, path: string, header: TiffHeader, tags: number[]): Map<number, RawEntry> {
  const { bigTiff, littleEndian, firstIfd } = header;
  const countSize = bigTiff ? 8 : 2;
  const entrySize = bigTiff ? 20 : 12;
  const inlineBytes = bigTiff ? 8 : 4;
  const countView = new DataView(pool.read(path, firstIfd, countSize).buffer);
  const declared = bigTiff
    ? Number(countView.getBigUint64(0, littleEndian))
    : countView.getUint16(0, littleEndian);
  const entryCount = Math.min(declared, MAX_ENTRIES);
  const bytes = pool.read(path, firstIfd + countSize, entryCount * entrySize);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = new Map<number, RawEntry>();
  for (let i = 0; i < entryCount; i++) {
    const at = i * entrySize;
    const tag = view.getUint16(at, littleEndian);
    if (!tags.includes(tag) || found.has(tag)) continue;
    const type = view.getUint16(at + 2, littleEndian);
    const count = bigTiff
      ? Number(view.getBigUint64(at + 4, littleEndian))
      : view.getUint32(at + 4, littleEndian);
    const valueAt = at + (bigTiff ? 12 : 8);
    const itemBytes = type === 4 ? 4 : 1;
    const inline = count * itemBytes <= inlineBytes;
    const offset = bigTiff
      ? Number(view.getBigUint64(valueAt, littleEndian))
      : view.getUint32(valueAt, littleEndian);
    found.set(tag, { type, count, valuesAt: inline ? firstIfd + countSize + valueAt : offset });
  }
  return found;
}
