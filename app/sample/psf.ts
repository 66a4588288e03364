/**
 * Gaussian point-spread functions as separable, periodic blurs of a Float32 volume.
 * Periodic boundaries make the phantom block tile seamlessly for large stacks.
 */

/** FWHM → standard deviation of a Gaussian. */
export function fwhmToSigma(fwhm: number): number {
  return fwhm / (2 * Math.sqrt(2 * Math.log(2)));
}

function kernel(sigmaPx: number): Float32Array {
  const r = Math.max(1, Math.ceil(3.5 * sigmaPx));
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigmaPx * sigmaPx));
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/**
 * Blurs `vol` (nx × ny × nz, x fastest) in place along one axis with a Gaussian of
 * `sigmaPx` voxels, wrapping around at the edges. sigma 0 is a no-op.
 */
export function blurAxis(vol: Float32Array, nx: number, ny: number, nz: number, axis: 'x' | 'y' | 'z',
  sigmaPx: number): void {
  if (sigmaPx <= 0) return;
  const k = kernel(sigmaPx);
  const r = (k.length - 1) / 2;
  const n = axis === 'x' ? nx : axis === 'y' ? ny : nz;
  const stride = axis === 'x' ? 1 : axis === 'y' ? nx : nx * ny;
  const line = new Float32Array(n + 2 * r);
  const lines = (nx * ny * nz) / n;
  for (let l = 0; l < lines; l++) {
    // Start index of line l: enumerate the two other axes.
    let start: number;
    if (axis === 'x') start = l * nx;
    else if (axis === 'y') start = (l % nx) + Math.floor(l / nx) * nx * ny;
    else start = l;
    for (let i = 0; i < n + 2 * r; i++) line[i] = vol[start + (((i - r) % n + n) % n) * stride];
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let j = 0; j < k.length; j++) acc += k[j] * line[i + j];
      vol[start + i * stride] = acc;
    }
  }
}
