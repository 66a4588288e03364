/**
 * Streams any `Volume` (a run's output.zarr, a TIFF, …) into a TIFF for Fiji and napari:
 * - 'ome-tiff': (Big)TIFF with OME-XML (PhysicalSize* in µm, DimensionOrder XYZCT, one
 *   TiffData) via `TiffWriter`; BigTIFF automatically past ~3.9 GB. Bio-Formats, tifffile.
 * - 'tiff': ImageJ layout (description with unit=micron and spacing, XResolution/YResolution
 *   in pixels per µm), the format Fiji opens natively.
 * Every channel and time point is written (one IFD per plane): OME-TIFF in XYZCT order with the
 * channels' names and colours and SizeT in its OME-XML; ImageJ as a hyperstack (channel fastest,
 * `mode=composite`, a LUT per channel colour) that Fiji opens with its C, Z and T.
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
import { exportedPlanes, type ExportedPlanes } from './export-planes.js';
import { ImageJWriter } from './tiff/imagej-writer.js';
import { buildHyperstackDescription, lutOfColor } from './tiff/writer-imagej-hyperstack.js';
import { TiffWriter, type TiffCompression } from './tiff/writer.js';
import { BYTES_PER_SAMPLE, type ReadOptions, type TypedArray, type Volume } from './types.js';

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
  /** The one channel / time point to export (input index); default: every channel / time point. */
  c?: number;
  t?: number;
  signal?: AbortSignal;
  onProgress?: (planesDone: number, planesTotal: number) => void;
}

const DEFAULT_SLAB_BYTES = 256 * 2 ** 20;

/**
 * Writes `source` to `out` plane by plane: every channel and time point (or the `c` / `t`
 * chosen), in the plane order of the format (OME: XYZCT; ImageJ: channel fastest).
 * @example await exportTiff(await openVolume('run/output.zarr'), 'sr.ome.tif', { format: 'ome-tiff' })
 */
export async function exportTiff(source: Volume, out: string, options: ExportTiffOptions): Promise<void> {
  const { dtype } = source;
  if (options.format === 'tiff' && dtype !== 'uint8' && dtype !== 'uint16' && dtype !== 'float32') {
    throw new VolumeError(
      'unsupported',
      `ImageJ TIFF holds 8-bit, 16-bit or 32-bit float images, not ${dtype}: export OME-TIFF`,
      { file: out },
    );
  }
  const planes = exportedPlanes(source, options);
  const force = options.force ?? false;
  await checkExportTarget(out, options.format, force);
  const part = partPath(out);
  const writer =
    options.format === 'ome-tiff'
      ? await createOmeTiffWriter(source, part, planes, options)
      : await createImageJWriter(source, part, planes, options);
  try {
    const order = options.format === 'ome-tiff' ? omePlaneOrder(planes) : imageJPlaneOrder(planes);
    await writePlanes(source, writer, order, out, options);
    await writer.close();
    await publishExport(part, out, options.format, force);
  } catch (e) {
    await writer.close().catch(() => undefined);
    await unlink(part).catch(() => undefined);
    throw e;
  }
}

/** The OME-TIFF writer: OME-XML with the exported channels' names and colours and the time point count. */
function createOmeTiffWriter(
  source: Volume,
  part: string,
  planes: ExportedPlanes,
  options: ExportTiffOptions,
): Promise<TiffWriter> {
  const { x: width, y: height, z: slices } = source.shape;
  const { dtype, voxelSize } = source;
  const channelCount = planes.channels.length;
  // One undescribed channel keeps the OME-XML of single-channel exports as it always was.
  const channels = channelCount > 1 || planes.described ? planes.display : undefined;
  return TiffWriter.create(part, {
    width,
    height,
    dtype,
    planes: slices * channelCount * planes.timepoints.length,
    compression: options.compression ?? 'none',
    predictor:
      options.compression && options.compression !== 'none' ? (dtype.startsWith('float') ? 3 : 2) : 1,
    imageDescription: buildOmeXml({
      width,
      height,
      planes: slices,
      dtype,
      voxelSize,
      channels,
      timepoints: planes.timepoints.length,
      creator: 'Isotrope',
      description: options.partial ? describePartial(options.partial) : undefined,
    }),
    resolution:
      voxelSize.x && voxelSize.y
        ? { x: 1e4 / voxelSize.x, y: 1e4 / voxelSize.y, unit: 'centimeter' }
        : undefined,
    software: 'Isotrope',
  });
}

