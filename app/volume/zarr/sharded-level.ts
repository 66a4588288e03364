/**
 * One level of a sharded store (Zarr v3 `sharding_indexed`, shard-file.ts), read and written
 * by us: zarrita reads sharded arrays but cannot write them.
 *
 * A shard is always written whole through the atomic store (temp + fsync + rename): a write
 * that covers only part of one keeps the other inner chunks' encoded bytes from the shard on
 * disk and replaces the file, never patches it, so an interruption leaves the old shard or the
 * new one. Such a read-modify-write is safe for one writer per shard, which a run guarantees:
 * a unit's box is whole shards, and no two units share one. Reads take a shard's index and its
 * chunks through one open file, so a shard renamed over meanwhile cannot mix two versions.
 */
import { open } from 'node:fs/promises';
import { endianness } from 'node:os';
import { join } from 'node:path';
import Zstd from 'numcodecs/zstd';
import { VolumeError } from '../errors.js';
import { allocate, type Box, type DType, type TypedArray } from '../types.js';
import type { AtomicFileSystemStore } from './atomic-store.js';
import { decodeShardIndex, encodeShard, indexBytes, type ShardIndex } from './shard-file.js';
import type { Dims } from './ngff.js';

const AXES = ['z', 'y', 'x'] as const;
const zstd = Zstd.fromConfig({ id: 'zstd', level: 3 });

export interface ShardGeometry {
  shape: Dims;
  chunk: Dims;
  shard: Dims;
}

export class ShardedLevel {
  /** Inner chunks per shard along each axis. */
  private readonly per: Dims;
  private readonly count: number;

  constructor(
    private readonly store: AtomicFileSystemStore,
    /** The level array's key, e.g. "/0". */
    private readonly arrayPath: string,
    private readonly g: ShardGeometry,
    private readonly dtype: DType,
  ) {
    if (endianness() !== 'LE')
      throw new VolumeError('unsupported', 'sharded stores need a little-endian machine', {
        file: store.root,
      });
    this.per = { x: g.shard.x / g.chunk.x, y: g.shard.y / g.chunk.y, z: g.shard.z / g.chunk.z };
    this.count = this.per.x * this.per.y * this.per.z;
  }

  /** Writes `data` (x fastest; the box is chunk-aligned) into every shard it touches, each whole. */
  async write(box: Box, data: TypedArray, prefix: number[]): Promise<void> {
    for (const s of this.shardsOver(box)) {
      const shardBox = this.boxOf(s, this.g.shard);
      const whole = AXES.every((a) => box[a].start <= shardBox[a].start && shardBox[a].end <= box[a].end);
      const kept = whole ? undefined : await this.readShard(prefix, s);
      const chunks: (Uint8Array | undefined)[] = [];
      for (const [k, c] of this.innerChunks(s).entries()) {
        if (c === undefined) chunks.push(undefined);
        else if (AXES.every((a) => box[a].start <= c[a].start && c[a].end <= box[a].end))
          chunks.push(await this.encodeChunk(box, data, c));
        else chunks.push(kept && kept.index[k] ? await kept.bytes(k) : undefined);
      }
      await kept?.close();
      await this.store.set(this.keyOf(prefix, s), encodeShard(chunks));
    }
  }

  /** Reads any box (x fastest); chunks never written, and shards not there, read as 0. */
  async read(box: Box, prefix: number[]): Promise<TypedArray> {
    const n = { x: box.x.end - box.x.start, y: box.y.end - box.y.start, z: box.z.end - box.z.start };
    const out = allocate(this.dtype, n.x * n.y * n.z);
    for (const s of this.shardsOver(box)) {
      const shard = await this.readShard(prefix, s);
      if (!shard) continue;
      try {
        for (const [k, c] of this.innerChunks(s).entries()) {
          if (
            c === undefined ||
            !shard.index[k] ||
            !AXES.every((a) => c[a].start < box[a].end && box[a].start < c[a].end)
          )
            continue;
          copyChunk(await this.decodeChunk(await shard.bytes(k), shard.file), this.g.chunk, c, out, box);
        }
      } finally {
        await shard.close();
      }
    }
    return out;
  }

  /** True when the shard holding chunk `index` is on disk and lists that chunk. */
  async has(index: Dims, prefix: number[]): Promise<boolean> {
    const s = {
      x: Math.floor(index.x / this.per.x),
      y: Math.floor(index.y / this.per.y),
      z: Math.floor(index.z / this.per.z),
    };
    const shard = await this.readShard(prefix, s);
    if (!shard) return false;
    await shard.close();
    const local =
      ((index.z % this.per.z) * this.per.y + (index.y % this.per.y)) * this.per.x + (index.x % this.per.x);
    return shard.index[local] !== undefined;
  }

