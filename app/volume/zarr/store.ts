/**
 * `OmeZarrStore`: chunk-level read and write access to one multiscale OME-Zarr store.
 *
 * Every write replaces whole chunks through the atomic store, so a write that resolved is on
 * disk and a write that crashed left the previous chunk (or none). Writes are idempotent:
 * writing the same data twice gives the same bytes. Chunks of edge blocks are stored at the
 * full chunk shape, padded with the fill value 0, as Zarr v3 requires.
 *
 * A store of several channels / time points holds one 3D volume per plane (t, c); every method
 * takes that plane last (`PlaneIndex`, positions along the store's own axes, default 0) and
 * otherwise works on z, y, x exactly as a 3D store does.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as zarr from 'zarrita';
import { VolumeError, isVolumeError } from '../errors.js';
import type { Box, DType, TypedArray } from '../types.js';
import { writeDurable } from '../durable-file.js';
import type { AtomicFileSystemStore } from './atomic-store.js';
import { blockMean } from './block-mean.js';
import { ShardedLevel } from './sharded-level.js';
import {
  omeroAttributes,
  planeAxesOf,
  windowProblem,
  type ChannelWindow,
  type Dims,
  type LevelGeometry,
  type OmeZarrSpec,
  type PlaneIndex,
} from './ngff.js';

export type LevelArray = zarr.Array<zarr.DataType, AtomicFileSystemStore>;

export interface DownsampleOptions {
  /** Also rebuild every level above fromLevel + 1 over the same region (default true), so one call refreshes the pyramid. */
  cascade?: boolean;
  signal?: AbortSignal;
  /** The plane (channel / time point) whose pyramid to rebuild (default 0, 0). */
  plane?: PlaneIndex;
}

/** What `readBox` reads: a plane (default 0, 0), cancellable. */
export interface ReadBoxOptions extends PlaneIndex {
  signal?: AbortSignal;
}

const AXES = ['x', 'y', 'z'] as const;

export class OmeZarrStore {
  private closed = false;
  /** Per level, its shard reader / writer when the store is sharded (zarrita cannot write shards). */
  private readonly sharded: readonly (ShardedLevel | undefined)[];

  constructor(
    readonly path: string,
    readonly spec: OmeZarrSpec,
    readonly levels: readonly LevelGeometry[],
    private readonly arrays: readonly LevelArray[],
  ) {
    this.sharded = levels.map(({ shape, chunk, shard }, k) =>
      shard
        ? new ShardedLevel(arrays[k].store, arrays[k].path, { shape, chunk, shard }, spec.dtype)
        : undefined,
    );
  }

  /**
   * Writes one chunk of a level: `data` is z-major (x fastest, then y, then z) with exactly the
   * chunk's shape, clipped to the array at the edges. Durable when it resolves; idempotent.
   * @example await store.writeChunk(0, { x: 0, y: 2, z: 1 }, slab)
   */
  async writeChunk(level: number, index: Dims, data: TypedArray, plane?: PlaneIndex): Promise<void> {
    const { shape, chunk } = this.level(level);
    const box = {} as Box;
    for (const a of AXES) {
      const n = Math.ceil(shape[a] / chunk[a]);
      if (!(Number.isInteger(index[a]) && index[a] >= 0 && index[a] < n)) {
        throw new VolumeError(
          'out-of-range',
          `level ${level} has ${n} chunks along ${a}, asked for chunk ${index[a]}`,
          { file: this.path },
        );
      }
      box[a] = { start: index[a] * chunk[a], end: Math.min(shape[a], (index[a] + 1) * chunk[a]) };
    }
    await this.write(level, box, data, this.planePrefix(plane));
  }

  /**
   * Writes a box whose faces lie on chunk boundaries (or the array's far edge): a unit that
   * spans several chunks along x writes them in one call. Durable when it resolves.
   */
  async writeBox(level: number, box: Box, data: TypedArray, plane?: PlaneIndex): Promise<void> {
    const { shape, chunk } = this.level(level);
    this.checkBox(level, box);
    const prefix = this.planePrefix(plane);
    for (const a of AXES) {
      const { start, end } = box[a];
      if (start % chunk[a] !== 0 || (end % chunk[a] !== 0 && end !== shape[a])) {
        throw new VolumeError(
          'out-of-range',
          `box ${a} ${start}..${end} of level ${level} is not aligned to chunks of ${chunk[a]}`,
          { file: this.path },
        );
      }
    }
    await this.write(level, box, data, prefix);
  }

  /**
   * True when the chunk's file is on disk. Reading cannot tell (a chunk never written reads as
   * the fill value 0), so finalize and export ask this of every journaled unit's chunks.
   * @example await store.hasChunk(0, { x: 0, y: 2, z: 1 })
   */
  async hasChunk(level: number, index: Dims, plane?: PlaneIndex): Promise<boolean> {
    this.level(level);
    // Chunks are 1 deep along t and c, so a plane's position is its chunk index there.
    const planeKey = this.planePrefix(plane)
      .map((position) => `${position}/`)
      .join('');
    const sharded = this.sharded[level];
    if (sharded) return sharded.has(index, this.planePrefix(plane));
    const array = this.arrays[level];
    return array.store.has(`${array.path}/c/${planeKey}${index.z}/${index.y}/${index.x}`);
  }

