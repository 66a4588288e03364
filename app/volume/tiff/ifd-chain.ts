/**
 * Walks a TIFF's chain of image file directories. geotiff parses each IFD; we walk the
 * chain ourselves because geotiff recurses (a fresh `getImage(8000)` overflows the stack)
 * and does not notice loops or offsets past the end of the file.
 */
import { GeoTIFF, type ImageFileDirectory } from 'geotiff';
import { VolumeError } from '../errors.js';
import type { FilePool } from '../file-pool.js';

export interface TiffHeader {
  littleEndian: boolean;
  bigTiff: boolean;
  firstIfd: number;
}

export interface IfdChain extends TiffHeader {
  ifds: ImageFileDirectory[];
}

type GeoTiffSource = Parameters<typeof GeoTIFF.fromSource>[0];

/** geotiff source over the pool; reads are clamped at EOF (geotiff asks for whole blocks). */
function poolSource(pool: FilePool, path: string): GeoTiffSource {
  const fetchSlice = (slice: { offset: number; length: number }): ArrayBuffer => {
    const size = pool.size(path);
    const start = Math.min(slice.offset, size);
    const length = Math.max(0, Math.min(slice.length, size - start));
    return pool.read(path, start, length).buffer as ArrayBuffer;
  };
  const source = {
    fetch: async (slices: { offset: number; length: number }[]) => slices.map(fetchSlice),
    fetchSlice: async (slice: { offset: number; length: number }) => ({ ...slice, data: fetchSlice(slice) }),
    get fileSize() {
      return pool.size(path);
    },
    close: async () => {},
  };
  return source as unknown as GeoTiffSource;
}

export function readHeader(pool: FilePool, path: string): TiffHeader {
  const size = pool.size(path);
  if (size < 8)
    throw new VolumeError(size === 0 ? 'empty' : 'truncated', `only ${size} bytes: too short to be a TIFF`, {
      file: path,
    });
  const head = pool.read(path, 0, Math.min(16, size));
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const order = view.getUint16(0, false);
  if (order !== 0x4949 && order !== 0x4d4d)
    throw new VolumeError('not-tiff', 'not a TIFF file (bad byte-order mark)', { file: path });
  const littleEndian = order === 0x4949;
  const magic = view.getUint16(2, littleEndian);
  if (magic === 42) return { littleEndian, bigTiff: false, firstIfd: view.getUint32(4, littleEndian) };
  if (magic === 43) {
    if (size < 16) throw new VolumeError('truncated', 'BigTIFF header is cut short', { file: path });
    if (view.getUint16(4, littleEndian) !== 8)
      throw new VolumeError('malformed', 'BigTIFF offset size is not 8', { file: path });
    return { littleEndian, bigTiff: true, firstIfd: Number(view.getBigUint64(8, littleEndian)) };
  }
  throw new VolumeError('not-tiff', `not a TIFF file (magic number ${magic})`, { file: path });
}

/**
 * Parses every IFD of `path`. Throws a tagged error on loops, offsets past EOF, or
 * directories that cannot fit in the file. `limit` stops early (a folder only needs IFD 0).
 */
export async function readIfdChain(
  pool: FilePool,
  path: string,
  options: { limit?: number } = {},
): Promise<IfdChain> {
  const maxIfds = 1_000_000;
  const limit = options.limit ?? maxIfds;
  const header = readHeader(pool, path);
  const size = pool.size(path);
  const tiff = await GeoTIFF.fromSource(poolSource(pool, path), { cache: false });
  const entrySize = header.bigTiff ? 20 : 12;
  const countSize = header.bigTiff ? 8 : 2;
  const seen = new Set<number>();
  const ifds: ImageFileDirectory[] = [];
  let offset = header.firstIfd;
  while (offset !== 0 && ifds.length < limit) {
    const plane = ifds.length;
    if (seen.has(offset))
      throw new VolumeError('malformed', `IFD loop: directory ${plane} points back to byte ${offset}`, {
        file: path,
        plane,
      });
    if (offset + countSize > size)
      throw new VolumeError(
        'truncated',
        `directory ${plane} at byte ${offset} lies past the end of the file (${size} bytes)`,
        { file: path, plane },
      );
    if (ifds.length >= maxIfds)
      throw new VolumeError('malformed', `more than ${maxIfds} directories`, { file: path });
    seen.add(offset);
    const countBytes = pool.read(path, offset, countSize);
    const view = new DataView(countBytes.buffer);
    const entries = header.bigTiff
      ? Number(view.getBigUint64(0, header.littleEndian))
      : view.getUint16(0, header.littleEndian);
    if (entries === 0)
      throw new VolumeError('malformed', `directory ${plane} has no entries`, { file: path, plane });
    if (offset + countSize + entries * entrySize + (header.bigTiff ? 8 : 4) > size) {
      throw new VolumeError(
        'truncated',
        `directory ${plane} (${entries} entries) runs past the end of the file`,
        { file: path, plane },
      );
    }
    try {
      const ifd = await tiff.parser.parseFileDirectoryAt(offset);
      ifds.push(ifd);
      offset = ifd.nextIFDByteOffset;
    } catch (cause) {
      if (cause instanceof VolumeError) throw cause;
      throw new VolumeError('malformed', `cannot parse directory ${plane}: ${(cause as Error).message}`, {
        file: path,
        plane,
        cause,
      });
    }
  }
  if (ifds.length === 0) throw new VolumeError('empty', 'the file holds no images', { file: path });
  return { ...header, ifds };
}
