/**
 * A streaming TIFF / BigTIFF writer: one IFD per xy plane, memory bounded by one plane.
 *
 * Layout per plane: its strips (or tiles), then its IFD with the out-of-line values right
 * after it, then the previous IFD's next-offset is patched to point here. The file is
 * therefore a valid TIFF of the planes linked so far at every moment: a crash loses at most
 * the plane being written, never the ones before it.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import { BYTES_PER_SAMPLE, type DType, type TypedArray } from '../types.js';
import { VolumeError } from '../errors.js';
import { encodeLzw } from './encode-lzw.js';
import { encodePackBits } from './encode-packbits.js';
import { buildIfd, type IfdEntry, TYPE } from './writer-ifd.js';
import { encodeChunk } from './writer-chunk.js';
import { writeFully } from './write-fully.js';

export type TiffCompression = 'none' | 'deflate' | 'lzw' | 'packbits';

export interface TiffWriterOptions {
  width: number;
  height: number;
  dtype: DType;
  /** Default: true when `planes` × plane bytes may exceed ~3.9 GB (classic TIFF offsets are 32-bit). */
  bigTiff?: boolean;
  /** Expected number of planes: only a hint for the BigTIFF choice. */
  planes?: number;
  /** Default 'none'. 'deflate' is TIFF compression 8 (zlib). */
  compression?: TiffCompression;
  /** 1 none (default), 2 horizontal differencing (integers), 3 floating point (floats). */
  predictor?: 1 | 2 | 3;
  /** Rows per strip; default 16, small enough that row-band readers decode little extra. */
  rowsPerStrip?: number;
  /** Write tiles (sides multiples of 16) instead of strips. */
  tile?: { width: number; height: number };
  /** Written on the first IFD only (OME-XML or ImageJ description); ASCII, NUL-terminated. */
  imageDescription?: string;
  /** Pixels per unit. */
  resolution?: { x: number; y: number; unit: 'none' | 'inch' | 'centimeter' };
  /** Default true; big-endian ('MM') files byte-swap the data. */
  littleEndian?: boolean;
  software?: string;
}

const COMPRESSION_CODE: Record<TiffCompression, number> = { none: 1, lzw: 5, deflate: 8, packbits: 32773 };
const SAMPLE_FORMAT: Record<DType, number> = {
  uint8: 1,
  uint16: 1,
  uint32: 1,
  int8: 2,
  int16: 2,
  int32: 2,
  float32: 3,
  float64: 3,
};
const CLASSIC_LIMIT = 2 ** 32 - 1;
const AUTO_BIGTIFF_BYTES = 3.9e9;

