/**
 * A 2D float32 image (one xy, xz or yz slice), row-major: `data[y * width + x]`, and the
 * reflect padding that tiling pre-pads with.
 */

export interface Plane {
  width: number;
  height: number;
  data: Float32Array;
}

/**
 * Index into [0, n) for any integer i, reflecting about the edge pixels without repeating them
 * (numpy 'reflect': …, 2, 1, | 0, 1, 2, …, n−1, | n−2, …). For a pad wider than the plane the
 * reflection repeats (period 2n−2, like numpy's iterated reflect) instead of failing, so planes
 * smaller than the margin (a 5-pixel-high xz slice) still pad; n = 1 repeats the single pixel.
 */
export function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n - 2;
  const j = ((i % period) + period) % period;
  return j < n ? j : period - j;
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
