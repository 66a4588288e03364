/**
 * Structural similarity (Wang et al. 2004) with the Gaussian window of the paper and of
 * skimage's `structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False)`:
 * separable Gaussian σ = 1.5 truncated at 3.5σ (radius 5, an 11-tap window), K1 = 0.01,
 * K2 = 0.03, L = the truth's data range (as PSNR). Like skimage, the SSIM map is averaged only
 * where the window lies wholly inside the data (a 5-voxel border is left out), so no padding
 * rule enters the number.
 *
 * One pass over z serves both variants: each xy plane's window moments give its 2D SSIM, and a
 * ring of 11 of them filtered along z gives the 3D SSIM. Memory is ~11 planes of moments
 * whatever the volume depth.
 */
import type { Dims3 } from '../interp/resample.js';
import { SrError } from '../errors.js';
import { checkSameSize, dataRange } from './psnr.js';

export const SSIM_SIGMA = 1.5;
/** skimage / scipy: int(truncate·σ + 0.5) with truncate 3.5. */
export const SSIM_RADIUS = 5;
export const SSIM_K1 = 0.01;
export const SSIM_K2 = 0.03;

export interface SsimResult {
  /** 3D SSIM over the volume's interior (NaN when it has fewer than 11 planes). */
  ssim: number;
  /** 2D SSIM of each xy plane (fixed z), all z planes. */
  perPlane: Float64Array;
  /** Mean of perPlane. */
  planeMean: number;
}

/** Normalised Gaussian window taps, −R…R. */
export function ssimWindow(sigma = SSIM_SIGMA, radius = SSIM_RADIUS): Float64Array {
  const w = Float64Array.from({ length: 2 * radius + 1 }, (_, i) =>
    Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)),
  );
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / s);
}

/** Five window moments (E a, E b, E a², E b², E ab) of one xy plane, valid region only. */
function planeMoments(
  a: Float32Array,
  b: Float32Array,
  X: number,
  Y: number,
  w: Float64Array,
  out: Float64Array,
): void {
  const R = (w.length - 1) / 2;
  const Xo = X - 2 * R;
  const Yo = Y - 2 * R;
  const M = Xo * Yo;
  const row = new Float64Array(5 * Xo * Y);
  const rs = Xo * Y;
  for (let y = 0; y < Y; y++) {
    for (let xo = 0; xo < Xo; xo++) {
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let s4 = 0;
      let s5 = 0;
      const base = y * X + xo;
      for (let k = 0; k < w.length; k++) {
        const va = a[base + k];
        const vb = b[base + k];
        const wk = w[k];
        s1 += wk * va;
        s2 += wk * vb;
        s3 += wk * va * va;
        s4 += wk * vb * vb;
        s5 += wk * va * vb;
      }
      const i = y * Xo + xo;
      row[i] = s1;
      row[rs + i] = s2;
      row[2 * rs + i] = s3;
      row[3 * rs + i] = s4;
      row[4 * rs + i] = s5;
    }
  }
  for (let q = 0; q < 5; q++) {
    for (let yo = 0; yo < Yo; yo++) {
      for (let xo = 0; xo < Xo; xo++) {
        let s = 0;
        for (let k = 0; k < w.length; k++) s += w[k] * row[q * rs + (yo + k) * Xo + xo];
        out[q * M + yo * Xo + xo] = s;
      }
    }
  }
}

/** Sum of the SSIM map over M positions of moment blocks `m` (5·M values). */
function ssimSum(m: Float64Array, M: number, c1: number, c2: number): number {
  let sum = 0;
  for (let i = 0; i < M; i++) {
    const ma = m[i];
    const mb = m[M + i];
    const va = m[2 * M + i] - ma * ma;
    const vb = m[3 * M + i] - mb * mb;
    const cov = m[4 * M + i] - ma * mb;
    sum += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
  }
  return sum;
}

/**
 * 3D SSIM and per-plane 2D SSIM of `test` against `truth` (x fastest, dims { x, y, z }).
 * @param options.range L (default: dataRange(truth))
 * @example ssim(gt, sr, { x: 256, y: 256, z: 154 }).ssim // 0.93
 */
export function ssim(
  truth: Float32Array,
  test: Float32Array,
  dims: Dims3,
  options: { range?: number } = {},
): SsimResult {
  checkSameSize(truth, test, dims);
  const w = ssimWindow();
  const R = SSIM_RADIUS;
  const T = w.length;
  const { x: X, y: Y, z: Z } = dims;
  if (X < T || Y < T)
    throw new SrError('bad-input', `SSIM needs planes of at least ${T}×${T} pixels, got ${X}×${Y}`);
  const L = options.range ?? dataRange(truth);
  const c1 = (SSIM_K1 * L) ** 2;
  const c2 = (SSIM_K2 * L) ** 2;
  const M = (X - 2 * R) * (Y - 2 * R);
  const ring = Array.from({ length: T }, () => new Float64Array(5 * M));
  const combined = new Float64Array(5 * M);
  const perPlane = new Float64Array(Z);
  let sum3 = 0;
  const P = X * Y;
  for (let z = 0; z < Z; z++) {
    const m = ring[z % T];
    planeMoments(truth.subarray(z * P, (z + 1) * P), test.subarray(z * P, (z + 1) * P), X, Y, w, m);
    perPlane[z] = ssimSum(m, M, c1, c2) / M;
    if (z >= T - 1) {
      combined.fill(0);
      // Ring slot of plane z − T + 1 + k carries weight w[k].
      for (let k = 0; k < T; k++) {
        const src = ring[(z - T + 1 + k) % T];
        const wk = w[k];
        for (let i = 0; i < combined.length; i++) combined[i] += wk * src[i];
      }
      sum3 += ssimSum(combined, M, c1, c2);
    }
  }
  const planeMean = perPlane.reduce((a, b) => a + b, 0) / Math.max(1, Z);
  return { ssim: Z >= T ? sum3 / (M * (Z - 2 * R)) : NaN, perPlane, planeMean };
}
