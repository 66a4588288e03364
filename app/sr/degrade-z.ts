/**
 * The degradation model applied to a whole isotropic volume along z, for evaluation: what the
 * light-sheet microscope would have recorded of it. Blur z with the slice profile (a Gaussian
 * whose sigma, in the volume's pixels, already discounts the blur the volume carries — see
 * `degradationOf`), then sample planes at z = k·r with the cubic B-spline, exactly the way
 * training degrades an in-plane axis (`simulateLowRes`), so evaluation judges the network on
 * the degradation it learned to invert.
 */
import { sampleLowRes } from './training/degradation.js';
import type { Dims3 } from './interp/resample.js';
import { SrError } from './errors.js';

export interface DegradeZOptions {
  /** z step of the simulated stack in the volume's planes (r = z step / xy pixel). */
  ratio: number;
  /** Gaussian slice-profile sigma in the volume's planes (0: no blur, sampling only). */
  sigma: number;
}

/**
 * @returns the simulated stack: K = lowResCount(Z, r) planes, plane k at truth plane k·r
 * @example degradeZ(truth, { x: 256, y: 256, z: 156 }, { ratio: 2.433, sigma: 2.27 }) // 64 planes
 */
export function degradeZ(
  truth: Float32Array,
  dims: Dims3,
  options: DegradeZOptions,
): { data: Float32Array; dims: Dims3 } {
  const { ratio, sigma } = options;
  if (!(ratio >= 1) || !(sigma >= 0))
    throw new SrError(
      'bad-config',
      `degradeZ: need ratio ≥ 1 and sigma ≥ 0, got ratio ${ratio}, sigma ${sigma}`,
    );
  if (truth.length !== dims.x * dims.y * dims.z)
    throw new SrError(
      'bad-input',
      `degradeZ: ${truth.length} values do not match ${dims.x}×${dims.y}×${dims.z}`,
    );
  return sampleLowRes(truth, dims, 'z', { ratio, sigma });
}
