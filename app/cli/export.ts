/**
 * `isotrope export RUN_DIR --format ome-tiff|tiff|zarr --out FILE`: the finished (or partial)
 * result of a run, RUN_DIR/output.zarr, as a file Fiji / napari open. RUN_DIR may also be an
 * OME-Zarr store itself, or any stack `openVolume` reads (a format conversion).
 */
import { VolumeError } from '../volume/errors.js';
import { exportVolume, type ExportFormat } from '../volume/export.js';
import { openVolume } from '../volume/open.js';
import type { TiffCompression } from '../volume/tiff/writer.js';
import { progressBar } from './progress.js';
import { runOutputPath } from '../run/output-store.js';

export interface ExportCliOptions { format: string; out: string; level?: string; compression?: string; json?: boolean }

const FORMATS: readonly ExportFormat[] = ['ome-tiff', 'tiff', 'zarr'];
const COMPRESSIONS: readonly TiffCompression[] = ['none', 'deflate', 'lzw', 'packbits'];

export async function runExport(runDir: string, options: ExportCliOptions): Promise<void> {
  const format = options.format as ExportFormat;
  if (!FORMATS.includes(format)) throw new VolumeError('unsupported', `unknown export format "${options.format}" (ome-tiff, tiff or zarr)`, { file: options.out });
  const compression = (options.compression ?? 'none') as TiffCompression;
  if (!COMPRESSIONS.includes(compression)) throw new VolumeError('unsupported', `unknown compression "${options.compression}"`, { file: options.out });
  const level = Number(options.level ?? 0);
  const source = await openVolume(runOutputPath(runDir), { level });
  const bar = progressBar({ label: `exporting ${format}`, unit: 'planes' });
  const started = performance.now();
  try {
    await exportVolume(source, options.out, { format, compression, onProgress: (d, t) => bar.update(d, t) });
  } finally {
    bar.finish();
    await source.close();
  }
  const result = { out: options.out, format, shape: source.shape, dtype: source.dtype, voxelSize: source.voxelSize, seconds: (performance.now() - started) / 1000 };
  process.stdout.write(options.json ? `${JSON.stringify(result)}\n`
    : `wrote ${result.out} (${format}, ${source.shape.x}x${source.shape.y}x${source.shape.z} ${source.dtype}) in ${result.seconds.toFixed(1)} s\n`);
}
