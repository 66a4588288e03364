/**
 * The degradation model: how the microscope turns a sharp profile into a z profile. From
 * the voxel size and the slice profile (Gaussian FWHM in µm) it derives the ratio r = z step /
 * xy pixel (non-integer allowed) and the blur in xy pixels; `simulateLowRes` applies it to an
 * xy plane along one in-plane axis: blur, sample every r pixels, interpolate back with the
 * same cubic B-spline that inference and the bicubic baseline use.
 */
import type { Plane } from '../plane.js';
import { fwhmToSigma, blurAxis } from '../../math/index.js';
import { resampleAxis, type Dims3 } from '../interp/resample.js';

export interface Degradation {
  /** z step / xy pixel size. */
  ratio: number;
  /** Slice-profile FWHM in µm (as given). */
  fwhm: number;
  /** Blur applied along the degraded axis, as a Gaussian sigma in xy pixels. */
  sigma: number;
}

/**
 * @param xyPixel in-plane pixel size, µm
 * @param zStep z step, µm
 * @param fwhm slice profile FWHM, µm (default: the z step, a common light-sheet thickness)
 * @param lateralFwhm blur the xy planes already carry, µm (default 0): the model adds only the
 *   difference in quadrature, so xy data is not blurred twice
 * @example degradationOf(0.411, 1.0, 2.2) // ratio 2.433, sigma ≈ 2.27 px
 */
export function degradationOf(xyPixel: number, zStep: number, fwhm = zStep, lateralFwhm = 0): Degradation {
  if (!(xyPixel > 0) || !(zStep > 0) || !(fwhm >= 0))
    throw new RangeError(`bad degradation parameters: xy ${xyPixel} µm, z ${zStep} µm, FWHM ${fwhm} µm`);
  const extra = Math.sqrt(Math.max(0, fwhmToSigma(fwhm) ** 2 - fwhmToSigma(lateralFwhm) ** 2));
  return { ratio: zStep / xyPixel, fwhm, sigma: extra / xyPixel };
}

/** Number of low-resolution samples of an axis of n high-resolution pixels: positions 0, r, 2r, … ≤ n − 1. */
export function lowResCount(n: number, ratio: number): number {
  return Math.floor((n - 1) / ratio + 1e-9) + 1;
}

/**
 * The plane as the microscope would image it if `axis` were z: same size, blurred and
 * aliased along `axis` the way z is. This is the network's input during training.
 */
export function simulateLowRes(plane: Plane, axis: 'x' | 'y', d: Degradation): Plane {
  const dims = { x: plane.width, y: plane.height, z: 1 };
  const n = dims[axis];
  const low = sampleLowRes(plane.data, dims, axis, d);
  const back = resampleAxis(
    low.data,
    low.dims,
    axis,
    Float64Array.from({ length: n }, (_, i) => i / d.ratio),
  );
  return { width: plane.width, height: plane.height, data: back.data };
}

/**
 * What the microscope records along `axis`: blur with the slice profile (reflect at the ends:
 * no invented edges), then sample at k·r with the cubic B-spline. The block shrinks along
 * `axis` to lowResCount(n, r) samples. Training (`simulateLowRes`, then back to the grid) and
 * evaluation (`degradeZ`) both degrade through here.
 */
export function sampleLowRes(
  data: Float32Array,
  dims: Dims3,
  axis: keyof Dims3,
  d: Pick<Degradation, 'ratio' | 'sigma'>,
): { data: Float32Array; dims: Dims3 } {
  const blurred = data.slice();
  blurAxis(blurred, dims, axis, d.sigma, 'reflect');
  const m = lowResCount(dims[axis], d.ratio);
  return resampleAxis(
    blurred,
    dims,
    axis,
    Float64Array.from({ length: m }, (_, k) => k * d.ratio),
  );
}
