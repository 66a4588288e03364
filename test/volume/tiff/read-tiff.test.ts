/** Reading every TIFF flavour we write back exactly, through every access path. */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openVolume } from '../../../app/volume/open.js';
import { writeTiffStack, type TiffWriterOptions } from '../../../app/volume/tiff/writer.js';
import type { Box, DType, TypedArray, Volume } from '../../../app/volume/types.js';
import { brickOf, planeOf, randomStack, tempDir } from '../../helpers/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());

const X = 37;
const Y = 23;
const Z = 5;

async function roundTrip(
  name: string,
  dtype: DType,
  writer: Partial<TiffWriterOptions>,
  cacheBytes?: number,
) {
  const stack = randomStack(dtype, X, Y, Z, name.length);
  const path = join(dir.path, `${name}.tif`);
  const planes = Array.from({ length: Z }, (_, z) => planeOf(stack, X, Y, z));
  await writeTiffStack(path, planes, { width: X, height: Y, dtype, ...writer });
  const volume = await openVolume(path, cacheBytes ? { cacheBytes, columnBlockBytes: 200 } : {});
  return { stack, volume, path };
}

async function expectAllAccessPaths(volume: Volume, stack: TypedArray) {
  expect(volume.shape).toEqual({ x: X, y: Y, z: Z, c: 1, t: 1 });
  for (let z = 0; z < Z; z++) expect(await volume.readPlaneXY(z)).toEqual(planeOf(stack, X, Y, z));
  for (const y of [0, 7, Y - 1]) {
    expect(await volume.readPlaneXZ(y)).toEqual(
      brickOf(
        stack,
        { x: X, y: Y },
        { x: { start: 0, end: X }, y: { start: y, end: y + 1 }, z: { start: 0, end: Z } },
      ),
    );
  }
  for (const x of [0, 1, 18, X - 1]) {
    expect(await volume.readPlaneYZ(x)).toEqual(
      brickOf(
        stack,
        { x: X, y: Y },
        { x: { start: x, end: x + 1 }, y: { start: 0, end: Y }, z: { start: 0, end: Z } },
      ),
    );
  }
  const box: Box = { x: { start: 3, end: 30 }, y: { start: 5, end: 21 }, z: { start: 1, end: 4 } };
  expect(await volume.readBrick(box)).toEqual(brickOf(stack, { x: X, y: Y }, box));
}

const dtypes: DType[] = ['uint8', 'uint16', 'float32'];
const variants: [string, Partial<TiffWriterOptions>][] = [
  ['none', { compression: 'none' }],
  ['none-1row', { compression: 'none', rowsPerStrip: 1 }],
  ['none-wholeplane', { compression: 'none', rowsPerStrip: Y }],
  ['lzw', { compression: 'lzw' }],
  ['lzw-pred', { compression: 'lzw', predictor: 2 }],
  ['deflate', { compression: 'deflate' }],
  ['deflate-pred', { compression: 'deflate', predictor: 2 }],
  ['packbits', { compression: 'packbits', rowsPerStrip: 5 }],
  ['tiles-none', { compression: 'none', tile: { width: 16, height: 16 } }],
  ['tiles-lzw', { compression: 'lzw', tile: { width: 16, height: 16 } }],
  ['tiles-deflate-pred', { compression: 'deflate', predictor: 2, tile: { width: 32, height: 16 } }],
  ['bigtiff', { bigTiff: true, compression: 'none' }],
  ['bigtiff-deflate', { bigTiff: true, compression: 'deflate', tile: { width: 16, height: 16 } }],
  ['bigendian', { littleEndian: false, compression: 'none' }],
  ['bigendian-lzw-pred', { littleEndian: false, compression: 'lzw', predictor: 2 }],
  [
    'bigendian-bigtiff-tiles',
    { littleEndian: false, bigTiff: true, compression: 'packbits', tile: { width: 16, height: 16 } },
  ],
];

describe('TIFF reading round-trips', () => {
  for (const dtype of dtypes) {
    for (const [name, options] of variants) {
      const opts =
        dtype === 'float32' && options.predictor === 2 ? { ...options, predictor: 3 as const } : options;
      it(`${dtype} ${name}${opts.predictor === 3 ? ' (fp predictor)' : ''}`, async () => {
        const { stack, volume } = await roundTrip(`${dtype}-${name}`, dtype, opts);
        await expectAllAccessPaths(volume, stack);
        await volume.close();
      });
    }
  }

  it('reports layout, compression and format', async () => {
    const { volume } = await roundTrip('describe', 'uint16', {
      compression: 'lzw',
      predictor: 2,
      rowsPerStrip: 4,
    });
    expect(volume.format).toBe('tiff');
    expect(volume.compression).toBe('lzw + horizontal predictor');
    expect(volume.layout).toBe('strips (4 rows)');
    const big = await roundTrip('describe-big', 'uint16', { bigTiff: true, tile: { width: 16, height: 16 } });
    expect(big.volume.format).toBe('bigtiff');
    expect(big.volume.layout).toBe('tiles 16×16');
    await volume.close();
    await big.volume.close();
  });

  it('stays exact when the cache is far smaller than the stack', async () => {
    const { stack, volume } = await roundTrip(
      'tiny-cache',
      'uint16',
      { compression: 'deflate', rowsPerStrip: 3 },
      1024,
    );
    await expectAllAccessPaths(volume, stack);
    await volume.close();
  });

  it('rejects reads outside the volume with a tagged error', async () => {
    const { volume } = await roundTrip('range', 'uint8', {});
    await expect(volume.readPlaneXY(Z)).rejects.toMatchObject({ tag: 'out-of-range' });
    await expect(volume.readPlaneYZ(-1)).rejects.toMatchObject({ tag: 'out-of-range' });
    await expect(
      volume.readBrick({ x: { start: 0, end: X + 1 }, y: { start: 0, end: 1 }, z: { start: 0, end: 1 } }),
    ).rejects.toMatchObject({ tag: 'out-of-range' });
    await volume.close();
  });

  it('honours an AbortSignal', async () => {
    const { volume } = await roundTrip('abort', 'uint16', {});
    const controller = new AbortController();
    controller.abort();
    await expect(volume.readPlaneXZ(0, { signal: controller.signal })).rejects.toMatchObject({
      tag: 'aborted',
    });
    await volume.close();
  });
});
