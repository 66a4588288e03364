/**
 * Round-trips of the streaming TIFF writer through geotiff, an independent reader.
 * geotiff applies predictors to the raw (file-order) bytes and so misreads big-endian
 * files with a predictor on multi-byte samples; those cases are checked by decoding the
 * chunks here (libtiff semantics: predictor on native values, float predictor byte-order free).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { fromFile } from 'geotiff';
import {
  TiffWriter,
  writeTiffStack,
  type TiffWriterOptions,
  type TiffCompression,
} from '../../../app/volume/tiff/writer.js';
import { encodeLzw } from '../../../app/volume/tiff/encode-lzw.js';
import { encodePackBits } from '../../../app/volume/tiff/encode-packbits.js';
import { allocate, type DType, type TypedArray } from '../../../app/volume/types.js';
import { isVolumeError } from '../../../app/volume/errors.js';

const W = 37,
  H = 23,
  Z = 3;
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'isotrope-tiffw-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Seeded data with smooth parts (so compression and predictors have something to do) and noise. */
function planes(dtype: DType, seed: number): TypedArray[] {
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: Z }, (_, z) => {
    const a = allocate(dtype, W * H);
    for (let i = 0; i < a.length; i++) {
      const x = i % W;
      const v = x < 12 ? 7 : x < 20 ? (i + z) % 50 : rnd() * 255;
      a[i] =
        dtype === 'uint16' ? Math.floor(v * 250) : dtype === 'float32' ? (v - 100) * 1.37e-3 : Math.floor(v);
    }
    return a;
  });
}

const count = { n: 0 };
async function roundTrip(o: TiffWriterOptions, data: TypedArray[]): Promise<string> {
  const path = join(dir, `t${count.n++}.tif`);
  expect(await writeTiffStack(path, data, o)).toBe(data.length);
  return path;
}

async function readWithGeotiff(path: string): Promise<TypedArray[]> {
  const tiff = await fromFile(path);
  try {
    const n = await tiff.getImageCount();
    const out: TypedArray[] = [];
    for (let i = 0; i < n; i++) {
      const r = await (await tiff.getImage(i)).readRasters();
      out.push(r[0] as TypedArray);
    }
    return out;
  } finally {
    await tiff.close();
  }
}

const compressions: TiffCompression[] = ['none', 'deflate', 'lzw', 'packbits'];
const dtypes: DType[] = ['uint8', 'uint16', 'float32'];
const cases: { c: TiffCompression; p: 1 | 2 | 3; d: DType; tiled: boolean; big: boolean; le: boolean }[] = [];
for (const c of compressions)
  for (const d of dtypes)
    for (const p of [1, 2, 3] as const) {
      if (p !== 1 && c === 'none') continue;
      if (p === 2 && d === 'float32') continue;
      if (p === 3 && d !== 'float32') continue;
      for (const tiled of [false, true])
        for (const big of [false, true])
          for (const le of [true, false]) {
            cases.push({ c, p, d, tiled, big, le });
          }
    }

