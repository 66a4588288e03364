/**
 * Export round trips: an OME-Zarr store (a run's output) streamed to OME-TIFF, ImageJ TIFF
 * and OME-Zarr reads back through openVolume with identical voxels and voxel size; geotiff,
 * an independent reader, agrees on the TIFFs' pixels; failures leave no partial file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fromFile } from 'geotiff';
import { exportVolume } from '../../app/volume/export.js';
import { openVolume } from '../../app/volume/open.js';
import { createOmeZarr, fullBox } from '../../app/volume/zarr/index.js';
import { isVolumeError } from '../../app/volume/errors.js';
import type { TypedArray, Volume } from '../../app/volume/types.js';
import { planeOf, randomStack, tempDir } from '../helpers/fixtures.js';

const tmp = tempDir('isotrope-export-');
const shape = { x: 23, y: 17, z: 9 };
const voxelSize = { x: 0.411, y: 0.411, z: 0.5 };
const stores: Record<string, { path: string; stack: TypedArray }> = {};

beforeAll(async () => {
  for (const dtype of ['uint16', 'float32', 'uint8'] as const) {
    const path = join(tmp.path, `${dtype}.zarr`);
    const stack = randomStack(dtype, shape.x, shape.y, shape.z, 11);
    const store = await createOmeZarr(path, {
      shape,
      chunk: { x: 16, y: 8, z: 4 },
      dtype,
      voxelSize,
      levels: 2,
    });
    await store.writeBox(0, fullBox(shape), stack);
    await store.downsample(0);
    stores[dtype] = { path, stack };
  }
});
afterAll(() => tmp.remove());

async function expectSameVolume(v: Volume, stack: TypedArray, format: string): Promise<void> {
  expect(v.format).toBe(format);
  expect(v.shape).toEqual({ ...shape, c: 1, t: 1 });
  expect(v.voxelSize.x).toBeCloseTo(voxelSize.x, 6);
  expect(v.voxelSize.y).toBeCloseTo(voxelSize.y, 6);
  expect(v.voxelSize.z).toBeCloseTo(voxelSize.z, 6);
  for (let z = 0; z < shape.z; z++)
    expect(Array.from(await v.readPlaneXY(z))).toEqual(Array.from(planeOf(stack, shape.x, shape.y, z)));
}

describe('exportVolume', () => {
  for (const dtype of ['uint16', 'float32', 'uint8'] as const) {
    it(`OME-TIFF of a ${dtype} store reads back identically, with its voxel size`, async () => {
      const out = join(tmp.path, `${dtype}.ome.tif`);
      const seen: number[] = [];
      const source = await openVolume(stores[dtype].path);
      await exportVolume(source, out, { format: 'ome-tiff', onProgress: (d) => seen.push(d) });
      expect(seen.at(-1)).toBe(shape.z);
      const back = await openVolume(out);
      expect(back.dtype).toBe(dtype);
      expect(back.voxelSizeSource).toBe('ome-xml');
      await expectSameVolume(back, stores[dtype].stack, 'ome-tiff');
      await back.close();
    });

    it(`ImageJ TIFF of a ${dtype} store reads back identically; planes are contiguous as ImageJ assumes`, async () => {
      const out = join(tmp.path, `${dtype}.tif`);
      await exportVolume(await openVolume(stores[dtype].path), out, { format: 'tiff' });
      const back = await openVolume(out);
      expect(back.voxelSizeSource).toBe('imagej');
      await expectSameVolume(back, stores[dtype].stack, 'imagej-tiff');
      await back.close();
      // geotiff (independent) sees every IFD's pixels, and plane k sits at offset0 + k·planeBytes.
      const tiff = await fromFile(out);
      expect(await tiff.getImageCount()).toBe(shape.z);
      const first = await tiff.getImage(0);
      const firstStrip = async (img: typeof first): Promise<number> =>
        Number(((await img.fileDirectory.loadValue('StripOffsets')) as ArrayLike<number>)[0]);
      const offset0 = await firstStrip(first);
      const bytes = shape.x * shape.y * stores[dtype].stack.BYTES_PER_ELEMENT;
      for (const k of [1, shape.z - 1]) {
        const img = await tiff.getImage(k);
        expect(await firstStrip(img)).toBe(offset0 + k * bytes);
        const [raster] = (await img.readRasters()) as unknown as TypedArray[];
        expect(Array.from(raster)).toEqual(Array.from(planeOf(stores[dtype].stack, shape.x, shape.y, k)));
      }
      const description = String(await first.fileDirectory.loadValue('ImageDescription'));
      expect(description).toMatch(/^ImageJ=.*\nimages=9\nslices=9\nunit=micron\nspacing=0\.5\n/s);
      await tiff.close();
    });
  }

  it('exports a coarser pyramid level', async () => {
    const out = join(tmp.path, 'level1.ome.tif');
    await exportVolume(await openVolume(stores.uint16.path, { level: 1 }), out, {
      format: 'ome-tiff',
      compression: 'deflate',
    });
    const back = await openVolume(out);
    expect(back.shape).toEqual({ x: 12, y: 9, z: 5, c: 1, t: 1 });
    expect(back.voxelSize.x).toBeCloseTo(0.822, 6);
  });

  it("'zarr' copies the store (every level) and refuses to overwrite a folder", async () => {
    const out = join(tmp.path, 'copy.zarr');
    await exportVolume(await openVolume(stores.uint16.path), out, { format: 'zarr' });
    await expectSameVolume(await openVolume(out), stores.uint16.stack, 'ome-zarr');
    expect((await openVolume(out, { level: 1 })).shape.x).toBe(12);
    const err = await exportVolume(await openVolume(stores.uint16.path), out, { format: 'zarr' }).catch(
      (e: unknown) => e,
    );
    expect(isVolumeError(err) && err.tag).toBe('exists');
  });

  it("'zarr' converts a TIFF into a new OME-Zarr store with its pyramid", async () => {
    const tif = join(tmp.path, 'uint16.ome.tif');
    if (!existsSync(tif))
      await exportVolume(await openVolume(stores.uint16.path), tif, { format: 'ome-tiff' });
    const out = join(tmp.path, 'converted.zarr');
    await exportVolume(await openVolume(tif), out, { format: 'zarr' });
    await expectSameVolume(await openVolume(out), stores.uint16.stack, 'ome-zarr');
  });

  it('a cancelled export leaves neither the file nor its .part', async () => {
    const out = join(tmp.path, 'cancelled.ome.tif');
    const ac = new AbortController();
    const err = await exportVolume(await openVolume(stores.uint16.path), out, {
      format: 'ome-tiff',
      slabBytes: 1,
      signal: ac.signal,
      onProgress: (d) => {
        if (d === 2) ac.abort();
      },
    }).catch((e: unknown) => e);
    expect(isVolumeError(err) && err.tag).toBe('aborted');
    expect(readdirSync(tmp.path).filter((f) => f.startsWith('cancelled'))).toEqual([]);
  });
});
