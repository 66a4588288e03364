/**
 * `isotrope export RUN_DIR --format ome-tiff|tiff|zarr --out FILE`: the finished (or partial)
 * result of a run, RUN_DIR/output.zarr, as a file Fiji / napari open. RUN_DIR may also be an
 * OME-Zarr store itself, or any stack `openVolume` reads (a format conversion).
 */
import { z } from 'zod';
import { exportVolume, openVolume } from '../volume/index.js';
import { flags } from '../options/index.js';
import { parseOptions } from './options.js';
import { progressBar } from './progress.js';
import { runOutputPath } from '../run/index.js';

/** `isotrope export`'s flags (--out is declared by hand: required). */
export const ExportFlags = z.object({
  format: z.enum(['ome-tiff', 'tiff', 'zarr']).optional().register(flags, {
    value: 'f',
    default: 'ome-tiff',
    help: 'ome-tiff (Bio-Formats, tifffile; BigTIFF past 4 GB) | tiff (ImageJ/Fiji) | zarr (copy of the store)',
  }),
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
  json: z.boolean().optional().register(flags, {
    help: 'print {"out", "format", "shape", "dtype", "voxelSize", "seconds"} on stdout',
  }),
});

export async function runExport(
  runDir: string,
  bag: { out: string } & Record<string, unknown>,
): Promise<void> {
  const { format = 'ome-tiff', compression = 'none', level = 0, json } = parseOptions(ExportFlags, bag);
  const source = await openVolume(runOutputPath(runDir), { level });
  const bar = progressBar({ label: `exporting ${format}`, unit: 'planes' });
  const started = performance.now();
  try {
    await exportVolume(source, bag.out, { format, compression, onProgress: (d, t) => bar.update(d, t) });
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
  };
  process.stdout.write(
    json
      ? `${JSON.stringify(result)}\n`
      : `wrote ${result.out} (${format}, ${source.shape.x}x${source.shape.y}x${source.shape.z} ${source.dtype}) in ${result.seconds.toFixed(1)} s\n`,
  );
}
