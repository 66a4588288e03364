/**
 * Seeded test data: small stacks of known values, temp folders, and byte patching of
 * valid files into the broken ones that the readers must reject.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../../app/math/random.js';
import { buildOmeXml } from '../../app/volume/metadata/ome-xml-write.js';
import type { RecordedSliceProfile } from '../../app/volume/metadata/slice-profile-annotation.js';
import { TiffWriter, type TiffCompression } from '../../app/volume/tiff/writer.js';
import { allocate, type Box, type DType, type TypedArray } from '../../app/volume/types.js';

/** Deterministic uniform numbers in [0, 1): the engine's own seeded generator. */
export function seeded(seed: number): () => number {
  const rng = mulberry32(seed);
  return () => rng.next();
}

/** A stack of `z` planes of `x × y` with seeded values spanning the dtype's range, as one array (x fastest). */
export function randomStack(dtype: DType, x: number, y: number, z: number, seed = 1): TypedArray {
  const rand = seeded(seed);
  const out = allocate(dtype, x * y * z);
  const span =
    dtype === 'uint8'
      ? 256
      : dtype === 'int8'
        ? 256
        : dtype === 'uint16' || dtype === 'int16'
          ? 65536
          : 2 ** 31;
  const offset = dtype.startsWith('int') ? -span / 2 : 0;
  for (let i = 0; i < out.length; i++) {
    // Smooth-ish ramps plus noise so predictors and LZW see realistic redundancy.
    const v = dtype.startsWith('float')
      ? (rand() - 0.3) * 1000
      : Math.floor(offset + (((i % 97) * 131 + rand() * span * 0.25) % span));
    out[i] = v;
  }
  return out;
}

export function planeOf(stack: TypedArray, x: number, y: number, z: number): TypedArray {
  return stack.subarray(z * x * y, (z + 1) * x * y);
}

/** The expected brick of a whole-stack array. */
export function brickOf(stack: TypedArray, shape: { x: number; y: number }, box: Box): TypedArray {
  const nx = box.x.end - box.x.start;
  const ny = box.y.end - box.y.start;
  const out = allocate(dtypeOfArray(stack), nx * ny * (box.z.end - box.z.start));
  let i = 0;
  for (let z = box.z.start; z < box.z.end; z++)
    for (let y = box.y.start; y < box.y.end; y++)
      for (let x = box.x.start; x < box.x.end; x++) out[i++] = stack[(z * shape.y + y) * shape.x + x];
  return out;
}

function dtypeOfArray(a: TypedArray): DType {
  const name = a.constructor.name.replace('Array', '').toLowerCase();
  return name as DType;
}

