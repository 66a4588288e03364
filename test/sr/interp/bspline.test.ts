/** The cubic B-spline: interpolating, exact on its own splines, window-independent. */
import { describe, expect, it } from 'vitest';
import {
  PREFILTER_TAPS,
  PREFILTER_RADIUS,
  interpolateLine,
  mirror,
  supportOf,
} from '../../../app/sr/interp/bspline.js';
import { resampleAxis } from '../../../app/sr/interp/resample.js';
import { seeded } from '../../helpers/fixtures.js';

describe('cubic B-spline', () => {
  it('prefilter inverts the sampled B-spline [1 4 1]/6', () => {
    const h = (k: number) => (Math.abs(k) <= PREFILTER_RADIUS ? PREFILTER_TAPS[Math.abs(k)] : 0);
    for (const k of [0, 1, 2, 5]) {
      const v = (h(k - 1) + 4 * h(k) + h(k + 1)) / 6;
      expect(v).toBeCloseTo(k === 0 ? 1 : 0, 8);
    }
  });

  it('mirrors whole-sample symmetric', () => {
    expect([-2, -1, 0, 4, 5, 6, 9].map((i) => mirror(i, 5))).toEqual([2, 1, 0, 4, 3, 2, 1]);
  });

  it('interpolates: passes through the samples', () => {
    const rand = seeded(3);
    const line = Float32Array.from({ length: 40 }, () => rand() * 100);
    const at = interpolateLine(
      (i) => line[i],
      line.length,
      Array.from({ length: 40 }, (_, i) => i),
    );
    for (let i = 0; i < 40; i++) expect(at[i]).toBeCloseTo(line[i], 3);
  });

  it('reproduces quadratics exactly in the interior', () => {
    const f = (x: number) => 3 + 0.5 * x - 0.02 * x * x;
    const line = Float32Array.from({ length: 80 }, (_, i) => f(i));
    const xs = [30.25, 33.5, 41.9];
    const at = interpolateLine((i) => line[i], line.length, xs);
    xs.forEach((x, i) => expect(at[i]).toBeCloseTo(f(x), 3));
  });

  it('resampleAxis along each axis agrees with interpolateLine', () => {
    const rand = seeded(4);
    const dims = { x: 7, y: 6, z: 9 };
    const data = Float32Array.from({ length: 7 * 6 * 9 }, () => rand());
    const coords = [0, 0.4, 2.75, 5.5, 8];
    for (const axis of ['x', 'y', 'z'] as const) {
      const n = dims[axis];
      const cs = coords.filter((c) => c <= n - 1);
      const { data: out, dims: od } = resampleAxis(data, dims, axis, cs);
      const at = (x: number, y: number, z: number) => data[(z * dims.y + y) * dims.x + x];
      const pos = { x: 3, y: 2, z: 4 };
      const expected = interpolateLine(
        (i) => at(axis === 'x' ? i : pos.x, axis === 'y' ? i : pos.y, axis === 'z' ? i : pos.z),
        n,
        cs,
      );
      cs.forEach((_, i) => {
        const p = { ...pos, [axis]: i };
        expect(out[(p.z * od.y + p.y) * od.x + p.x]).toBeCloseTo(expected[i], 5);
      });
    }
  });

  it('a window covering the support gives bit-identical values to the whole line', () => {
    const rand = seeded(5);
    const Z = 120;
    const dims = { x: 3, y: 2, z: Z };
    const data = Float32Array.from({ length: 3 * 2 * Z }, () => rand() * 1000);
    const coords = Array.from({ length: 20 }, (_, i) => 50 + i * 0.41);
    const whole = resampleAxis(data, dims, 'z', coords).data;
    const { start, end } = supportOf(coords[0], coords[coords.length - 1]);
    const window = data.slice(start * 6, end * 6);
    const part = resampleAxis(window, { x: 3, y: 2, z: end - start }, 'z', coords, {
      origin: start,
      extent: Z,
    }).data;
    expect(Buffer.from(part.buffer)).toEqual(Buffer.from(whole.buffer));
  });
});
