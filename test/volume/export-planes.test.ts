/**
 * Exports of a two-channel, three-time-point volume (a 5D output.zarr): OME-TIFF in XYZCT
 * order with the channels and SizeT in its OME-XML, an ImageJ hyperstack (channel fastest,
 * composite, a LUT per channel) that our ImageJ reader and geotiff read plane for plane, and
 * a 'zarr' conversion into a 5D store; `c` / `t` still export one plane, and a bad one is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromFile } from 'geotiff';
import { exportVolume } from '../../app/volume/export.js';
import { openVolume } from '../../app/volume/open.js';
import { createOmeZarr, fullBox } from '../../app/volume/zarr/index.js';
import { isVolumeError } from '../../app/volume/errors.js';
import { lutOfColor } from '../../app/volume/tiff/writer-imagej-hyperstack.js';
import type { TypedArray, Volume } from '../../app/volume/types.js';
import { classicEntry, planeOf, randomStack, tempDir } from '../helpers/fixtures.js';

const tmp = tempDir('isotrope-export-planes-');
afterAll(() => tmp.remove());
const shape = { x: 23, y: 17, z: 9 };
const voxelSize = { x: 0.411, y: 0.411, z: 0.5 };
const CHANNELS = 2;
const TIMEPOINTS = 3;
const source = join(tmp.path, 'output.zarr');
/** stacks[t][c] */
const stacks: TypedArray[][] = [];

beforeAll(async () => {
  const store = await createOmeZarr(source, {
    shape,
    chunk: { x: 16, y: 8, z: 4 },
    dtype: 'uint16',
    voxelSize,
    levels: 2,
    planes: { t: TIMEPOINTS, c: CHANNELS },
    channels: [
      { name: 'vessels', color: '00FFFF' },
      { name: 'neurons', color: 'FF00FF' },
    ],
  });
  for (let t = 0; t < TIMEPOINTS; t++) {
    stacks.push([]);
    for (let c = 0; c < CHANNELS; c++) {
      const stack = randomStack('uint16', shape.x, shape.y, shape.z, 40 + 10 * t + c);
      stacks[t].push(stack);
      await store.writeBox(0, fullBox(shape), stack, { c, t });
      await store.downsample(0, undefined, { plane: { c, t } });
    }
  }
});

/** Every plane of `v` equals the source's (c, t) plane. */
async function expectEveryPlane(v: Volume, channels = CHANNELS, timepoints = TIMEPOINTS): Promise<void> {
  expect(v.shape).toEqual({ ...shape, c: channels, t: timepoints });
  for (let t = 0; t < timepoints; t++)
    for (let c = 0; c < channels; c++)
      for (let z = 0; z < shape.z; z++)
        expect(Array.from(await v.readPlaneXY(z, { c, t }))).toEqual(
          Array.from(planeOf(stacks[t][c], shape.x, shape.y, z)),
        );
}