export class TiffWriter {
  private planes = 0;
  private pos: number;
  private prevNextOffsetAt: number;
  private closed = false;
  private readonly bigTiff: boolean;
  private readonly le: boolean;
  private readonly compression: TiffCompression;
  private readonly predictor: 1 | 2 | 3;
  private readonly chunkW: number;
  private readonly chunkH: number;
  private readonly tiled: boolean;

  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
    private readonly o: TiffWriterOptions,
  ) {
    this.le = o.littleEndian ?? true;
    this.compression = o.compression ?? 'none';
    this.predictor = o.predictor ?? 1;
    const planeBytes = o.width * o.height * BYTES_PER_SAMPLE[o.dtype];
    const expansion = this.compression === 'none' ? 1 : 1.5;
    this.bigTiff = o.bigTiff ?? (o.planes ?? 1) * planeBytes * expansion > AUTO_BIGTIFF_BYTES;
    this.tiled = o.tile !== undefined;
    this.chunkW = o.tile ? o.tile.width : o.width;
    this.chunkH = o.tile ? o.tile.height : Math.min(o.rowsPerStrip ?? 16, o.height);
    this.pos = this.bigTiff ? 16 : 8;
    this.prevNextOffsetAt = this.bigTiff ? 8 : 4;
  }

  /** Creates (truncating) the file and writes the header. */
  static async create(path: string, options: TiffWriterOptions): Promise<TiffWriter> {
    validate(path, options);
    let fh: FileHandle;
    try {
      fh = await open(path, 'w');
    } catch (e) {
      throw new VolumeError('write-failed', `cannot create file (${(e as Error).message})`, {
        file: path,
        cause: e,
      });
    }
    const w = new TiffWriter(path, fh, options);
    const header = new DataView(new ArrayBuffer(w.bigTiff ? 16 : 8));
    header.setUint16(0, w.le ? 0x4949 : 0x4d4d, false);
    header.setUint16(2, w.bigTiff ? 43 : 42, w.le);
    if (w.bigTiff) {
      header.setUint16(4, 8, w.le);
      header.setUint16(6, 0, w.le);
    }
    await w.write(new Uint8Array(header.buffer), 0);
    return w;
  }

  get planesWritten(): number {
    return this.planes;
  }

  /** Appends one xy plane (x-fastest, width × height samples of the writer's dtype). */
  async appendPlane(data: TypedArray): Promise<void> {
    const { width, height, dtype } = this.o;
    const plane = this.planes;
    if (this.closed) throw new VolumeError('write-failed', 'writer is closed', { file: this.path, plane });
    if (data.length !== width * height || !matchesDType(data, dtype)) {
      throw new VolumeError(
        'write-failed',
        `plane must be a ${dtype} array of ${width}x${height} samples, got ${data.constructor.name}[${data.length}]`,
        { file: this.path, plane },
      );
    }
    // Encode every chunk, then write them back to back in one call.
    const across = Math.ceil(width / this.chunkW);
    const down = Math.ceil(height / this.chunkH);
    const chunks: Uint8Array[] = [];
    for (let cy = 0; cy < down; cy++) {
      for (let cx = 0; cx < across; cx++) {
        const raw = encodeChunk(data, width, height, {
          x0: cx * this.chunkW,
          y0: cy * this.chunkH,
          w: this.chunkW,
          h: this.tiled ? this.chunkH : Math.min(this.chunkH, height - cy * this.chunkH),
          pad: this.tiled,
          predictor: this.predictor,
          littleEndian: this.le,
        });
        chunks.push(this.compress(raw));
      }
    }
    const evenPad = this.compression === 'none' ? 0 : 1; // compressed chunks start on even offsets
    const dataStart = align(this.pos, 8);
    const offsets: number[] = [];
    const counts: number[] = [];
    let total = 0;
    for (const c of chunks) {
      total = evenPad ? align(total, 2) : total;
      offsets.push(dataStart + total);
      counts.push(c.length);
      total += c.length;
    }
    const blob = new Uint8Array(total);
    chunks.forEach((c, i) => blob.set(c, offsets[i] - dataStart));
    const ifdAt = align(dataStart + total, 8);
    const { bytes: ifd, nextOffsetAt } = buildIfd(
      this.entries(offsets, counts, plane === 0),
      ifdAt,
      this.bigTiff,
      this.le,
    );
    if (!this.bigTiff && ifdAt + ifd.length > CLASSIC_LIMIT) {
      throw new VolumeError(
        'write-failed',
        'classic TIFF cannot exceed 4 GB: pass bigTiff or a planes hint',
        { file: this.path, plane },
      );
    }
    await this.write(blob, dataStart, plane);
    await this.write(ifd, ifdAt, plane);
    // Link last, so that readers never see an IFD whose data is not on disk yet.
    const link = new DataView(new ArrayBuffer(this.bigTiff ? 8 : 4));
    if (this.bigTiff) link.setBigUint64(0, BigInt(ifdAt), this.le);
    else link.setUint32(0, ifdAt, this.le);
    await this.write(new Uint8Array(link.buffer), this.prevNextOffsetAt, plane);
    this.prevNextOffsetAt = ifdAt + nextOffsetAt;
    this.pos = ifdAt + ifd.length;
    this.planes++;
  }

  /** Flushes to disk and closes. The last IFD's next-offset is already 0. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.planes === 0)
        throw new VolumeError('write-failed', 'no planes were written', { file: this.path });
      await this.fh.sync();
    } finally {
      await this.fh.close();
    }
  }

  private compress(raw: Uint8Array): Uint8Array {
    switch (this.compression) {
      case 'none':
        return raw;
      case 'deflate':
        return deflateSync(raw, { level: 6 });
      case 'lzw':
        return encodeLzw(raw);
      case 'packbits':
        return encodePackBits(raw);
    }
  }

  private entries(offsets: number[], counts: number[], first: boolean): IfdEntry[] {
    const o = this.o;
    const long = (v: number): IfdEntry['value'] => ({ type: TYPE.LONG, values: [v] });
    const short = (v: number): IfdEntry['value'] => ({ type: TYPE.SHORT, values: [v] });
    const offType = this.bigTiff ? TYPE.LONG8 : TYPE.LONG;
    const e: IfdEntry[] = [
      { tag: 254, value: long(0) },
      { tag: 256, value: long(o.width) },
      { tag: 257, value: long(o.height) },
      { tag: 258, value: short(BYTES_PER_SAMPLE[o.dtype] * 8) },
      { tag: 259, value: short(COMPRESSION_CODE[this.compression]) },
      { tag: 262, value: short(1) },
      { tag: 277, value: short(1) },
      { tag: 284, value: short(1) },
      { tag: 339, value: short(SAMPLE_FORMAT[o.dtype]) },
    ];
    if (first && o.imageDescription !== undefined) e.push({ tag: 270, value: ascii(o.imageDescription) });
    if (this.tiled) {
      e.push(
        { tag: 322, value: long(this.chunkW) },
        { tag: 323, value: long(this.chunkH) },
        { tag: 324, value: { type: offType, values: offsets } },
        { tag: 325, value: { type: offType, values: counts } },
      );
    } else {
      e.push(
        { tag: 273, value: { type: offType, values: offsets } },
        { tag: 278, value: long(this.chunkH) },
        { tag: 279, value: { type: offType, values: counts } },
      );
    }
    if (o.resolution) {
      const unit = { none: 1, inch: 2, centimeter: 3 }[o.resolution.unit];
      e.push(
        { tag: 282, value: { type: TYPE.RATIONAL, values: rational(o.resolution.x) } },
        { tag: 283, value: { type: TYPE.RATIONAL, values: rational(o.resolution.y) } },
        { tag: 296, value: short(unit) },
      );
    }
    if (o.software !== undefined) e.push({ tag: 305, value: ascii(o.software) });
    if (this.predictor !== 1) e.push({ tag: 317, value: short(this.predictor) });
    return e.sort((a, b) => a.tag - b.tag);
  }

  private write(bytes: Uint8Array, position: number, plane?: number): Promise<void> {
    return writeFully(this.fh, bytes, position, this.path, plane);
  }
}

/** Writes a whole stack, one plane at a time; returns the number of planes written. */
export async function writeTiffStack(
  path: string,
  planes: AsyncIterable<TypedArray> | Iterable<TypedArray>,
  options: TiffWriterOptions,
): Promise<number> {
  const w = await TiffWriter.create(path, options);
  try {
    for await (const p of planes) await w.appendPlane(p);
  } catch (e) {
    await w.close().catch(() => undefined);
    throw e;
  }
  await w.close();
  return w.planesWritten;
}

