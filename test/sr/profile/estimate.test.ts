/**
 * The slice-profile estimate on stacks degraded with known profiles: a seeded phantom with a
 * gap (FWHM 0.5 z step), about one step and an overlap (2 steps) under LSFM noise, and the
 * bundled sample's generator at several settings. Tolerances, not recorded results: the
 * truth lies in the interval (give or take 10 %), the estimate is within 35 % of it or 0.3 z
 * steps (a gap's FWHM is a fraction of a step: what sampling resolves), and estimates follow
 * the truth's order.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSample } from '../../../app/sample/index.js';
import { estimateSliceProfile, PROFILE_METHOD, type SliceProfileEstimate } from '../../../app/sr/index.js';
import { openVolume } from '../../../app/volume/index.js';
import { tempDir, writeOmeStack } from '../../helpers/fixtures.js';
import { writeProfileStack, type ProfileStackSpec } from '../../helpers/profile-stack.js';

const dir = tempDir('isotrope-profile-');
afterAll(() => dir.remove());

async function estimateOf(path: string): Promise<SliceProfileEstimate> {
  const volume = await openVolume(path);
  try {
    return await estimateSliceProfile(volume, { lateralFwhm: 0.8 });
  } finally {
    await volume.close();
  }
}

function expectNear(e: SliceProfileEstimate, truth: number, zStep: number): void {
  expect(e.method).toBe(PROFILE_METHOD);
  expect(e.fwhmSteps).toBeCloseTo(e.fwhm / zStep, 9);
  expect(e.low).toBeLessThanOrEqual(e.fwhm);
  expect(e.high).toBeGreaterThanOrEqual(e.fwhm);
  expect(Math.abs(e.fwhm - truth)).toBeLessThan(Math.max(0.35 * truth, 0.3 * zStep));
  expect(e.low).toBeLessThan(truth * 1.1);
  expect(e.high).toBeGreaterThan(truth * 0.9);
}

describe('estimateSliceProfile on a degraded phantom with LSFM noise', () => {
  const cases: Array<ProfileStackSpec & { name: string }> = [
    { name: 'gap: FWHM 0.5 z step', axialFwhm: 1.5, zStep: 3 },
    { name: 'FWHM 2.2 z steps', axialFwhm: 2.2, zStep: 1 },
    { name: 'overlap: FWHM 2 z steps', axialFwhm: 3, zStep: 1.5 },
  ];
  const found = new Map<string, number>();
  it.each(cases)('$name', { timeout: 90_000 }, async (spec) => {
    const e = await estimateOf(await writeProfileStack(dir.path, spec));
    expectNear(e, spec.axialFwhm, spec.zStep);
    found.set(spec.name, e.fwhmSteps);
  });

  it('orders the stacks as their profiles are ordered (in z steps)', () => {
    const steps = cases.map((spec) => found.get(spec.name));
    expect(steps[0]).toBeLessThan(steps[2]!);
    expect(steps[0]).toBeLessThan(steps[1]!);
  });
});

describe('estimateSliceProfile on the bundled sample generator', () => {
  it.each([
    { axialFwhm: 2.2, zStep: 1 },
    { axialFwhm: 3.5, zStep: 1, photonsPerUnit: 200 },
  ])('FWHM $axialFwhm µm at z step $zStep µm', { timeout: 90_000 }, async (settings) => {
    const sample = await generateSample(join(dir.path, `sample-${settings.axialFwhm}`), {
      ...settings,
      size: { x: 192, y: 192, z: 48 },
      groundTruth: false,
    });
    // The sample's OME-XML gives the lateral FWHM the estimate combines with.
    expectNear(await estimateOf(sample.stack), settings.axialFwhm, settings.zStep);
  });
});

describe('estimateSliceProfile refusals', () => {
  it('stops at a cancelled signal with SrError aborted', async () => {
    const { path } = await writeOmeStack(join(dir.path, 'random.ome.tif'), { x: 64, y: 64, z: 16 });
    const volume = await openVolume(path);
    try {
      await expect(estimateSliceProfile(volume, { signal: AbortSignal.abort() })).rejects.toMatchObject({
        tag: 'aborted',
      });
    } finally {
      await volume.close();
    }
  });

  it('asks for the voxel size when the file has none', async () => {
    const { path } = await writeOmeStack(join(dir.path, 'no-voxel.ome.tif'), {
      x: 64,
      y: 64,
      z: 16,
      voxelSize: { x: null, y: null, z: null },
    });
    const volume = await openVolume(path);
    try {
      await expect(estimateSliceProfile(volume)).rejects.toThrow(/--xy-pixel and --z-step/);
    } finally {
      await volume.close();
    }
  });
});
