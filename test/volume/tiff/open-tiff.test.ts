/** Opening OME-TIFFs and ImageJ hyperstacks: the channels' names and colours from their metadata (single files and multi-file OME sets). */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { channelsOf } from '../../../app/volume/channels.js';
import { describeVolume } from '../../../app/volume/describe.js';
import { openVolume } from '../../../app/volume/open.js';
import { writeTiffStack } from '../../../app/volume/tiff/writer.js';
import { brickOf, planeOf, randomStack, tempDir, writeOmeStack } from '../../helpers/fixtures.js';
import { rampLut, writeImageJHyperstack } from '../../helpers/imagej-tiff.js';

const dir = tempDir();
afterAll(() => dir.remove());

const TWO_CHANNELS = [
  { name: 'vessels', color: '00FFFF' },
  { name: 'nuclei', color: 'FF00FF' },
];

describe('OME-TIFF channels', () => {
  it('reads Channel@Name and Channel@Color (signed RGBA) into the header', async () => {
    const written = await writeOmeStack(join(dir.path, 'two.ome.tif'), {
      x: 12,
      y: 9,
      z: 3,
      c: 2,
      t: 2,
      channels: TWO_CHANNELS,
    });
    const volume = await openVolume(written.path);
    expect(volume.shape).toEqual({ x: 12, y: 9, z: 3, c: 2, t: 2 });
    expect(volume.channels).toEqual(TWO_CHANNELS);
    expect(describeVolume(volume).channels).toEqual(TWO_CHANNELS);
    const box = { x: { start: 1, end: 10 }, y: { start: 2, end: 7 }, z: { start: 0, end: 3 } };
    for (const [c, t] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ])
      expect(await volume.readBrick(box, { c, t })).toEqual(
        brickOf(written.stackOf(c, t), { x: 12, y: 9 }, box),
      );
    await volume.close();
  });

  it('has no channels when the OME-XML names and colours none, and pads a partial list', async () => {
    const bare = await writeOmeStack(join(dir.path, 'bare.ome.tif'), { x: 8, y: 8, z: 2, c: 2 });
    const volume = await openVolume(bare.path);
    expect(volume.channels).toBeUndefined();
    expect(channelsOf(volume)).toEqual(TWO_CHANNELS.map((channel, k) => ({ ...channel, name: `C${k}` })));
    await volume.close();
    const partial = await writeOmeStack(join(dir.path, 'partial.ome.tif'), {
      x: 8,
      y: 8,
      z: 2,
      c: 3,
      channels: [{}, { name: 'nuclei' }, { color: '00ff00' }],
    });
    const three = await openVolume(partial.path);
    expect(three.channels).toEqual([
      { name: null, color: null },
      { name: 'nuclei', color: null },
      { name: null, color: '00FF00' },
    ]);
    await three.close();
  });

  it('ignores malformed colours and cuts hostile names', async () => {
    const X = 6;
    const Y = 5;
    const stack = randomStack('uint8', X, Y, 3, 2);
    const long = 'x'.repeat(100_000);
    const channels =
      `<Channel ID="Channel:0:0" Name="${long}" Color="red"/>` +
      `<Channel ID="Channel:0:1" Name="a\tb\u0007c" Color="99999999999"/>` +
      `<Channel ID="Channel:0:2" Name="   " Color="-1"/>` +
      `<Channel ID="Channel:0:3" Name="extra" Color="255"/>`;
    const path = join(dir.path, 'hostile.ome.tif');
    await writeTiffStack(
      path,
      Array.from({ length: 3 }, (_, z) => planeOf(stack, X, Y, z)),
      {
        width: X,
        height: Y,
        dtype: 'uint8',
        imageDescription: `<?xml version="1.0"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Image ID="Image:0"><Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint8" SizeX="${X}" SizeY="${Y}" SizeZ="1" SizeC="3" SizeT="1">${channels}<TiffData IFD="0" PlaneCount="3"/></Pixels></Image></OME>`,
      },
    );
    const volume = await openVolume(path);
    expect(volume.channels).toEqual([
      { name: 'x'.repeat(128), color: null },
      { name: 'a b c', color: null },
      { name: null, color: 'FFFFFF' },
    ]);
    await volume.close();
  });

  it('reads the channels of a multi-file set from its first file', async () => {
    const X = 7;
    const Y = 5;
    const sub = join(dir.path, 'multi');
    mkdirSync(sub);
    const stack = randomStack('uint16', X, Y, 2, 4);
    const xml =
      `<?xml version="1.0"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Image ID="Image:0">` +
      `<Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint16" SizeX="${X}" SizeY="${Y}" SizeZ="1" SizeC="2" SizeT="1">` +
      `<Channel ID="Channel:0:0" Name="Lectin" Color="16711935"/><Channel ID="Channel:0:1" Name="NeuN" Color="-16776961"/>` +
      `<TiffData FirstC="0" IFD="0" PlaneCount="1"><UUID FileName="c0.ome.tif">urn:uuid:a</UUID></TiffData>` +
      `<TiffData FirstC="1" IFD="0" PlaneCount="1"><UUID FileName="c1.ome.tif">urn:uuid:b</UUID></TiffData>` +
      `</Pixels></Image></OME>`;
    const options = { width: X, height: Y, dtype: 'uint16' as const };
    await writeTiffStack(join(sub, 'c0.ome.tif'), [planeOf(stack, X, Y, 0)], {
      ...options,
      imageDescription: xml,
    });
    await writeTiffStack(join(sub, 'c1.ome.tif'), [planeOf(stack, X, Y, 1)], options);
    const volume = await openVolume(join(sub, 'c0.ome.tif'));
    expect(volume.shape.c).toBe(2);
    // 16711935 = 0x00FF00FF (green), -16776961 = 0xFF0000FF (red).
    expect(volume.channels).toEqual([
      { name: 'Lectin', color: '00FF00' },
      { name: 'NeuN', color: 'FF0000' },
    ]);
    expect(await volume.readPlaneXY(0, { c: 1 })).toEqual(planeOf(stack, X, Y, 1));
    await volume.close();
  });

  it('leaves a plain TIFF without channels', async () => {
    const stack = randomStack('uint16', 5, 4, 2, 1);
    const path = join(dir.path, 'plain.tif');
    await writeTiffStack(path, [planeOf(stack, 5, 4, 0), planeOf(stack, 5, 4, 1)], {
      width: 5,
      height: 4,
      dtype: 'uint16',
    });
    const volume = await openVolume(path);
    expect(volume.channels).toBeUndefined();
    await volume.close();
  });
});

