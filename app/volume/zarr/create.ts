/**
 * Creating and reopening the OME-Zarr stores a run writes to.
 *
 * Creation is idempotent so that a resumed run, or n shards starting at once on a shared
 * file system, can all call `createOmeZarr` with the same spec: the metadata is a pure
 * function of the spec (no timestamps), every file is written atomically, and a store of
 * the same spec is simply opened (missing level metadata, from a crash during creation, is
 * written again). Anything else at the path is refused, never overwritten.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as zarr from 'zarrita';
import { VolumeError } from '../errors.js';
import { AtomicFileSystemStore } from './atomic-store.js';
import {
  levelGeometry,
  normaliseSpec,
  omeAttributes,
  planeAxesOf,
  specProblem,
  type OmeZarrSpec,
} from './ngff.js';
import { INNER_CODECS, shardingCodecs } from './shard-file.js';
import { OmeZarrStore, type LevelArray } from './store.js';

/** Key under the root's attributes where we keep the exact spec (for resume checks and `openOmeZarr`). */
export const SPEC_ATTRIBUTE = 'isotrope';

/**
 * Creates the store (root group + every level's array), or opens it when a store of the same
 * spec is already there (resume, other shards). Refuses a non-empty path holding anything else.
 * @example const store = await createOmeZarr('run/output.zarr', { shape, chunk: { x: 512, y: 64, z: 64 }, dtype: 'uint16', voxelSize })
 */
export async function createOmeZarr(path: string, spec: OmeZarrSpec): Promise<OmeZarrStore> {
  const problem = specProblem(spec);
  if (problem) throw new VolumeError('write-failed', `invalid OME-Zarr spec: ${problem}`, { file: path });
  const wanted = normaliseSpec(spec);
  const existing = await existingSpec(path);
  if (existing !== undefined && JSON.stringify(normaliseSpec(existing)) !== JSON.stringify(wanted)) {
    throw new VolumeError(
      'exists',
      `holds an OME-Zarr store of another spec (${describe(existing)}; wanted ${describe(wanted)}): ` +
        'choose another output or delete it',
      { file: path },
    );
  }
  const store = new AtomicFileSystemStore(path);
  const root = zarr.root(store);
  if (existing === undefined) {
    await zarr.create(root, {
      attributes: { ome: omeAttributes(wanted), [SPEC_ATTRIBUTE]: { spec: wanted } },
    });
  }
  const geometry = levelGeometry(wanted);
  // One plane per chunk along t and c: a unit writes one channel's brick, and a channel's
  // chunks never share a file with another's.
  const planeAxes = planeAxesOf(wanted);
  const arrays: LevelArray[] = [];
  for (let k = 0; k < geometry.length; k++) {
    const { shape, chunk, shard } = geometry[k];
    const at = root.resolve(String(k));
    if (!(await store.has(at.resolve('zarr.json').path))) {
      const chunkShape = [...planeAxes.map(() => 1), chunk.z, chunk.y, chunk.x];
      // Sharded: the array's chunks are the shards, and the chunks live inside them.
      await zarr.create(at, {
        shape: [...planeAxes.map((axis) => axis.size), shape.z, shape.y, shape.x],
        chunkShape: shard ? [...planeAxes.map(() => 1), shard.z, shard.y, shard.x] : chunkShape,
        dtype: wanted.dtype,
        codecs: shard ? shardingCodecs(chunkShape) : INNER_CODECS,
        fillValue: 0,
        dimensionNames: [...planeAxes.map((axis) => axis.name), 'z', 'y', 'x'],
      });
    }
    arrays.push(await openLevel(path, at));
  }
  return new OmeZarrStore(path, wanted, geometry, arrays);
}

/** Opens a store written by `createOmeZarr` (read and write). Use `openVolume` to only read any OME-Zarr. */
export async function openOmeZarr(path: string): Promise<OmeZarrStore> {
  const spec = await existingSpec(path);
  if (spec === undefined) throw new VolumeError('not-found', 'no OME-Zarr store here', { file: path });
  const root = zarr.root(new AtomicFileSystemStore(path));
  const wanted = normaliseSpec(spec);
  const geometry = levelGeometry(wanted);
  const arrays: LevelArray[] = [];
  for (let k = 0; k < geometry.length; k++) arrays.push(await openLevel(path, root.resolve(String(k))));
  return new OmeZarrStore(path, wanted, geometry, arrays);
}

async function openLevel(path: string, at: zarr.Location<AtomicFileSystemStore>): Promise<LevelArray> {
  try {
    return (await zarr.open.v3(at, { kind: 'array' })) as LevelArray;
  } catch (cause) {
    throw new VolumeError('malformed', `cannot open level array ${at.path} (${(cause as Error).message})`, {
      file: path,
      cause,
    });
  }
}

/**
 * The spec of the store at `path`; undefined when the path is missing or an empty folder.
 * Throws 'exists' when the path holds anything that is not one of our stores.
 */
async function existingSpec(path: string): Promise<OmeZarrSpec | undefined> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch {
    return undefined;
  }
  if (!isDir) throw new VolumeError('exists', 'is a file, not an OME-Zarr store', { file: path });
  let text: string;
  try {
    text = await readFile(join(path, 'zarr.json'), 'utf8');
  } catch {
    if ((await readdir(path)).length === 0) return undefined;
    throw new VolumeError(
      'exists',
      'is a non-empty folder that is not an OME-Zarr store: choose another output',
      { file: path },
    );
  }
  let meta: { attributes?: Record<string, { spec?: OmeZarrSpec } | undefined> };
  try {
    meta = JSON.parse(text) as typeof meta;
  } catch (cause) {
    throw new VolumeError('malformed', `zarr.json is not JSON (${(cause as Error).message})`, {
      file: join(path, 'zarr.json'),
      cause,
    });
  }
  const spec = meta.attributes?.[SPEC_ATTRIBUTE]?.spec;
  if (spec === undefined)
    throw new VolumeError('exists', 'holds a Zarr store not written by Isotrope: choose another output', {
      file: path,
    });
  return spec;
}

function describe(s: OmeZarrSpec): string {
  const d = (v: { x: number; y: number; z: number }): string => `${v.x}x${v.y}x${v.z}`;
  const planes = planeAxesOf(s)
    .map(({ name, size }) => `, ${size} ${name === 'c' ? 'channels' : 'time points'}`)
    .join('');
  const channels = s.channels ? `, channels ${s.channels.map((channel) => channel.name).join('/')}` : '';
  return `${d(s.shape)} ${s.dtype}${planes}, chunks ${d(s.chunk)}${s.shard ? ` in shards ${d(s.shard)}` : ''}, voxel ${d(s.voxelSize)} µm, ${s.levels ?? 'default'} levels${channels}`;
}
