/**
 * Turns one strip or tile of a plane into the bytes TIFF stores before compression:
 * padded (tiles), predictor applied, in the file's byte order.
 */
import type { TypedArray } from '../types.js';

export interface ChunkSpec {
  x0: number;
  y0: number;
  w: number;
  h: number;
  /** Tiles are always full size: samples past the image edge are zero. */
  pad: boolean;
  predictor: 1 | 2 | 3;
  littleEndian: boolean;
}

const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function encodeChunk(plane: TypedArray, width: number, height: number, c: ChunkSpec): Uint8Array {
  const bps = plane.BYTES_PER_ELEMENT;
  let samples: TypedArray;
  const fullRows = !c.pad && c.x0 === 0 && c.w === width;
  if (fullRows) {
    samples = plane.subarray(c.y0 * width, (c.y0 + c.h) * width);
  } else {
    const Ctor = plane.constructor as new (n: number) => TypedArray;
    samples = new Ctor(c.w * c.h);
    const rows = Math.min(c.h, height - c.y0);
    const cols = Math.min(c.w, width - c.x0);
    for (let y = 0; y < rows; y++) {
      const src = (c.y0 + y) * width + c.x0;
      samples.set(plane.subarray(src, src + cols), y * c.w);
    }
  }
  if (c.predictor === 3) return floatPredict(samples, c.w, c.h);
  if (c.predictor === 2) {
    if (fullRows) samples = samples.slice(); // never modify the caller's plane
    const s = samples as Uint8Array; // same arithmetic for every integer type: stores wrap
    for (let y = 0; y < c.h; y++) {
      const r = y * c.w;
      for (let x = c.w - 1; x > 0; x--) s[r + x] -= s[r + x - 1];
    }
  }
  const bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  if (bps === 1 || c.littleEndian === HOST_LE) return bytes;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += bps) {
    for (let b = 0; b < bps; b++) out[i + b] = bytes[i + bps - 1 - b];
  }
  return out;
}

/**
 * TIFF floating-point predictor (Adobe tech note 3), as libtiff's fpDiff: per row, split the
 * samples into byte planes, most significant first, then difference the bytes. The result
 * does not depend on the file's byte order.
 */
function floatPredict(samples: TypedArray, w: number, h: number): Uint8Array {
  const bps = samples.BYTES_PER_ELEMENT;
  const src = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  const out = new Uint8Array(src.length);
  const rowBytes = w * bps;
  for (let y = 0; y < h; y++) {
    const r = y * rowBytes;
    for (let i = 0; i < w; i++) {
      for (let b = 0; b < bps; b++) {
        const msbFirst = HOST_LE ? bps - 1 - b : b;
        out[r + b * w + i] = src[r + i * bps + msbFirst];
      }
    }
    for (let k = rowBytes - 1; k > 0; k--) out[r + k] = (out[r + k] - out[r + k - 1]) & 0xff;
  }
  return out;
}