describe('exportVolume of several channels and time points', () => {
  it('OME-TIFF: every plane, XYZCT, one IFD per plane, channels and SizeT in the OME-XML', async () => {
    const out = join(tmp.path, 'planes.ome.tif');
    const seen: [number, number][] = [];
    await exportVolume(await openVolume(source), out, {
      format: 'ome-tiff',
      slabBytes: 1,
      onProgress: (done, total) => seen.push([done, total]),
    });
    const planes = shape.z * CHANNELS * TIMEPOINTS;
    expect(seen.at(-1)).toEqual([planes, planes]);
    const back = await openVolume(out);
    expect(back.format).toBe('ome-tiff');
    await expectEveryPlane(back);
    await back.close();
    const tiff = await fromFile(out);
    expect(await tiff.getImageCount()).toBe(planes);
    // XYZCT: IFD z + Z·(c + C·t) holds plane (z, c, t).
    const [raster] = (await (
      await tiff.getImage(5 + shape.z * (1 + CHANNELS * 2))
    ).readRasters()) as unknown as TypedArray[];
    expect(Array.from(raster)).toEqual(Array.from(planeOf(stacks[2][1], shape.x, shape.y, 5)));
    const xml = String(await (await tiff.getImage(0)).fileDirectory.loadValue('ImageDescription'));
    expect(xml).toContain('DimensionOrder="XYZCT"');
    expect(xml).toContain('SizeZ="9" SizeC="2" SizeT="3"');
    expect(xml).toMatch(/<Channel ID="Channel:0:0" Name="vessels" Color="16777215"/); // 0x00FFFFFF
    expect(xml).toMatch(/<Channel ID="Channel:0:1" Name="neurons" Color="-16711681"/); // 0xFF00FFFF
    expect(xml).toContain(`PlaneCount="${planes}"`);
    await tiff.close();
  });

  it('ImageJ TIFF: a composite hyperstack, channel fastest, with a LUT per channel colour', async () => {
    const out = join(tmp.path, 'planes.tif');
    await exportVolume(await openVolume(source), out, { format: 'tiff', slabBytes: 1 });
    const back = await openVolume(out);
    expect(back.format).toBe('imagej-tiff');
    expect(back.voxelSize.z).toBeCloseTo(0.5, 6);
    await expectEveryPlane(back);
    await back.close();
    const tiff = await fromFile(out);
    const planes = shape.z * CHANNELS * TIMEPOINTS;
    expect(await tiff.getImageCount()).toBe(planes);
    // ImageJ's order: IFD c + C·(z + Z·t) holds plane (z, c, t).
    const [raster] = (await (
      await tiff.getImage(1 + CHANNELS * (5 + shape.z * 2))
    ).readRasters()) as unknown as TypedArray[];
    expect(Array.from(raster)).toEqual(Array.from(planeOf(stacks[2][1], shape.x, shape.y, 5)));
    const description = String(
      await (await tiff.getImage(0)).fileDirectory.loadValue('ImageDescription'),
    ).replace(/\0$/, '');
    expect(description).toBe(
      'ImageJ=1.11a\nimages=54\nchannels=2\nslices=9\nframes=3\nhyperstack=true\nmode=composite\n' +
        'unit=micron\nspacing=0.5\nloop=false\n',
    );
    await tiff.close();
    // IJMetadata: byte counts [header, lut, lut]; header "IJIJ" + "luts" × 2 (little-endian ints), then the tables.
    const bytes = readFileSync(out);
    const countsEntry = classicEntry(bytes, 0, 50838);
    expect(bytes.readUInt16LE(countsEntry + 2)).toBe(4); // LONG
    expect(bytes.readUInt32LE(countsEntry + 4)).toBe(3);
    const countsAt = bytes.readUInt32LE(countsEntry + 8);
    expect([0, 1, 2].map((k) => bytes.readUInt32LE(countsAt + 4 * k))).toEqual([12, 768, 768]);
    const dataEntry = classicEntry(bytes, 0, 50839);
    expect(bytes.readUInt16LE(dataEntry + 2)).toBe(1); // BYTE
    expect(bytes.readUInt32LE(dataEntry + 4)).toBe(12 + 2 * 768);
    const dataAt = bytes.readUInt32LE(dataEntry + 8);
    expect(bytes.subarray(dataAt, dataAt + 8).toString('latin1')).toBe('JIJIstul');
    expect(bytes.readUInt32LE(dataAt + 8)).toBe(2);
    const cyan = bytes.subarray(dataAt + 12, dataAt + 12 + 768);
    expect(Array.from(cyan)).toEqual(Array.from(lutOfColor('00FFFF')));
    expect([cyan[255], cyan[256 + 255], cyan[512 + 255], cyan[512 + 128]]).toEqual([0, 255, 255, 128]);
    const magenta = bytes.subarray(dataAt + 12 + 768, dataAt + 12 + 2 * 768);
    expect([magenta[255], magenta[256 + 255], magenta[512 + 255]]).toEqual([255, 0, 255]);
  });

  it('ImageJ TIFF of one channel over time: frames, no composite mode, no LUTs', async () => {
    const out = join(tmp.path, 'channel1.tif');
    await exportVolume(await openVolume(source), out, { format: 'tiff', c: 1 });
    const back = await openVolume(out);
    expect(back.shape).toEqual({ ...shape, c: 1, t: TIMEPOINTS });
    for (let t = 0; t < TIMEPOINTS; t++)
      expect(Array.from(await back.readPlaneXY(8, { t }))).toEqual(
        Array.from(planeOf(stacks[t][1], shape.x, shape.y, 8)),
      );
    await back.close();
    const tiff = await fromFile(out);
    const description = String(
      await (await tiff.getImage(0)).fileDirectory.loadValue('ImageDescription'),
    ).replace(/\0$/, '');
    expect(description).toBe(
      'ImageJ=1.11a\nimages=27\nslices=9\nframes=3\nhyperstack=true\nunit=micron\nspacing=0.5\nloop=false\n',
    );
    await tiff.close();
    expect(() => classicEntry(readFileSync(out), 0, 50839)).toThrow();
  });

  it('c and t together export one plane, as before; one out of range is refused before any file', async () => {
    const out = join(tmp.path, 'one.ome.tif');
    await exportVolume(await openVolume(source), out, { format: 'ome-tiff', c: 1, t: 2 });
    const back = await openVolume(out);
    expect(back.shape).toEqual({ ...shape, c: 1, t: 1 });
    for (let z = 0; z < shape.z; z++)
      expect(Array.from(await back.readPlaneXY(z))).toEqual(
        Array.from(planeOf(stacks[2][1], shape.x, shape.y, z)),
      );
    await back.close();
    const bad = join(tmp.path, 'bad.ome.tif');
    const err = await exportVolume(await openVolume(source), bad, { format: 'ome-tiff', c: 2 }).catch(
      (e: unknown) => e,
    );
    expect(isVolumeError(err) && err.tag).toBe('out-of-range');
    expect((err as Error).message).toContain('channel 2 is out of range');
  });

  it("'zarr' of a multi-plane non-Zarr source writes a 5D store with omero", async () => {
    const zarrVolume = await openVolume(source);
    const notZarr: Volume = { ...zarrVolume, format: 'ome-tiff' }; // the same planes, taken through the conversion
    const out = join(tmp.path, 'converted.zarr');
    await exportVolume(notZarr, out, { format: 'zarr' });
    const root = JSON.parse(readFileSync(join(out, 'zarr.json'), 'utf8')) as {
      attributes: { ome: { multiscales: { axes: { name: string; type: string }[] }[]; omero: unknown } };
    };
    expect(root.attributes.ome.multiscales[0].axes.map((axis) => `${axis.name}:${axis.type}`)).toEqual([
      't:time',
      'c:channel',
      'z:space',
      'y:space',
      'x:space',
    ]);
    expect(root.attributes.ome.omero).toMatchObject({
      channels: [
        { label: 'vessels', color: '00FFFF', active: true },
        { label: 'neurons', color: 'FF00FF', active: true },
      ],
    });
    const back = await openVolume(out);
    expect(back.channels).toEqual([
      { name: 'vessels', color: '00FFFF' },
      { name: 'neurons', color: 'FF00FF' },
    ]);
    await expectEveryPlane(back);
  });

  it('partial markers stay: OME-XML description, ImageJ line, Zarr attribute', async () => {
    const partial = { unitsDone: 3, unitsTotal: 8 };
    const ome = join(tmp.path, 'partial.ome.tif');
    await exportVolume(await openVolume(source), ome, { format: 'ome-tiff', partial });
    expect(readFileSync(ome, 'latin1')).toContain('partial: 3 of 8 units');
    const ij = join(tmp.path, 'partial.tif');
    await exportVolume(await openVolume(source), ij, { format: 'tiff', partial });
    expect(readFileSync(ij, 'latin1')).toContain('loop=false\nisotrope_partial=3/8\n');
    const zarr = join(tmp.path, 'partial.zarr');
    await exportVolume({ ...(await openVolume(source)), format: 'ome-tiff' }, zarr, {
      format: 'zarr',
      partial,
    });
    expect(JSON.parse(readFileSync(join(zarr, 'zarr.json'), 'utf8')).attributes.isotrope_partial).toEqual(
      partial,
    );
  });
});
