/**
 * The 3D preview's ray-march set-up as pure functions: the box's physical aspect, how many steps
 * a ray takes, the volume normalised for a linearly filterable texture, and the contrast uniforms
 * in the texture's units. No GL here, so it is tested in Node.
 *
 * The volume goes to the GPU as R16F (half float), which WebGL2 filters linearly everywhere
 * (SwiftShader included) where R32F needs an extension: samples are first normalised to the
 * preview's range (0 at lo, 1 at hi; half floats keep values outside it), NaN (unfinished) → 0.
 *
 * @example
 *   const u = marchUniforms(header, effectiveContrast(display, header.range ?? autoRange(data)));
 *   mesh.scale.set(...boxScale(header.dims, header.voxelSize));
 */
import { DataUtils } from 'three';
import type { Contrast } from '../lib/display.js';
import { MAX_STEPS } from './ray-march.glsl.js';

export interface Dims {
  x: number;
  y: number;
  z: number;
}
export interface Range {
  lo: number;
  hi: number;
}

/** The box's size: dims × voxel size, scaled so its longest side is 1 (the camera's frame). */
export function boxScale(dims: Dims, voxelSize: Dims): [number, number, number] {
  const size = [dims.x * (voxelSize.x || 1), dims.y * (voxelSize.y || 1), dims.z * (voxelSize.z || 1)];
  const longest = Math.max(...size);
  if (!(longest > 0)) return [1, 1, 1];
  return size.map((s) => s / longest) as [number, number, number];
}

/**
 * Steps along the box's diagonal: about two samples per voxel along the longest-sampled path
 * (so thin bright structures are not skipped), at least 32, at most the shader's MAX_STEPS.
 */
export function stepCount(dims: Dims, samplesPerVoxel = 2): number {
  const diagonal = Math.hypot(dims.x, dims.y, dims.z);
  return Math.min(MAX_STEPS, Math.max(32, Math.ceil(diagonal * samplesPerVoxel)));
}

/** A range with room in it (hi > lo). */
function widened(range: Range): Range {
  return range.hi > range.lo ? range : { lo: range.lo, hi: range.lo + 1 };
}

/** Float samples as half floats normalised to `range` (0 at lo, 1 at hi); NaN → 0. */
export function normalizeVolume(data: ArrayLike<number>, range: Range): Uint16Array {
  const { lo, hi } = widened(range);
  const scale = 1 / (hi - lo);
  const out = new Uint16Array(data.length);
  const zero = DataUtils.toHalfFloat(0);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    out[i] = Number.isNaN(v)
      ? zero
      : DataUtils.toHalfFloat(Math.max(-65504, Math.min(65504, (v - lo) * scale)));
  }
  return out;
}

/** The ray-march uniforms: the display contrast in the normalised texture's units, and the step count. */
export function marchUniforms(
  header: { dims: Dims },
  range: Range,
  contrast: Pick<Contrast, 'lo' | 'hi' | 'gamma'>,
): { uLo: number; uHi: number; uGamma: number; uSteps: number } {
  const { lo, hi } = widened(range);
  const toUnit = (v: number) => (v - lo) / (hi - lo);
  const uLo = toUnit(contrast.lo);
  let uHi = toUnit(contrast.hi);
  if (!(uHi > uLo)) uHi = uLo + 1e-6;
  return { uLo, uHi, uGamma: contrast.gamma > 0 ? contrast.gamma : 1, uSteps: stepCount(header.dims) };
}

/** The 256 × 1 RGBA texture data of a LUT's 768 RGB bytes. */
export function lutTexels(table: Uint8Array): Uint8Array {
  const out = new Uint8Array(256 * 4);
  for (let i = 0; i < 256; i++) {
    out[i * 4] = table[i * 3];
    out[i * 4 + 1] = table[i * 3 + 1];
    out[i * 4 + 2] = table[i * 3 + 2];
    out[i * 4 + 3] = 255;
  }
  return out;
}
