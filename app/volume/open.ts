/**
 * `openVolume`: the one entry point from a path (file or folder) to a lazily read,
 * memory-bounded `Volume`.
 */
import { stat } from 'node:fs/promises';
import { withBandCache, DEFAULT_CACHE_BYTES } from './band-cache.js';
import { volumeFromBands } from './band-volume.js';
import { VolumeError, isVolumeError } from './errors.js';
import { FilePool, fileKind } from './file-pool.js';
import { openTiffFile } from './tiff/open-tiff.js';
import { listTiffFiles, openTiffFolder } from './tiff/open-folder.js';
import type { Volume } from './types.js';
import { isOmeZarr, openOmeZarrVolume } from './zarr/volume.js';

export interface OpenVolumeOptions {
  /** Decoded-band cache budget in bytes (default 512 MiB). Raise it for faster xz/yz browsing of big stacks. */
  cacheBytes?: number;
  /** Memory for one block of yz columns (default: half the cache budget). */
  columnBlockBytes?: number;
  /** Pyramid level of an OME-Zarr store (default 0, full resolution); ignored for TIFF. */
  level?: number;
}

/** What openVolume reads, named in the message that refuses anything else. */
export const READABLE_STACKS =
  'a TIFF, BigTIFF, OME-TIFF or ImageJ TIFF file, a folder of TIFFs, or an OME-Zarr store';

/**
 * Opens a TIFF, BigTIFF, OME-TIFF, ImageJ TIFF, a folder of TIFFs or an OME-Zarr store
 * (a folder with OME multiscales metadata, e.g. a run's output.zarr), read-only.
 * @example const v = await openVolume('stack.ome.tif'); const plane = await v.readPlaneXZ(100);
 */
export async function openVolume(path: string, options: OpenVolumeOptions = {}): Promise<Volume> {
  const isFolder = await statKind(path);
  if (isFolder && (await isOmeZarr(path))) return openOmeZarrVolume(path, { level: options.level });
  if (isFolder && listTiffFiles(path).length === 0)
    throw new VolumeError(
      'empty',
      `the folder holds no .tif/.tiff files and is not an OME-Zarr store: pass ${READABLE_STACKS}`,
      { file: path },
    );
  const pool = new FilePool();
  try {
    const source = isFolder ? await openTiffFolder(path, pool) : await openTiffFile(path, pool);
    if (source.info.shape.x * source.info.shape.y * source.info.shape.z === 0) {
      throw new VolumeError('empty', 'the stack has a zero-sized dimension', { file: path });
    }
    const cacheBytes = options.cacheBytes ?? DEFAULT_CACHE_BYTES;
    return volumeFromBands(withBandCache(source, { maxBytes: cacheBytes }), {
      columnBlockBytes: options.columnBlockBytes ?? Math.floor(cacheBytes / 2),
    });
  } catch (e) {
    pool.closeAll();
    if (isVolumeError(e) && e.tag === 'not-tiff' && e.file === path) throw notAStack(e, path);
    if (isVolumeError(e)) throw e;
    throw new VolumeError('malformed', (e as Error).message, { file: path, cause: e });
  }
}

/** A lone file that is not a TIFF: the same refusal, and what would be read instead. */
function notAStack(error: VolumeError, path: string): VolumeError {
  const reason = error.message.slice(`${path}: `.length);
  return new VolumeError(error.tag, `${reason}: pass ${READABLE_STACKS}`, { file: path, cause: error });
}

/**
 * Whether `path` is a folder (else a regular file), by an async stat made before anything is
 * opened: a FIFO, device or socket is refused, since opening one can block (a FIFO waits for a
 * writer) or never end (/dev/zero), and the thread must not wait on it.
 */
async function statKind(path: string): Promise<boolean> {
  let stats: Awaited<ReturnType<typeof stat>>;
  try {
    stats = await stat(path);
  } catch (cause) {
    // The way forward: the path is wrong (a typo, another folder), and what a right one names.
    throw new VolumeError('not-found', `no such file or folder: check the path; pass ${READABLE_STACKS}`, {
      file: path,
      cause,
    });
  }
  if (stats.isDirectory()) return true;
  if (stats.isFile()) return false;
  throw new VolumeError(
    'unsupported',
    `not a regular file or folder (${fileKind(stats)}): pass ${READABLE_STACKS}`,
    { file: path },
  );
}