  /**
   * Reads any box of a level (x fastest, then y, then z) of one plane (`options.c` / `.t`,
   * default 0); chunks never written read as 0.
   */
  async readBox(level: number, box: Box, options: ReadBoxOptions = {}): Promise<TypedArray> {
    this.checkBox(level, box);
    const prefix = this.planePrefix(options);
    try {
      const sharded = this.sharded[level];
      if (sharded) return await sharded.read(box, prefix);
      const sel = [
        ...prefix.map((position) => zarr.slice(position, position + 1)),
        zarr.slice(box.z.start, box.z.end),
        zarr.slice(box.y.start, box.y.end),
        zarr.slice(box.x.start, box.x.end),
      ];
      const out = await zarr.get(this.arrays[level], sel, { signal: options.signal });
      return out.data as TypedArray;
    } catch (cause) {
      throw this.wrap(cause, 'malformed', `cannot read level ${level} ${describeBox(box)}`);
    }
  }

  /**
   * Builds the chunks of level fromLevel + 1 that cover `box` of level fromLevel (default: all
   * of it) as 2×2×2 block means, and with `cascade` (default) the levels above. Call it once
   * every level-0 chunk under those blocks is final (finalize, or a finished region): a block
   * mean over chunks not yet written averages zeros in and must be rebuilt later. Works on one
   * plane (`options.plane`, default 0, 0): planes are never averaged together.
   */
  async downsample(fromLevel: number, box?: Box, options: DownsampleOptions = {}): Promise<void> {
    const to = fromLevel + 1;
    if (to >= this.levels.length) return;
    const src = this.level(fromLevel);
    const { shape, chunk, shard } = this.level(to);
    const region = box ?? fullBox(src.shape);
    this.checkBox(fromLevel, region);
    this.planePrefix(options.plane);
    // Written a block at a time: a chunk, or a whole shard of a sharded store, so a shard is
    // never rewritten once per chunk; block means over whole shards equal those over chunks.
    const block = shard ?? chunk;
    const first = {} as Dims,
      last = {} as Dims;
    for (const a of AXES) {
      first[a] = Math.floor(Math.floor(region[a].start / 2) / block[a]);
      last[a] = Math.ceil(Math.ceil(region[a].end / 2) / block[a]);
    }
    const covered = {} as Box;
    for (const a of AXES)
      covered[a] = { start: first[a] * block[a], end: Math.min(shape[a], last[a] * block[a]) };
    for (let cz = first.z; cz < last.z; cz++) {
      for (let cy = first.y; cy < last.y; cy++) {
        for (let cx = first.x; cx < last.x; cx++) {
          if (options.signal?.aborted)
            throw new VolumeError('aborted', 'downsample cancelled', {
              file: this.path,
              cause: options.signal.reason,
            });
          const index = { x: cx, y: cy, z: cz };
          const srcBox = {} as Box,
            toBox = {} as Box;
          for (const a of AXES) {
            srcBox[a] = {
              start: 2 * index[a] * block[a],
              end: Math.min(src.shape[a], 2 * (index[a] + 1) * block[a]),
            };
            toBox[a] = { start: index[a] * block[a], end: Math.min(shape[a], (index[a] + 1) * block[a]) };
          }
          const data = await this.readBox(fromLevel, srcBox, { ...options.plane });
          const dims = {
            x: srcBox.x.end - srcBox.x.start,
            y: srcBox.y.end - srcBox.y.start,
            z: srcBox.z.end - srcBox.z.start,
          };
          const mean = blockMean(data, dims, this.spec.dtype).data;
          await this.write(to, toBox, mean, this.planePrefix(options.plane));
        }
      }
    }
    if (options.cascade ?? true) await this.downsample(to, covered, options);
  }

  /**
   * Rewrites the display windows of the root's omero channels (one per channel, in order), e.g.
   * once finalize knows each channel's contrast. Atomic: a reader sees the old metadata or the
   * new. The stored spec is left as created, so a resume with that spec still reopens the store.
   * @example await store.setChannelWindows([{ start: 100, end: 3000, min: 0, max: 65535 }])
   */
  async setChannelWindows(windows: ChannelWindow[]): Promise<void> {
    this.level(0);
    const channels = this.spec.channels;
    if (channels === undefined)
      throw new VolumeError('write-failed', 'the store has no omero channels to set windows of', {
        file: this.path,
      });
    if (windows.length !== channels.length)
      throw new VolumeError(
        'write-failed',
        `${windows.length} windows given, the store has ${channels.length} channels`,
        { file: this.path },
      );
    for (const [k, window] of windows.entries()) {
      const problem = windowProblem(window);
      if (problem)
        throw new VolumeError('write-failed', `window of channel ${k} ${problem}`, { file: this.path });
    }
    const rootFile = join(this.path, 'zarr.json');
    const root = JSON.parse(await readFile(rootFile, 'utf8')) as {
      attributes: { ome: Record<string, unknown> };
    };
    const withWindows = channels.map((channel, k) => ({ ...channel, window: windows[k] }));
    root.attributes.ome.omero = omeroAttributes(withWindows, this.spec.dtype);
    await writeDurable(rootFile, JSON.stringify(root));
  }

