/** Segment spectra: a tone lands in its bin, a ramp is removed, white noise is flat at σ²·Σw². */
import { describe, expect, it } from 'vitest';
import { SegmentDft, hannEnergy } from '../../../app/sr/profile/spectrum.js';
import { mulberry32 } from '../../../app/math/index.js';

describe('SegmentDft', () => {
  it('puts a tone of k cycles per segment into bin k', () => {
    const dft = new SegmentDft(32);
    for (const k of [3, 7, 12]) {
      const power = new Float64Array(dft.bins);
      dft.addPower(
        Float64Array.from({ length: 32 }, (_, i) => 5 + Math.cos((2 * Math.PI * k * i) / 32)),
        0,
        1,
        power,
      );
      const peak = power.indexOf(Math.max(...power));
      expect(peak).toBe(k);
    }
  });

  it('removes the mean and a straight ramp, and reads strided samples', () => {
    const dft = new SegmentDft(16);
    const power = new Float64Array(dft.bins);
    const values = new Float64Array(16 * 3);
    for (let i = 0; i < 16; i++) values[i * 3 + 1] = 100 + 7 * i;
    dft.addPower(values, 1, 3, power);
    for (const v of power) expect(v).toBeLessThan(1e-18 * 100 ** 2 * 16 + 1e-9);
  });

  it('gives white noise a flat mean power of σ²·Σw² away from bin 0', () => {
    const n = 32;
    const dft = new SegmentDft(n);
    const power = new Float64Array(dft.bins);
    const rng = mulberry32(5);
    const sd = 3;
    const segments = 4000;
    for (let s = 0; s < segments; s++)
      dft.addPower(
        Float64Array.from({ length: n }, () => sd * rng.gauss()),
        0,
        1,
        power,
      );
    for (let k = 4; k < dft.bins; k++)
      expect(power[k] / segments / (sd * sd * hannEnergy(n))).toBeCloseTo(1, 1);
  });
});
