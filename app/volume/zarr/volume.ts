/**
 * An OME-Zarr store (any NGFF 0.4 / 0.5 image, ours or another tool's) as a `Volume`, so
 * everything that reads a TIFF stack — info, MIPs, viewers, export, training — reads a run's
 * output.zarr the same way (one pixel-source interface). One pyramid level is exposed;
 * level 0 by default.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as zarr from 'zarrita';
import FileSystemStore from '@zarrita/storage/fs';
import { VolumeError, isVolumeError, throwIfAborted } from '../errors.js';
import type { Box, DType, ReadOptions, TypedArray, Volume } from '../types.js';
import { arrayCompression, readMultiscales, type MultiscalesInfo } from './multiscales.js';

export interface OmeZarrVolumeOptions {
  /** Pyramid level to expose (default 0, full resolution). */
  level?: number;
}

/** A Volume over one level of an OME-Zarr store; `chunk` lets streaming readers read whole chunk slabs. */
export interface OmeZarrVolume extends Volume {
  format: 'ome-zarr';
  chunk: { x: number; y: number; z: number };
  level: number;
  levels: number;
}

const DTYPES: ReadonlySet<string> = new Set<DType>([
  'uint8',
  'int8',
  'uint16',
  'int16',
  'uint32',
  'int32',
  'float32',
  'float64',
]);

/** The files that make a folder a zarr node: v3's zarr.json; v2's group, array and attributes. */
const ZARR_METADATA_FILES = ['zarr.json', '.zgroup', '.zarray', '.zattrs'] as const;

/**
 * True when `path` holds zarr metadata, so it is to be opened as OME-Zarr (a store without
 * multiscales is then reported as such by `openOmeZarrVolume`); false only when it holds none.
 * Cheap: reads a few small JSON files. A metadata file that exists but cannot be read or parsed
 * throws a VolumeError naming it: a broken store is reported as one, not as a TIFF folder with
 * no TIFFs.
 */
export async function isOmeZarr(path: string): Promise<boolean> {
  let found = false;
  for (const name of ZARR_METADATA_FILES) {
    if (await readMetadataFile(join(path, name))) found = true;
  }
  return found;
}

