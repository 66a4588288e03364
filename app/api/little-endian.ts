/** Samples go on the wire little-endian whatever the host; this is the one place that makes sure. */
import { endianness } from 'node:os';
import type { TypedArray } from '../volume/index.js';

/** The samples' bytes in little-endian order (a view on little-endian hosts, a swapped copy otherwise). */
export function littleEndianBytes(a: TypedArray): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const size = a.BYTES_PER_ELEMENT;
  if (endianness() === 'LE' || size === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += size)
    for (let k = 0; k < size; k++) out[i + k] = bytes[i + size - 1 - k];
  return out;
}