  /** The shard file of shard `s`: its index, and its chunks' bytes on demand; undefined when not there. */
  private async readShard(prefix: number[], s: Dims) {
    const file = join(this.store.root, this.keyOf(prefix, s).replace(/^\/+/, ''));
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new VolumeError('malformed', `cannot open shard (${(cause as Error).message})`, { file, cause });
    }
    const fh = handle;
    try {
      const size = (await fh.stat()).size;
      const tail = new Uint8Array(indexBytes(this.count));
      if (size < tail.length) throw new Error(`${size} bytes, shorter than its index (${tail.length})`);
      await fh.read(tail, 0, tail.length, size - tail.length);
      const index: ShardIndex = decodeShardIndex(tail, this.count, size);
      const bytes = async (k: number): Promise<Uint8Array> => {
        const at = index[k] as { offset: number; nbytes: number };
        const buffer = new Uint8Array(at.nbytes);
        await fh.read(buffer, 0, at.nbytes, at.offset);
        return buffer;
      };
      return { file, index, bytes, close: () => fh.close() };
    } catch (cause) {
      await fh.close();
      throw new VolumeError('malformed', `bad shard: ${(cause as Error).message}`, { file, cause });
    }
  }

  /** Each inner chunk's box of shard `s` in C order, clipped to the level; undefined past its edge. */
  private innerChunks(s: Dims): (Box | undefined)[] {
    const out: (Box | undefined)[] = [];
    for (let z = 0; z < this.per.z; z++)
      for (let y = 0; y < this.per.y; y++)
        for (let x = 0; x < this.per.x; x++) {
          const index = { x: s.x * this.per.x + x, y: s.y * this.per.y + y, z: s.z * this.per.z + z };
          const box = this.boxOf(index, this.g.chunk);
          out.push(AXES.every((a) => box[a].start < box[a].end) ? box : undefined);
        }
    return out;
  }

  /** Box of block `index` of size `size`, clipped to the level's shape. */
  private boxOf(index: Dims, size: Dims): Box {
    const span = (a: 'x' | 'y' | 'z') => ({
      start: Math.min(this.g.shape[a], index[a] * size[a]),
      end: Math.min(this.g.shape[a], (index[a] + 1) * size[a]),
    });
    return { x: span('x'), y: span('y'), z: span('z') };
  }

  private shardsOver(box: Box): Dims[] {
    const first = {} as Dims,
      last = {} as Dims;
    for (const a of AXES) {
      first[a] = Math.floor(box[a].start / this.g.shard[a]);
      last[a] = Math.ceil(box[a].end / this.g.shard[a]);
    }
    const out: Dims[] = [];
    for (let z = first.z; z < last.z; z++)
      for (let y = first.y; y < last.y; y++) for (let x = first.x; x < last.x; x++) out.push({ x, y, z });
    return out;
  }

  private keyOf(prefix: number[], s: Dims): `/${string}` {
    return `${this.arrayPath}/c/${[...prefix, s.z, s.y, s.x].join('/')}` as `/${string}`;
  }

  /** The chunk `c` of `data` (over `box`), padded with 0 to the full chunk shape, as its chunk file would hold it. */
  private async encodeChunk(box: Box, data: TypedArray, c: Box): Promise<Uint8Array> {
    const { chunk } = this.g;
    const full = allocate(this.dtype, chunk.x * chunk.y * chunk.z);
    const nx = box.x.end - box.x.start,
      ny = box.y.end - box.y.start;
    const width = c.x.end - c.x.start;
    for (let z = c.z.start; z < c.z.end; z++)
      for (let y = c.y.start; y < c.y.end; y++) {
        const from = ((z - box.z.start) * ny + (y - box.y.start)) * nx + (c.x.start - box.x.start);
        const to = ((z - c.z.start) * chunk.y + (y - c.y.start)) * chunk.x;
        full.set(data.subarray(from, from + width), to);
      }
    return zstd.encode(new Uint8Array(full.buffer, full.byteOffset, full.byteLength));
  }

  private async decodeChunk(bytes: Uint8Array, file: string): Promise<TypedArray> {
    const { chunk } = this.g;
    const out = allocate(this.dtype, chunk.x * chunk.y * chunk.z);
    const raw = await zstd.decode(bytes);
    if (raw.length !== out.byteLength)
      throw new VolumeError(
        'malformed',
        `inner chunk decodes to ${raw.length} bytes, expected ${out.byteLength}`,
        { file },
      );
    new Uint8Array(out.buffer).set(raw);
    return out;
  }
}

/**
 * Copies the part of chunk `c` inside `box` into `out` (over `box`); `chunkData` has the full
 * chunk shape `chunk` (x fastest) and starts at c's start.
 */
function copyChunk(chunkData: TypedArray, chunk: Dims, c: Box, out: TypedArray, box: Box): void {
  const nx = box.x.end - box.x.start,
    ny = box.y.end - box.y.start;
  const lo = (a: 'x' | 'y' | 'z') => Math.max(c[a].start, box[a].start);
  const hi = (a: 'x' | 'y' | 'z') => Math.min(c[a].end, box[a].end);
  const x0 = lo('x'),
    width = hi('x') - x0;
  for (let z = lo('z'); z < hi('z'); z++)
    for (let y = lo('y'); y < hi('y'); y++) {
      const from = ((z - c.z.start) * chunk.y + (y - c.y.start)) * chunk.x + (x0 - c.x.start);
      const to = ((z - box.z.start) * ny + (y - box.y.start)) * nx + (x0 - box.x.start);
      out.set(chunkData.subarray(from, from + width), to);
    }
}
