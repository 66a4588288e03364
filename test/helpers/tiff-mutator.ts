/**
 * A seeded mutator of TIFF files for the fuzz test: one to three edits aimed at the header, an
 * IFD entry (tag, type, count or value), the next-IFD chain, the strip or tile bytes, the
 * ImageDescription (OME-XML, ImageJ), or the file's length. The same (bytes, seed) always gives
 * the same file, so a failing case is replayed from its seed alone.
 */
import { seeded } from './fixtures.js';
import { readTiffStructure, type TiffEntry, type TiffStructure } from './tiff-structure.js';

export type MutationKind =
  | 'header'
  | 'entry-value'
  | 'entry-type'
  | 'entry-count'
  | 'entry-tag'
  | 'next-ifd'
  | 'block-bytes'
  | 'description'
  | 'truncate'
  | 'random-bytes'
  | 'huge-plane'
  | 'deflate-bomb';

const KINDS: MutationKind[] = [
  'header',
  'entry-value',
  'entry-value',
  'entry-value',
  'entry-type',
  'entry-count',
  'entry-tag',
  'next-ifd',
  'block-bytes',
  'block-bytes',
  'description',
  'truncate',
  'random-bytes',
  'huge-plane',
  'deflate-bomb',
];

/** Tags whose damage reaches the reader's decisions (size, type, compression, layout). */
const TAGS = [254, 256, 257, 258, 259, 270, 273, 277, 278, 279, 284, 317, 322, 323, 324, 325, 339];

export interface Mutated {
  bytes: Buffer;
  /** What was done, e.g. ["entry-value 257=40000", "truncate 812"], for the report of a failure. */
  edits: string[];
}

export interface MutateOptions {
  /**
   * A zlib stream that inflates far past any block (e.g. 1 GiB of zeros in ~1 MiB): the
   * 'deflate-bomb' edit appends it and points a plane's first strip or tile at it as deflate.
   */
  bomb?: Buffer;
}

export function mutateTiff(original: Buffer, seed: number, options: MutateOptions = {}): Mutated {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const below = (n: number): number => Math.floor(random() * n);
  let bytes = Buffer.from(original);
  const structure = readTiffStructure(bytes);
  const edits: string[] = [];
  const interesting = (old: number): number =>
    pick([
      0,
      1,
      2,
      3,
      7,
      8,
      15,
      16,
      255,
      256,
      1024,
      40000,
      65535,
      65536,
      2 ** 31 - 1,
      2 ** 32 - 1,
      bytes.length,
      bytes.length - 1,
      bytes.length + 1,
      old + 1,
      Math.max(0, old - 1),
      old * 2,
      Math.floor(old / 2),
      below(2 ** 32),
    ]);
  const edits1 = 1 + below(3);
  for (let n = 0; n < edits1; n++) {
    const kind = pick(KINDS);
    const entry = pickEntry(structure, random);
    switch (kind) {
      case 'header': {
        const at = below(Math.min(16, bytes.length));
        bytes[at] = below(256);
        edits.push(`header byte ${at}`);
        break;
      }
      case 'entry-value':
      case 'entry-count': {
        if (!entry) break;
        const field = kind === 'entry-value' ? entry.valueAt : entry.at + 4;
        const wide = kind === 'entry-value' ? entry.valueBytes : structure.bigTiff ? 8 : 4;
        const old = readField(bytes, structure, field, wide, entry);
        const value = interesting(old);
        writeField(bytes, structure, field, wide, value, kind === 'entry-value' ? entry : undefined);
        edits.push(`${kind} tag ${entry.tag}: ${old} -> ${value}`);
        break;
      }
      case 'entry-type': {
        if (!entry) break;
        const type = below(20);
        writeU16(bytes, structure, entry.at + 2, type);
        edits.push(`entry-type tag ${entry.tag} -> ${type}`);
        break;
      }
      case 'entry-tag': {
        if (!entry) break;
        const tag = pick(TAGS);
        writeU16(bytes, structure, entry.at, tag);
        edits.push(`entry-tag ${entry.tag} -> ${tag}`);
        break;
      }
      case 'next-ifd': {
        const directory = structure.directories.length ? pick(structure.directories) : undefined;
        if (!directory) break;
        const target = pick([
          0,
          directory.at,
          structure.directories[0].at,
          bytes.length,
          below(bytes.length),
        ]);
        writeField(bytes, structure, directory.nextAt, structure.bigTiff ? 8 : 4, target);
        edits.push(`next-ifd of ${directory.at} -> ${target}`);
        break;
      }
      case 'block-bytes': {
        const block = structure.blocks.length ? pick(structure.blocks) : undefined;
        if (!block) break;
        const start = block.start + below(block.end - block.start);
        const length = 1 + below(Math.min(64, block.end - start));
        const fill = pick(['random', 'zero', 'ff'] as const);
        for (let i = start; i < Math.min(start + length, bytes.length); i++)
          bytes[i] = fill === 'random' ? below(256) : fill === 'zero' ? 0 : 0xff;
        edits.push(`block-bytes ${start}+${length} ${fill}`);
        break;
      }
      case 'description': {
        const range = structure.description;
        if (!range) break;
        // Digits, quotes and brackets carry the sizes and the structure: damage those most.
        const at = range.start + below(range.end - range.start);
        if (at >= bytes.length) break; // cut off by an earlier truncation
        const replacement = pick(['0', '9', '"', '<', '>', ' ', '\0', String(below(10))]);
        bytes.write(replacement, at, 'latin1');
        edits.push(`description byte ${at} -> ${JSON.stringify(replacement)}`);
        break;
      }
      case 'truncate': {
        const block = structure.blocks.length ? pick(structure.blocks) : undefined;
        const length =
          block && random() < 0.7 ? block.start + below(block.end - block.start) : below(bytes.length);
        bytes = bytes.subarray(0, length);
        edits.push(`truncate ${length}`);
        break;
      }
      case 'huge-plane': {
        // Width, height, rows per strip and tile sides together: a few KiB declaring gigabytes.
        const directory = pickDirectory(structure, random);
        if (!directory) break;
        const size = pick([40000, 65535, 100000, 2 ** 31 - 1]);
        for (const sized of directory.entries.filter((e) => [256, 257, 278, 322, 323].includes(e.tag)))
          writeField(bytes, structure, sized.valueAt, sized.valueBytes, size, sized);
        edits.push(`huge-plane ${size} at IFD ${directory.at}`);
        break;
      }
      case 'deflate-bomb': {
        const directory = pickDirectory(structure, random);
        const find = (tag: number) => directory?.entries.find((e) => e.tag === tag);
        const offsets = find(273) ?? find(324);
        const counts = find(279) ?? find(325);
        const compression = find(259);
        if (!options.bomb || !offsets || !counts || !compression) break;
        const at = bytes.length + (bytes.length % 2);
        bytes = Buffer.concat([bytes, Buffer.alloc(at - bytes.length), options.bomb]);
        writeFirstValue(bytes, structure, offsets, at);
        writeFirstValue(bytes, structure, counts, options.bomb.length);
        writeField(bytes, structure, compression.valueAt, compression.valueBytes, 8, compression);
        edits.push(`deflate-bomb at ${at}`);
        break;
      }
      case 'random-bytes': {
        const count = 1 + below(8);
        for (let i = 0; i < count && bytes.length > 0; i++) bytes[below(bytes.length)] = below(256);
        edits.push(`random-bytes ${count}`);
        break;
      }
    }
  }
  return { bytes, edits };
}

