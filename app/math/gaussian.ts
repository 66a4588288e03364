/**
 * Gaussian blur along one axis of a block: the microscope's PSF in the synthetic sample and
 * the slice profile of the degradation model. Reflect boundaries for real data (no invented
 * edges); periodic ones for the sample's tileable phantom.
 */
import { reflectIndex } from './reflect-index.js';
import { axisLines, type Dims3 } from './axis-lines.js';

/** FWHM → standard deviation of a Gaussian (FWHM = 2·√(2 ln 2)·σ ≈ 2.3548·σ). */
export function fwhmToSigma(fwhm: number): number {
  return fwhm / (2 * Math.sqrt(2 * Math.log(2)));
}

/** Normalised Gaussian taps over ±ceil(3.5σ) (the tails beyond hold < 5e-4 of the mass). */
export function gaussianKernel(sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(3.5 * sigma));
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/**
 * Blurs `data` in place along `axis` with a Gaussian of `sigma` samples; sigma ≤ 0 is a no-op.
 * @example blurAxis(plane.data, { x: plane.width, y: plane.height, z: 1 }, 'y', fwhmToSigma(5.35))
 */
export function blurAxis(
  data: Float32Array,
  dims: Dims3,
  axis: keyof Dims3,
  sigma: number,
  boundary: 'reflect' | 'periodic' = 'reflect',
): void {
  if (sigma <= 0) return;
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) / 2;
  const { n, stride, count, start } = axisLines(dims, axis);
  const index = Int32Array.from({ length: n + 2 * r }, (_, i) =>
    boundary === 'periodic' ? (((i - r) % n) + n) % n : reflectIndex(i - r, n),
  );
  const line = new Float32Array(n + 2 * r);
  for (let l = 0; l < count; l++) {
    const s = start(l);
    for (let i = 0; i < line.length; i++) line[i] = data[s + index[i] * stride];
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let j = 0; j < k.length; j++) acc += k[j] * line[i + j];
      data[s + i * stride] = acc;
    }
  }
}
