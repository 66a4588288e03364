/**
 * Hostile inputs (issue 14): files built to exhaust memory or to pass off broken data as whole.
 * Each is refused with a tagged error naming the file (and plane) before any large buffer is
 * made; a damaged OME-XML is the exception: its pixels are read as plain TIFF pages, with a warning.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOmeXml } from '../../app/volume/metadata/ome-xml-write.js';
import { openVolume } from '../../app/volume/open.js';
import { writeTiffStack, type TiffWriterOptions } from '../../app/volume/tiff/writer.js';
import { writeSharedStripStack, writeSingleStripTiff } from '../helpers/raw-tiff.js';
import { classicEntry, patchFile, planeOf, randomStack, tempDir } from '../helpers/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());
const X = 32;
const Y = 24;
const Z = 3;
const stack = randomStack('uint16', X, Y, Z, 7);

let count = 0;
async function written(options: Partial<TiffWriterOptions> = {}): Promise<string> {
  const path = join(dir.path, `h${count++}.tif`);
  await writeTiffStack(
    path,
    Array.from({ length: Z }, (_, z) => planeOf(stack, X, Y, z)),
    { width: X, height: Y, dtype: 'uint16', rowsPerStrip: 8, ...options },
  );
  return path;
}

async function openError(path: string): Promise<Error & { tag?: string; plane?: number }> {
  const error = await openVolume(path).then(
    () => null,
    (e: unknown) => e as Error,
  );
  expect(error).toMatchObject({ name: 'VolumeError', file: expect.any(String) });
  expect(error!.message).toContain(path);
  return error!;
}

/** Writes a 32-bit value into a SHORT or LONG entry's value field. */
function setEntryValue(bytes: Buffer, entry: number, value: number): void {
  if (bytes.readUInt16LE(entry + 2) === 3) bytes.writeUInt16LE(value, entry + 8);
  else bytes.writeUInt32LE(value, entry + 8);
}

