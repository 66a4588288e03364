/**
 * Chunk writes are atomic: nothing but chunk files is left after successful writes, and the
 * leftovers of a crash mid-write (a temp file beside the chunk) never break reading.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOmeZarr, isTempFile, openOmeZarr, openOmeZarrVolume } from '../../../app/volume/zarr/index.js';
import { tempDir } from '../../helpers/fixtures.js';

const tmp = tempDir('isotrope-zarr-crash-');
afterAll(() => tmp.remove());
const spec = {
  shape: { x: 16, y: 8, z: 8 },
  chunk: { x: 8, y: 8, z: 4 },
  dtype: 'uint16' as const,
  voxelSize: { x: 1, y: 1, z: 1 },
  levels: 2,
};
const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);

describe('crash safety', () => {
  it('leaves no temp files after writes, downsampling and reopening', async () => {
    const path = join(tmp.path, 'a.zarr');
    const store = await createOmeZarr(path, spec);
    for (let z = 0; z < 2; z++)
      for (let x = 0; x < 2; x++)
        await store.writeChunk(0, { x, y: 0, z }, new Uint16Array(8 * 8 * 4).fill(100 * z + x));
    await store.downsample(0);
    await createOmeZarr(path, spec);
    expect(files(path).filter(isTempFile)).toEqual([]);
    expect(files(path).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('a leftover temp file from a crash mid-write does not break reading, reopening or rewriting', async () => {
    const path = join(tmp.path, 'b.zarr');
    const store = await createOmeZarr(path, spec);
    const data = new Uint16Array(8 * 8 * 4).fill(7);
    await store.writeChunk(0, { x: 0, y: 0, z: 0 }, data);
    // What a kill -9 between the temp write and the rename leaves: a torn temp file, for a chunk
    // written before and one never written.
    const dir = join(path, '0', 'c', '0', '0');
    writeFileSync(join(dir, '.0.4242.0.tmp'), Buffer.from([0x28, 0xb5, 0x2f]));
    writeFileSync(join(dir, '.1.4242.1.tmp'), Buffer.from('torn'));
    const reopened = await openOmeZarr(path);
    const back = await reopened.readBox(0, {
      x: { start: 0, end: 16 },
      y: { start: 0, end: 8 },
      z: { start: 0, end: 4 },
    });
    for (let i = 0; i < back.length; i++) expect(back[i]).toBe(i % 16 < 8 ? 7 : 0);
    const volume = await openOmeZarrVolume(path);
    expect((await volume.readPlaneXY(0))[0]).toBe(7);
    await reopened.writeChunk(0, { x: 1, y: 0, z: 0 }, data);
    expect(
      (
        await reopened.readBox(0, {
          x: { start: 8, end: 9 },
          y: { start: 0, end: 1 },
          z: { start: 0, end: 1 },
        })
      )[0],
    ).toBe(7);
  });

  it('a store whose creation was cut short (root written, a level missing) is completed on the next create', async () => {
    const path = join(tmp.path, 'c.zarr');
    await createOmeZarr(path, spec);
    const { rmSync } = await import('node:fs');
    rmSync(join(path, '1'), { recursive: true });
    const store = await createOmeZarr(path, spec);
    expect(store.levels).toHaveLength(2);
    await store.writeChunk(1, { x: 0, y: 0, z: 0 }, new Uint16Array(8 * 4 * 4));
  });
});
