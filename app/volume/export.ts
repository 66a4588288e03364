/**
 * `exportVolume`: one entry point from any `Volume` to the formats users take elsewhere —
 * OME-TIFF / ImageJ TIFF (see export-tiff.ts) or OME-Zarr. An OME-Zarr source exported as
 * 'zarr' is copied file by file (every level, bit for bit); any other source is written into
 * a new store, a slab of chunks at a time, and its pyramid built (every channel and time
 * point: a store with c / t axes where there are several). 'ome-zarr-v2' rewrites the store
 * (a stack is first converted into a temporary one) as Zarr v2 / NGFF 0.4 (export-zarr-v2.ts). Nothing at `out` is replaced
 * without `force` (export-target.ts), and a partial run's export says so in its metadata.
 */
import { cp, readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { VolumeError, isVolumeError, throwIfAborted } from './errors.js';
import { exportTiff, type ExportTiffOptions } from './export-tiff.js';
import { checkExportTarget, partPath, publishExport } from './export-target.js';
import type { Volume } from './types.js';
import { isTempFile, writeDurable } from './durable-file.js';
import { exportedPlanes } from './export-planes.js';
import { createOmeZarr } from './zarr/create.js';
import { writeZarrV2 } from './export-zarr-v2.js';
import type { ExportFormat } from './export-options.js';
import type { OmeZarrSpec, PlaneAxes } from './zarr/ngff.js';

export type { PartialExport } from './export-tiff.js';

export interface ExportOptions extends Omit<ExportTiffOptions, 'format'> {
  format: ExportFormat;
}

/** The root attribute of a Zarr export that marks it partial (`{ unitsDone, unitsTotal }`). */
export const PARTIAL_ATTRIBUTE = 'isotrope_partial';

/**
 * Writes `source` to `out` in `format`. Refuses an existing `out` (VolumeError 'exists') unless
 * `force`, which replaces a file, or for 'zarr' / 'ome-zarr-v2' a Zarr store folder, once the new one is complete.
 * @example await exportVolume(await openVolume('run/output.zarr'), 'sr.ome.tif', { format: 'ome-tiff' })
 */
export async function exportVolume(source: Volume, out: string, options: ExportOptions): Promise<void> {
  if (options.format === 'ome-tiff' || options.format === 'tiff')
    return exportTiff(source, out, { ...options, format: options.format });
  const force = options.force ?? false;
  await checkExportTarget(out, options.format, force);
  const part = partPath(out);
  try {
    if (options.format === 'ome-zarr-v2') {
      await exportV2(source, part, options);
    } else if (source.format === 'ome-zarr') {
      await cp(source.path, part, { recursive: true, filter: (src) => !isTempFile(basename(src)) });
    } else {
      await convert(source, part, options);
    }
    if (options.partial && options.format === 'zarr') await markZarrPartial(part, options.partial);
    await publishExport(part, out, options.format, force);
  } catch (e) {
    await rm(part, { recursive: true, force: true }).catch(() => undefined);
    if (isVolumeError(e)) throw e;
    throw new VolumeError('write-failed', (e as Error).message, { file: out, cause: e });
  }
}

/** Zarr v2 from an OME-Zarr source, or from a stack by way of a temporary v3 store beside the export. */
async function exportV2(source: Volume, part: string, options: ExportOptions): Promise<void> {
  const attributes = options.partial ? { [PARTIAL_ATTRIBUTE]: options.partial } : {};
  const v2 = { attributes, signal: options.signal, onProgress: options.onProgress };
  if (source.format === 'ome-zarr') return writeZarrV2(source.path, part, v2);
  const v3 = `${part}.v3`;
  try {
    await convert(source, v3, options);
    await writeZarrV2(v3, part, v2);
  } finally {
    await rm(v3, { recursive: true, force: true });
  }
}

/**
 * A non-Zarr volume into a new store: slabs of one chunk depth, full planes, then the pyramid,
 * one channel and time point at a time. Several channels / time points make a store with c / t
 * axes (and omero channel names and colours), as a run's output has.
 */
async function convert(source: Volume, out: string, options: ExportOptions): Promise<void> {
  const { dtype } = source;
  if (dtype !== 'uint8' && dtype !== 'uint16' && dtype !== 'float32') {
    throw new VolumeError(
      'unsupported',
      `OME-Zarr export takes uint8, uint16 or float32 volumes, not ${dtype}`,
      { file: out },
    );
  }
  const planes = exportedPlanes(source, options);
  const { x, y, z } = source.shape;
  const v = source.voxelSize;
  const spec: OmeZarrSpec = {
    shape: { x, y, z },
    chunk: { x: Math.min(x, 256), y: Math.min(y, 256), z: Math.min(z, 16) },
    dtype,
    voxelSize: { x: v.x ?? 1, y: v.y ?? v.x ?? 1, z: v.z ?? 1 },
  };
  const planeAxes: PlaneAxes = {};
  if (planes.timepoints.length > 1) planeAxes.t = planes.timepoints.length;
  if (planes.channels.length > 1) planeAxes.c = planes.channels.length;
  if (planeAxes.t !== undefined || planeAxes.c !== undefined) spec.planes = planeAxes;
  if (planes.channels.length > 1 || planes.described) spec.channels = planes.display;
  const store = await createOmeZarr(out, spec);
  const depth = store.levels[0].chunk.z;
  const total = z * planes.channels.length * planes.timepoints.length;
  let done = 0;
  for (const [tAt, t] of planes.timepoints.entries()) {
    for (const [cAt, c] of planes.channels.entries()) {
      const plane = { c: cAt, t: tAt };
      for (let z0 = 0; z0 < z; z0 += depth) {
        throwIfAborted(options.signal, out);
        const box = {
          x: { start: 0, end: x },
          y: { start: 0, end: y },
          z: { start: z0, end: Math.min(z, z0 + depth) },
        };
        await store.writeBox(0, box, await source.readBrick(box, { c, t, signal: options.signal }), plane);
        done += box.z.end - box.z.start;
        options.onProgress?.(done, total);
      }
      await store.downsample(0, undefined, { signal: options.signal, plane });
    }
  }
  await store.close();
}

/** Adds PARTIAL_ATTRIBUTE to the store's root attributes, so a reader sees what is missing. */
async function markZarrPartial(
  store: string,
  partial: { unitsDone: number; unitsTotal: number },
): Promise<void> {
  const rootFile = join(store, 'zarr.json');
  const root = JSON.parse(await readFile(rootFile, 'utf8')) as { attributes?: Record<string, unknown> };
  root.attributes = { ...root.attributes, [PARTIAL_ATTRIBUTE]: partial };
  await writeDurable(rootFile, `${JSON.stringify(root, null, 2)}\n`);
}
