/**
 * Where the parts of a TIFF (classic or BigTIFF, either byte order) lie in its bytes: its IFDs,
 * each entry's fields, and the strips or tiles the offset tags point at. The fuzz mutator aims
 * its edits with it; it trusts nothing (a loop or an offset past the end just ends the walk).
 */

export interface TiffEntry {
  /** Byte position of the entry (its tag field). */
  at: number;
  tag: number;
  type: number;
  count: number;
  /** Position of the value field (the value itself when inline, else the offset of the values). */
  valueAt: number;
  /** Size of the value field: 4 (classic) or 8 (BigTIFF). */
  valueBytes: number;
  inline: boolean;
}

export interface TiffDirectory {
  at: number;
  entries: TiffEntry[];
  /** Position of the next-IFD offset field. */
  nextAt: number;
}

export interface TiffStructure {
  littleEndian: boolean;
  bigTiff: boolean;
  directories: TiffDirectory[];
  /** Byte ranges [start, end) of the strips and tiles the directories list. */
  blocks: { start: number; end: number }[];
  /** Byte range of IFD 0's ImageDescription, when it has one. */
  description?: { start: number; end: number };
}

const TYPE_BYTES: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  16: 8,
  17: 8,
  18: 8,
};

export function readTiffStructure(bytes: Buffer, maxDirectories = 64): TiffStructure {
  const littleEndian = bytes.toString('latin1', 0, 2) === 'II';
  const u16 = (at: number) => (littleEndian ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const u32 = (at: number) => (littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const u64 = (at: number) => Number(littleEndian ? bytes.readBigUInt64LE(at) : bytes.readBigUInt64BE(at));
  const bigTiff = u16(2) === 43;
  const offsetOf = bigTiff ? u64 : u32;
  const structure: TiffStructure = { littleEndian, bigTiff, directories: [], blocks: [] };
  const seen = new Set<number>();
  let at = bigTiff ? u64(8) : u32(4);
  const countBytes = bigTiff ? 8 : 2;
  const entryBytes = bigTiff ? 20 : 12;
  const valueBytes = bigTiff ? 8 : 4;
  while (at > 0 && !seen.has(at) && structure.directories.length < maxDirectories) {
    if (at + countBytes > bytes.length) break;
    seen.add(at);
    const count = bigTiff ? u64(at) : u16(at);
    const nextAt = at + countBytes + count * entryBytes;
    if (count > 4096 || nextAt + valueBytes > bytes.length) break;
    const entries: TiffEntry[] = [];
    for (let i = 0; i < count; i++) {
      const entryAt = at + countBytes + i * entryBytes;
      const type = u16(entryAt + 2);
      const valueCount = bigTiff ? u64(entryAt + 4) : u32(entryAt + 4);
      const valueAt = entryAt + (bigTiff ? 12 : 8);
      const inline = valueCount * (TYPE_BYTES[type] ?? 1) <= valueBytes;
      entries.push({ at: entryAt, tag: u16(entryAt), type, count: valueCount, valueAt, valueBytes, inline });
    }
    structure.directories.push({ at, entries, nextAt });
    const values = (entry: TiffEntry | undefined): number[] => {
      if (!entry) return [];
      const size = TYPE_BYTES[entry.type] ?? 4;
      const base = entry.inline ? entry.valueAt : offsetOf(entry.valueAt);
      const out: number[] = [];
      for (let k = 0; k < Math.min(entry.count, 4096); k++) {
        const position = base + k * size;
        if (position + size > bytes.length) break;
        out.push(size === 2 ? u16(position) : size === 8 ? u64(position) : u32(position));
      }
      return out;
    };
    const find = (tag: number) => entries.find((entry) => entry.tag === tag);
    const offsets = values(find(273) ?? find(324));
    const counts = values(find(279) ?? find(325));
    offsets.forEach((offset, k) => {
      const end = Math.min(bytes.length, offset + (counts[k] ?? 0));
      if (offset < end) structure.blocks.push({ start: offset, end });
    });
    const description = find(270);
    if (description && structure.directories.length === 1) {
      const start = description.inline ? description.valueAt : offsetOf(description.valueAt);
      const end = Math.min(bytes.length, start + description.count);
      if (start < end) structure.description = { start, end };
    }
    at = offsetOf(nextAt);
  }
  return structure;
}
