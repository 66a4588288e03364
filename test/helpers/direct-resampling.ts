/**
 * Straightforward references for the resampling the app does with finite-window filters and
 * shared index tables: the interpolating cubic B-spline solved exactly (a dense linear system
 * with whole-sample mirror boundaries) and evaluated at any position, and a sum of Gaussian
 * bumps whose blur by a Gaussian is known in closed form. Written from the definitions, slowly,
 * sharing no code with app/sr/interp.
 */

/** Centred cubic B-spline β3. */
export function beta3(t: number): number {
  const a = Math.abs(t);
  return a < 1 ? 2 / 3 - a * a + a ** 3 / 2 : a < 2 ? (2 - a) ** 3 / 6 : 0;
}

/** Whole-sample symmetric extension: … 2 1 | 0 1 2 … n−1 | n−2 … */
export function reflect(k: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const m = ((k % period) + period) % period;
  return m < n ? m : period - m;
}

/**
 * Coefficients c of the cubic spline s(x) = Σ c[reflect(k)] β3(x − k) through the samples
 * f[0..n−1] (s(i) = f[i]), by Gaussian elimination on the n × n system.
 */
export function splineCoefficients(f: ArrayLike<number>): Float64Array {
  const n = f.length;
  const a = Array.from({ length: n }, () => new Float64Array(n + 1));
  for (let i = 0; i < n; i++) {
    for (const [k, w] of [
      [i - 1, 1 / 6],
      [i, 4 / 6],
      [i + 1, 1 / 6],
    ])
      a[i][reflect(k, n)] += w;
    a[i][n] = f[i];
  }
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = a[r][col] / a[col][col];
      if (factor !== 0) for (let c = col; c <= n; c++) a[r][c] -= factor * a[col][c];
    }
  }
  return Float64Array.from({ length: n }, (_, i) => a[i][n] / a[i][i]);
}

/** The spline with coefficients c at position x (in samples). */
export function splineAt(c: Float64Array, x: number): number {
  let s = 0;
  for (let k = Math.floor(x) - 2; k <= Math.floor(x) + 2; k++) s += c[reflect(k, c.length)] * beta3(x - k);
  return s;
}

/** The interpolating cubic spline through `f`, evaluated at each of `positions`. */
export function splineResample(f: ArrayLike<number>, positions: ArrayLike<number>): Float64Array {
  const c = splineCoefficients(f);
  return Float64Array.from(positions, (x) => splineAt(c, x));
}

/** A Gaussian bump: height · exp(−(x − centre)² / (2 width²)). */
export interface Bump {
  centre: number;
  width: number;
  height: number;
}

/** Σ bumps at x, after a Gaussian blur of `sigma` (0: none): widths add in quadrature, mass is kept. */
export function blurredBumps(bumps: readonly Bump[], sigma: number, x: number): number {
  let s = 0;
  for (const b of bumps) {
    const w = Math.hypot(b.width, sigma);
    s += ((b.height * b.width) / w) * Math.exp(-((x - b.centre) ** 2) / (2 * w * w));
  }
  return s;
}