function validate(path: string, o: TiffWriterOptions): void {
  const fail = (reason: string): never => {
    throw new VolumeError('write-failed', reason, { file: path });
  };
  if (!(Number.isInteger(o.width) && o.width > 0 && Number.isInteger(o.height) && o.height > 0)) {
    fail(`invalid plane size ${o.width}x${o.height}`);
  }
  if (!(o.dtype in BYTES_PER_SAMPLE)) fail(`unsupported dtype ${o.dtype}`);
  const p = o.predictor ?? 1;
  const isFloat = o.dtype === 'float32' || o.dtype === 'float64';
  if (p === 2 && isFloat) fail('predictor 2 applies to integer samples; use 3 for floats');
  if (p === 3 && !isFloat) fail('predictor 3 applies to floating-point samples');
  if (p !== 1 && (o.compression ?? 'none') === 'none') fail('a predictor needs compression');
  if (
    o.tile &&
    !(o.tile.width > 0 && o.tile.height > 0 && o.tile.width % 16 === 0 && o.tile.height % 16 === 0)
  ) {
    fail(`tile sides must be positive multiples of 16, got ${o.tile.width}x${o.tile.height}`);
  }
  if (o.rowsPerStrip !== undefined && !(Number.isInteger(o.rowsPerStrip) && o.rowsPerStrip > 0)) {
    fail(`invalid rowsPerStrip ${o.rowsPerStrip}`);
  }
}

function matchesDType(a: TypedArray, dtype: DType): boolean {
  const name = {
    uint8: Uint8Array,
    int8: Int8Array,
    uint16: Uint16Array,
    int16: Int16Array,
    uint32: Uint32Array,
    int32: Int32Array,
    float32: Float32Array,
    float64: Float64Array,
  }[dtype];
  return a instanceof name;
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/**
 * NUL-terminated text. Non-ASCII characters (the "µ" of OME-XML units) are written as UTF-8,
 * as Bio-Formats and tifffile do; readers should decode the tag as UTF-8.
 */
function ascii(s: string): IfdEntry['value'] {
  const utf8 = Buffer.from(s, 'utf8');
  const bytes = new Uint8Array(utf8.length + 1);
  bytes.set(utf8);
  return { type: TYPE.ASCII, bytes };
}

/** A positive number as [numerator, denominator] with the finest denominator that fits 32 bits. */
function rational(x: number): number[] {
  for (let den = 1_000_000; den > 1; den /= 10) {
    if (Math.round(x * den) <= CLASSIC_LIMIT) return [Math.round(x * den), den];
  }
  return [Math.min(Math.round(x), CLASSIC_LIMIT), 1];
}
