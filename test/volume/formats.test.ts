/** OME-TIFF, ImageJ hyperstacks, ImageJ raw > 4 GB layout and folders: dimensions, order, voxel size. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openVolume } from '../../app/volume/open.js';
import { writeTiffStack } from '../../app/volume/tiff/writer.js';
import { planeOf, randomStack, tempDir } from '../helpers/fixtures.js';
import { writeImageJRawTiff, writeSingleStripTiff } from '../helpers/raw-tiff.js';
import Zstd from 'numcodecs/zstd';

const dir = tempDir();
afterAll(() => dir.remove());
const X = 19;
const Y = 11;

function ome(pixels: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06" UUID="urn:uuid:1"><Image ID="Image:0"><Pixels ID="Pixels:0" ${pixels}><Channel ID="Channel:0:0"/>${body}</Pixels></Image></OME>`;
}

describe('OME-TIFF', () => {
  it('reads voxel size, units and channel-interleaved order', async () => {
    const C = 2;
    const Z = 3;
    const stack = randomStack('uint16', X, Y, C * Z, 7);
    const path = join(dir.path, 'czt.ome.tif');
    await writeTiffStack(
      path,
      Array.from({ length: C * Z }, (_, i) => planeOf(stack, X, Y, i)),
      {
        width: X,
        height: Y,
        dtype: 'uint16',
        imageDescription: ome(
          `DimensionOrder="XYCZT" Type="uint16" SizeX="${X}" SizeY="${Y}" SizeZ="${Z}" SizeC="${C}" SizeT="1" PhysicalSizeX="411" PhysicalSizeXUnit="nm" PhysicalSizeY="0.411" PhysicalSizeZ="1.5" PhysicalSizeZUnit="µm"`,
          `<TiffData IFD="0" PlaneCount="${C * Z}"/>`,
        ),
      },
    );
    const v = await openVolume(path);
    expect(v.format).toBe('ome-tiff');
    expect(v.shape).toEqual({ x: X, y: Y, z: Z, c: C, t: 1 });
    expect(v.voxelSizeSource).toBe('ome-xml');
    expect(v.voxelSize.x).toBeCloseTo(0.411, 9);
    expect(v.voxelSize.y).toBeCloseTo(0.411, 9);
    expect(v.voxelSize.z).toBeCloseTo(1.5, 9);
    expect(v.dimensionOrder).toBe('XYCZT');
    for (let z = 0; z < Z; z++)
      for (let c = 0; c < C; c++) {
        expect(await v.readPlaneXY(z, { c })).toEqual(planeOf(stack, X, Y, z * C + c));
      }
    const yz = await v.readPlaneYZ(4, { c: 1 });
    expect(yz[2 * Y + 3]).toBe(stack[(5 * Y + 3) * X + 4]); // z = 2, c = 1 is plane 5
    await v.close();
  });

  it('assembles a multi-file set from TiffData UUID file names', async () => {
    const stack = randomStack('uint16', X, Y, 4, 8);
    const sub = join(dir.path, 'multi');
    mkdirSync(sub);
    const xml = ome(
      `DimensionOrder="XYZCT" Type="uint16" SizeX="${X}" SizeY="${Y}" SizeZ="4" SizeC="1" SizeT="1" PhysicalSizeZ="2"`,
      '<TiffData FirstZ="0" IFD="0" PlaneCount="2"><UUID FileName="a.ome.tif">urn:uuid:a</UUID></TiffData>' +
        '<TiffData FirstZ="2" IFD="0" PlaneCount="2"><UUID FileName="b.ome.tif">urn:uuid:b</UUID></TiffData>',
    );
    const opts = { width: X, height: Y, dtype: 'uint16' as const };
    await writeTiffStack(join(sub, 'a.ome.tif'), [planeOf(stack, X, Y, 0), planeOf(stack, X, Y, 1)], {
      ...opts,
      imageDescription: xml,
    });
    await writeTiffStack(join(sub, 'b.ome.tif'), [planeOf(stack, X, Y, 2), planeOf(stack, X, Y, 3)], {
      ...opts,
      imageDescription: xml,
    });
    const v = await openVolume(join(sub, 'a.ome.tif'));
    expect(v.shape.z).toBe(4);
    expect(v.voxelSize.z).toBe(2);
    for (let z = 0; z < 4; z++) expect(await v.readPlaneXY(z)).toEqual(planeOf(stack, X, Y, z));
    expect(v.bytes).toBeGreaterThan(2 * X * Y * 2 * 2);
    await v.close();
  });

  it('names a missing companion file', async () => {
    const path = join(dir.path, 'orphan.ome.tif');
    const stack = randomStack('uint16', X, Y, 1, 9);
    await writeTiffStack(path, [stack], {
      width: X,
      height: Y,
      dtype: 'uint16',
      imageDescription: ome(
        `DimensionOrder="XYZCT" Type="uint16" SizeX="${X}" SizeY="${Y}" SizeZ="2" SizeC="1" SizeT="1"`,
        '<TiffData FirstZ="0" IFD="0" PlaneCount="1"/><TiffData FirstZ="1" IFD="0" PlaneCount="1"><UUID FileName="gone.ome.tif">urn:uuid:x</UUID></TiffData>',
      ),
    });
    await expect(openVolume(path)).rejects.toMatchObject({
      tag: 'not-found',
      message: expect.stringContaining('gone.ome.tif'),
    });
  });
});

describe('ImageJ', () => {
  it('reads hyperstack dimensions, spacing and unit', async () => {
    const C = 2;
    const Z = 3;
    const T = 2;
    const stack = randomStack('uint16', X, Y, C * Z * T, 10);
    const path = join(dir.path, 'hyper.tif');
    await writeTiffStack(
      path,
      Array.from({ length: C * Z * T }, (_, i) => planeOf(stack, X, Y, i)),
      {
        width: X,
        height: Y,
        dtype: 'uint16',
        resolution: { x: 1 / 0.411, y: 1 / 0.411, unit: 'none' },
        imageDescription: `ImageJ=1.54f\nimages=${C * Z * T}\nchannels=${C}\nslices=${Z}\nframes=${T}\nhyperstack=true\nunit=micron\nspacing=2.5\nloop=false\n`,
      },
    );
    const v = await openVolume(path);
    expect(v.format).toBe('imagej-tiff');
    expect(v.shape).toEqual({ x: X, y: Y, z: Z, c: C, t: T });
    expect(v.voxelSizeSource).toBe('imagej');
    expect(v.voxelSize.x).toBeCloseTo(0.411, 6);
    expect(v.voxelSize.z).toBe(2.5);
    // ImageJ order: channel fastest, then slice, then frame.
    expect(await v.readPlaneXY(2, { c: 1, t: 1 })).toEqual(planeOf(stack, X, Y, 1 + C * (2 + Z * 1)));
    await v.close();
  });

  it('reads the raw contiguous > 4 GB layout (one IFD, planes back to back)', async () => {
    const N = 6;
    const stack = randomStack('uint16', X, Y, N, 11) as Uint16Array;
    const path = join(dir.path, 'raw.tif');
    const planes = Array.from({ length: N }, (_, k) => stack.slice(k * X * Y, (k + 1) * X * Y));
    writeImageJRawTiff(
      path,
      planes,
      X,
      Y,
      `ImageJ=1.54f\nimages=${N}\nslices=${N}\nunit=micron\nspacing=1\n`,
    );
    const v = await openVolume(path);
    expect(v.format).toBe('imagej-raw');
    expect(v.shape.z).toBe(N);
    for (let k = 0; k < N; k++) expect(await v.readPlaneXY(k)).toEqual(planes[k]);
    await v.close();
  });

  it('says how many planes a truncated raw stack holds', async () => {
    const path = join(dir.path, 'raw-short.tif');
    const planes = Array.from({ length: 3 }, () => new Uint16Array(X * Y));
    writeImageJRawTiff(path, planes, X, Y, 'ImageJ=1.54f\nimages=5\nslices=5\n');
    await expect(openVolume(path)).rejects.toMatchObject({
      tag: 'truncated',
      message: expect.stringContaining('3 whole planes'),
    });
  });
});

describe('folder of TIFFs', () => {
  it('stacks files in natural order', async () => {
    const folder = join(dir.path, 'planes');
    mkdirSync(folder);
    const N = 11;
    const stack = randomStack('uint16', X, Y, N, 12);
    for (let z = 0; z < N; z++) {
      await writeTiffStack(join(folder, `plane_z${z}.tif`), [planeOf(stack, X, Y, z)], {
        width: X,
        height: Y,
        dtype: 'uint16',
        compression: z % 2 ? 'lzw' : 'none',
      });
    }
    const v = await openVolume(folder);
    expect(v.format).toBe('tiff-folder');
    expect(v.shape.z).toBe(N);
    for (let z = 0; z < N; z++) expect(await v.readPlaneXY(z)).toEqual(planeOf(stack, X, Y, z));
    const xz = await v.readPlaneXZ(5);
    expect(xz[10 * X + 3]).toBe(stack[(10 * Y + 5) * X + 3]);
    await v.close();
  });
});

describe('zstd', () => {
  it('decodes Zstd strips (compression 50000), which our writer cannot produce', async () => {
    const plane = randomStack('uint16', X, Y, 1, 13) as Uint16Array;
    const codec = Zstd.fromConfig({ level: 3, id: 'zstd' });
    const stored = await codec.encode(new Uint8Array(plane.buffer));
    const path = join(dir.path, 'zstd.tif');
    writeSingleStripTiff(path, X, Y, 50000, stored);
    const v = await openVolume(path);
    expect(v.compression).toBe('zstd');
    expect(await v.readPlaneXY(0)).toEqual(plane);
    await v.close();
  });
});
