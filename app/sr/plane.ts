/**
 * A 2D float32 image (one xy, xz or yz slice), row-major: `data[y * width + x]`, and the
 * reflect padding that tiling pre-pads with.
 */
import { reflectIndex } from '../math/index.js';

// Re-exported: sr code reaches the edge rule through its plane module; it lives in app/math.

export interface Plane {
  width: number;
  height: number;
  data: Float32Array;
}

/** The plane padded by `pad` pixels on every side with `reflectIndex`. */
export function reflectPad(plane: Plane, pad: number): Plane {
  const { width: w, height: h, data } = plane;
  const pw = w + 2 * pad;
  const ph = h + 2 * pad;
  const out = new Float32Array(pw * ph);
  const xs = Int32Array.from({ length: pw }, (_, x) => reflectIndex(x - pad, w));
  for (let y = 0; y < ph; y++) {
    const src = reflectIndex(y - pad, h) * w;
    const dst = y * pw;
    for (let x = 0; x < pw; x++) out[dst + x] = data[src + xs[x]!]!;
  }
  return { width: pw, height: ph, data: out };
}
