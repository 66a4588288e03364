/**
 * A hand-built classic TIFF with a single IFD followed by raw planes back to back: the
 * layout ImageJ writes for stacks over 4 GB, which no ordinary writer produces.
 */
import { writeFileSync } from 'node:fs';

export function writeImageJRawTiff(
  path: string,
  planes: Uint16Array[],
  width: number,
  height: number,
  description: string,
): void {
  const desc = Buffer.from(`${description}\0`, 'latin1');
  const entries: Entry[] = [
    // tag, type, count, value
    [256, 4, 1, width],
    [257, 4, 1, height],
    [258, 3, 1, 16],
    [259, 3, 1, 1],
    [262, 3, 1, 1],
    [270, 2, desc.length, 0 /* patched */],
    [273, 4, 1, 0 /* patched */],
    [277, 3, 1, 1],
    [278, 4, 1, height],
    [279, 4, 1, width * height * 2],
  ];
  const ifdAt = 8;
  const ifdBytes = 2 + entries.length * 12 + 4;
  const descAt = ifdAt + ifdBytes;
  const dataAt = Math.ceil((descAt + desc.length) / 16) * 16;
  entries[5][3] = descAt;
  entries[6][3] = dataAt;
  const out = Buffer.alloc(dataAt + planes.length * width * height * 2);
  writeHeaderAndIfd(out, ifdAt, entries);
  desc.copy(out, descAt);
  planes.forEach((p, k) =>
    Buffer.from(p.buffer, p.byteOffset, p.byteLength).copy(out, dataAt + k * width * height * 2),
  );
  writeFileSync(path, out);
}

/** A one-plane uint16 TIFF whose single strip holds `stored` bytes under compression `code` (for codecs our writer lacks). */
export function writeSingleStripTiff(
  path: string,
  width: number,
  height: number,
  code: number,
  stored: Uint8Array,
): void {
  const entries: Entry[] = [
    [256, 4, 1, width],
    [257, 4, 1, height],
    [258, 3, 1, 16],
    [259, 3, 1, code],
    [262, 3, 1, 1],
    [273, 4, 1, 0 /* patched */],
    [277, 3, 1, 1],
    [278, 4, 1, height],
    [279, 4, 1, stored.length],
  ];
  const ifdAt = 8;
  const dataAt = ifdAt + 2 + entries.length * 12 + 4;
  entries[5][3] = dataAt;
  const out = Buffer.alloc(dataAt + stored.length);
  writeHeaderAndIfd(out, ifdAt, entries);
  out.set(stored, dataAt);
  writeFileSync(path, out);
}

/**
 * A uint8 stack of `planes` IFDs that all point at one strip of `stored` bytes (compression
 * `code`): a few KiB that declare `planes` whole planes, which only a whole-stack size check
 * can tell from a real stack.
 */
export function writeSharedStripStack(
  path: string,
  width: number,
  height: number,
  planes: number,
  code: number,
  stored: Uint8Array,
): void {
  const entries = (dataAt: number): Entry[] => [
    [256, 4, 1, width],
    [257, 4, 1, height],
    [258, 3, 1, 8],
    [259, 3, 1, code],
    [262, 3, 1, 1],
    [273, 4, 1, dataAt],
    [277, 3, 1, 1],
    [278, 4, 1, height],
    [279, 4, 1, stored.length],
  ];
  const dataAt = 8;
  const ifdBytes = 2 + entries(0).length * 12 + 4;
  const firstIfd = dataAt + stored.length + (stored.length % 2);
  const out = Buffer.alloc(firstIfd + planes * ifdBytes);
  out.set(stored, dataAt);
  for (let plane = 0; plane < planes; plane++) {
    const at = firstIfd + plane * ifdBytes;
    writeIfd(out, at, entries(dataAt), plane + 1 < planes ? at + ifdBytes : 0);
  }
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(firstIfd, 4);
  writeFileSync(path, out);
}

type Entry = [tag: number, type: number, count: number, value: number];

/** One IFD of inline SHORT/LONG entries at `at`, pointing at `next`. */
function writeIfd(out: Buffer, at: number, entries: Entry[], next: number): void {
  out.writeUInt16LE(entries.length, at);
  entries.forEach(([tag, type, count, value], i) => {
    const entryAt = at + 2 + i * 12;
    out.writeUInt16LE(tag, entryAt);
    out.writeUInt16LE(type, entryAt + 2);
    out.writeUInt32LE(count, entryAt + 4);
    if (type === 3 && count === 1) out.writeUInt16LE(value, entryAt + 8);
    else out.writeUInt32LE(value, entryAt + 8);
  });
  out.writeUInt32LE(next, at + 2 + entries.length * 12);
}

/** Little-endian classic header pointing at one IFD of inline SHORT/LONG entries, next-IFD 0. */
function writeHeaderAndIfd(out: Buffer, ifdAt: number, entries: Entry[]): void {
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(ifdAt, 4);
  writeIfd(out, ifdAt, entries, 0);
}
