/**
 * The z degradation against the continuous model it stands for: a truth made of Gaussian bumps,
 * blurred by a Gaussian of σ planes, is known in closed form, so simulated plane k must be that
 * function at z = k·r exactly, for a non-integer r (2.43, the paper's LSFM case) as for an
 * integer one. A truth that is itself a cubic spline is sampled exactly (σ = 0).
 */
import { describe, expect, it } from 'vitest';
import { degradeZ } from '../../app/sr/degrade-z.js';
import { blurredBumps, splineAt, type Bump } from '../helpers/direct-resampling.js';

const dims = { x: 3, y: 2, z: 70 };
const columns = dims.x * dims.y;
/** Bumps per (x, y) column, away from the ends so the reflected tails stay negligible. */
const bumps = (col: number): Bump[] => [
  { centre: 20 + 1.3 * col, width: 2.5 + 0.2 * col, height: 1000 },
  { centre: 34.6, width: 3.1, height: 400 + 50 * col },
  { centre: 49 - col, width: 3.6, height: 700 },
];

describe('degradeZ', () => {
  for (const ratio of [2.43, 3]) {
    it(`r = ${ratio}: plane k is the blurred truth at z = k·r`, () => {
      const sigma = 1.7;
      const truth = new Float32Array(columns * dims.z);
      for (let z = 0; z < dims.z; z++)
        for (let col = 0; col < columns; col++) truth[z * columns + col] = blurredBumps(bumps(col), 0, z);
      const low = degradeZ(truth, dims, { ratio, sigma });
      // Planes at 0, r, 2r, … up to the last truth plane.
      let planes = 0;
      while (planes * ratio <= dims.z - 1) planes++;
      expect(low.dims).toEqual({ x: 3, y: 2, z: planes });
      let worst = 0;
      for (let k = 0; k < planes; k++)
        for (let col = 0; col < columns; col++) {
          const direct = blurredBumps(bumps(col), sigma, k * ratio);
          worst = Math.max(worst, Math.abs(low.data[k * columns + col] - direct));
        }
      // Of peaks ~1000 (measured 0.07-0.08): the grid's sampled Gaussian and spline sampling against the continuous model.
      expect(worst).toBeLessThan(0.25);
      // Sampling at rounded positions (k·round(r)) would be far off: the check can tell.
      const rounded = Math.round(ratio);
      if (rounded !== ratio) {
        const k = planes - 1;
        expect(Math.abs(low.data[k * columns] - blurredBumps(bumps(0), sigma, k * rounded))).toBeGreaterThan(
          1,
        );
      }
    });
  }

  it('samples a truth that is a cubic spline exactly at k·2.43 (no blur)', () => {
    const coefficients = Float64Array.from({ length: dims.z }, (_, k) => 100 * Math.sin(0.41 * k) + 3 * k);
    const truth = Float32Array.from({ length: columns * dims.z }, (_, i) =>
      splineAt(coefficients, Math.floor(i / columns)),
    );
    const low = degradeZ(truth, dims, { ratio: 2.43, sigma: 0 });
    let worst = 0;
    for (let k = 0; k < low.dims.z; k++)
      worst = Math.max(worst, Math.abs(low.data[k * columns] - splineAt(coefficients, k * 2.43)));
    expect(worst).toBeLessThan(1e-3); // float32 of values ~200
  });
});