describe('TiffWriter round trip', () => {
  it.each(cases)(
    '$c predictor $p $d tiled=$tiled bigTiff=$big le=$le',
    async ({ c, p, d, tiled, big, le }) => {
      const data = planes(d, 17 + cases.length);
      const o: TiffWriterOptions = {
        width: W,
        height: H,
        dtype: d,
        compression: c,
        predictor: p,
        bigTiff: big,
        littleEndian: le,
        rowsPerStrip: 5,
        tile: tiled ? { width: 16, height: 16 } : undefined,
      };
      const path = await roundTrip(o, data);
      const geotiffMisreads = !le && p !== 1 && d !== 'uint8';
      const back = geotiffMisreads ? await readOurselves(path, o) : await readWithGeotiff(path);
      expect(back.length).toBe(Z);
      for (let z = 0; z < Z; z++) expect(Array.from(back[z])).toEqual(Array.from(data[z]));
    },
  );

  it('writes the description on the first IFD only, plus resolution and software', async () => {
    const desc = '<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Image ID="Image:0"/></OME>';
    const path = await roundTrip(
      {
        width: W,
        height: H,
        dtype: 'uint16',
        imageDescription: desc,
        software: 'isotrope',
        resolution: { x: 24330.9, y: 24330.9, unit: 'centimeter' },
      },
      planes('uint16', 3),
    );
    const tiff = await fromFile(path);
    const first = await tiff.getImage(0);
    expect(String(await first.fileDirectory.loadValue('ImageDescription')).replace(/\0$/, '')).toBe(desc);
    const res = (await first.fileDirectory.loadValue('XResolution')) as unknown as Uint32Array;
    expect(res[0] / res[1]).toBeCloseTo(24330.9, 6);
    expect(await first.fileDirectory.loadValue('ResolutionUnit')).toBe(3);
    expect(first.fileDirectory.hasTag('ImageDescription')).toBe(true);
    expect((await tiff.getImage(1)).fileDirectory.hasTag('ImageDescription')).toBe(false);
    await tiff.close();
  });

  it('chooses BigTIFF from the planes hint and streams planes', async () => {
    const path = join(dir, 'hint.tif');
    const w = await TiffWriter.create(path, { width: 4096, height: 4096, dtype: 'uint16', planes: 200 });
    await w.appendPlane(new Uint16Array(4096 * 4096));
    expect(w.planesWritten).toBe(1);
    await w.close();
    const head = await readFile(path);
    expect(head.readUInt16LE(2)).toBe(43);
  });

  it('rejects wrong planes and bad options with write-failed errors', async () => {
    const w = await TiffWriter.create(join(dir, 'bad.tif'), { width: W, height: H, dtype: 'uint16' });
    await expect(w.appendPlane(new Uint8Array(W * H))).rejects.toSatisfy(
      (e: unknown) => isVolumeError(e) && e.tag === 'write-failed',
    );
    await w.appendPlane(new Uint16Array(W * H));
    await w.close();
    await expect(
      TiffWriter.create(join(dir, 'bad2.tif'), {
        width: W,
        height: H,
        dtype: 'float32',
        predictor: 2,
        compression: 'lzw',
      }),
    ).rejects.toSatisfy((e: unknown) => isVolumeError(e) && e.tag === 'write-failed');
    await expect(
      TiffWriter.create(join(dir, 'no/such/dir.tif'), { width: W, height: H, dtype: 'uint8' }),
    ).rejects.toSatisfy((e: unknown) => isVolumeError(e) && e.tag === 'write-failed');
  });

  it('LZW handles long inputs across table resets and PackBits handles runs', async () => {
    const big = new Uint8Array(300_000);
    for (let i = 0; i < big.length; i++) big[i] = ((i * 7919) % 251) ^ (i >> 9);
    const path = await roundTrip(
      { width: 600, height: 500, dtype: 'uint8', compression: 'lzw', rowsPerStrip: 500 },
      [big],
    );
    expect(Array.from((await readWithGeotiff(path))[0])).toEqual(Array.from(big));
    expect(encodeLzw(new Uint8Array(0)).length).toBeGreaterThan(0);
    expect(Array.from(encodePackBits(new Uint8Array([5, 5, 5, 5, 1, 2])))).toEqual([253, 5, 1, 1, 2]);
  });
});

