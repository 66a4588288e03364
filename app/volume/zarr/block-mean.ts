/**
 * One pyramid step: the mean of each 2×2×2 block, as a pure function on arrays.
 *
 * Edge blocks of odd-sized axes average the voxels that exist (not zero padding), so a
 * constant volume stays constant at every level. Integer types round half up
 * (Math.round), floats keep the float64 mean rounded once to float32, so the result is a
 * deterministic function of the source voxels alone: rebuilding a level after a resume, or
 * on another shard, writes the same bytes.
 */
import { allocate, type DType, type TypedArray } from '../types.js';
import type { Dims } from './ngff.js';

/**
 * Averages `src` (x fastest, then y, then z; dims `srcDims`) over 2×2×2 blocks.
 * Output dims are ceil(src / 2) per axis.
 * @example blockMean(new Uint16Array([0, 2, 4, 6, 8, 10, 12, 14]), { x: 2, y: 2, z: 2 }, 'uint16') // → [7]
 */
export function blockMean(src: TypedArray, srcDims: Dims, dtype: DType): { data: TypedArray; dims: Dims } {
  const dims = { x: Math.ceil(srcDims.x / 2), y: Math.ceil(srcDims.y / 2), z: Math.ceil(srcDims.z / 2) };
  const { x: sx, y: sy, z: sz } = srcDims;
  if (src.length !== sx * sy * sz) throw new Error(`blockMean: ${src.length} samples for ${sx}x${sy}x${sz}`);
  const out = allocate(dtype, dims.x * dims.y * dims.z);
  const isInt = dtype !== 'float32' && dtype !== 'float64';
  let o = 0;
  for (let z = 0; z < dims.z; z++) {
    const z0 = 2 * z,
      z1 = Math.min(z0 + 2, sz);
    for (let y = 0; y < dims.y; y++) {
      const y0 = 2 * y,
        y1 = Math.min(y0 + 2, sy);
      for (let x = 0; x < dims.x; x++) {
        const x0 = 2 * x,
          x1 = Math.min(x0 + 2, sx);
        let sum = 0;
        for (let k = z0; k < z1; k++) {
          for (let j = y0; j < y1; j++) {
            const row = (k * sy + j) * sx;
            for (let i = x0; i < x1; i++) sum += src[row + i];
          }
        }
        const mean = sum / ((z1 - z0) * (y1 - y0) * (x1 - x0));
        out[o++] = isInt ? Math.round(mean) : mean;
      }
    }
  }
  return { data: out, dims };
}
