/**
 * `exportVolume`: one entry point from any `Volume` to the formats users take elsewhere —
 * OME-TIFF / ImageJ TIFF (see export-tiff.ts) or OME-Zarr. An OME-Zarr source exported as
 * 'zarr' is copied file by file (every level, bit for bit); any other source is written into
 * a new store, a slab of chunks at a time, and its pyramid built.
 */
import { cp, rename, rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { VolumeError, isVolumeError, throwIfAborted } from './errors.js';
import { exportTiff, type ExportTiffOptions } from './export-tiff.js';
import type { Volume } from './types.js';
import { isTempFile } from './durable-file.js';
import { createOmeZarr } from './zarr/create.js';

export type ExportFormat = 'ome-tiff' | 'tiff' | 'zarr';

export interface ExportOptions extends Omit<ExportTiffOptions, 'format'> {
  format: ExportFormat;
}

/**
 * Writes `source` to `out` in `format`. Refuses to overwrite an existing OME-Zarr folder
 * (TIFF files are replaced, atomically, when complete).
 * @example await exportVolume(await openVolume('run/output.zarr'), 'sr.ome.tif', { format: 'ome-tiff' })
 */
export async function exportVolume(source: Volume, out: string, options: ExportOptions): Promise<void> {
  if (options.format !== 'zarr') return exportTiff(source, out, { ...options, format: options.format });
  if (await exists(out))
    throw new VolumeError('exists', 'already exists: choose another output or delete it', { file: out });
  const part = `${out}.part`;
  await rm(part, { recursive: true, force: true });
  try {
    if (source.format === 'ome-zarr') {
      await cp(source.path, part, { recursive: true, filter: (src) => !isTempFile(basename(src)) });
    } else {
      await convert(source, part, options);
    }
    await rename(part, out);
  } catch (e) {
    await rm(part, { recursive: true, force: true }).catch(() => undefined);
    if (isVolumeError(e)) throw e;
    throw new VolumeError('write-failed', (e as Error).message, { file: out, cause: e });
  }
}

/** A non-Zarr volume into a new store: slabs of one chunk depth, full planes, then the pyramid. */
async function convert(source: Volume, out: string, options: ExportOptions): Promise<void> {
  const { dtype } = source;
  if (dtype !== 'uint8' && dtype !== 'uint16' && dtype !== 'float32') {
    throw new VolumeError(
      'unsupported',
      `OME-Zarr export takes uint8, uint16 or float32 volumes, not ${dtype}`,
      { file: out },
    );
  }
  const { x, y, z } = source.shape;
  const v = source.voxelSize;
  const store = await createOmeZarr(out, {
    shape: { x, y, z },
    chunk: { x: Math.min(x, 256), y: Math.min(y, 256), z: Math.min(z, 16) },
    dtype,
    voxelSize: { x: v.x ?? 1, y: v.y ?? v.x ?? 1, z: v.z ?? 1 },
  });
  const depth = store.levels[0].chunk.z;
  for (let z0 = 0; z0 < z; z0 += depth) {
    throwIfAborted(options.signal, out);
    const box = {
      x: { start: 0, end: x },
      y: { start: 0, end: y },
      z: { start: z0, end: Math.min(z, z0 + depth) },
    };
    await store.writeBox(
      0,
      box,
      await source.readBrick(box, { c: options.c, t: options.t, signal: options.signal }),
    );
    options.onProgress?.(box.z.end, z);
  }
  await store.downsample(0, undefined, { signal: options.signal });
  await store.close();
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
