/**
 * Peak signal-to-noise ratio against a ground truth. The peak is the truth's data range
 * (max − min), not the dtype's maximum: a uint16 stack that uses 100–20 000 would otherwise
 * get ~10 dB for free, and float volumes have no dtype maximum at all. The same range is used
 * for SR and the baseline, so their difference in dB is the MSE ratio.
 */
import type { Dims3 } from '../interp/resample.js';

/** max − min of `truth` (the PSNR peak and the SSIM L). @example dataRange(gt) // 19 873 */
export function dataRange(truth: ArrayLike<number>): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < truth.length; i++) {
    const v = truth[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return truth.length === 0 ? 0 : hi - lo;
}

export function checkSameSize(truth: ArrayLike<number>, test: ArrayLike<number>, dims?: Dims3): void {
  if (truth.length !== test.length)
    throw new RangeError(`metric: truth has ${truth.length} values, the result ${test.length}`);
  if (dims && dims.x * dims.y * dims.z !== truth.length)
    throw new RangeError(`metric: ${truth.length} values do not match ${dims.x}×${dims.y}×${dims.z}`);
}

/** Mean squared error, accumulated in float64. */
export function mse(truth: ArrayLike<number>, test: ArrayLike<number>): number {
  checkSameSize(truth, test);
  let sum = 0;
  for (let i = 0; i < truth.length; i++) {
    const d = test[i] - truth[i];
    sum += d * d;
  }
  return sum / truth.length;
}

/** 10·log10(range² / MSE) in dB; +Infinity for identical data. */
export function psnrOf(meanSquaredError: number, range: number): number {
  return meanSquaredError === 0 ? Infinity : 10 * Math.log10((range * range) / meanSquaredError);
}

/**
 * @param range peak value (default: dataRange(truth))
 * @example psnr(gt, sr) // 38.2
 */
export function psnr(truth: ArrayLike<number>, test: ArrayLike<number>, range = dataRange(truth)): number {
  return psnrOf(mse(truth, test), range);
}

/** PSNR of each xy plane (fixed z) with one global range, so planes are comparable. */
export function psnrPerPlane(
  truth: Float32Array,
  test: Float32Array,
  dims: Dims3,
  range = dataRange(truth),
): Float64Array {
  checkSameSize(truth, test, dims);
  const n = dims.x * dims.y;
  return Float64Array.from({ length: dims.z }, (_, z) =>
    psnrOf(mse(truth.subarray(z * n, (z + 1) * n), test.subarray(z * n, (z + 1) * n)), range),
  );
}
