/**
 * SSIM against skimage 0.26 (`structural_similarity(a, b, gaussian_weights=True, sigma=1.5,
 * use_sample_covariance=False, data_range=max(a) − min(a))` on float64 copies of the same
 * float32 images; generator below, values printed by that script), an analytic constant case,
 * and a brute-force 3D window sum.
 */
import { describe, expect, it } from 'vitest';
import { ssim, ssimWindow, SSIM_RADIUS } from '../../../app/sr/metrics/ssim.js';
import { dataRange } from '../../../app/sr/metrics/psnr.js';

/** a = 100 sin(0.7x + 0.3z) + 80 cos(0.45y) + 3z; b = a + 40·(((7x + 13y + 3z) mod 5) − 2). */
function pair(
  X: number,
  Y: number,
  Z: number,
): { a: Float32Array; b: Float32Array; dims: { x: number; y: number; z: number } } {
  const a = new Float32Array(X * Y * Z);
  const b = new Float32Array(X * Y * Z);
  for (let z = 0; z < Z; z++)
    for (let y = 0; y < Y; y++)
      for (let x = 0; x < X; x++) {
        const i = (z * Y + y) * X + x;
        a[i] = 100 * Math.sin(0.7 * x + 0.3 * z) + 80 * Math.cos(0.45 * y) + 3 * z;
        b[i] = a[i] + 40 * (((x * 7 + y * 13 + z * 3) % 5) - 2);
      }
  return { a, b, dims: { x: X, y: Y, z: Z } };
}

describe('ssim', () => {
  it('matches skimage on a 2D image (20×17)', () => {
    const { a, b, dims } = pair(20, 17, 1);
    expect(dataRange(a)).toBeCloseTo(357.0592498779297, 9);
    const r = ssim(a, b, dims);
    expect(r.perPlane[0]).toBeCloseTo(0.735305148696999, 9);
    expect(r.planeMean).toBeCloseTo(0.735305148696999, 9);
    expect(r.ssim).toBeNaN(); // fewer than 11 planes: no 3D interior
  });

  it('matches skimage in 3D and per plane (14×13×12)', () => {
    const { a, b, dims } = pair(14, 13, 12);
    const r = ssim(a, b, dims);
    expect(r.ssim).toBeCloseTo(0.746743824958313, 9);
    expect([...r.perPlane.slice(0, 3)].map((v) => Number(v.toFixed(9)))).toEqual([
      0.716654322, 0.717351471, 0.709262093,
    ]);
    expect(r.planeMean).toBeCloseTo(0.7156990216422138, 9);
  });

  it('is 1 for identical volumes', () => {
    const { a, dims } = pair(16, 15, 13);
    const r = ssim(a, a.slice(), dims);
    expect(r.ssim).toBeCloseTo(1, 12);
    expect(r.perPlane.every((v) => Math.abs(v - 1) < 1e-12)).toBe(true);
  });

  it('of a constant image v against v + c is (2v(v+c) + C1) / (v² + (v+c)² + C1)', () => {
    const dims = { x: 12, y: 12, z: 12 };
    const v = 50;
    const c = 20;
    const L = 200;
    const a = new Float32Array(12 ** 3).fill(v);
    const r = ssim(
      a,
      a.map((x) => x + c),
      dims,
      { range: L },
    );
    const c1 = (0.01 * L) ** 2;
    const expected = (2 * v * (v + c) + c1) / (v * v + (v + c) ** 2 + c1);
    expect(r.ssim).toBeCloseTo(expected, 10);
    expect(r.planeMean).toBeCloseTo(expected, 10);
  });

  it('equals a brute-force 11³ window sum', () => {
    const { a, b, dims } = pair(13, 12, 12);
    const w = ssimWindow();
    const R = SSIM_RADIUS;
    const L = dataRange(a);
    const c1 = (0.01 * L) ** 2;
    const c2 = (0.03 * L) ** 2;
    let sum = 0;
    let n = 0;
    for (let z = R; z < dims.z - R; z++)
      for (let y = R; y < dims.y - R; y++)
        for (let x = R; x < dims.x - R; x++) {
          let ma = 0;
          let mb = 0;
          let aa = 0;
          let bb = 0;
          let ab = 0;
          for (let k = -R; k <= R; k++)
            for (let j = -R; j <= R; j++)
              for (let i = -R; i <= R; i++) {
                const wt = w[k + R] * w[j + R] * w[i + R];
                const idx = ((z + k) * dims.y + y + j) * dims.x + x + i;
                ma += wt * a[idx];
                mb += wt * b[idx];
                aa += wt * a[idx] ** 2;
                bb += wt * b[idx] ** 2;
                ab += wt * a[idx] * b[idx];
              }
          sum +=
            ((2 * ma * mb + c1) * (2 * (ab - ma * mb) + c2)) /
            ((ma * ma + mb * mb + c1) * (aa - ma * ma + bb - mb * mb + c2));
          n++;
        }
    expect(ssim(a, b, dims).ssim).toBeCloseTo(sum / n, 10);
  });

  it('rejects planes smaller than the window', () => {
    expect(() => ssim(new Float32Array(100), new Float32Array(100), { x: 10, y: 10, z: 1 })).toThrow(/11×11/);
  });
});
