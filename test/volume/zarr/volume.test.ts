/**
 * openVolume on an OME-Zarr store: the same Volume interface as a TIFF, exact planes and
 * bricks in every orientation, voxel size from the NGFF scales, any pyramid level.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openVolume } from '../../../app/volume/open.js';
import { createOmeZarr, fullBox, isOmeZarr } from '../../../app/volume/zarr/index.js';
import { isVolumeError } from '../../../app/volume/errors.js';
import type { TypedArray } from '../../../app/volume/types.js';
import { brickOf, planeOf, randomStack, tempDir } from '../../helpers/fixtures.js';

const tmp = tempDir('isotrope-zarr-vol-');
const shape = { x: 19, y: 11, z: 7 };
const path = join(tmp.path, 'out.zarr');
let stack: TypedArray;

beforeAll(async () => {
  stack = randomStack('uint16', shape.x, shape.y, shape.z, 5);
  const store = await createOmeZarr(path, {
    shape,
    chunk: { x: 8, y: 4, z: 3 },
    dtype: 'uint16',
    voxelSize: { x: 0.4, y: 0.5, z: 0.6 },
    levels: 2,
  });
  await store.writeBox(0, fullBox(shape), stack);
  await store.downsample(0);
});
afterAll(() => tmp.remove());

describe('openVolume(OME-Zarr)', () => {
  it('describes the store', async () => {
    const v = await openVolume(path);
    expect(v.format).toBe('ome-zarr');
    expect(v.shape).toEqual({ ...shape, c: 1, t: 1 });
    expect(v.dtype).toBe('uint16');
    expect(v.voxelSize).toEqual({ x: 0.4, y: 0.5, z: 0.6 });
    expect(v.voxelSizeSource).toBe('ngff');
    expect(v.compression).toBe('zstd');
    expect(v.bytes).toBeGreaterThan(0);
  });

  it('reads exact xy, xz and yz planes and bricks', async () => {
    const v = await openVolume(path);
    for (let z = 0; z < shape.z; z++)
      expect(Array.from(await v.readPlaneXY(z))).toEqual(Array.from(planeOf(stack, shape.x, shape.y, z)));
    for (const y of [0, 5, 10]) {
      const xz = await v.readPlaneXZ(y);
      const expected = brickOf(stack, shape, {
        x: { start: 0, end: shape.x },
        y: { start: y, end: y + 1 },
        z: { start: 0, end: shape.z },
      });
      expect(Array.from(xz)).toEqual(Array.from(expected));
    }
    for (const x of [0, 9, 18]) {
      const yz = await v.readPlaneYZ(x);
      const expected = brickOf(stack, shape, {
        x: { start: x, end: x + 1 },
        y: { start: 0, end: shape.y },
        z: { start: 0, end: shape.z },
      });
      expect(yz.length).toBe(shape.y * shape.z);
      expect(Array.from(yz)).toEqual(Array.from(expected));
    }
    const box = { x: { start: 3, end: 17 }, y: { start: 2, end: 9 }, z: { start: 1, end: 6 } };
    expect(Array.from(await v.readBrick(box))).toEqual(Array.from(brickOf(stack, shape, box)));
  });

  it('opens a coarser level with its own shape and voxel size', async () => {
    const v = await openVolume(path, { level: 1 });
    expect(v.shape).toEqual({ x: 10, y: 6, z: 4, c: 1, t: 1 });
    expect(v.voxelSize.x).toBeCloseTo(0.8);
    expect(v.voxelSize.z).toBeCloseTo(1.2);
  });

  it('rejects reads outside the volume and a cancelled read with tags', async () => {
    const v = await openVolume(path);
    const tag = async (p: Promise<unknown>): Promise<unknown> =>
      p.then(
        () => 'ok',
        (e) => (isVolumeError(e) ? e.tag : e),
      );
    expect(await tag(v.readPlaneXY(7))).toBe('out-of-range');
    expect(await tag(v.readPlaneYZ(-1))).toBe('out-of-range');
    expect(await tag(v.readPlaneXY(0, { c: 1 }))).toBe('out-of-range');
    const ac = new AbortController();
    ac.abort();
    expect(await tag(v.readPlaneXY(0, { signal: ac.signal }))).toBe('aborted');
    expect(await tag(openVolume(tmp.path))).not.toBe('ok'); // a folder with neither TIFFs nor multiscales
  });
});

describe('isOmeZarr', () => {
  /** A fresh folder holding the given files (a value of null makes a folder of that name). */
  function store(name: string, files: Record<string, string | null>): string {
    const folder = join(tmp.path, name);
    mkdirSync(folder);
    for (const [file, text] of Object.entries(files)) {
      if (text === null) mkdirSync(join(folder, file));
      else writeFileSync(join(folder, file), text);
    }
    return folder;
  }

  it('is false only where there is no zarr metadata, and true for ours', async () => {
    expect(await isOmeZarr(store('plain', { 'notes.txt': 'hello' }))).toBe(false);
    expect(await isOmeZarr(path)).toBe(true);
    await expect(openVolume(join(tmp.path, 'plain'))).rejects.toMatchObject({ tag: 'empty' });
  });

  it('names a zarr.json, .zattrs or .zgroup it cannot parse (not a TIFF-folder problem)', async () => {
    const broken = store('broken-v3', { 'zarr.json': '{"zarr_format": 3, "node_type": ' });
    const file = join(broken, 'zarr.json');
    await expect(isOmeZarr(broken)).rejects.toMatchObject({ tag: 'malformed', file });
    const notJson = { tag: 'malformed', file, message: expect.stringContaining('JSON') };
    await expect(openVolume(broken)).rejects.toMatchObject(notJson);
    const v2 = store('broken-v2', { '.zgroup': '{"zarr_format": 2}', '.zattrs': '[1, 2]' });
    await expect(openVolume(v2)).rejects.toMatchObject({ tag: 'malformed', file: join(v2, '.zattrs') });
    const group = store('broken-group', { '.zgroup': 'zarr' });
    await expect(openVolume(group)).rejects.toMatchObject({ tag: 'malformed', file: join(group, '.zgroup') });
  });

  it('names a metadata file it cannot read', async () => {
    const unreadable = store('unreadable', { 'zarr.json': null });
    await expect(openVolume(unreadable)).rejects.toSatisfy(
      (e: unknown) => isVolumeError(e) && e.tag === 'not-found' && e.file === join(unreadable, 'zarr.json'),
    );
  });

  it('opens a zarr group without multiscales as a store that is not an image', async () => {
    const group = store('group-only', { '.zgroup': '{"zarr_format": 2}' });
    expect(await isOmeZarr(group)).toBe(true);
    const notAnImage = { tag: 'unsupported', message: expect.stringContaining('no multiscales') };
    await expect(openVolume(group)).rejects.toMatchObject(notAnImage);
  });
});
