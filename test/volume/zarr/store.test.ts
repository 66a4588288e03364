/**
 * OmeZarrStore round trips: chunk and box writes read back exactly (edge chunks, every
 * dtype), unwritten chunks read as 0, writes are idempotent byte for byte, and creation
 * reopens a store of the same spec but refuses anything else.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOmeZarr, openOmeZarr, type OmeZarrSpec } from '../../../app/volume/zarr/index.js';
import { isVolumeError } from '../../../app/volume/errors.js';
import { allocate, type Box, type TypedArray } from '../../../app/volume/types.js';
import { brickOf, randomStack, tempDir } from '../../helpers/fixtures.js';

const tmp = tempDir('isotrope-zarr-');
afterAll(() => tmp.remove());
let n = 0;
const fresh = (): string => join(tmp.path, `s${n++}.zarr`);

const shape = { x: 21, y: 13, z: 9 };
const chunk = { x: 8, y: 5, z: 4 };
const spec = (dtype: OmeZarrSpec['dtype']): OmeZarrSpec => ({
  shape,
  chunk,
  dtype,
  voxelSize: { x: 0.4, y: 0.4, z: 0.4 },
});
const box = (x0: number, x1: number, y0: number, y1: number, z0: number, z1: number): Box => ({
  x: { start: x0, end: x1 },
  y: { start: y0, end: y1 },
  z: { start: z0, end: z1 },
});
const all = box(0, shape.x, 0, shape.y, 0, shape.z);

/** Writes `stack` chunk by chunk, each chunk cut out of the whole. */
async function writeAllChunks(
  store: Awaited<ReturnType<typeof createOmeZarr>>,
  stack: TypedArray,
): Promise<void> {
  for (let cz = 0; cz < Math.ceil(shape.z / chunk.z); cz++) {
    for (let cy = 0; cy < Math.ceil(shape.y / chunk.y); cy++) {
      for (let cx = 0; cx < Math.ceil(shape.x / chunk.x); cx++) {
        const b = box(
          cx * chunk.x,
          Math.min(shape.x, (cx + 1) * chunk.x),
          cy * chunk.y,
          Math.min(shape.y, (cy + 1) * chunk.y),
          cz * chunk.z,
          Math.min(shape.z, (cz + 1) * chunk.z),
        );
        await store.writeChunk(0, { x: cx, y: cy, z: cz }, brickOf(stack, shape, b));
      }
    }
  }
}

describe('OmeZarrStore round trips', () => {
  for (const dtype of ['uint8', 'uint16', 'float32'] as const) {
    it(`writeChunk then readBox gives the same ${dtype} voxels, edge chunks included`, async () => {
      const store = await createOmeZarr(fresh(), { ...spec(dtype), levels: 1 });
      const stack = randomStack(dtype, shape.x, shape.y, shape.z, 7);
      await writeAllChunks(store, stack);
      expect(Array.from(await store.readBox(0, all))).toEqual(Array.from(stack));
      const inner = box(3, 19, 2, 12, 1, 8);
      expect(Array.from(await store.readBox(0, inner))).toEqual(Array.from(brickOf(stack, shape, inner)));
      await store.close();
    });
  }

  it('writeBox writes chunk-aligned boxes spanning several chunks; unwritten chunks read as 0', async () => {
    const store = await createOmeZarr(fresh(), spec('uint16'));
    const stack = randomStack('uint16', shape.x, shape.y, shape.z, 3);
    const slab = box(0, shape.x, 5, 10, 4, 8); // all x (3 chunks, the last clipped), one chunk of y and z
    await store.writeBox(0, slab, brickOf(stack, shape, slab));
    const back = await store.readBox(0, all);
    const expected = allocate('uint16', back.length);
    let i = 0;
    for (let z = 0; z < shape.z; z++)
      for (let y = 0; y < shape.y; y++)
        for (let x = 0; x < shape.x; x++, i++) {
          if (y >= 5 && y < 10 && z >= 4 && z < 8) expected[i] = stack[i];
        }
    expect(Array.from(back)).toEqual(Array.from(expected));
  });

  it('rejects unaligned boxes, wrong sizes, wrong types and chunks outside the grid', async () => {
    const store = await createOmeZarr(fresh(), spec('uint16'));
    const tag = async (p: Promise<unknown>): Promise<string> =>
      p.then(
        () => 'ok',
        (e) => (isVolumeError(e) ? e.tag : String(e)),
      );
    expect(await tag(store.writeBox(0, box(1, 8, 0, 5, 0, 4), new Uint16Array(7 * 5 * 4)))).toBe(
      'out-of-range',
    );
    expect(await tag(store.writeChunk(0, { x: 0, y: 0, z: 0 }, new Uint16Array(10)))).toBe('write-failed');
    expect(await tag(store.writeChunk(0, { x: 0, y: 0, z: 0 }, new Float32Array(8 * 5 * 4)))).toBe(
      'write-failed',
    );
    expect(await tag(store.writeChunk(0, { x: 3, y: 0, z: 0 }, new Uint16Array(1)))).toBe('out-of-range');
    expect(await tag(store.readBox(0, box(0, 22, 0, 1, 0, 1)))).toBe('out-of-range');
    expect(await tag(store.readBox(5, all))).toBe('out-of-range');
  });

  it('is idempotent: writing a chunk again leaves identical bytes', async () => {
    const path = fresh();
    const store = await createOmeZarr(path, spec('uint16'));
    const data = randomStack('uint16', 5, 3, 1, 9); // the corner chunk (2, 2, 2) is clipped to 5 x 3 x 1
    await store.writeChunk(0, { x: 2, y: 2, z: 2 }, data);
    const file = join(path, '0', 'c', '2', '2', '2');
    const first = readFileSync(file);
    await store.writeChunk(0, { x: 2, y: 2, z: 2 }, data);
    expect(readFileSync(file).equals(first)).toBe(true);
    expect(Array.from(await store.readBox(0, box(16, 21, 10, 13, 8, 9)))).toEqual(Array.from(data));
  });
});