function pickEntry(structure: TiffStructure, random: () => number): TiffEntry | undefined {
  const all = structure.directories.flatMap((directory) => directory.entries);
  // Half the time IFD 0's entries: its plane decides the stack's shape.
  const first = structure.directories[0]?.entries ?? [];
  const pool = random() < 0.5 && first.length ? first : all;
  return pool.length ? pool[Math.floor(random() * pool.length)] : undefined;
}

function pickDirectory(structure: TiffStructure, random: () => number) {
  const directories = structure.directories;
  if (directories.length === 0) return undefined;
  return random() < 0.5 ? directories[0] : directories[Math.floor(random() * directories.length)];
}

/** Overwrites the first value of an array entry (inline or out of line) with `value`. */
function writeFirstValue(bytes: Buffer, structure: TiffStructure, entry: TiffEntry, value: number): void {
  if (entry.inline) return writeField(bytes, structure, entry.valueAt, entry.valueBytes, value, entry);
  const at = readField(bytes, structure, entry.valueAt, entry.valueBytes);
  if (entry.type === 3) return writeU16(bytes, structure, at, value);
  writeField(bytes, structure, at, entry.type === 16 ? 8 : 4, value);
}

function writeU16(bytes: Buffer, structure: TiffStructure, at: number, value: number): void {
  if (at + 2 > bytes.length) return;
  if (structure.littleEndian) bytes.writeUInt16LE(value & 0xffff, at);
  else bytes.writeUInt16BE(value & 0xffff, at);
}

/** Reads a field as the reader would: a SHORT inline value as 16 bits, else 32 or 64. */
function readField(
  bytes: Buffer,
  structure: TiffStructure,
  at: number,
  wide: number,
  entry?: TiffEntry,
): number {
  if (at + wide > bytes.length) return 0;
  if (entry?.type === 3 && entry.inline)
    return structure.littleEndian ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at);
  if (wide === 8)
    return Number(structure.littleEndian ? bytes.readBigUInt64LE(at) : bytes.readBigUInt64BE(at));
  return structure.littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at);
}

function writeField(
  bytes: Buffer,
  structure: TiffStructure,
  at: number,
  wide: number,
  value: number,
  entry?: TiffEntry,
): void {
  if (at + wide > bytes.length) return;
  if (entry?.type === 3 && entry.inline) return writeU16(bytes, structure, at, value);
  if (wide === 8) {
    const big = BigInt(Math.max(0, Math.floor(value)));
    if (structure.littleEndian) bytes.writeBigUInt64LE(big, at);
    else bytes.writeBigUInt64BE(big, at);
    return;
  }
  const word = Math.max(0, Math.floor(value)) % 2 ** 32;
  if (structure.littleEndian) bytes.writeUInt32LE(word, at);
  else bytes.writeUInt32BE(word, at);
}
