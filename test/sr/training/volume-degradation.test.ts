/**
 * Training's degradation defaults come from the opened volume: the user's FWHM first, then the
 * slice profile the volume carries (a sample's OME-XML), then the z step. No side-car file is read.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSample, type SampleFiles } from '../../../app/sample/generate.js';
import { degradationForVolume } from '../../../app/sr/training/volume-degradation.js';
import { degradationOf } from '../../../app/sr/training/degradation.js';
import { openVolume } from '../../../app/volume/open.js';
import type { Volume } from '../../../app/volume/types.js';
import { tempDir } from '../../helpers/fixtures.js';

const dir = tempDir('isotrope-degradation-');
let files: SampleFiles;
let stack: Volume;

beforeAll(async () => {
  const size = { x: 32, y: 32, z: 8 };
  files = await generateSample(join(dir.path, 'sample'), { size, seed: 2, groundTruth: false });
  // The manifest is the generator's cache key, nothing more: training must not need it.
  await rm(files.manifest);
  stack = await openVolume(files.stack);
});
afterAll(async () => {
  await stack?.close();
  dir.remove();
});

describe('degradationForVolume', () => {
  it("takes the FWHMs from the volume's slice profile", async () => {
    const resolved = await degradationForVolume(stack);
    expect(resolved.fwhmSource).toBe('ome-xml');
    expect(resolved.lateralFwhm).toBe(0.8);
    expect(resolved.degradation).toEqual(degradationOf(0.411, 1, 2.2, 0.8));
  });

  it('prefers what the user gives', async () => {
    const resolved = await degradationForVolume(stack, { fwhm: 3, lateralFwhm: 0.5 });
    expect(resolved.fwhmSource).toBe('user');
    expect(resolved.lateralFwhm).toBe(0.5);
    expect(resolved.degradation).toEqual(degradationOf(0.411, 1, 3, 0.5));
  });

  it('falls back to the z step and no lateral blur when the volume records nothing', async () => {
    const bare: Volume = { ...stack, sliceProfile: undefined };
    const resolved = await degradationForVolume(bare);
    expect(resolved.fwhmSource).toBe('z step');
    expect(resolved.lateralFwhm).toBe(0);
    expect(resolved.degradation).toEqual(degradationOf(0.411, 1, 1, 0));
  });

  it('uses an estimated axial FWHM when that is all it has', async () => {
    const estimate = { axialFwhm: 1.7, lateralFwhm: null, source: 'estimate' } as const;
    const estimated: Volume = { ...stack, sliceProfile: estimate };
    const resolved = await degradationForVolume(estimated);
    expect(resolved.fwhmSource).toBe('estimate');
    expect(resolved.lateralFwhm).toBe(0);
    expect(resolved.degradation).toEqual(degradationOf(0.411, 1, 1.7, 0));
  });
});
