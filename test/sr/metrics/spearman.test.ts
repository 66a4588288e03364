/**
 * Spearman's ρ against values worked out by hand (ties at mean ranks) and its invariance to any
 * increasing transform; the disagreement/error correlation subsamples deterministically.
 */
import { describe, expect, it } from 'vitest';
import { disagreementErrorCorrelation, ranks, spearman } from '../../../app/sr/metrics/spearman.js';
import { seeded } from '../../helpers/fixtures.js';

describe('spearman', () => {
  it('ranks ties at their mean rank', () => {
    expect([...ranks([10, 30, 20, 30])]).toEqual([1, 3.5, 2, 3.5]);
  });

  it('is 1 for any increasing relation, -1 for a decreasing one, and NaN for a constant', () => {
    const a = [0.3, 1.2, -4, 7, 2.5];
    expect(
      spearman(
        a,
        a.map((v) => Math.exp(v)),
      ),
    ).toBeCloseTo(1, 12);
    expect(
      spearman(
        a,
        a.map((v) => -(v ** 3)),
      ),
    ).toBeCloseTo(-1, 12);
    expect(spearman(a, [2, 2, 2, 2, 2])).toBeNaN();
  });

  it('matches 1 − 6Σd² / (n(n² − 1)) without ties', () => {
    // ranks a: 1 2 3 4 5, b: 2 1 4 3 5 → Σd² = 4 → ρ = 1 − 24 / 120 = 0.8
    expect(spearman([1, 2, 3, 4, 5], [20, 10, 40, 30, 50])).toBeCloseTo(0.8, 12);
  });

  it('correlates disagreement with |sr − truth| and subsamples every k-th voxel', () => {
    const random = seeded(7);
    const n = 1000;
    const truth = Float32Array.from({ length: n }, () => random());
    const error = Float32Array.from({ length: n }, () => random());
    const sr = truth.map((t, i) => t + (i % 2 ? error[i] : -error[i]));
    const noise = Float32Array.from({ length: n }, () => random());
    const informative = disagreementErrorCorrelation(error, sr, truth);
    expect(informative.voxels).toBe(n);
    expect(informative.spearman).toBeGreaterThan(0.99);
    expect(Math.abs(disagreementErrorCorrelation(noise, sr, truth).spearman)).toBeLessThan(0.1);
    const sub = disagreementErrorCorrelation(error, sr, truth, 300);
    expect(sub.voxels).toBe(250);
    expect(sub).toEqual(disagreementErrorCorrelation(error, sr, truth, 300));
  });
});
