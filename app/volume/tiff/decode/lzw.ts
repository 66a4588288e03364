/**
 * TIFF-flavour LZW decoding into a preallocated buffer. geotiff's decoder grows a JS array
 * per code (~5 MB/s); this one keeps the dictionary in typed arrays (prefix + last byte +
 * length), which decodes at memory speed.
 */

const CLEAR = 256;
const EOI = 257;
const MAX_CODES = 4096;

/**
 * Decodes `input` into `output` and returns the number of bytes written. Stops at EOI or
 * when `output` is full; throws on a code that cannot occur in a valid stream.
 * @example decodeLzw(stripBytes, new Uint8Array(rows * rowBytes))
 */
export function decodeLzw(input: Uint8Array, output: Uint8Array): number {
  const prefix = new Uint16Array(MAX_CODES);
  const suffix = new Uint8Array(MAX_CODES);
  const length = new Uint16Array(MAX_CODES);
  const first = new Uint8Array(MAX_CODES);
  for (let i = 0; i < 256; i++) {
    suffix[i] = i;
    length[i] = 1;
    first[i] = i;
  }

  let bitPos = 0;
  const totalBits = input.length * 8;
  let codeWidth = 9;
  let next = 258;
  let previous = -1;
  let out = 0;
  const outLength = output.length;

  const readCode = (): number => {
    if (bitPos + codeWidth > totalBits) return EOI; // tolerate streams without EOI
    const byte = bitPos >>> 3;
    const shift = bitPos & 7;
    // Up to 12 bits starting at `shift` fit in 3 bytes.
    const chunk = (input[byte] << 16) | ((input[byte + 1] ?? 0) << 8) | (input[byte + 2] ?? 0);
    bitPos += codeWidth;
    return (chunk >>> (24 - shift - codeWidth)) & ((1 << codeWidth) - 1);
  };

  // Writes the string of `code` at output[at..]; returns its length (clipped to the buffer).
  const emit = (code: number, at: number): number => {
    const len = length[code];
    let c = code;
    for (let i = len - 1; i >= 0; i--) {
      if (at + i < outLength) output[at + i] = suffix[c];
      c = prefix[c];
    }
    return len;
  };

  for (;;) {
    const code = readCode();
    if (code === EOI) break;
    if (code === CLEAR) {
      codeWidth = 9;
      next = 258;
      previous = -1;
      continue;
    }
    if (previous === -1) {
      if (code > 255) throw new Error(`LZW: code ${code} after clear`);
      if (out < outLength) output[out] = code;
      out += 1;
      previous = code;
    } else {
      let written: number;
      if (code < next) {
        written = emit(code, out);
        if (next < MAX_CODES) {
          prefix[next] = previous;
          suffix[next] = first[code];
          length[next] = length[previous] + 1;
          first[next] = first[previous];
          next++;
        }
      } else if (code === next) {
        // KwKwK case: the new string is previous + first(previous).
        if (next >= MAX_CODES) throw new Error('LZW: dictionary overflow');
        prefix[next] = previous;
        suffix[next] = first[previous];
        length[next] = length[previous] + 1;
        first[next] = first[previous];
        next++;
        written = emit(code, out);
      } else {
        throw new Error(`LZW: invalid code ${code} (next ${next})`);
      }
      out += written;
      previous = code;
    }
    if (out >= outLength) break;
    // TIFF's "early change": widen one code before the table fills the current width.
    if (next + 1 >= 1 << codeWidth && codeWidth < 12) codeWidth++;
  }
  return Math.min(out, outLength);
}
