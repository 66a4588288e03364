/**
 * `writeZarrV2`: an OME-Zarr store (a run's output.zarr: Zarr v3, NGFF 0.5) rewritten as a Zarr v2
 * store with NGFF 0.4 metadata, for the readers that know only v2 (MoBIE, ilastik, older Fiji and
 * napari). Every level of the pyramid, with the same axes, units, voxel sizes, transforms and
 * omero channels; each level keeps its source chunk shape (1 along t and c).
 *
 * Bounded memory: one chunk row along x at a time is read through the store's reader
 * (`openOmeZarrVolume`, so our own stores in any layout and other tools' stores alike), padded to
 * the full chunk shape as v2 requires at the edges, Blosc-compressed and written atomically
 * (`AtomicFileSystemStore`) at `<level>/[t/][c/]z/y/x`.
 */
import { VolumeError, throwIfAborted } from './errors.js';
import { allocate, type Box, type TypedArray } from './types.js';
import {
  AtomicFileSystemStore,
  openOmeZarrVolume,
  readOmeAttributes,
  type OmeZarrVolume,
} from './zarr/index.js';
import { V2_COMPRESSOR, ZGROUP, zarrayOf, zattrsOf } from './zarr-v2-metadata.js';

export interface WriteZarrV2Options {
  /** Attributes added to the root `.zattrs` (the partial-export mark). */
  attributes?: Record<string, unknown>;
  signal?: AbortSignal;
  /** Chunks written so far, of all levels. */
  onProgress?: (done: number, total: number) => void;
}

const SPATIAL = ['z', 'y', 'x'] as const;

/** Chunk files along one axis. */
function count(size: number, chunk: number): number {
  return Math.ceil(size / chunk);
}

/**
 * Writes the v2 store into the folder `out` (which must not hold one yet) from the store at `source`.
 * @example await writeZarrV2('run/output.zarr', 'sr.ome.zarr.part')
 */
export async function writeZarrV2(
  source: string,
  out: string,
  options: WriteZarrV2Options = {},
): Promise<void> {
  const ome = await readOmeAttributes(source);
  if (!ome) throw new VolumeError('unsupported', 'not an OME-Zarr image (no multiscales)', { file: source });
  let zattrs;
  try {
    zattrs = zattrsOf(ome, options.attributes);
  } catch (cause) {
    throw new VolumeError('malformed', `bad OME-Zarr metadata: ${(cause as Error).message}`, {
      file: source,
    });
  }
  const paths = ((zattrs.multiscales as { datasets: { path: unknown }[] }[])[0].datasets ?? []).map((d) =>
    String(d.path),
  );
  const axes = ((zattrs.multiscales as { axes: { name: string }[] }[])[0].axes ?? []).map((a) => a.name);
  const store = new AtomicFileSystemStore(out);
  await store.set('/.zgroup', json(ZGROUP));
  await store.set('/.zattrs', json(zattrs));
  const levels: OmeZarrVolume[] = [];
  try {
    for (let k = 0; k < paths.length; k++) levels.push(await openOmeZarrVolume(source, { level: k }));
    const total = levels.reduce((sum, level) => sum + chunkCount(level), 0);
    let done = 0;
    // Loaded here, not at start-up: 600 kB of JavaScript that only this export needs.
    const { default: Blosc } = await import('numcodecs/blosc');
    const codec = Blosc.fromConfig({ ...V2_COMPRESSOR });
    for (const [k, level] of levels.entries()) {
      const write = async (key: string, data: TypedArray): Promise<void> => {
        const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        await store.set(`/${paths[k]}/${key}`, await codec.encode(bytes));
        options.onProgress?.(++done, total);
      };
      await writeLevel(level, paths[k], axes, store, write, options.signal);
    }
  } finally {
    await Promise.all(levels.map((level) => level.close()));
  }
}

function json(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
}

function chunkCount(level: OmeZarrVolume): number {
  const { shape, chunk } = level;
  return shape.t * shape.c * SPATIAL.reduce((n, a) => n * count(shape[a], chunk[a]), 1);
}

/** One level: its `.zarray`, then every chunk, t and c outermost, x innermost. */
async function writeLevel(
  level: OmeZarrVolume,
  path: string,
  axes: string[],
  store: AtomicFileSystemStore,
  write: (key: string, data: TypedArray) => Promise<void>,
  signal: AbortSignal | undefined,
): Promise<void> {
  const { shape, chunk } = level;
  const sizeOf = (a: string): number => shape[a as keyof typeof shape];
  const chunkOf = (a: string): number => (a === 't' || a === 'c' ? 1 : chunk[a as 'x' | 'y' | 'z']);
  const zarray = zarrayOf(axes.map(sizeOf), axes.map(chunkOf), level.dtype);
  await store.set(`/${path}/.zarray`, json(zarray));
  const [nz, ny, nx] = SPATIAL.map((a) => count(shape[a], chunk[a]));
  for (let t = 0; t < shape.t; t++) {
    for (let c = 0; c < shape.c; c++) {
      const prefix = axes
        .filter((a) => a === 't' || a === 'c')
        .map((a) => (a === 't' ? t : c))
        .map((i) => `${i}/`)
        .join('');
      for (let zi = 0; zi < nz; zi++) {
        for (let yi = 0; yi < ny; yi++) {
          throwIfAborted(signal, level.path);
          // One row of chunks along x in flight: a few reads and writes overlap, memory stays one row.
          const row = Array.from({ length: nx }, async (_, xi) => {
            const box = chunkBox(level, [zi, yi, xi]);
            const data = await level.readBrick(box, { c, t, signal });
            await write(`${prefix}${zi}/${yi}/${xi}`, padded(data, box, chunk, level));
          });
          await Promise.all(row);
        }
      }
    }
  }
}

/** The box of chunk (zi, yi, xi), clipped to the level. */
function chunkBox(level: OmeZarrVolume, at: number[]): Box {
  const [z, y, x] = SPATIAL.map((a, i) => {
    const start = at[i] * level.chunk[a];
    return { start, end: Math.min(level.shape[a], start + level.chunk[a]) };
  });
  return { x, y, z };
}

/** `data` (the clipped box, x fastest) inside a full chunk of zeros: v2 stores edge chunks whole. */
function padded(
  data: TypedArray,
  box: Box,
  chunk: { x: number; y: number; z: number },
  level: OmeZarrVolume,
) {
  const bx = box.x.end - box.x.start;
  const by = box.y.end - box.y.start;
  const bz = box.z.end - box.z.start;
  if (bx === chunk.x && by === chunk.y && bz === chunk.z) return data;
  const full = allocate(level.dtype, chunk.x * chunk.y * chunk.z);
  for (let z = 0; z < bz; z++) {
    for (let y = 0; y < by; y++) {
      const from = (z * by + y) * bx;
      full.set(data.subarray(from, from + bx) as never, (z * chunk.y + y) * chunk.x);
    }
  }
  return full;
}