describe('ImageJ hyperstack channels', () => {
  const C = 2;
  const Z = 3;
  const T = 2;
  const planes = Array.from({ length: C * Z * T }, (_, k) => new Uint8Array(4 * 3).fill(k));

  for (const littleEndian of [false, true]) {
    it(`reads the LUTs' colours and shared labels as names (${littleEndian ? 'little' : 'big'}-endian)`, async () => {
      const path = join(dir.path, `ij-${littleEndian}.tif`);
      writeImageJHyperstack(path, {
        width: 4,
        height: 3,
        channels: C,
        slices: Z,
        frames: T,
        planes,
        luts: [rampLut([0, 255, 255]), rampLut([255, 0, 255])],
        labels: planes.map((_, k) => (k % C === 0 ? 'vessels' : 'nuclei')),
        littleEndian,
      });
      const volume = await openVolume(path);
      expect(volume.format).toBe('imagej-tiff');
      expect(volume.shape).toEqual({ x: 4, y: 3, z: Z, c: C, t: T });
      expect(volume.channels).toEqual(TWO_CHANNELS);
      // Plane (z 2, c 1, t 1) is 1 + 2·(2 + 3·1) = 11.
      expect((await volume.readPlaneXY(2, { c: 1, t: 1 }))[0]).toBe(11);
      await volume.close();
    });
  }

  it('reads a hyperstack with malformed metadata without channels', async () => {
    const path = join(dir.path, 'ij-bad.tif');
    writeImageJHyperstack(path, {
      width: 4,
      height: 3,
      channels: C,
      slices: Z,
      frames: T,
      planes,
      rawMetadata: { blob: new Uint8Array([0x49, 0x4a, 0x49, 0x4a, 0, 0, 0, 0]), byteCounts: [2 ** 31, 5] },
    });
    const volume = await openVolume(path);
    expect(volume.shape.c).toBe(C);
    expect(volume.channels).toBeUndefined();
    await volume.close();
  });
});
