/**
 * Serialises one TIFF / BigTIFF image file directory (IFD): the entry table, a zero
 * next-IFD offset (patched later by the writer) and the out-of-line values after it.
 */

export const TYPE = { BYTE: 1, ASCII: 2, SHORT: 3, LONG: 4, RATIONAL: 5, LONG8: 16 } as const;

type Numeric =
  typeof TYPE.BYTE | typeof TYPE.SHORT | typeof TYPE.LONG | typeof TYPE.RATIONAL | typeof TYPE.LONG8;

export interface IfdEntry {
  tag: number;
  /** Numbers (RATIONAL: flat numerator/denominator pairs) or raw bytes (ASCII, BYTE). */
  value: { type: Numeric; values: number[] } | { type: typeof TYPE.ASCII; bytes: Uint8Array };
}

const SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 16: 8 };

/**
 * Builds the IFD that will sit at file offset `at` (entries must be sorted by tag).
 * Returns its bytes and where, relative to `at`, its next-IFD offset field lies.
 */
export function buildIfd(
  entries: IfdEntry[],
  at: number,
  bigTiff: boolean,
  le: boolean,
): { bytes: Uint8Array; nextOffsetAt: number } {
  const entrySize = bigTiff ? 20 : 12;
  const inline = bigTiff ? 8 : 4;
  const headLen = (bigTiff ? 8 : 2) + entries.length * entrySize + (bigTiff ? 8 : 4);
  // Lay out the out-of-line values first, so the total size is known.
  let extra = 0;
  const placed = entries.map((e) => {
    const count =
      e.value.type === TYPE.ASCII
        ? e.value.bytes.length
        : e.value.type === TYPE.RATIONAL
          ? e.value.values.length / 2
          : e.value.values.length;
    const size = count * SIZE[e.value.type];
    let where = -1;
    if (size > inline) {
      extra = Math.ceil(extra / 2) * 2; // values start on word boundaries
      where = headLen + extra;
      extra += size;
    }
    return { e, count, where };
  });
  const bytes = new Uint8Array(headLen + extra);
  const v = new DataView(bytes.buffer);
  const put = (pos: number, type: number, values: number[]): void => {
    values.forEach((x, i) => {
      switch (type) {
        case TYPE.BYTE:
          v.setUint8(pos + i, x);
          break;
        case TYPE.SHORT:
          v.setUint16(pos + 2 * i, x, le);
          break;
        case TYPE.LONG:
        case TYPE.RATIONAL:
          v.setUint32(pos + 4 * i, x, le);
          break;
        case TYPE.LONG8:
          v.setBigUint64(pos + 8 * i, BigInt(x), le);
          break;
      }
    });
  };
  let p: number;
  if (bigTiff) {
    v.setBigUint64(0, BigInt(entries.length), le);
    p = 8;
  } else {
    v.setUint16(0, entries.length, le);
    p = 2;
  }
  for (const { e, count, where } of placed) {
    v.setUint16(p, e.tag, le);
    v.setUint16(p + 2, e.value.type, le);
    if (bigTiff) v.setBigUint64(p + 4, BigInt(count), le);
    else v.setUint32(p + 4, count, le);
    const field = p + (bigTiff ? 12 : 8);
    const target = where < 0 ? field : where;
    if (where >= 0) {
      if (bigTiff) v.setBigUint64(field, BigInt(at + where), le);
      else v.setUint32(field, at + where, le);
    }
    if (e.value.type === TYPE.ASCII) bytes.set(e.value.bytes, target);
    else put(target, e.value.type, e.value.values);
    p += entrySize;
  }
  return { bytes, nextOffsetAt: p }; // the next-IFD offset stays 0 until a later plane links it
}
