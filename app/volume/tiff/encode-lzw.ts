/**
 * TIFF-flavour LZW (compression 5), as libtiff writes it: codes are packed MSB-first,
 * 256 = Clear, 257 = EOI, the first free code is 258, and the code width grows "early"
 * (to 10 bits once the next free code is 512, i.e. after code 511 is assigned...
 * exactly libtiff's `free_ent > maxcode` rule), and a Clear is emitted when the table
 * reaches 4094 entries. Readers (libtiff, geotiff, tifffile) all decode this variant.
 */

const CLEAR = 256;
const EOI = 257;
const FIRST = 258;
const MAX_CODE = 4095;

/**
 * Dictionary (prefix code, next byte) -> code, as a flat table stamped with a generation
 * number so that a Clear costs nothing instead of zeroing 4 MB. Shared: encoding is
 * synchronous, so one table per process is enough.
 */
const TABLE_SIZE = 4096 * 256;
let codes: Uint16Array | null = null;
let stamps: Uint32Array | null = null;
let generation = 0;

class BitWriter {
  buf: Uint8Array;
  pos = 0;
  private acc = 0;
  private bits = 0;
  constructor(capacity: number) {
    this.buf = new Uint8Array(capacity);
  }
  put(code: number, width: number): void {
    this.acc = ((this.acc << width) | code) >>> 0;
    this.bits += width;
    while (this.bits >= 8) {
      this.bits -= 8;
      if (this.pos >= this.buf.length) this.grow();
      this.buf[this.pos++] = (this.acc >>> this.bits) & 0xff;
    }
    this.acc &= (1 << this.bits) - 1;
  }
  finish(): Uint8Array {
    if (this.bits > 0) {
      if (this.pos >= this.buf.length) this.grow();
      this.buf[this.pos++] = (this.acc << (8 - this.bits)) & 0xff;
      this.bits = 0;
    }
    return this.buf.subarray(0, this.pos);
  }
  private grow(): void {
    const next = new Uint8Array(this.buf.length * 2 + 16);
    next.set(this.buf);
    this.buf = next;
  }
}

/** Encodes one strip or tile. */
export function encodeLzw(input: Uint8Array): Uint8Array {
  if (!codes || !stamps) {
    codes = new Uint16Array(TABLE_SIZE);
    stamps = new Uint32Array(TABLE_SIZE);
  }
  const table = codes;
  const stamp = stamps;
  const newGeneration = (): void => {
    generation++;
    if (generation === 0xffffffff) {
      stamp.fill(0);
      generation = 1;
    }
  };
  newGeneration();
  const w = new BitWriter(Math.max(64, (input.length * 3) >> 1));
  let width = 9;
  let maxcode = 511;
  let free = FIRST;
  w.put(CLEAR, width);
  if (input.length === 0) {
    w.put(EOI, width);
    return w.finish();
  }
  let ent = input[0];
  for (let i = 1; i < input.length; i++) {
    const c = input[i];
    const key = (ent << 8) | c;
    if (stamp[key] === generation) {
      ent = table[key];
      continue;
    }
    w.put(ent, width);
    table[key] = free;
    stamp[key] = generation;
    free++;
    if (free === MAX_CODE - 1) {
      // Table full: Clear at the current width, restart with 9-bit codes.
      w.put(CLEAR, width);
      newGeneration();
      free = FIRST;
      width = 9;
      maxcode = 511;
    } else if (free > maxcode) {
      width++;
      maxcode = (1 << width) - 1;
    }
    ent = c;
  }
  w.put(ent, width);
  // The decoder adds an entry after reading the last code, so the EOI may need one more bit.
  free++;
  if (free !== MAX_CODE - 1 && free > maxcode) width++;
  w.put(EOI, width);
  return w.finish();
}
