/**
 * The z grid and z interpolation: a volume that already is a cubic B-spline in z is reproduced,
 * and a window with origin/extent gives the whole-stack values bit for bit (what issue 6's
 * bricks rely on).
 */
import { describe, expect, it } from 'vitest';
import { zTargetCount, zTargets, zTargetsRange } from '../../../app/sr/inference/z-grid.js';
import { interpolateZ } from '../../../app/sr/inference/interpolate-z.js';
import { supportOf, mirror } from '../../../app/sr/interp/bspline.js';
import { seeded } from '../../helpers/fixtures.js';
import { splineResample } from '../../helpers/direct-resampling.js';

/** Centred cubic B-spline β3. */
function beta3(t: number): number {
  const a = Math.abs(t);
  return a < 1 ? 2 / 3 - a * a + a ** 3 / 2 : a < 2 ? (2 - a) ** 3 / 6 : 0;
}

describe('zTargets', () => {
  it('puts output plane j at input coordinate j / r, up to the last input plane', () => {
    const r = 1 / 0.411;
    const t = zTargets(64, r);
    expect(t.length).toBe(Math.floor(63 * r) + 1);
    expect(t[1]).toBeCloseTo(0.411, 12);
    expect(t[t.length - 1]).toBeLessThanOrEqual(63);
    expect(63 - t[t.length - 1]).toBeLessThan(1 / r);
    expect(zTargetCount(5, 2)).toBe(9); // 0, 0.5, …, 4: the last plane lands exactly on input 4
    expect(zTargetCount(1, 3)).toBe(1);
    expect([...zTargetsRange(10, 14, r)]).toEqual([...t.subarray(10, 14)]);
  });
});

describe('the output grid at r = 2.43 and r = 3', () => {
  for (const ratio of [2.43, 3]) {
    it(`r = ${ratio}: every output plane j at input j / r up to the last plane, values the exact spline's`, () => {
      const Z = 20;
      // Directly: output plane j sits j·xy µm deep, at input plane j / r; the last is the deepest ≤ Z − 1.
      let count = 0;
      while (count / ratio <= Z - 1) count++;
      expect(zTargetCount(Z, ratio)).toBe(count);
      const coords = zTargets(Z, ratio);
      expect([...coords]).toEqual(Array.from({ length: count }, (_, j) => j / ratio));
      const dims = { x: 4, y: 3, z: Z };
      const random = seeded(5);
      const data = Float32Array.from({ length: 12 * Z }, () => 1000 * random());
      const up = interpolateZ(data, dims, coords);
      let worst = 0;
      for (let col = 0; col < 12; col++) {
        const direct = splineResample(
          Array.from({ length: Z }, (_, z) => data[z * 12 + col]),
          coords,
        );
        for (let j = 0; j < count; j++) worst = Math.max(worst, Math.abs(up.data[j * 12 + col] - direct[j]));
      }
      expect(worst).toBeLessThan(2e-3); // float32 of values up to ~2000: a few ulps
    });
  }
});

describe('interpolateZ', () => {
  it('reproduces a volume that is a cubic B-spline in z', () => {
    const dims = { x: 3, y: 2, z: 40 };
    const N = dims.z;
    // Coefficients per (x, y) column, extended by whole-sample mirroring as the prefilter assumes.
    const coef = (col: number, k: number): number => Math.sin(0.37 * mirror(k, N) + col) * 100 + 7 * col;
    const spline = (col: number, z: number): number => {
      let s = 0;
      for (let k = Math.floor(z) - 2; k <= Math.floor(z) + 2; k++) s += coef(col, k) * beta3(z - k);
      return s;
    };
    const samples = new Float32Array(dims.x * dims.y * N);
    for (let z = 0; z < N; z++) for (let col = 0; col < 6; col++) samples[z * 6 + col] = spline(col, z);
    const coords = zTargets(N, 2.433);
    const up = interpolateZ(samples, dims, coords);
    expect(up.dims).toEqual({ x: 3, y: 2, z: coords.length });
    let worst = 0;
    for (let j = 0; j < coords.length; j++)
      for (let col = 0; col < 6; col++) {
        worst = Math.max(worst, Math.abs(up.data[j * 6 + col] - spline(col, coords[j])));
      }
    expect(worst).toBeLessThan(2e-4); // float32 of values ~100: a few ulps
  });

  it('on a window covering the support equals the whole stack bit for bit', () => {
    const dims = { x: 5, y: 4, z: 60 };
    const data = Float32Array.from({ length: 5 * 4 * 60 }, (_, i) => Math.sin(i * 0.77) * 1000);
    const coords = zTargets(60, 2.433);
    const whole = interpolateZ(data, dims, coords);
    // Output planes 50..80 from a brick holding only their support.
    const band = coords.subarray(50, 80);
    const s = supportOf(band[0], band[band.length - 1]);
    const start = Math.max(0, s.start);
    const end = Math.min(60, s.end);
    const brick = data.subarray(start * 20, end * 20);
    const part = interpolateZ(brick, { ...dims, z: end - start }, band, { origin: start, extent: 60 });
    expect(
      Buffer.from(part.data.buffer).equals(Buffer.from(whole.data.subarray(50 * 20, 80 * 20).slice().buffer)),
    ).toBe(true);
  });

  it('says so when the brick does not hold the support', () => {
    const dims = { x: 2, y: 2, z: 10 };
    expect(() => interpolateZ(new Float32Array(40), dims, [30], { origin: 0, extent: 60 })).toThrow(
      expect.objectContaining({ tag: 'bad-input' }),
    );
    expect(() => interpolateZ(new Float32Array(39), dims, [1])).toThrow(/39 values/);
  });
});
