// The patch sampler: determinism per (seed, k), orientation (degraded axis on rows), gradient
// weighting, held-out validation planes, lazy reading.
import { describe, expect, test } from 'vitest';
import { PatchSampler, type SamplerOptions } from '../../../app/sr/training/patch-sampler.js';
import { degradationOf } from '../../../app/sr/training/degradation.js';
import { DEFAULT_AUGMENT, NO_NOISE } from '../../../app/sr/training/augment.js';
import { cornerAt, prepareRegion } from '../../../app/sr/training/training-region.js';
import { mulberry32 } from '../../../app/math/random.js';
import { fakeVolume } from './fake-volume.js';

const stripes = (x: number, _y: number, z: number): number =>
  100 + 50 * Math.sin(x * 0.7 + z) + 30 * Math.cos(x * 0.23);

function options(over: Partial<SamplerOptions> = {}): SamplerOptions {
  return {
    seed: 3,
    patch: 24,
    margin: 4,
    batch: 8,
    degradation: degradationOf(0.5, 1.5, 1.5),
    normalisation: { kind: 'percentile', lo: 0, hi: 200 },
    augment: DEFAULT_AUGMENT,
    valPatches: 12,
    ...over,
  };
}

describe('PatchSampler', () => {
  test('batch k is a function of (seed, k) only: random access, fresh samplers, other seeds', async () => {
    const a = new PatchSampler(fakeVolume(64, 48, 16, stripes), options());
    const b = new PatchSampler(fakeVolume(64, 48, 16, stripes), options());
    for (let k = 0; k < 6; k++) await a.batch(k);
    const b5 = await b.batch(5);
    expect((await a.batch(5)).input).toEqual(b5.input);
    expect((await a.batch(5)).target).toEqual(b5.target);
    const c = new PatchSampler(fakeVolume(64, 48, 16, stripes), options({ seed: 4 }));
    expect((await c.batch(5)).input).not.toEqual(b5.input);
  });

  test('training never reads validation planes; one plane read per block of batches', async () => {
    const vol = fakeVolume(64, 48, 16, stripes);
    const s = new PatchSampler(vol, options({ batchesPerRegion: 4 }));
    expect(s.valPlanes).toEqual([4, 12]);
    for (let k = 0; k < 12; k++) await s.batch(k);
    expect(vol.reads).toHaveLength(3);
    expect(vol.reads.some((z) => s.valPlanes.includes(z))).toBe(false);
    vol.reads.length = 0;
    const val = await s.validation();
    expect(val.count).toBe(12);
    expect([...new Set(vol.reads)].sort()).toEqual([12, 4]);
    expect((await s.validation()).input).toEqual(val.input);
  });

  test('orientation: the degraded axis is always along rows (x-degraded pairs transposed)', async () => {
    // Structure varies along x only. Degrading y changes nothing; degrading x blurs along x.
    const o = options({ augment: { ...DEFAULT_AUGMENT, ...NO_NOISE }, batch: 32 });
    const s = new PatchSampler(fakeVolume(64, 48, 8, stripes), o);
    const b = await s.batch(0);
    const n = o.patch,
      m = o.margin,
      t = n - 2 * m;
    let transposed = 0,
      identity = 0;
    for (let p = 0; p < b.count; p++) {
      const inp = (i: number, j: number): number => b.input[p * n * n + i * n + j];
      const tgt = (i: number, j: number): number => b.target[p * t * t + i * t + j];
      let maxInDiff = 0,
        rowsConstant = true;
      for (let i = 0; i < t; i++) {
        for (let j = 0; j < t; j++) {
          maxInDiff = Math.max(maxInDiff, Math.abs(inp(i + m, j + m) - tgt(i, j)));
          if (Math.abs(inp(i + m, j + m) - inp(i + m, m)) > 1e-5 || Math.abs(tgt(i, j) - tgt(i, 0)) > 1e-5)
            rowsConstant = false;
        }
      }
      if (maxInDiff < 1e-4)
        identity++; // degraded along y: the y-constant image is unchanged
      else {
        expect(rowsConstant).toBe(true);
        transposed++;
      } // degraded along x, now varying down the rows only
    }
    expect(transposed).toBeGreaterThan(4);
    expect(identity).toBeGreaterThan(4);
  });

  test('patches land on edges far more often than a uniform draw would', () => {
    const w = 128,
      h = 96;
    const data = Float32Array.from({ length: w * h }, (_, i) => (i % w >= 64 ? 1 : 0));
    const region = prepareRegion({ width: w, height: h, data }, 32, degradationOf(0.5, 1.5, 1.5), [
      false,
      false,
      false,
      false,
    ]);
    const rng = mulberry32(9);
    let near = 0;
    const draws = 2000;
    for (let i = 0; i < draws; i++) if (Math.abs(cornerAt(region, rng.next()).x + 16 - 63.5) <= 2) near++;
    // Uniform: 4 of 97 corner columns ≈ 4 %. Weighted: most of the mass sits on the edge.
    expect(near / draws).toBeGreaterThan(0.5);
  });

  test('planes smaller than the patch are a tagged error', () => {
    expect(() => new PatchSampler(fakeVolume(16, 48, 8, stripes), options())).toThrow(
      expect.objectContaining({ tag: 'bad-input' }),
    );
  });

  test('several time points: blocks draw planes of every chosen t, seeded; validation covers each t', async () => {
    // t = 1 is the t = 0 data shifted, so its patches differ.
    const drift = (x: number, y: number, z: number, t: number): number => stripes(x + 5 * t, y, z);
    const vol = fakeVolume(64, 48, 16, drift, 3);
    const s = new PatchSampler(vol, options({ batchesPerRegion: 1, timepoints: [0, 2] }));
    const batches = [];
    for (let k = 0; k < 24; k++) batches.push(await s.batch(k));
    const times = new Set(vol.planeReads.map((read) => read.t));
    expect([...times].sort()).toEqual([0, 2]);
    expect(vol.planeReads.some((read) => s.valPlanes.includes(read.z))).toBe(false);
    // The same (seed, k) gives the same batch, from a fresh sampler too.
    const again = new PatchSampler(
      fakeVolume(64, 48, 16, drift, 3),
      options({ batchesPerRegion: 1, timepoints: [0, 2] }),
    );
    expect((await again.batch(17)).input).toEqual(batches[17].input);
    vol.planeReads.length = 0;
    await s.validation();
    expect(vol.planeReads.map((read) => [read.z, read.t]).sort()).toEqual([
      [12, 0],
      [12, 2],
      [4, 0],
      [4, 2],
    ]);
  });

  test('one time point samples exactly as a single 3D stack: t = 0 alone equals no time points given', async () => {
    const drift = (x: number, y: number, z: number, t: number): number => stripes(x + 5 * t, y, z);
    const plain = new PatchSampler(fakeVolume(64, 48, 16, stripes), options());
    const first = new PatchSampler(fakeVolume(64, 48, 16, drift, 2), options({ timepoints: [0] }));
    for (const k of [0, 5, 9]) expect((await first.batch(k)).input).toEqual((await plain.batch(k)).input);
    expect((await first.validation()).target).toEqual((await plain.validation()).target);
    // t = 1 alone reads other data, so other patches.
    const second = new PatchSampler(fakeVolume(64, 48, 16, drift, 2), options({ timepoints: [1] }));
    expect((await second.batch(5)).input).not.toEqual((await plain.batch(5)).input);
  });
});
