/**
 * A streaming writer of ImageJ-style TIFF stacks: classic TIFF, uncompressed, every plane's
 * pixels back to back after the first IFD, the other IFDs at the end.
 *
 * Why not `TiffWriter`: ImageJ (and Fiji's File > Open, which uses ImageJ's own reader for
 * files with an ImageJ description) reads only the first IFD of such a file and assumes plane
 * k starts at `firstStripOffset + k · planeBytes`. A file with per-plane IFDs between the
 * planes opens as garbage there. This is the layout ImageJ itself writes; past 4 GB (classic
 * TIFF offsets are 32-bit) it writes only the first IFD, as ImageJ does, which ImageJ, tifffile
 * and our reader ('imagej-raw') still read. Memory: one plane (written as it comes).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { endianness } from 'node:os';
import { VolumeError } from '../errors.js';
import { BYTES_PER_SAMPLE, type TypedArray } from '../types.js';
import { buildIfd, type IfdEntry, TYPE } from './writer-ifd.js';
import { IJ_METADATA, IJ_METADATA_BYTE_COUNTS, ijMetadataLuts } from './writer-imagej-hyperstack.js';
import { writeFully } from './write-fully.js';

export interface ImageJWriterOptions {
  width: number;
  height: number;
  /** Number of planes: fixed up front, because the pixel data of plane k has a fixed offset. */
  planes: number;
  dtype: 'uint8' | 'uint16' | 'float32';
  /** The ImageJ description (see `buildImageJDescription`). */
  description: string;
  /** Pixels per µm in x and y (1 / pixel size), written as XResolution / YResolution. */
  pixelsPerMicron?: { x: number; y: number };
  /** Rows per strip (default 16: row-band readers decode little extra; ImageJ ignores strips of uncompressed stacks). */
  rowsPerStrip?: number;
  /** One colour table per channel (768 bytes each, see `lutOfColor`), written as IJMetadata 'luts'; default none. */
  luts?: Uint8Array[];
}

const LIMIT = 2 ** 32 - 1;

export class ImageJWriter {
  private written = 0;
  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
    private readonly o: ImageJWriterOptions,
    private readonly dataStart: number,
    private readonly ifd0NextAt: number,
  ) {}

  /** Creates (truncating) the file and writes the header and the first IFD. */
  static async create(path: string, o: ImageJWriterOptions): Promise<ImageJWriter> {
    if (endianness() !== 'LE')
      throw new VolumeError('write-failed', 'the ImageJ writer needs a little-endian machine', {
        file: path,
      });
    if (!(o.width > 0 && o.height > 0 && o.planes > 0))
      throw new VolumeError('write-failed', `invalid stack size ${o.width}x${o.height}x${o.planes}`, {
        file: path,
      });
    let fh: FileHandle;
    try {
      fh = await open(path, 'w');
    } catch (e) {
      throw new VolumeError('write-failed', `cannot create file (${(e as Error).message})`, {
        file: path,
        cause: e,
      });
    }
    // The first IFD's size does not depend on its offsets, so lay it out once to learn where data starts.
    const probe = buildIfd(entries(o, 0, true), 8, false, true).bytes.length;
    const dataStart = align(8 + probe, 16);
    const { bytes, nextOffsetAt } = buildIfd(entries(o, dataStart, true), 8, false, true);
    const header = Buffer.from([0x49, 0x49, 42, 0, 8, 0, 0, 0]);
    const w = new ImageJWriter(path, fh, o, dataStart, 8 + nextOffsetAt);
    await w.write(header, 0);
    await w.write(bytes, 8);
    return w;
  }

  get planesWritten(): number {
    return this.written;
  }

  /** Appends the next xy plane (x fastest, width × height samples). */
  async appendPlane(data: TypedArray): Promise<void> {
    const { width, height, planes, dtype } = this.o;
    const plane = this.written;
    if (plane >= planes)
      throw new VolumeError('write-failed', `only ${planes} planes were announced`, {
        file: this.path,
        plane,
      });
    if (data.length !== width * height || data.BYTES_PER_ELEMENT !== BYTES_PER_SAMPLE[dtype]) {
      throw new VolumeError(
        'write-failed',
        `plane must be ${width}x${height} ${dtype} samples, got ${data.constructor.name}[${data.length}]`,
        { file: this.path, plane },
      );
    }
    await this.write(
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      this.dataStart + plane * this.planeBytes,
      plane,
    );
    this.written++;
  }

  /** Writes the remaining IFDs (when the file stays under 4 GB), flushes and closes. */
  async close(): Promise<void> {
    try {
      if (this.written !== this.o.planes) {
        throw new VolumeError('write-failed', `${this.written} of ${this.o.planes} planes were written`, {
          file: this.path,
        });
      }
      let at = align(this.dataStart + this.o.planes * this.planeBytes, 2);
      const one = buildIfd(entries(this.o, 0, false), 0, false, true).bytes.length;
      if (this.o.planes > 1 && at + (this.o.planes - 1) * align(one, 2) <= LIMIT) {
        let linkAt = this.ifd0NextAt;
        for (let k = 1; k < this.o.planes; k++) {
          const { bytes, nextOffsetAt } = buildIfd(
            entries(this.o, this.dataStart + k * this.planeBytes, false),
            at,
            false,
            true,
          );
          await this.write(bytes, at, k);
          await this.write(u32(at), linkAt, k);
          linkAt = at + nextOffsetAt;
          at = align(at + bytes.length, 2);
        }
      }
      await this.fh.sync();
    } finally {
      await this.fh.close();
    }
  }

  private get planeBytes(): number {
    return this.o.width * this.o.height * BYTES_PER_SAMPLE[this.o.dtype];
  }

  private write(bytes: Uint8Array, position: number, plane?: number): Promise<void> {
    return writeFully(this.fh, bytes, position, this.path, plane);
  }
}

