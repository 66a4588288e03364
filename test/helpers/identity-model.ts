/**
 * A zero-tail (untrained) model saved the way `isotrope train` saves one, for the sample's
 * optics (0.411 / 1.0 µm, FWHM 2.2 µm, lateral 0.8 µm). Its network is exactly the identity,
 * so anything run through it must equal the bicubic baseline bit for bit.
 */
import { saveModel } from '../../app/sr/model-dir.js';
import { initWeights } from '../../app/sr/networks/init.js';
import { preset } from '../../app/sr/networks/presets.js';
import { degradationOf } from '../../app/sr/training/degradation.js';

export async function saveIdentityModel(path: string, name = 'tiny'): Promise<void> {
  const config = preset('valid', name);
  await saveModel(path, initWeights(config, { seed: 1, zeroTail: true }), {
    meta: { config, preset: name, scale: 0, normalisation: {}, training: {} },
    normalisation: { kind: 'percentile', lo: 100, hi: 15000 },
    degradation: degradationOf(0.411, 1.0, 2.2, 0.8),
  });
}
