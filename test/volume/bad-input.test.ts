/**
 * Broken and unsupported inputs: each must fail with a tagged error naming the file (and
 * the plane where it applies), never hang, crash or return a partial silent result.
 */
import { mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openVolume } from '../../app/volume/open.js';
import { writeTiffStack, type TiffWriterOptions } from '../../app/volume/tiff/writer.js';
import {
  classicEntry,
  classicIfdOffset,
  patchFile,
  planeOf,
  randomStack,
  tempDir,
} from '../helpers/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());
const X = 16;
const Y = 12;
const Z = 3;

let n = 0;
async function valid(options: Partial<TiffWriterOptions> = {}): Promise<string> {
  const path = join(dir.path, `f${n++}.tif`);
  const stack = randomStack('uint16', X, Y, Z, n);
  await writeTiffStack(
    path,
    Array.from({ length: Z }, (_, z) => planeOf(stack, X, Y, z)),
    { width: X, height: Y, dtype: 'uint16', rowsPerStrip: Y, ...options },
  );
  return path;
}

async function expectOpenError(path: string, tag: string, text: string | RegExp) {
  const error = await openVolume(path).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ name: 'VolumeError', tag, file: expect.any(String) });
  expect((error as Error).message).toMatch(text);
  expect((error as Error).message).toContain(path);
}

describe('bad input', () => {
  it('missing file', async () => expectOpenError(join(dir.path, 'nope.tif'), 'not-found', /no such file/));

  it('wrong magic', async () => {
    const path = join(dir.path, 'text.tif');
    writeFileSync(path, 'this is not a tiff, just text');
    await expectOpenError(path, 'not-tiff', /not a TIFF/);
    const path2 = await valid();
    patchFile(path2, (b) => {
      b.writeUInt16LE(41, 2);
    });
    await expectOpenError(path2, 'not-tiff', /magic number 41/);
  });

  it('empty and tiny files', async () => {
    const empty = join(dir.path, 'empty.tif');
    writeFileSync(empty, '');
    await expectOpenError(empty, 'empty', /too short/);
    const tiny = join(dir.path, 'tiny.tif');
    writeFileSync(tiny, 'II*\0');
    await expectOpenError(tiny, 'truncated', /too short/);
  });

  it('file truncated in the pixel data', async () => {
    const path = await valid();
    truncateSync(path, statSync(path).size - 40);
    await expect(openVolume(path)).rejects.toMatchObject({
      tag: expect.stringMatching(/truncated|malformed/),
    });
  });

  it('file truncated inside the IFD chain', async () => {
    const path = await valid();
    const ifd2 = classicIfdOffset(readFileSync(path), 2);
    truncateSync(path, ifd2 + 20);
    await expectOpenError(path, 'truncated', /directory 2/);
  });

  it('IFD loop', async () => {
    const path = await valid();
    patchFile(path, (b) => {
      const last = classicIfdOffset(b, 2);
      b.writeUInt32LE(classicIfdOffset(b, 0), last + 2 + 12 * b.readUInt16LE(last));
    });
    await expectOpenError(path, 'malformed', /IFD loop/);
  });

  it('strip offset past end of file', async () => {
    const path = await valid();
    patchFile(path, (b) => {
      b.writeUInt32LE(0x7fff0000, classicEntry(b, 0, 273) + 8);
    });
    const error = await openVolume(path).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ tag: 'truncated', plane: 0 });
    expect((error as Error).message).toMatch(/past the end of the file/);
  });

  it('unsupported compression names it', async () => {
    const path = await valid();
    patchFile(path, (b) => {
      b.writeUInt16LE(7, classicEntry(b, 0, 259) + 8);
    });
    await expectOpenError(path, 'unsupported', /compression JPEG/);
  });

  it('unsupported sample format', async () => {
    const path = await valid();
    patchFile(path, (b) => {
      b.writeUInt16LE(12, classicEntry(b, 0, 258) + 8);
    });
    await expectOpenError(path, 'unsupported', /12-bit unsigned integer/);
  });

  it('zero-sized plane', async () => {
    const path = await valid();
    patchFile(path, (b) => {
      const e = classicEntry(b, 0, 256);
      if (b.readUInt16LE(e + 2) === 3) b.writeUInt16LE(0, e + 8);
      else b.writeUInt32LE(0, e + 8);
    });
    await expectOpenError(path, 'empty', /zero-sized/);
  });

  it('corrupt compressed strip is reported with its plane, not returned', async () => {
    const path = await valid({ compression: 'deflate' });
    patchFile(path, (b) => {
      const at = b.readUInt32LE(classicEntry(b, 1, 273) + 8);
      b.fill(0xff, at, at + 8);
    });
    const v = await openVolume(path);
    await expect(v.readPlaneXY(1)).rejects.toMatchObject({
      tag: 'malformed',
      plane: 1,
      message: expect.stringMatching(/cannot decode strip 0/),
    });
    await v.close();
  });

  it('plane of a different size inside a multi-page file', async () => {
    const p2 = await valid();
    patchFile(p2, (b) => {
      const e = classicEntry(b, 1, 257);
      if (b.readUInt16LE(e + 2) === 3) b.writeUInt16LE(Y - 2, e + 8);
      else b.writeUInt32LE(Y - 2, e + 8);
    });
    const v = await openVolume(p2);
    await expect(v.readPlaneXY(1)).rejects.toMatchObject({ tag: 'mismatch', plane: 1 });
    await v.close();
  });

  it('folder with a plane of another size names that file', async () => {
    const folder = join(dir.path, 'mismatch');
    mkdirSync(folder);
    await writeTiffStack(join(folder, 'z1.tif'), [new Uint16Array(X * Y)], {
      width: X,
      height: Y,
      dtype: 'uint16',
    });
    await writeTiffStack(join(folder, 'z2.tif'), [new Uint16Array(X * (Y + 1))], {
      width: X,
      height: Y + 1,
      dtype: 'uint16',
    });
    const error = await openVolume(folder).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ tag: 'mismatch' });
    expect((error as Error).message).toContain('z2.tif');
  });

  it('empty folder', async () => {
    const folder = join(dir.path, 'nothing');
    mkdirSync(folder);
    await expectOpenError(folder, 'empty', /no .tif/);
  });
});
