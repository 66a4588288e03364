/**
 * A hand-built uint8 ImageJ hyperstack with ImageJ's binary metadata (tags 50838/50839: channel
 * LUTs and plane labels), in either byte order: ImageJ writes big-endian files, tifffile either.
 * Our TIFF writer writes no such tags, so the readers' LUT tests build their files here.
 */
import { writeFileSync } from 'node:fs';

export interface ImageJHyperstackSpec {
  width: number;
  height: number;
  channels: number;
  slices: number;
  frames?: number;
  /** channels · slices · frames planes, channel fastest (ImageJ's order). */
  planes: Uint8Array[];
  /** 768-byte LUTs (red[256], green[256], blue[256]), one per channel. */
  luts?: Uint8Array[];
  /** One per plane. */
  labels?: string[];
  /** Default false (big-endian, as ImageJ writes). */
  littleEndian?: boolean;
  /** Replaces the metadata blob and its byte counts (hostile-input tests). */
  rawMetadata?: { blob: Uint8Array; byteCounts: number[] };
}

/** A LUT that ramps from black to `rgb` (ImageJ's channel LUTs, e.g. [0, 255, 255] for cyan). */
export function rampLut(rgb: [number, number, number]): Uint8Array {
  const lut = new Uint8Array(768);
  for (let i = 0; i < 256; i++) for (let k = 0; k < 3; k++) lut[256 * k + i] = Math.round((rgb[k] * i) / 255);
  return lut;
}

/** The IJMetadata blob and its byte counts for LUTs and labels, as ImageJ's TiffEncoder lays them out. */
export function imageJMetadataBlob(
  luts: Uint8Array[],
  labels: string[],
  littleEndian: boolean,
): { blob: Uint8Array; byteCounts: number[] } {
  const types: [string, Uint8Array[]][] = [];
  if (labels.length > 0) types.push(['labl', labels.map((label) => utf16(label, littleEndian))]);
  if (luts.length > 0) types.push(['luts', luts]);
  const headerBytes = 4 + 8 * types.length;
  const header = Buffer.alloc(headerBytes);
  put32(header, 0x494a494a, 0, littleEndian);
  types.forEach(([name, entries], k) => {
    put32(header, Buffer.from(name, 'latin1').readUInt32BE(0), 4 + 8 * k, littleEndian);
    put32(header, entries.length, 8 + 8 * k, littleEndian);
  });
  const entries = types.flatMap(([, list]) => list);
  return {
    blob: new Uint8Array(Buffer.concat([header, ...entries])),
    byteCounts: [headerBytes, ...entries.map((entry) => entry.length)],
  };
}

function utf16(text: string, littleEndian: boolean): Uint8Array {
  const out = Buffer.alloc(2 * text.length);
  for (let i = 0; i < text.length; i++) put16(out, text.charCodeAt(i), 2 * i, littleEndian);
  return out;
}

function put16(out: Buffer, value: number, at: number, littleEndian: boolean): void {
  if (littleEndian) out.writeUInt16LE(value, at);
  else out.writeUInt16BE(value, at);
}

function put32(out: Buffer, value: number, at: number, littleEndian: boolean): void {
  if (littleEndian) out.writeUInt32LE(value, at);
  else out.writeUInt32BE(value, at);
}

type Entry = { tag: number; type: number; values: number[] | Uint8Array };

export function writeImageJHyperstack(path: string, spec: ImageJHyperstackSpec): void {
  const littleEndian = spec.littleEndian ?? false;
  const frames = spec.frames ?? 1;
  const images = spec.channels * spec.slices * frames;
  if (spec.planes.length !== images) throw new Error(`${spec.planes.length} planes for ${images} images`);
  const description = Buffer.from(
    `ImageJ=1.54f\nimages=${images}\nchannels=${spec.channels}\nslices=${spec.slices}\nframes=${frames}\nhyperstack=true\nmode=composite\nloop=false\n\0`,
    'latin1',
  );
  const metadata = spec.rawMetadata ?? imageJMetadataBlob(spec.luts ?? [], spec.labels ?? [], littleEndian);
  const planeBytes = spec.width * spec.height;
  const chunks: Uint8Array[] = [];
  let position = 8;
  const place = (bytes: Uint8Array): number => {
    const at = position;
    chunks.push(bytes);
    position += bytes.length;
    if (position % 2) {
      chunks.push(new Uint8Array(1));
      position++;
    }
    return at;
  };
  const planeAt = spec.planes.map((plane) => place(plane));
  /** One directory; its out-of-line values are placed as it is built, the next-IFD link is patched later. */
  const directory = (entries: Entry[]): Buffer => {
    const out = Buffer.alloc(2 + 12 * entries.length + 4);
    put16(out, entries.length, 0, littleEndian);
    entries.forEach(({ tag, type, values }, i) => {
      const at = 2 + 12 * i;
      put16(out, tag, at, littleEndian);
      put16(out, type, at + 2, littleEndian);
      put32(out, values.length, at + 4, littleEndian);
      const itemBytes = type === 4 ? 4 : type === 3 ? 2 : 1;
      const inline = values.length * itemBytes <= 4;
      const bytes = inline ? out.subarray(at + 8, at + 12) : Buffer.alloc(values.length * itemBytes);
      values.forEach((value, k) => {
        if (itemBytes === 4) put32(bytes, value, 4 * k, littleEndian);
        else if (itemBytes === 2) put16(bytes, value, 2 * k, littleEndian);
        else bytes.writeUInt8(value, k);
      });
      if (!inline) put32(out, place(bytes), at + 8, littleEndian);
    });
    return out;
  };
  const planeEntries = (k: number): Entry[] => [
    { tag: 256, type: 4, values: [spec.width] },
    { tag: 257, type: 4, values: [spec.height] },
    { tag: 258, type: 3, values: [8] },
    { tag: 259, type: 3, values: [1] },
    { tag: 262, type: 3, values: [1] },
    ...(k === 0 ? [{ tag: 270, type: 2, values: description }] : []),
    { tag: 273, type: 4, values: [planeAt[k]] },
    { tag: 277, type: 3, values: [1] },
    { tag: 278, type: 4, values: [spec.height] },
    { tag: 279, type: 4, values: [planeBytes] },
    ...(k === 0
      ? [
          { tag: 50838, type: 4, values: metadata.byteCounts },
          { tag: 50839, type: 1, values: metadata.blob },
        ]
      : []),
  ];
  // IFDs last, each after its out-of-line values; the links are patched once all are placed.
  const ifds: { at: number; bytes: Buffer; entryCount: number }[] = [];
  for (let k = 0; k < images; k++) {
    const entries = planeEntries(k);
    const bytes = directory(entries);
    ifds.push({ at: place(bytes), bytes, entryCount: entries.length });
  }
  ifds.forEach(({ bytes, entryCount }, k) => {
    const next = k + 1 < ifds.length ? ifds[k + 1].at : 0;
    put32(bytes, next, 2 + 12 * entryCount, littleEndian);
  });
  const header = Buffer.alloc(8);
  header.write(littleEndian ? 'II' : 'MM', 0, 'latin1');
  put16(header, 42, 2, littleEndian);
  put32(header, ifds[0].at, 4, littleEndian);
  writeFileSync(path, Buffer.concat([header, ...chunks]));
}
