/** PackBits (TIFF compression 32773) decoding into a preallocated buffer. */

/**
 * Decodes `input` into `output`, returning the bytes written (stops when output is full).
 * @example decodePackBits(stripBytes, new Uint8Array(rows * rowBytes))
 */
export function decodePackBits(input: Uint8Array, output: Uint8Array): number {
  let i = 0;
  let out = 0;
  const n = input.length;
  const cap = output.length;
  while (i < n && out < cap) {
    const header = (input[i++] << 24) >> 24; // as signed byte
    if (header >= 0) {
      const count = Math.min(header + 1, cap - out, n - i);
      output.set(input.subarray(i, i + count), out);
      i += header + 1;
      out += count;
    } else if (header !== -128) {
      const count = Math.min(1 - header, cap - out);
      if (i >= n) break;
      output.fill(input[i++], out, out + count);
      out += count;
    }
  }
  return out;
}