describe('createOmeZarr / openOmeZarr', () => {
  it('reopens a store of the same spec (resume, other shards) and keeps its chunks', async () => {
    const path = fresh();
    const a = await createOmeZarr(path, spec('uint8'));
    const data = randomStack('uint8', 8, 5, 4, 2);
    await a.writeChunk(0, { x: 0, y: 0, z: 0 }, data);
    const b = await createOmeZarr(path, spec('uint8'));
    expect(Array.from(await b.readBox(0, box(0, 8, 0, 5, 0, 4)))).toEqual(Array.from(data));
    const c = await openOmeZarr(path);
    expect(c.spec).toEqual(b.spec);
    expect(c.levels).toEqual(b.levels);
  });

  it('refuses a store of another spec, a non-empty folder and a file, without touching them', async () => {
    const path = fresh();
    await createOmeZarr(path, spec('uint8'));
    const before = readFileSync(join(path, 'zarr.json'));
    const err = await createOmeZarr(path, spec('uint16')).catch((e: unknown) => e);
    expect(isVolumeError(err) && err.tag).toBe('exists');
    expect(String((err as Error).message)).toMatch(/another spec/);
    expect(readFileSync(join(path, 'zarr.json')).equals(before)).toBe(true);

    const folder = fresh();
    mkdirSync(folder);
    writeFileSync(join(folder, 'notes.txt'), 'mine');
    const e2 = await createOmeZarr(folder, spec('uint8')).catch((e: unknown) => e);
    expect(isVolumeError(e2) && e2.tag).toBe('exists');

    const file = join(tmp.path, 'plain-file');
    writeFileSync(file, 'x');
    const e3 = await createOmeZarr(file, spec('uint8')).catch((e: unknown) => e);
    expect(isVolumeError(e3) && e3.tag).toBe('exists');
  });

  it('creates in an existing empty folder; rejects invalid specs', async () => {
    const path = fresh();
    mkdirSync(path);
    await expect(createOmeZarr(path, spec('float32'))).resolves.toBeDefined();
    const bad = await createOmeZarr(fresh(), { ...spec('uint8'), chunk: { x: 0, y: 1, z: 1 } }).catch(
      (e: unknown) => e,
    );
    expect(isVolumeError(bad) && bad.tag).toBe('write-failed');
  });

  it('openOmeZarr refuses a folder that holds no store', async () => {
    const e = await openOmeZarr(join(tmp.path, 'nothing-here')).catch((x: unknown) => x);
    expect(isVolumeError(e) && e.tag).toBe('not-found');
  });
});
