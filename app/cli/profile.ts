/**
 * `isotrope profile VOLUME [--json]`: the z slice profile's Gaussian FWHM estimated from the
 * stack alone (app/sr/profile), in µm and z steps with a 95 % interval. `--json` prints
 * `{"fwhm", "fwhmSteps", "low", "high", "method", …}` (µm; more fields may follow).
 */
import { z } from 'zod';
import { openVolume } from '../volume/index.js';
import { estimateSliceProfile, type SliceProfileEstimate } from '../sr/index.js';
import { ProfileOptionsSchema } from '../sr/profile/profile-options.js';
import { flags } from '../options/index.js';
import { parseOptions } from './options.js';
import { progressBar } from './progress.js';

export const ProfileFlags = ProfileOptionsSchema.extend({
  json: z.boolean().optional().register(flags, { help: 'print one JSON object on stdout' }),
});

/**
 * The one line train and profile print.
 * @example profileLine(e) // 'slice profile: FWHM 3.1 µm (1.6 z steps, 95 % 2.8–3.4) estimated from the stack'
 */
export function profileLine(e: SliceProfileEstimate): string {
  const limit = e.atLimit ? ` (at the ${e.atLimit} end of the searched range)` : '';
  return `slice profile: FWHM ${e.fwhm.toFixed(2)} µm (${e.fwhmSteps.toFixed(2)} z steps, 95 % ${e.low.toFixed(2)}–${e.high.toFixed(2)}) estimated from the stack${limit}`;
}

export async function runProfile(path: string, bag: Record<string, unknown>): Promise<void> {
  const { json, channel, ...voxel } = parseOptions(ProfileFlags, bag);
  const volume = await openVolume(path);
  for (const warning of volume.warnings ?? []) process.stderr.write(`warning: ${warning}\n`);
  const bar = progressBar({ label: 'measuring', unit: '%' });
  try {
    const estimate = await estimateSliceProfile(volume, {
      ...voxel,
      c: channel,
      onProgress: (fraction) => bar.update(Math.round(fraction * 100), 100),
    });
    bar.finish();
    process.stdout.write(
      json
        ? `${JSON.stringify(estimate)}\n`
        : `${profileLine(estimate)}\n  lateral FWHM ${estimate.lateralFwhm} µm, z step ${estimate.zStep} µm; train with --fwhm ${estimate.fwhm.toFixed(2)}\n`,
    );
  } finally {
    bar.finish();
    await volume.close();
  }
}