/** Minimal reader for big-endian files with a predictor: geotiff's IFD parsing, our own decoding. */
async function readOurselves(path: string, o: TiffWriterOptions): Promise<TypedArray[]> {
  const file = await readFile(path);
  const tiff = await fromFile(path);
  const out: TypedArray[] = [];
  const n = await tiff.getImageCount();
  const cw = o.tile ? o.tile.width : o.width;
  const ch = o.tile ? o.tile.height : o.rowsPerStrip!;
  const bps = o.dtype === 'uint8' ? 1 : o.dtype === 'uint16' ? 2 : 4;
  for (let z = 0; z < n; z++) {
    const fd = (await tiff.getImage(z)).fileDirectory;
    const offs = Array.from(
      (await fd.loadValue(o.tile ? 'TileOffsets' : 'StripOffsets')) as ArrayLike<number | bigint>,
      Number,
    );
    const cnts = Array.from(
      (await fd.loadValue(o.tile ? 'TileByteCounts' : 'StripByteCounts')) as ArrayLike<number | bigint>,
      Number,
    );
    const plane = allocate(o.dtype, o.width * o.height);
    const across = Math.ceil(o.width / cw);
    offs.forEach((off, k) => {
      const stored = file.subarray(off, off + cnts[k]);
      const raw =
        o.compression === 'deflate' ? inflateSync(stored) : decodeWithGeotiffCodec(stored, o.compression!);
      const rows = raw.length / (cw * bps);
      const chunk = allocate(o.dtype, cw * rows);
      const bytes = new Uint8Array(chunk.buffer);
      for (let r = 0; r < rows; r++) {
        if (o.predictor === 3) {
          const row = raw.subarray(r * cw * bps, (r + 1) * cw * bps);
          for (let k2 = 1; k2 < row.length; k2++) row[k2] = (row[k2] + row[k2 - 1]) & 0xff;
          for (let i = 0; i < cw; i++)
            for (let b = 0; b < bps; b++) bytes[(r * cw + i) * bps + b] = row[(bps - 1 - b) * cw + i];
        } else {
          for (let i = 0; i < cw * bps; i += bps)
            for (let b = 0; b < bps; b++) bytes[r * cw * bps + i + b] = raw[r * cw * bps + i + bps - 1 - b];
          for (let i = 1; i < cw; i++) chunk[r * cw + i] += chunk[r * cw + i - 1];
        }
      }
      const x0 = (k % across) * cw,
        y0 = Math.floor(k / across) * ch;
      for (let r = 0; r < rows && y0 + r < o.height; r++) {
        for (let i = 0; i < cw && x0 + i < o.width; i++)
          plane[(y0 + r) * o.width + x0 + i] = chunk[r * cw + i];
      }
    });
    out.push(plane);
  }
  await tiff.close();
  return out;
}

function decodeWithGeotiffCodec(stored: Uint8Array, c: TiffCompression): Uint8Array {
  if (c === 'packbits') {
    const out: number[] = [];
    for (let i = 0; i < stored.length;) {
      const h = stored[i++];
      if (h < 128) {
        for (let k = 0; k <= h; k++) out.push(stored[i++]);
      } else if (h !== 128) {
        const v = stored[i++];
        for (let k = 0; k < 257 - h; k++) out.push(v);
      }
    }
    return Uint8Array.from(out);
  }
  return lzwDecode(stored);
}

/** Straightforward TIFF LZW decoder (early change), independent of the encoder's code. */
function lzwDecode(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  let table: number[][] = [];
  const reset = (): void => {
    table = Array.from({ length: 258 }, (_, i) => [i]);
  };
  let bitPos = 0,
    width = 9,
    prev: number[] | null = null;
  const next = (): number => {
    let v = 0;
    for (let k = 0; k < width; k++, bitPos++) v = (v << 1) | ((src[bitPos >> 3] >> (7 - (bitPos & 7))) & 1);
    return v;
  };
  reset();
  for (;;) {
    const code = next();
    if (code === 257) break;
    if (code === 256) {
      reset();
      width = 9;
      prev = null;
      continue;
    }
    const entry: number[] = code < table.length ? table[code] : [...prev!, prev![0]];
    out.push(...entry);
    if (prev) table.push([...prev, entry[0]]);
    prev = entry;
    if (table.length + 1 >= 1 << width && width < 12) width++;
  }
  return Uint8Array.from(out);
}