/** Whether `file` exists; throws when it does but is not readable JSON with an object at the top. */
async function readMetadataFile(file: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return false;
    const reason = `cannot read zarr metadata (${(cause as Error).message})`;
    throw new VolumeError('not-found', reason, { file, cause });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    const reason = `zarr metadata is not valid JSON (${(cause as Error).message})`;
    throw new VolumeError('malformed', reason, { file, cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new VolumeError('malformed', 'zarr metadata is not a JSON object', { file });
  }
  return true;
}

/**
 * Opens one level of an OME-Zarr store read-only.
 * @example const v = await openOmeZarrVolume('run/output.zarr'); const xy = await v.readPlaneXY(10);
 */
export async function openOmeZarrVolume(
  path: string,
  options: OmeZarrVolumeOptions = {},
): Promise<OmeZarrVolume> {
  let ms: MultiscalesInfo | undefined;
  try {
    ms = await readMultiscales(path);
  } catch (cause) {
    throw new VolumeError('malformed', `bad OME-Zarr metadata: ${(cause as Error).message}`, {
      file: path,
      cause,
    });
  }
  if (!ms)
    throw new VolumeError(
      'unsupported',
      'folder is neither a TIFF folder nor an OME-Zarr image (no multiscales)',
      { file: path },
    );
  const level = options.level ?? 0;
  if (!(Number.isInteger(level) && level >= 0 && level < ms.paths.length)) {
    const last = ms.paths.length - 1;
    const exist = last === 0 ? 'one level, 0' : `levels 0–${last}`;
    throw new VolumeError(
      'out-of-range',
      `level ${level} does not exist; this store has ${exist} (0 = full resolution)`,
      { file: path },
    );
  }
  let arr: zarr.Array<zarr.DataType, FileSystemStore>;
  const location = zarr.root(new FileSystemStore(path)).resolve(ms.paths[level]);
  try {
    arr = await zarr.open(location, { kind: 'array' });
  } catch (cause) {
    throw new VolumeError(
      'malformed',
      `cannot open level array "${ms.paths[level]}" (${(cause as Error).message})`,
      { file: path, cause },
    );
  }
  if (!DTYPES.has(arr.dtype))
    throw new VolumeError('unsupported', `data type ${arr.dtype} is not supported`, { file: path });
  const names = ms.axes.map((a) => a.name);
  if (arr.shape.length !== names.length) {
    throw new VolumeError(
      'malformed',
      `level ${level} has ${arr.shape.length} dimensions, the axes name ${names.length}`,
      { file: path },
    );
  }
  const size = (n: string): number => (names.includes(n) ? arr.shape[names.indexOf(n)] : 1);
  const chunkOf = (n: string): number => (names.includes(n) ? arr.chunks[names.indexOf(n)] : 1);
  const scaleOf = (n: string): number | null =>
    names.includes(n) ? ms.scales[level][names.indexOf(n)] : null;
  const shape = { x: size('x'), y: size('y'), z: size('z'), c: size('c'), t: size('t') };
  if (shape.x * shape.y * shape.z * shape.c * shape.t === 0)
    throw new VolumeError('empty', 'the image has a zero-sized dimension', { file: path });
  const voxelSize = { x: scaleOf('x'), y: scaleOf('y'), z: names.includes('z') ? scaleOf('z') : null };
  // omero names the channels only when it lists exactly the store's channels.
  const omeroFits = ms.channels === undefined || ms.channels.length === shape.c;
  const channels = ms.channels && omeroFits ? { channels: ms.channels } : {};
  const warnings = omeroFits
    ? []
    : [
        `omero lists ${ms.channels?.length} channels, the image has ${shape.c}: channel names and colours ignored`,
      ];
  const dtype = arr.dtype as DType;
  // zarrita keeps a sharded array's shard indices (a missing shard too) for the array's life:
  // a run's store is read while shards are still being written, so each read opens it afresh.
  const shards = await shardShape(join(path, ms.paths[level]));
  const sharded = shards !== undefined;
  const shardOf = (n: string): number => (names.includes(n) ? (shards?.[names.indexOf(n)] ?? 1) : 1);
  const inShards = sharded ? ` in shards ${shardOf('x')}x${shardOf('y')}x${shardOf('z')}` : '';
  const current = async (): Promise<zarr.Array<zarr.DataType, FileSystemStore>> =>
    sharded ? await zarr.open(location, { kind: 'array' }) : arr;

  const readBrick = async (box: Box, opts: ReadOptions = {}): Promise<TypedArray> => {
    throwIfAborted(opts.signal, path);
    for (const a of ['x', 'y', 'z'] as const) {
      const { start, end } = box[a];
      if (!(
        Number.isInteger(start) &&
        Number.isInteger(end) &&
        start >= 0 &&
        start < end &&
        end <= shape[a]
      )) {
        throw new VolumeError('out-of-range', `${a} ${start}..${end} is outside 0..${shape[a]}`, {
          file: path,
        });
      }
    }
    const c = opts.c ?? 0,
      t = opts.t ?? 0;
    if (c < 0 || c >= shape.c || t < 0 || t >= shape.t)
      throw new VolumeError('out-of-range', `no channel ${c} / time point ${t}`, { file: path });
    const sel = names.map((n) =>
      n === 't'
        ? t
        : n === 'c'
          ? c
          : zarr.slice(box[n as 'x' | 'y' | 'z'].start, box[n as 'x' | 'y' | 'z'].end),
    );
    try {
      const out = await zarr.get(await current(), sel, { signal: opts.signal });
      return out.data as TypedArray;
    } catch (cause) {
      throwIfAborted(opts.signal, path);
      if (isVolumeError(cause)) throw cause;
      throw new VolumeError(
        'malformed',
        `cannot read level ${level} x ${box.x.start}..${box.x.end}, y ${box.y.start}..${box.y.end}, ` +
          `z ${box.z.start}..${box.z.end} (${(cause as Error).message})`,
        { file: path, cause },
      );
    }
  };
  const span = (start: number, end: number): { start: number; end: number } => ({ start, end });
  const inRange = (axis: 'x' | 'y' | 'z', v: number): void => {
    if (!(Number.isInteger(v) && v >= 0 && v < shape[axis]))
      throw new VolumeError('out-of-range', `${axis} = ${v} is outside 0..${shape[axis] - 1}`, {
        file: path,
      });
  };

  return {
    path,
    format: 'ome-zarr',
    shape,
    dtype,
    voxelSize,
    voxelSizeSource: voxelSize.x !== null || voxelSize.y !== null || voxelSize.z !== null ? 'ngff' : 'none',
    compression: await arrayCompression(join(path, ms.paths[level])),
    layout: `chunks ${chunkOf('x')}x${chunkOf('y')}x${chunkOf('z')}${inShards} (NGFF ${ms.version}, level ${level} of ${ms.paths.length})`,
    bytes: await folderBytes(join(path, ms.paths[level])),
    dimensionOrder: 'XYZCT',
    ...channels,
    warnings,
    chunk: { x: chunkOf('x'), y: chunkOf('y'), z: chunkOf('z') },
    level,
    levels: ms.paths.length,
    readBrick,
    async readPlaneXY(z, opts) {
      inRange('z', z);
      return readBrick({ x: span(0, shape.x), y: span(0, shape.y), z: span(z, z + 1) }, opts);
    },
    async readPlaneXZ(y, opts) {
      inRange('y', y);
      return readBrick({ x: span(0, shape.x), y: span(y, y + 1), z: span(0, shape.z) }, opts);
    },
    async readPlaneYZ(x, opts) {
      inRange('x', x);
      return readBrick({ x: span(x, x + 1), y: span(0, shape.y), z: span(0, shape.z) }, opts);
    },
    async close() {
      /* no open handles: zarrita's file store opens a file per read */
    },
  };
}

/** The shard shape (array order) of the level array at `dir` when it is stored in shards (Zarr v3 sharding_indexed). */
async function shardShape(dir: string): Promise<number[] | undefined> {
  type Meta = { codecs?: { name?: string }[]; chunk_grid?: { configuration?: { chunk_shape?: number[] } } };
  let meta: Meta;
  try {
    meta = JSON.parse(await readFile(join(dir, 'zarr.json'), 'utf8')) as Meta;
  } catch {
    return undefined;
  }
  if (!(meta.codecs ?? []).some((codec) => codec.name === 'sharding_indexed')) return undefined;
  return meta.chunk_grid?.configuration?.chunk_shape ?? [];
}

/** Total size of the files under `dir` (the level's chunks), for `info`. */
async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (e.isFile()) total += (await stat(join(e.parentPath ?? e.path, e.name))).size;
  }
  return total;
}
