/**
 * A plane's raw little-endian bytes as the typed array of its dtype. The bytes may sit at an
 * offset that is not a multiple of the sample size (a slice of a WebSocket frame): then they
 * are copied once rather than viewed.
 */
import type { PlaneHeader } from '../../../app/api/contract.js';

export type Samples =
  Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

const ARRAYS = {
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  float32: Float32Array,
  float64: Float64Array,
} as const;

/** The samples of `data` as `dtype` (the engine always sends little-endian, as every host we run on is). */
export function samplesOf(dtype: PlaneHeader['dtype'], data: Uint8Array): Samples {
  const View = ARRAYS[dtype];
  const size = View.BYTES_PER_ELEMENT;
  const aligned = data.byteOffset % size === 0 ? data : data.slice();
  return new View(aligned.buffer as ArrayBuffer, aligned.byteOffset, Math.floor(aligned.byteLength / size));
}