/** The ImageJ writer: a plain z-stack for one channel and time point, else a hyperstack with a LUT per channel. */
function createImageJWriter(
  source: Volume,
  part: string,
  planes: ExportedPlanes,
  options: ExportTiffOptions,
): Promise<ImageJWriter> {
  const { x: width, y: height, z: slices } = source.shape;
  const { voxelSize } = source;
  const channels = planes.channels.length;
  const frames = planes.timepoints.length;
  const isHyperstack = channels > 1 || frames > 1;
  const description = isHyperstack
    ? buildHyperstackDescription({ channels, slices, frames, spacing: voxelSize.z })
    : buildImageJDescription({ slices, spacing: voxelSize.z });
  const partialLine = options.partial
    ? `isotrope_partial=${options.partial.unitsDone}/${options.partial.unitsTotal}\n`
    : '';
  return ImageJWriter.create(part, {
    width,
    height,
    planes: slices * channels * frames,
    dtype: source.dtype as 'uint8' | 'uint16' | 'float32',
    description: description + partialLine,
    pixelsPerMicron: voxelSize.x && voxelSize.y ? { x: 1 / voxelSize.x, y: 1 / voxelSize.y } : undefined,
    luts: channels > 1 ? planes.display.map((channel) => lutOfColor(channel.color)) : undefined,
  });
}

/**
 * One step of an export: the slices z0..z1 of the listed planes (input c, t), read as one slab
 * each and appended interleaved, plane by plane in the order given, slice after slice.
 */
interface SlabStep {
  planes: { c: number; t: number }[];
  z0: number;
  z1: number;
}

/** The order planes are written in: how many slabs a step holds, and the steps for slabs of `depth` slices. */
interface PlaneOrder {
  slabsPerStep: number;
  steps(depth: number, slices: number): SlabStep[];
}

/** OME's XYZCT: z fastest, then channel, then time point; one plane's slab at a time. */
function omePlaneOrder(planes: ExportedPlanes): PlaneOrder {
  return {
    slabsPerStep: 1,
    steps: (depth, slices) =>
      planes.timepoints.flatMap((t) =>
        planes.channels.flatMap((c) =>
          slabs(depth, slices).map(([z0, z1]) => ({ planes: [{ c, t }], z0, z1 })),
        ),
      ),
  };
}

/** ImageJ's hyperstack order: channel fastest, then slice, then frame; a slab of every channel at a time. */
function imageJPlaneOrder(planes: ExportedPlanes): PlaneOrder {
  return {
    slabsPerStep: planes.channels.length,
    steps: (depth, slices) =>
      planes.timepoints.flatMap((t) =>
        slabs(depth, slices).map(([z0, z1]) => ({ planes: planes.channels.map((c) => ({ c, t })), z0, z1 })),
      ),
  };
}

function slabs(depth: number, slices: number): [number, number][] {
  const out: [number, number][] = [];
  for (let z0 = 0; z0 < slices; z0 += depth) out.push([z0, Math.min(slices, z0 + depth)]);
  return out;
}

/**
 * Reads and appends every plane in `order`. A slab is the source's chunk depth (an OME-Zarr
 * chunk is decoded once, not once per plane), capped so that the slabs held at once (one per
 * channel for ImageJ) fit `slabBytes`.
 */
async function writePlanes(
  source: Volume,
  writer: { appendPlane(data: TypedArray): Promise<void> },
  order: PlaneOrder,
  out: string,
  options: ExportTiffOptions,
): Promise<void> {
  const { x: width, y: height, z: slices } = source.shape;
  const planeSamples = width * height;
  const planeBytes = planeSamples * BYTES_PER_SAMPLE[source.dtype];
  const chunkDepth = (source as Partial<{ chunk: { z: number } }>).chunk?.z ?? 1;
  const budget = Math.floor((options.slabBytes ?? DEFAULT_SLAB_BYTES) / (planeBytes * order.slabsPerStep));
  const depth = Math.max(1, Math.min(chunkDepth, budget));
  const steps = order.steps(depth, slices);
  const total = steps.reduce((sum, step) => sum + step.planes.length * (step.z1 - step.z0), 0);
  let done = 0;
  for (const { planes, z0, z1 } of steps) {
    throwIfAborted(options.signal, out);
    const data: TypedArray[] = [];
    for (const plane of planes)
      data.push(await readSlab(source, z0, z1, { ...plane, signal: options.signal }));
    for (let z = z0; z < z1; z++) {
      for (const slab of data) {
        await writer.appendPlane(slab.subarray((z - z0) * planeSamples, (z - z0 + 1) * planeSamples));
        options.onProgress?.(++done, total);
      }
    }
  }
}

async function readSlab(source: Volume, z0: number, z1: number, selection: ReadOptions): Promise<TypedArray> {
  if (z1 - z0 === 1) return source.readPlaneXY(z0, selection);
  const { x: width, y: height } = source.shape;
  return source.readBrick(
    { x: { start: 0, end: width }, y: { start: 0, end: height }, z: { start: z0, end: z1 } },
    selection,
  );
}

/** The description a partial export carries. @example describePartial({ unitsDone: 3, unitsTotal: 8 }) */
export function describePartial(partial: PartialExport): string {
  return `partial: ${partial.unitsDone} of ${partial.unitsTotal} units of the run were done when exported; the rest reads as 0`;
}
