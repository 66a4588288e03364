/**
 * Streams any `Volume` (a run's output.zarr, a TIFF, …) into a TIFF for Fiji and napari:
 * - 'ome-tiff': (Big)TIFF with OME-XML (PhysicalSize* in µm, DimensionOrder XYZCT, one
 *   TiffData) via `TiffWriter`; BigTIFF automatically past ~3.9 GB. Bio-Formats, tifffile.
 * - 'tiff': ImageJ layout (description with unit=micron and spacing, XResolution/YResolution
 *   in pixels per µm), the format Fiji opens natively.
 * Planes are read in slabs of the source's chunk depth (an OME-Zarr chunk is decoded once,
 * not once per plane), capped by `slabBytes`, so memory stays bounded whatever the volume size.
 * The file appears under its name only when complete (written as `<out>.<host>.<pid>.<n>.part`,
 * then published), and never over an existing file unless `force` (export-target.ts).
 */
import { unlink } from 'node:fs/promises';
import { VolumeError, throwIfAborted } from './errors.js';
import { checkExportTarget, partPath, publishExport } from './export-target.js';
import { buildImageJDescription } from './metadata/imagej.js';
import { buildOmeXml } from './metadata/ome-xml-write.js';
import { ImageJWriter } from './tiff/imagej-writer.js';
import { TiffWriter, type TiffCompression } from './tiff/writer.js';
import { BYTES_PER_SAMPLE, type TypedArray, type Volume } from './types.js';

/** How much of a run a partial export holds: the rest of the volume reads as 0. */
export interface PartialExport {
  unitsDone: number;
  unitsTotal: number;
}

export interface ExportTiffOptions {
  format: 'ome-tiff' | 'tiff';
  /** Replace an existing file at `out` (default false: an existing `out` is refused with 'exists'). */
  force?: boolean;
  /** The source is a run not yet complete: say so in the file's description (default: complete). */
  partial?: PartialExport;
  /** OME-TIFF only (ImageJ stacks are uncompressed). Default 'none': fastest, and every reader takes it. */
  compression?: TiffCompression;
  /** Memory for one slab of planes (default 256 MiB; at least one plane is always read). */
  slabBytes?: number;
  /** Channel and time point to export (default 0). */
  c?: number;
  t?: number;
  signal?: AbortSignal;
  onProgress?: (planesDone: number, planesTotal: number) => void;
}

const DEFAULT_SLAB_BYTES = 256 * 2 ** 20;

/**
 * Writes `source` to `out` plane by plane.
 * @example await exportTiff(await openVolume('run/output.zarr'), 'sr.ome.tif', { format: 'ome-tiff' })
 */
export async function exportTiff(source: Volume, out: string, options: ExportTiffOptions): Promise<void> {
  const { x: width, y: height, z: planes } = source.shape;
  const { dtype, voxelSize } = source;
  if (options.format === 'tiff' && dtype !== 'uint8' && dtype !== 'uint16' && dtype !== 'float32') {
    throw new VolumeError(
      'unsupported',
      `ImageJ TIFF holds 8-bit, 16-bit or 32-bit float images, not ${dtype}: export OME-TIFF`,
      { file: out },
    );
  }
  const force = options.force ?? false;
  await checkExportTarget(out, options.format, force);
  const part = partPath(out);
  const partialNote = options.partial ? describePartial(options.partial) : undefined;
  const writer =
    options.format === 'ome-tiff'
      ? await TiffWriter.create(part, {
          width,
          height,
          dtype,
          planes,
          compression: options.compression ?? 'none',
          predictor:
            options.compression && options.compression !== 'none' ? (dtype.startsWith('float') ? 3 : 2) : 1,
          imageDescription: buildOmeXml({
            width,
            height,
            planes,
            dtype,
            voxelSize,
            creator: 'Isotrope',
            description: partialNote,
          }),
          resolution:
            voxelSize.x && voxelSize.y
              ? { x: 1e4 / voxelSize.x, y: 1e4 / voxelSize.y, unit: 'centimeter' }
              : undefined,
          software: 'Isotrope',
        })
      : await ImageJWriter.create(part, {
          width,
          height,
          planes,
          dtype: dtype as 'uint8' | 'uint16' | 'float32',
          description:
            buildImageJDescription({ slices: planes, spacing: voxelSize.z }) +
            (options.partial
              ? `isotrope_partial=${options.partial.unitsDone}/${options.partial.unitsTotal}\n`
              : ''),
          pixelsPerMicron:
            voxelSize.x && voxelSize.y ? { x: 1 / voxelSize.x, y: 1 / voxelSize.y } : undefined,
        });
  try {
    const planeBytes = width * height * BYTES_PER_SAMPLE[dtype];
    const chunkDepth = (source as Partial<{ chunk: { z: number } }>).chunk?.z ?? 1;
    const slab = Math.max(
      1,
      Math.min(chunkDepth, Math.floor((options.slabBytes ?? DEFAULT_SLAB_BYTES) / planeBytes)),
    );
    const sel = { c: options.c, t: options.t, signal: options.signal };
    for (let z0 = 0; z0 < planes; z0 += slab) {
      throwIfAborted(options.signal, out);
      const z1 = Math.min(planes, z0 + slab);
      const data: TypedArray =
        z1 - z0 === 1
          ? await source.readPlaneXY(z0, sel)
          : await source.readBrick(
              { x: { start: 0, end: width }, y: { start: 0, end: height }, z: { start: z0, end: z1 } },
              sel,
            );
      for (let z = z0; z < z1; z++) {
        await writer.appendPlane(data.subarray((z - z0) * width * height, (z - z0 + 1) * width * height));
        options.onProgress?.(z + 1, planes);
      }
    }
    await writer.close();
    await publishExport(part, out, options.format, force);
  } catch (e) {
    await writer.close().catch(() => undefined);
    await unlink(part).catch(() => undefined);
    throw e;
  }
}

/** The description a partial export carries. @example describePartial({ unitsDone: 3, unitsTotal: 8 }) */
export function describePartial(partial: PartialExport): string {
  return `partial: ${partial.unitsDone} of ${partial.unitsTotal} units of the run were done when exported; the rest reads as 0`;
}