  /** Nothing is buffered (every write is durable when it resolves); further calls fail. */
  async close(): Promise<void> {
    this.closed = true;
  }

  /**
   * The positions along the store's axes in front of z, y, x (t, then c) for `plane`; [] for a
   * 3D store. A position outside the axis, or on an axis the store lacks (other than 0), is refused.
   */
  private planePrefix(plane: PlaneIndex | undefined): number[] {
    const axes = planeAxesOf(this.spec);
    for (const name of ['t', 'c'] as const) {
      const position = plane?.[name] ?? 0;
      const size = axes.find((axis) => axis.name === name)?.size ?? 1;
      if (!(Number.isInteger(position) && position >= 0 && position < size)) {
        const what = name === 'c' ? 'channels' : 'time points';
        throw new VolumeError(
          'out-of-range',
          `${name} = ${position} is outside the store's ${size} ${what} (0..${size - 1})`,
          { file: this.path },
        );
      }
    }
    return axes.map((axis) => plane?.[axis.name] ?? 0);
  }

  private async write(level: number, box: Box, data: TypedArray, prefix: number[]): Promise<void> {
    const n = { x: box.x.end - box.x.start, y: box.y.end - box.y.start, z: box.z.end - box.z.start };
    if (data.length !== n.x * n.y * n.z || !matches(data, this.spec.dtype)) {
      throw new VolumeError(
        'write-failed',
        `level ${level} ${describeBox(box)} needs a ${this.spec.dtype} array of ` +
          `${n.x * n.y * n.z} samples, got ${data.constructor.name}[${data.length}]`,
        { file: this.path },
      );
    }
    const sharded = this.sharded[level];
    if (sharded) {
      try {
        return await sharded.write(box, data, prefix);
      } catch (cause) {
        throw this.wrap(cause, 'write-failed', `cannot write level ${level} ${describeBox(box)}`);
      }
    }
    // Slices of one (not integers) along t and c, so a whole chunk is written without reading it first.
    const sel = [
      ...prefix.map((position) => zarr.slice(position, position + 1)),
      zarr.slice(box.z.start, box.z.end),
      zarr.slice(box.y.start, box.y.end),
      zarr.slice(box.x.start, box.x.end),
    ];
    const chunk = {
      data,
      shape: [...prefix.map(() => 1), n.z, n.y, n.x],
      stride: [...prefix.map(() => n.z * n.y * n.x), n.y * n.x, n.x, 1],
    } as zarr.Chunk<zarr.DataType>;
    try {
      await zarr.set(this.arrays[level], sel, chunk);
    } catch (cause) {
      throw this.wrap(cause, 'write-failed', `cannot write level ${level} ${describeBox(box)}`);
    }
  }

  private level(level: number): LevelGeometry {
    if (this.closed) throw new VolumeError('write-failed', 'store is closed', { file: this.path });
    const g = this.levels[level];
    if (!Number.isInteger(level) || g === undefined) {
      throw new VolumeError('out-of-range', `no level ${level} (the store has ${this.levels.length})`, {
        file: this.path,
      });
    }
    return g;
  }

  private checkBox(level: number, box: Box): void {
    const { shape } = this.level(level);
    for (const a of AXES) {
      const { start, end } = box[a];
      if (!(
        Number.isInteger(start) &&
        Number.isInteger(end) &&
        start >= 0 &&
        start < end &&
        end <= shape[a]
      )) {
        throw new VolumeError(
          'out-of-range',
          `${a} ${start}..${end} is outside level ${level} (0..${shape[a]})`,
          { file: this.path },
        );
      }
    }
  }

  /** Tagged errors pass through (they already name the chunk file); others get the stage and box. */
  private wrap(cause: unknown, tag: 'write-failed' | 'malformed', what: string): VolumeError {
    if (isVolumeError(cause)) return cause;
    return new VolumeError(tag, `${what}: ${(cause as Error).message}`, { file: this.path, cause });
  }
}

export function fullBox(shape: Dims): Box {
  return { x: { start: 0, end: shape.x }, y: { start: 0, end: shape.y }, z: { start: 0, end: shape.z } };
}

function describeBox(b: Box): string {
  return `box x ${b.x.start}..${b.x.end}, y ${b.y.start}..${b.y.end}, z ${b.z.start}..${b.z.end}`;
}

function matches(a: TypedArray, dtype: DType): boolean {
  return (
    (dtype === 'uint16' && a instanceof Uint16Array) ||
    (dtype === 'uint8' && a instanceof Uint8Array) ||
    (dtype === 'float32' && a instanceof Float32Array)
  );
}
