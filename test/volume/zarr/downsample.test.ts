/**
 * The pyramid: blockMean on known patterns (odd edges, rounding, floats), and the store's
 * downsample over everything, over a region, and cascading to the top level.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { blockMean, createOmeZarr, fullBox } from '../../../app/volume/zarr/index.js';
import { tempDir } from '../../helpers/fixtures.js';

const tmp = tempDir('isotrope-zarr-ds-');
afterAll(() => tmp.remove());

describe('blockMean', () => {
  it('averages 2x2x2 blocks', () => {
    const { data, dims } = blockMean(
      new Uint16Array([0, 2, 4, 6, 8, 10, 12, 14]),
      { x: 2, y: 2, z: 2 },
      'uint16',
    );
    expect(dims).toEqual({ x: 1, y: 1, z: 1 });
    expect(Array.from(data)).toEqual([7]);
  });

  it('averages only the voxels that exist at odd edges, so constants stay constant', () => {
    const { data, dims } = blockMean(new Uint8Array(3 * 3 * 3).fill(9), { x: 3, y: 3, z: 3 }, 'uint8');
    expect(dims).toEqual({ x: 2, y: 2, z: 2 });
    expect(Array.from(data)).toEqual(new Array(8).fill(9));
    // x = 0, 1, 2 along one row: blocks [0, 1] and [2]
    expect(Array.from(blockMean(new Float32Array([1, 2, 10]), { x: 3, y: 1, z: 1 }, 'float32').data)).toEqual(
      [1.5, 10],
    );
  });

  it('rounds half up for integers and keeps fractions for floats', () => {
    expect(Array.from(blockMean(new Uint16Array([1, 2]), { x: 2, y: 1, z: 1 }, 'uint16').data)).toEqual([2]);
    expect(Array.from(blockMean(new Uint16Array([1, 1, 1, 2]), { x: 2, y: 2, z: 1 }, 'uint16').data)).toEqual(
      [1],
    );
    expect(Array.from(blockMean(new Float32Array([1, 2]), { x: 2, y: 1, z: 1 }, 'float32').data)).toEqual([
      1.5,
    ]);
  });
});

describe('OmeZarrStore.downsample', () => {
  // A linear pattern, whose 2x2x2 block means are known in closed form:
  // v = 2x + 10y + 100z has block mean 2(2i + 0.5) + 10(2j + 0.5) + 100(2k + 0.5) = 4i + 20j + 200k + 56.
  const shape = { x: 16, y: 12, z: 8 };
  const value = (x: number, y: number, z: number): number => 2 * x + 10 * y + 100 * z;
  const volume = (): Float32Array => {
    const a = new Float32Array(shape.x * shape.y * shape.z);
    let i = 0;
    for (let z = 0; z < shape.z; z++)
      for (let y = 0; y < shape.y; y++) for (let x = 0; x < shape.x; x++) a[i++] = value(x, y, z);
    return a;
  };

  it('builds every level of a known pattern', async () => {
    const store = await createOmeZarr(join(tmp.path, 'a.zarr'), {
      shape,
      chunk: { x: 4, y: 4, z: 4 },
      dtype: 'float32',
      voxelSize: { x: 1, y: 1, z: 1 },
      levels: 3,
    });
    await store.writeBox(0, fullBox(shape), volume());
    await store.downsample(0);
    const l1 = await store.readBox(1, fullBox(store.levels[1].shape));
    expect(store.levels[1].shape).toEqual({ x: 8, y: 6, z: 4 });
    let i = 0;
    for (let k = 0; k < 4; k++)
      for (let j = 0; j < 6; j++)
        for (let m = 0; m < 8; m++) expect(l1[i++]).toBe(4 * m + 20 * j + 200 * k + 56);
    // Level 2 is the mean of level 1's blocks: 8i' + 40j' + 400k' + 56 + (4 + 20 + 200) / 2.
    const l2 = await store.readBox(2, fullBox(store.levels[2].shape));
    i = 0;
    for (let k = 0; k < 2; k++)
      for (let j = 0; j < 3; j++)
        for (let m = 0; m < 4; m++) expect(l2[i++]).toBe(8 * m + 40 * j + 400 * k + 168);
  });

  it('rebuilds only the chunks covering a region; cascade can be turned off', async () => {
    const store = await createOmeZarr(join(tmp.path, 'b.zarr'), {
      shape,
      chunk: { x: 4, y: 4, z: 4 },
      dtype: 'uint16',
      voxelSize: { x: 1, y: 1, z: 1 },
      levels: 3,
    });
    await store.writeBox(0, fullBox(shape), Uint16Array.from(volume()));
    // Level-0 box x 0..8, y 0..4, z 0..4 → level-1 x 0..4, y 0..2, z 0..2 → level-1 chunk (0, 0, 0) only.
    await store.downsample(
      0,
      { x: { start: 0, end: 8 }, y: { start: 0, end: 4 }, z: { start: 0, end: 4 } },
      { cascade: false },
    );
    const l1 = await store.readBox(1, fullBox(store.levels[1].shape));
    const at = (x: number, y: number, z: number): number => l1[(z * 6 + y) * 8 + x];
    expect(at(0, 0, 0)).toBe(56);
    expect(at(3, 3, 3)).toBe(4 * 3 + 20 * 3 + 200 * 3 + 56);
    expect(at(4, 0, 0)).toBe(0); // outside the rebuilt chunk
    expect(Math.max(...(await store.readBox(2, fullBox(store.levels[2].shape))))).toBe(0); // no cascade
    await store.downsample(1, undefined);
    expect((await store.readBox(2, fullBox(store.levels[2].shape)))[0]).toBeGreaterThan(0);
  });

  it('the top level is a no-op', async () => {
    const store = await createOmeZarr(join(tmp.path, 'c.zarr'), {
      shape,
      chunk: { x: 4, y: 4, z: 4 },
      dtype: 'uint8',
      voxelSize: { x: 1, y: 1, z: 1 },
      levels: 1,
    });
    await expect(store.downsample(0)).resolves.toBeUndefined();
  });
});
