/**
 * `isotrope export RUN_DIR --format ome-tiff|tiff|zarr|ome-zarr-v2 --out FILE`: the finished result
 * of a run, RUN_DIR/output.zarr, as a file Fiji / napari open (ome-zarr-v2: a Zarr v2 / NGFF 0.4
 * store for MoBIE, ilastik and older Fiji / napari). RUN_DIR may also be an OME-Zarr store
 * itself, or any stack `openVolume` reads (a format conversion). An existing FILE is replaced
 * only with --force (the only way to overwrite); a run not yet complete is exported only with
 * --partial, and the file then says it is partial.
 */
import { statSync } from 'node:fs';
import { z } from 'zod';
import { ExportFormatOption, exportVolume, isVolumeError, openVolume, type Volume } from '../volume/index.js';
import { VolumeError } from '../volume/errors.js';
import { flags } from '../options/index.js';
import { parseOptions } from './options.js';
import { progressBar } from './progress.js';
import { runExportSource } from '../run/index.js';

/** `isotrope export`'s flags (--out is declared by hand: required). */
export const ExportFlags = z.object({
  format: ExportFormatOption,
  level: z.number().int().nonnegative().optional().register(flags, {
    value: 'k',
    help: 'pyramid level to export to TIFF (0 = full resolution)',
    default: '0',
  }),
  compression: z.enum(['none', 'deflate', 'lzw', 'packbits']).optional().register(flags, {
    value: 'c',
    help: 'OME-TIFF compression: none | deflate | lzw | packbits',
    default: 'none',
  }),
  force: z.boolean().optional().register(flags, {
    help: 'replace an existing --out (a file, or for zarr / ome-zarr-v2 a Zarr store); without it an existing --out is refused',
  }),
  partial: z.boolean().optional().register(flags, {
    help: 'export a run whose units are not all done (the rest reads as 0; the file is marked partial)',
  }),
  json: z.boolean().optional().register(flags, {
    help: 'print {"out", "format", "shape", "dtype", "voxelSize", "seconds"} on stdout',
  }),
});

/** What export reads, named in the line that refuses anything else. */
const EXPORTABLE = 'a run directory (from isotrope run), an OME-Zarr store, or a TIFF stack to convert';

/** Whether `path` is a folder (false when it is not there). */
function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/**
 * The volume to export. When RUN_DIR is not a run it is opened as a store or stack, and a path
 * that is none of the three is refused naming all three (not as "a folder without .tif files").
 */
async function openSource(path: string, runDir: string, level: number): Promise<Volume> {
  let volume: Volume;
  try {
    volume = await openVolume(path, { level });
  } catch (error) {
    // A run's pyramid is its output.zarr: the line names the run the user typed.
    if (path !== runDir && isVolumeError(error) && error.tag === 'out-of-range')
      throw new VolumeError('out-of-range', reasonOf(error).replace('this store', 'this run'), {
        file: runDir,
        cause: error,
      });
    if (path !== runDir || !isVolumeError(error) || error.file !== runDir) throw error;
    if (error.tag === 'not-found')
      throw new VolumeError('not-found', `no such file or folder: export takes ${EXPORTABLE}`, {
        file: runDir,
        cause: error,
      });
    const notAStack =
      error.tag === 'not-tiff' || error.tag === 'unsupported' || (error.tag === 'empty' && isFolder(runDir));
    if (!notAStack) throw error;
    throw new VolumeError(error.tag, `not a run, an OME-Zarr store or a stack: export takes ${EXPORTABLE}`, {
      file: runDir,
      cause: error,
    });
  }
  if (level > 0 && volume.format !== 'ome-zarr') {
    await volume.close();
    throw new VolumeError(
      'out-of-range',
      `level ${level} does not exist; a TIFF stack has one level, 0 (--level picks a level of a run or an OME-Zarr store)`,
      { file: runDir },
    );
  }
  return volume;
}

/** A volume error's reason without the file it names ("FILE: reason" → "reason"). */
function reasonOf(error: { message: string; file: string }): string {
  return error.message.startsWith(`${error.file}: `)
    ? error.message.slice(error.file.length + 2)
    : error.message;
}

export async function runExport(
  runDir: string,
  bag: { out: string } & Record<string, unknown>,
): Promise<void> {
  const options = parseOptions(ExportFlags, bag);
  const { format = 'ome-tiff', compression = 'none', level = 0, json, force } = options;
  const { path, partial } = await runExportSource(runDir, { partial: options.partial });
  const source = await openSource(path, runDir, level);
  const bar = progressBar({
    label: `exporting ${format}`,
    unit: format === 'ome-zarr-v2' ? 'chunks' : 'planes',
  });
  const started = performance.now();
  try {
    await exportVolume(source, bag.out, {
      format,
      compression,
      force,
      partial,
      onProgress: (done, total) => bar.update(done, total),
    });
  } finally {
    bar.finish();
    await source.close();
  }
  const result = {
    out: bag.out,
    format,
    shape: source.shape,
    dtype: source.dtype,
    voxelSize: source.voxelSize,
    seconds: (performance.now() - started) / 1000,
    ...(partial ? { partial } : {}),
  };
  process.stdout.write(
    json
      ? `${JSON.stringify(result)}\n`
      : `wrote ${result.out} (${format}, ${source.shape.x}x${source.shape.y}x${source.shape.z} ${source.dtype}${partial ? `, partial: ${partial.unitsDone} of ${partial.unitsTotal} units` : ''}) in ${result.seconds.toFixed(1)} s\n`,
  );
}
