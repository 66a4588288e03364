/**
 * Float results to the output dtype. Integer outputs round half away from zero's positive
 * side (Math.round) and clamp to the type's range, because the network can overshoot (ringing
 * near bright edges) and a wrap-around from 65536 to 0 would be far worse than a clipped value.
 * NaN (never expected) becomes 0 rather than undefined behaviour.
 */
import type { TypedArray } from '../volume/index.js';
import type { OutputDType } from './output-store.js';

const MAX: Record<Exclude<OutputDType, 'float32'>, number> = { uint8: 255, uint16: 65535 };

/** @example toOutputDtype(Float32Array.of(-3, 1.5, 70000), 'uint16') // Uint16Array [0, 2, 65535] */
export function toOutputDtype(values: Float32Array, dtype: OutputDType): TypedArray {
  if (dtype === 'float32') return values;
  const out = dtype === 'uint8' ? new Uint8Array(values.length) : new Uint16Array(values.length);
  const max = MAX[dtype];
  for (let i = 0; i < values.length; i++) {
    const v = Math.round(values[i]);
    out[i] = v > 0 ? (v < max ? v : max) : 0;
  }
  return out;
}

/** Bytes per output voxel. */
export function outputBytes(dtype: OutputDType): number {
  return dtype === 'uint8' ? 1 : dtype === 'uint16' ? 2 : 4;
}
