/**
 * Training's degradation of an xy plane along an in-plane axis, against a direct resampling:
 * blur (closed form for Gaussian bumps), sample at k·r, then the interpolating cubic spline
 * through those samples (solved exactly) read back at i / r, for r = 2.43 and r = 3.
 */
import { describe, expect, it } from 'vitest';
import { degradationOf, lowResCount, simulateLowRes } from '../../../app/sr/training/degradation.js';
import { blurredBumps, splineResample, type Bump } from '../../helpers/direct-resampling.js';

const bumps: Bump[] = [
  { centre: 22, width: 2.6, height: 900 },
  { centre: 37.5, width: 3.3, height: 500 },
  { centre: 51.2, width: 2.9, height: 700 },
];

describe('simulateLowRes', () => {
  for (const ratio of [2.43, 3]) {
    for (const axis of ['x', 'y'] as const) {
      it(`r = ${ratio} along ${axis}: the spline through the blurred samples at k·r, read at i / r`, () => {
        const n = 74;
        const across = 5;
        const [width, height] = axis === 'x' ? [n, across] : [across, n];
        const data = new Float32Array(width * height);
        for (let i = 0; i < n; i++)
          for (let j = 0; j < across; j++) {
            const value = blurredBumps(bumps, 0, i) + 10 * j;
            data[axis === 'x' ? j * width + i : i * width + j] = value;
          }
        const d = { ...degradationOf(1, ratio), sigma: 1.9 };
        const result = simulateLowRes({ width, height, data }, axis, d);
        const m = lowResCount(n, ratio);
        expect(m).toBe(Math.floor((n - 1) / ratio) + 1);
        let worst = 0;
        for (let j = 0; j < across; j++) {
          const samples = Array.from(
            { length: m },
            (_, k) => blurredBumps(bumps, d.sigma, k * ratio) + 10 * j,
          );
          const direct = splineResample(
            samples,
            Array.from({ length: n }, (_, i) => i / ratio),
          );
          for (let i = 0; i < n; i++) {
            const got = result.data[axis === 'x' ? j * width + i : i * width + j];
            worst = Math.max(worst, Math.abs(got - direct[i]));
          }
        }
        expect(worst).toBeLessThan(0.25); // of peaks ~900 (measured 0.04-0.05)
      });
    }
  }
});