export function tempDir(prefix = 'isotrope-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Rewrites bytes of a file in place. */
export function patchFile(path: string, edit: (bytes: Buffer) => Buffer | void): void {
  const bytes = readFileSync(path);
  writeFileSync(path, edit(bytes) ?? bytes);
}

/** Offset of IFD `index` and its entry count in a little-endian classic TIFF. */
export function classicIfdOffset(bytes: Buffer, index: number): number {
  let offset = bytes.readUInt32LE(4);
  for (let i = 0; i < index; i++) offset = bytes.readUInt32LE(offset + 2 + 12 * bytes.readUInt16LE(offset));
  return offset;
}

/** Byte position of tag `tag`'s entry in IFD `index` of a little-endian classic TIFF. */
export function classicEntry(bytes: Buffer, index: number, tag: number): number {
  const ifd = classicIfdOffset(bytes, index);
  const n = bytes.readUInt16LE(ifd);
  for (let i = 0; i < n; i++) if (bytes.readUInt16LE(ifd + 2 + 12 * i) === tag) return ifd + 2 + 12 * i;
  throw new Error(`tag ${tag} not in IFD ${index}`);
}

/** What `writeOmeStack` writes: the stack's size, type and what its OME-XML says. */
export interface OmeStackSpec {
  x: number;
  y: number;
  /** z planes per channel and time point. */
  z: number;
  /** Channels (default 1). */
  c?: number;
  /** Time points (default 1). */
  t?: number;
  /** Default 'uint16'. */
  dtype?: DType;
  /** One per channel (SizeC comes from `c`); a missing or null field is left out of the OME-XML. */
  channels?: { name?: string | null; color?: string | null }[];
  /** µm per voxel; default { x: 0.5, y: 0.5, z: 2 } (anisotropic, as a light-sheet stack is). */
  voxelSize?: { x: number | null; y: number | null; z: number | null };
  /** The blur the voxels carry, recorded as our samples record it (training's default profile). */
  sliceProfile?: RecordedSliceProfile;
  /** Channel c, time point t as one x-fastest array of x·y·z values of `dtype`; default `randomStack` seeded by (c, t). */
  data?: (c: number, t: number) => TypedArray;
  /** Default 'none'. */
  compression?: TiffCompression;
}

export interface OmeStack {
  path: string;
  /** The values written for channel c, time point t (x fastest, then y, then z). */
  stackOf: (c: number, t: number) => TypedArray;
}

/**
 * Writes a small multi-channel / time-lapse OME-TIFF as our exporters do: one IFD per xy plane in
 * XYZCT order (z fastest, then c, then t) and OME-XML with SizeC, SizeT, channel names and colours.
 * @example
 * const { path, stackOf } = await writeOmeStack(join(dir.path, 'two.ome.tif'), {
 *   x: 32, y: 24, z: 6, c: 2, channels: [{ name: 'vessels', color: '00FFFF' }, { name: 'nuclei', color: 'FF00FF' }],
 * });
 * expect(await (await openVolume(path)).readBrick(box, { c: 1 })).toEqual(brickOf(stackOf(1, 0), { x: 32, y: 24 }, box));
 */
export async function writeOmeStack(path: string, spec: OmeStackSpec): Promise<OmeStack> {
  const channelCount = spec.c ?? 1;
  const timepoints = spec.t ?? 1;
  const dtype = spec.dtype ?? 'uint16';
  const voxelSize = spec.voxelSize ?? { x: 0.5, y: 0.5, z: 2 };
  if (spec.channels && spec.channels.length !== channelCount)
    throw new Error(`writeOmeStack: ${spec.channels.length} channel entries for c = ${channelCount}`);
  const planeLength = spec.x * spec.y;
  const stacks = new Map<string, TypedArray>();
  const stackOf = (c: number, t: number): TypedArray => {
    const key = `${c},${t}`;
    let stack = stacks.get(key);
    if (!stack) {
      stack = spec.data?.(c, t) ?? randomStack(dtype, spec.x, spec.y, spec.z, 1 + c + channelCount * t);
      if (stack.length !== planeLength * spec.z)
        throw new Error(
          `writeOmeStack: data(${c}, ${t}) has ${stack.length} values, not ${planeLength * spec.z}`,
        );
      stacks.set(key, stack);
    }
    return stack;
  };
  const writer = await TiffWriter.create(path, {
    width: spec.x,
    height: spec.y,
    dtype,
    planes: spec.z * channelCount * timepoints,
    compression: spec.compression ?? 'none',
    imageDescription: buildOmeXml({
      width: spec.x,
      height: spec.y,
      planes: spec.z,
      channels: spec.channels ?? Array.from({ length: channelCount }, () => ({})),
      timepoints,
      dtype,
      voxelSize,
      sliceProfile: spec.sliceProfile,
    }),
  });
  try {
    for (let t = 0; t < timepoints; t++)
      for (let c = 0; c < channelCount; c++)
        for (let z = 0; z < spec.z; z++) await writer.appendPlane(planeOf(stackOf(c, t), spec.x, spec.y, z));
  } catch (error) {
    await writer.close().catch(() => undefined); // the first error is the one to report
    throw error;
  }
  await writer.close();
  return { path, stackOf };
}
