/**
 * estimateProfile: the engine measures an opened volume's slice profile (what `isotrope profile
 * --json` prints, and what the Open screen's "Estimate from the data" fills in), its result
 * matching the contract's schema; an unknown volume is refused.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../app/api/engine.js';
import { commands } from '../../app/api/schemas.js';
import { tempDir } from '../helpers/fixtures.js';
import { writeProfileStack } from '../helpers/profile-stack.js';

const tmp = tempDir('isotrope-engine-profile-');
const engine = new Engine({ stateDir: join(tmp.path, 'state') });
afterAll(async () => {
  await engine.close();
  tmp.remove();
});

describe('estimateProfile', () => {
  it(
    'estimates an opened volume, with the voxel size as given, progress reported',
    { timeout: 120_000 },
    async () => {
      const path = await writeProfileStack(tmp.path, { axialFwhm: 3, zStep: 1.5 });
      const { volumeId } = await engine.call('openVolume', { path });
      const progress: number[] = [];
      const e = await engine.call(
        'estimateProfile',
        { volumeId },
        { onProgress: (_task, fraction) => progress.push(fraction) },
      );
      expect(commands.estimateProfile.result.parse(e)).toEqual(e);
      expect(e.zStep).toBe(1.5);
      expect(e.low).toBeLessThanOrEqual(e.fwhm);
      expect(e.high).toBeGreaterThanOrEqual(e.fwhm);
      expect(progress.at(-1)).toBe(1);
      // Another z step given: the same stack read as a different sampling, so another answer in steps.
      const given = await engine.call('estimateProfile', { volumeId, zStep: 3 });
      expect(given.zStep).toBe(3);
      expect(given.fwhmSteps).toBeCloseTo(given.fwhm / 3, 9);
    },
  );

  it('refuses a volume that is not open', async () => {
    await expect(engine.call('estimateProfile', { volumeId: 'v999' })).rejects.toMatchObject({
      tag: 'unknown-volume',
    });
  });
});
