/** PSNR against analytic values: identical data, a constant offset, a known MSE. */
import { describe, expect, it } from 'vitest';
import { dataRange, mse, psnr, psnrPerPlane } from '../../../app/sr/metrics/psnr.js';

const ramp = (n: number, scale = 1): Float32Array =>
  Float32Array.from({ length: n }, (_, i) => ((i * 37) % 101) * scale);

describe('psnr', () => {
  it('is +Infinity for identical data', () => {
    const a = ramp(500);
    expect(psnr(a, a.slice())).toBe(Infinity);
  });

  it('of a constant offset c is 20·log10(range / |c|)', () => {
    const a = ramp(1000, 10); // range 1000
    expect(dataRange(a)).toBe(1000);
    const b = a.map((v) => v + 5);
    expect(mse(a, b)).toBeCloseTo(25, 10);
    expect(psnr(a, b)).toBeCloseTo(20 * Math.log10(1000 / 5), 10);
    expect(
      psnr(
        a,
        a.map((v) => v - 5),
      ),
    ).toBeCloseTo(46.0206, 4);
  });

  it('uses the given range and the truth range, not the test data', () => {
    const a = Float32Array.of(0, 2, 4, 6);
    const b = Float32Array.of(1, 1, 5, 5); // MSE 1
    expect(psnr(a, b)).toBeCloseTo(10 * Math.log10(36), 12);
    expect(psnr(a, b, 100)).toBeCloseTo(40, 12);
    expect(psnr(b, a)).toBeCloseTo(10 * Math.log10(16), 12);
  });

  it('per plane: one value per z with the global range', () => {
    const dims = { x: 4, y: 3, z: 2 };
    const a = ramp(24);
    const b = a.slice();
    for (let i = 12; i < 24; i++) b[i] += 2;
    const p = psnrPerPlane(a, b, dims);
    expect(p[0]).toBe(Infinity);
    expect(p[1]).toBeCloseTo(20 * Math.log10(dataRange(a) / 2), 10);
  });

  it('rejects mismatched sizes', () => {
    expect(() => psnr(ramp(4), ramp(5))).toThrow(/4 values.*5/);
  });
});
