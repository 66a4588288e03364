/**
 * Sharded stores (Zarr v3 sharding_indexed): what a unit-by-unit writer puts in them reads back
 * exactly, through our store, our Volume reader and (independently) zarrita, voxel for voxel
 * equal to the chunked store of the same data at every pyramid level; the inner chunks are the
 * chunked store's chunk files byte for byte; a partial write keeps the rest of its shard; a
 * damaged index is refused, not read as zeros.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import * as zarr from 'zarrita';
import FileSystemStore from '@zarrita/storage/fs';
import { createOmeZarr, openOmeZarr, openOmeZarrVolume, fullBox } from '../../../app/volume/zarr/index.js';
import type { OmeZarrSpec, OmeZarrStore } from '../../../app/volume/zarr/index.js';
import { decodeShardIndex, indexBytes } from '../../../app/volume/zarr/shard-file.js';
import { isVolumeError } from '../../../app/volume/errors.js';
import type { Box, TypedArray } from '../../../app/volume/types.js';
import { brickOf, patchFile, randomStack, tempDir } from '../../helpers/fixtures.js';

const tmp = tempDir('isotrope-shards-');
afterAll(() => tmp.remove());
let n = 0;
const fresh = (): string => join(tmp.path, `s${n++}.zarr`);

const shape = { x: 70, y: 37, z: 21 };
const chunk = { x: 16, y: 8, z: 8 };
// One shard per unit: all of x (rounded up to chunks), one unit of y and z.
const shard = { x: 80, y: 8, z: 8 };
const chunked: OmeZarrSpec = {
  shape,
  chunk,
  dtype: 'uint16',
  voxelSize: { x: 0.5, y: 0.5, z: 0.5 },
  levels: 3,
};
const sharded: OmeZarrSpec = { ...chunked, shard };

function unitBoxes(): Box[] {
  const boxes: Box[] = [];
  for (let y = 0; y < shape.y; y += chunk.y)
    for (let z = 0; z < shape.z; z += chunk.z)
      boxes.push({
        x: { start: 0, end: shape.x },
        y: { start: y, end: Math.min(shape.y, y + chunk.y) },
        z: { start: z, end: Math.min(shape.z, z + chunk.z) },
      });
  return boxes;
}

async function fill(spec: OmeZarrSpec, stack: TypedArray): Promise<OmeZarrStore> {
  const store = await createOmeZarr(fresh(), spec);
  for (const b of unitBoxes()) await store.writeBox(0, b, brickOf(stack, shape, b));
  await store.downsample(0);
  return store;
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

const bytes = (a: TypedArray): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('sharded OmeZarrStore', () => {
  const stack = randomStack('uint16', shape.x, shape.y, shape.z, 11);
  let a: OmeZarrStore;
  let b: OmeZarrStore;
  beforeAll(async () => {
    a = await fill(chunked, stack);
    b = await fill(sharded, stack);
  }, 120_000);

  it('reads back what the units wrote, equal to the chunked store at every level, one file per unit', async () => {
    expect(bytes(await b.readBox(0, fullBox(shape)))).toEqual(bytes(stack));
    for (let level = 0; level < 3; level++) {
      const whole = fullBox(a.levels[level].shape);
      expect(bytes(await b.readBox(level, whole))).toEqual(bytes(await a.readBox(level, whole)));
    }
    const shardFiles = files(join(b.path, '0', 'c'));
    expect(shardFiles).toHaveLength(unitBoxes().length);
    expect(files(join(a.path, '0', 'c'))).toHaveLength(unitBoxes().length * Math.ceil(shape.x / chunk.x));
    expect(files(b.path).some((f) => f.endsWith('.tmp'))).toBe(false);
    const meta = JSON.parse(readFileSync(join(b.path, '1', 'zarr.json'), 'utf8'));
    expect(meta.chunk_grid.configuration.chunk_shape).toEqual([8, 8, 48]);
    expect(meta.codecs[0].name).toBe('sharding_indexed');
  }, 30_000);

  it('zarrita reads our shards voxel for voxel as the chunked store, at every level', async () => {
    for (let level = 0; level < 3; level++) {
      const array = await zarr.open.v3(zarr.root(new FileSystemStore(b.path)).resolve(String(level)), {
        kind: 'array',
      });
      const got = await zarr.get(array);
      const want = await a.readBox(level, fullBox(a.levels[level].shape));
      expect(got.shape).toEqual([a.levels[level].shape.z, a.levels[level].shape.y, a.levels[level].shape.x]);
      expect(bytes(got.data as TypedArray)).toEqual(bytes(want));
    }
  }, 30_000);

  it("stores each inner chunk as the chunked store's chunk file, byte for byte", async () => {
    const file = join(b.path, '0', 'c', '1', '2', '0');
    const content = readFileSync(file);
    const perShard = shard.x / chunk.x;
    const index = decodeShardIndex(
      content.subarray(content.length - indexBytes(perShard)),
      perShard,
      content.length,
    );
    for (let x = 0; x < perShard; x++) {
      const entry = index[x];
      if (x < Math.ceil(shape.x / chunk.x)) {
        const want = readFileSync(join(a.path, '0', 'c', '1', '2', String(x)));
        expect(content.subarray(entry!.offset, entry!.offset + entry!.nbytes).equals(want)).toBe(true);
      } else expect(entry).toBeUndefined(); // past the array's edge: never written
    }
  }, 30_000);

  it('hasChunk tells written chunks from missing ones; a one-chunk write keeps the rest of its shard', async () => {
    const store = await createOmeZarr(fresh(), sharded);
    const first: Box = { x: { start: 0, end: shape.x }, y: { start: 0, end: 8 }, z: { start: 0, end: 8 } };
    await store.writeBox(0, first, brickOf(stack, shape, first));
    expect(await store.hasChunk(0, { x: 2, y: 0, z: 0 })).toBe(true);
    expect(await store.hasChunk(0, { x: 2, y: 1, z: 0 })).toBe(false);
    const one: Box = { x: { start: 16, end: 32 }, y: { start: 0, end: 8 }, z: { start: 0, end: 8 } };
    const zeros = new Uint16Array(16 * 8 * 8);
    await store.writeChunk(0, { x: 1, y: 0, z: 0 }, zeros);
    const want = brickOf(stack, shape, first) as Uint16Array;
    const got = (await store.readBox(0, first)) as Uint16Array;
    for (let i = 0; i < got.length; i++) {
      const x = i % shape.x;
      if (x >= one.x.start && x < one.x.end) want[i] = 0;
    }
    expect(bytes(got)).toEqual(bytes(want));
    const reopened = await openOmeZarr(store.path);
    expect(bytes(await reopened.readBox(0, first))).toEqual(bytes(want));
  }, 30_000);

  it('our Volume reader reads sharded planes as the chunked ones', async () => {
    const va = await openOmeZarrVolume(a.path);
    const vb = await openOmeZarrVolume(b.path);
    expect(bytes(await vb.readPlaneXZ(17))).toEqual(bytes(await va.readPlaneXZ(17)));
    expect(bytes(await vb.readPlaneYZ(69))).toEqual(bytes(await va.readPlaneYZ(69)));
    expect(vb.bytes).toBeGreaterThan(0);
    expect(vb.layout).toMatch(/^chunks 16x8x8 in shards 80x8x8 \(NGFF 0.5/);
    expect(vb.compression).toBe('zstd (sharded)');
    expect(va.compression).toBe('zstd');
    expect(va.layout).toMatch(/^chunks 16x8x8 \(NGFF 0.5/);
  }, 30_000);

  it('an open Volume sees shards written after it read the level (a live run)', async () => {
    const store = await createOmeZarr(fresh(), { ...sharded, levels: 1 });
    const volume = await openOmeZarrVolume(store.path);
    const y = 12;
    expect((await volume.readPlaneXZ(y)).every((v) => v === 0)).toBe(true);
    for (const unitBox of unitBoxes().filter((u) => u.y.start <= y && y < u.y.end))
      await store.writeBox(0, unitBox, brickOf(stack, shape, unitBox));
    const want = brickOf(stack, shape, { ...fullBox(shape), y: { start: y, end: y + 1 } });
    expect(bytes(await volume.readPlaneXZ(y))).toEqual(bytes(want));
  }, 30_000);

  it('replaces a shard by a new file, never patching it, and ignores a torn temp shard beside it', async () => {
    const store = await createOmeZarr(fresh(), { ...sharded, levels: 1 });
    const first: Box = { x: { start: 0, end: shape.x }, y: { start: 0, end: 8 }, z: { start: 0, end: 8 } };
    await store.writeBox(0, first, brickOf(stack, shape, first));
    const file = join(store.path, '0', 'c', '0', '0', '0');
    const before = readFileSync(file);
    const inode = statSync(file).ino;
    const reader = await open(file, 'r');
    await store.writeChunk(0, { x: 0, y: 0, z: 0 }, new Uint16Array(16 * 8 * 8).fill(5));
    expect(statSync(file).ino).not.toBe(inode);
    // A reader that had the old shard open still reads the old shard, whole.
    const old = Buffer.alloc(before.length);
    await reader.read(old, 0, old.length, 0);
    await reader.close();
    expect(old.equals(before)).toBe(true);
    // What a kill -9 between the temp write and the rename leaves.
    writeFileSync(join(store.path, '0', 'c', '0', '0', '.0.node.4242.0.tmp'), before.subarray(0, 100));
    const back = (await (await openOmeZarr(store.path)).readBox(0, first)) as Uint16Array;
    expect(back[0]).toBe(5);
    expect(back[16]).toBe((brickOf(stack, shape, first) as Uint16Array)[16]);
    expect(await store.hasChunk(0, { x: 4, y: 0, z: 0 })).toBe(true);
  }, 30_000);

  it('keeps the planes of a two-channel store in their own shards, as zarrita reads them', async () => {
    const store = await createOmeZarr(fresh(), { ...sharded, levels: 1, planes: { c: 2 } });
    const first: Box = { x: { start: 0, end: shape.x }, y: { start: 8, end: 16 }, z: { start: 0, end: 8 } };
    await store.writeBox(0, first, brickOf(stack, shape, first), { c: 1 });
    expect(await store.hasChunk(0, { x: 0, y: 1, z: 0 }, { c: 1 })).toBe(true);
    expect(await store.hasChunk(0, { x: 0, y: 1, z: 0 }, { c: 0 })).toBe(false);
    expect(readdirSync(join(store.path, '0', 'c'))).toEqual(['1']);
    const array = await zarr.open.v3(zarr.root(new FileSystemStore(store.path)).resolve('0'), {
      kind: 'array',
    });
    const got = await zarr.get(array, [1, zarr.slice(0, 8), zarr.slice(8, 16), null]);
    expect(bytes(got.data as TypedArray)).toEqual(bytes(brickOf(stack, shape, first)));
    const other = await store.readBox(0, first, { c: 0 });
    expect(other.every((v) => v === 0)).toBe(true);
  }, 30_000);

  it('refuses a shard whose index checksum is wrong', async () => {
    const damaged = await fill(sharded, stack);
    const file = join(damaged.path, '0', 'c', '0', '0', '0');
    const size = statSync(file).size;
    patchFile(file, (content) => {
      content[size - 20] ^= 0xff;
    });
    const error = await damaged.readBox(0, fullBox(shape)).catch((e: unknown) => e);
    expect(isVolumeError(error) && error.tag).toBe('malformed');
    expect(String((error as Error).message)).toMatch(/checksum/);
    expect(isVolumeError(error) && error.file).toBe(file);
  }, 30_000);

  it('refuses a shard shape that is not a multiple of the chunk', async () => {
    const error = await createOmeZarr(fresh(), { ...chunked, shard: { x: 24, y: 8, z: 8 } }).catch((e) => e);
    expect(String(error.message)).toMatch(/shard.x must be a positive multiple of chunk.x/);
  }, 30_000);
});