describe('hostile input', () => {
  it('a deflate bomb strip stops at its block size instead of inflating to a megabyte', async () => {
    const path = join(dir.path, 'bomb.tif');
    writeSingleStripTiff(path, 16, 12, 8, deflateSync(Buffer.alloc(1 << 20)));
    const volume = await openVolume(path);
    const error = await volume.readPlaneXY(0).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ tag: 'malformed', plane: 0, message: expect.stringMatching(/more than/) });
    expect((error as Error).message).toContain(path);
    await volume.close();
  });

  it('a tiny file declaring a 40000 × 40000 plane is refused at open, before any buffer', async () => {
    const path = join(dir.path, 'huge-strip.tif');
    writeSingleStripTiff(path, 40000, 40000, 8, deflateSync(Buffer.alloc(4096)));
    const before = process.memoryUsage().rss;
    const error = await openError(path);
    expect(error).toMatchObject({ tag: 'malformed', plane: 0 });
    expect(error.message).toMatch(/too few for its/);
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 2 ** 20);
  });

  it('40000 × 40000 tiles in a tiny file are refused at open', async () => {
    const path = await written({ tile: { width: 16, height: 16 }, compression: 'deflate' });
    patchFile(path, (b) => {
      for (let plane = 0; plane < Z; plane++) {
        for (const tag of [256, 257, 322, 323]) setEntryValue(b, classicEntry(b, plane, tag), 40000);
      }
    });
    const error = await openError(path);
    expect(error.tag).toMatch(/malformed|truncated/);
  });

  it('tiles far larger than the image are refused', async () => {
    const path = await written({ tile: { width: 16, height: 16 } });
    patchFile(path, (b) => setEntryValue(b, classicEntry(b, 0, 322), 32768));
    const error = await openError(path);
    expect(error).toMatchObject({ tag: 'malformed', plane: 0 });
    expect(error.message).toMatch(/tiles of 32768/);
  });

  it('an uncompressed strip shorter than its rows is truncated at open, naming the plane', async () => {
    const path = await written({ rowsPerStrip: Y });
    patchFile(path, (b) => setEntryValue(b, classicEntry(b, 0, 279), 100));
    const error = await openError(path);
    expect(error).toMatchObject({ tag: 'truncated', plane: 0 });
    expect(error.message).toMatch(/strip 0 holds 100 stored bytes/);
  });

  for (const compression of ['lzw', 'packbits', 'deflate'] as const) {
    it(`a cut-short ${compression} strip is truncated, not zero-filled`, async () => {
      const path = await written({ compression, rowsPerStrip: Y });
      patchFile(path, (b) => {
        const entry = classicEntry(b, 1, 279);
        const stored =
          b.readUInt16LE(entry + 2) === 3 ? b.readUInt16LE(entry + 8) : b.readUInt32LE(entry + 8);
        setEntryValue(b, entry, Math.floor(stored / 2));
      });
      const volume = await openVolume(path);
      await expect(volume.readPlaneXY(0)).resolves.toEqual(planeOf(stack, X, Y, 0));
      const error = await volume.readPlaneXY(1).then(
        () => null,
        (e: unknown) => e as Error,
      );
      // zlib itself notices a cut deflate stream ("unexpected end of file"); LZW and PackBits run dry.
      expect(error).toMatchObject({ name: 'VolumeError', plane: 1 });
      expect(error!.message).toContain(path);
      if (compression === 'deflate') expect(error!.message).toMatch(/strip 0/);
      else
        expect(error).toMatchObject({
          tag: 'truncated',
          message: expect.stringMatching(/strip 0 ends after/),
        });
      await volume.close();
    });
  }

  it('damaged OME-XML falls back to the TIFF pages, with a warning and voxel size unknown', async () => {
    const xml = buildOmeXml({
      width: X,
      height: Y,
      planes: Z,
      dtype: 'uint16',
      voxelSize: { x: 0.5, y: 0.5, z: 2 },
    });
    const path = await written({ imageDescription: xml });
    // Same length, so every offset stays valid: the Pixels element is gone.
    patchFile(path, (b) => {
      const at = b.indexOf('<Pixels ');
      b.write('<Pixelz ', at, 'latin1');
    });
    const volume = await openVolume(path);
    expect(volume).toMatchObject({
      format: 'tiff',
      shape: { x: X, y: Y, z: Z, c: 1, t: 1 },
      voxelSize: { x: null, y: null, z: null },
      voxelSizeSource: 'none',
    });
    expect(volume.warnings).toHaveLength(1);
    expect(volume.warnings![0]).toMatch(/damaged OME-XML .*read as 3 plain TIFF pages, voxel size unknown/);
    await expect(volume.readPlaneXY(2)).resolves.toEqual(planeOf(stack, X, Y, 2));
    await volume.close();
  });

  it('a sound file has no warnings', async () => {
    const volume = await openVolume(await written());
    expect(volume.warnings).toEqual([]);
    await volume.close();
  });

  it('OME-XML announcing more planes than the file has images is refused before the plane table', async () => {
    const xml = buildOmeXml({
      width: X,
      height: Y,
      planes: Z,
      dtype: 'uint16',
      voxelSize: { x: 1, y: 1, z: 1 },
    });
    const path = await written({ imageDescription: xml.replace(`SizeZ="${Z}"`, `SizeZ="900000000"`) });
    const error = await openError(path);
    expect(error).toMatchObject({ tag: 'truncated' });
    expect(error.message).toMatch(/describes 900000000 planes, its files hold 3 images/);
  });

  it('an ImageJ description whose images are no whole number of channels is refused', async () => {
    const path = await written({ imageDescription: 'ImageJ=1.54f\nimages=3\nchannels=2\n' });
    const error = await openError(path);
    expect(error).toMatchObject({ tag: 'malformed' });
    expect(error.message).toMatch(/not a whole number of 2 channels/);
  });

  it('a stack whose planes all share the same few stored bytes is refused at open', async () => {
    const path = join(dir.path, 'shared.tif');
    // Each plane alone is 1 MiB from ~1 KiB of deflate (possible); 100 of them from one strip are not.
    writeSharedStripStack(path, 1024, 1024, 100, 8, deflateSync(Buffer.alloc(1024 * 1024), { level: 9 }));
    const error = await openError(path);
    expect(error).toMatchObject({ tag: 'malformed' });
    expect(error.message).toMatch(
      /100-plane uint8 stack needs 104857600 bytes, more than \d+ bytes of deflate/,
    );
  });

  it('a FIFO or device is refused by its stat, before any open (which would wait for a writer)', async () => {
    const fifo = join(dir.path, 'pipe.tif');
    execFileSync('mkfifo', [fifo]);
    const error = await openError(fifo);
    expect(error).toMatchObject({ tag: 'unsupported', message: expect.stringMatching(/a FIFO/) });
    const device = await openVolume('/dev/null').then(
      () => null,
      (e: unknown) => e,
    );
    expect(device).toMatchObject({
      tag: 'unsupported',
      file: '/dev/null',
      message: expect.stringMatching(/character device/),
    });
  });

  it('a FIFO among a folder of TIFFs is refused naming it, without blocking', async () => {
    const folder = join(dir.path, 'with-fifo');
    mkdirSync(folder);
    await writeTiffStack(join(folder, 'z1.tif'), [planeOf(stack, X, Y, 0)], {
      width: X,
      height: Y,
      dtype: 'uint16',
    });
    execFileSync('mkfifo', [join(folder, 'z2.tif')]);
    const error = await openVolume(folder).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toMatchObject({ tag: 'unsupported', file: join(folder, 'z2.tif') });
    expect(error!.message).toMatch(/not a regular file \(a FIFO\)/);
  });
});
