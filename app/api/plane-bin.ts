/**
 * Planes at screen resolution: block means over bin × bin samples, in the plane's own dtype
 * (integers rounded to nearest) so the UI handles binned and full planes alike. Edge blocks
 * average the samples they have, so the binned size is ⌈width / bin⌉ × ⌈height / bin⌉.
 *
 * @example binPlane(new Uint16Array([1, 3, 5, 7]), 2, 2, 2) // → Uint16Array [4], 1 × 1
 */
import type { TypedArray } from '../volume/index.js';

export function binPlane(
  plane: TypedArray,
  width: number,
  height: number,
  bin: number,
): { data: TypedArray; width: number; height: number } {
  if (bin === 1) return { data: plane, width, height };
  const w = Math.ceil(width / bin);
  const h = Math.ceil(height / bin);
  const sums = new Float64Array(w * h);
  const counts = new Uint32Array(w * h);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / bin) * w;
    for (let x = 0; x < width; x++) {
      const cell = row + Math.floor(x / bin);
      sums[cell] += Number(plane[y * width + x]);
      counts[cell]++;
    }
  }
  const Ctor = plane.constructor as new (n: number) => TypedArray;
  const out = new Ctor(w * h);
  const integer = !(plane instanceof Float32Array || plane instanceof Float64Array);
  for (let i = 0; i < out.length; i++) {
    const mean = sums[i] / counts[i];
    out[i] = integer ? Math.round(mean) : mean;
  }
  return { data: out, width: w, height: h };
}