/** The IFD of a plane whose pixels start at `dataAt`; the first also carries the description and resolution. */
function entries(o: ImageJWriterOptions, dataAt: number, first: boolean): IfdEntry[] {
  const rows = Math.min(o.rowsPerStrip ?? 16, o.height);
  const rowBytes = o.width * BYTES_PER_SAMPLE[o.dtype];
  const strips = Math.ceil(o.height / rows);
  const offsets = Array.from({ length: strips }, (_, s) => dataAt + s * rows * rowBytes);
  const counts = Array.from({ length: strips }, (_, s) => Math.min(rows, o.height - s * rows) * rowBytes);
  const long = (v: number): IfdEntry['value'] => ({ type: TYPE.LONG, values: [v] });
  const short = (v: number): IfdEntry['value'] => ({ type: TYPE.SHORT, values: [v] });
  const e: IfdEntry[] = [
    { tag: 254, value: long(0) },
    { tag: 256, value: long(o.width) },
    { tag: 257, value: long(o.height) },
    { tag: 258, value: short(BYTES_PER_SAMPLE[o.dtype] * 8) },
    { tag: 259, value: short(1) },
    { tag: 262, value: short(1) },
    { tag: 273, value: { type: TYPE.LONG, values: offsets } },
    { tag: 277, value: short(1) },
    { tag: 278, value: long(rows) },
    { tag: 279, value: { type: TYPE.LONG, values: counts } },
    { tag: 339, value: short(o.dtype === 'float32' ? 3 : 1) },
  ];
  if (first) {
    const text = Buffer.from(o.description, 'utf8');
    const bytes = new Uint8Array(text.length + 1);
    bytes.set(text);
    e.push({ tag: 270, value: { type: TYPE.ASCII, bytes } });
    if (o.pixelsPerMicron) {
      e.push(
        { tag: 282, value: { type: TYPE.RATIONAL, values: rational(o.pixelsPerMicron.x) } },
        { tag: 283, value: { type: TYPE.RATIONAL, values: rational(o.pixelsPerMicron.y) } },
        { tag: 296, value: short(1) },
      ); // unit "none": ImageJ reads the unit from the description
    }
    if (o.luts !== undefined && o.luts.length > 0) {
      const { byteCounts, data } = ijMetadataLuts(o.luts);
      e.push(
        { tag: IJ_METADATA_BYTE_COUNTS, value: { type: TYPE.LONG, values: byteCounts } },
        { tag: IJ_METADATA, value: { type: TYPE.BYTE, values: Array.from(data) } },
      );
    }
  }
  return e.sort((a, b) => a.tag - b.tag);
}

function rational(x: number): number[] {
  for (let den = 1_000_000; den > 1; den /= 10)
    if (Math.round(x * den) <= LIMIT) return [Math.round(x * den), den];
  return [Math.min(Math.round(x), LIMIT), 1];
}

function u32(v: number): Uint8Array {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v);
  return b;
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
