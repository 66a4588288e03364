// A model directory records the input channel its model was trained on; models from before
// channels were recorded load with channel null.
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { channelModelDir, loadModel, saveModel } from '../../app/sr/model-dir.js';
import { initWeights } from '../../app/sr/networks/init.js';
import { preset } from '../../app/sr/networks/presets.js';
import { degradationOf } from '../../app/sr/training/degradation.js';
import { tempDir } from '../helpers/fixtures.js';
import { saveIdentityModel } from '../helpers/identity-model.js';

const dir = tempDir('isotrope-model-dir-');
afterAll(() => dir.remove());

describe('loadModel: channel', () => {
  test("meta.training.channel is the model's channel", async () => {
    const config = preset('valid', 'tiny');
    const path = channelModelDir(dir.path, 1);
    await saveModel(path, initWeights(config, { seed: 1 }), {
      meta: { config, preset: 'tiny', scale: 0, normalisation: {}, training: { channel: 1 } },
      normalisation: { kind: 'percentile', lo: 0, hi: 1 },
      degradation: degradationOf(0.5, 1.5, 1.5),
    });
    expect(path).toBe(join(dir.path, 'c1'));
    expect((await loadModel(path)).channel).toBe(1);
  });

  test('a model without one (trained before channels) has channel null', async () => {
    await saveIdentityModel(join(dir.path, 'old'));
    expect((await loadModel(join(dir.path, 'old'))).channel).toBeNull();
  });
});
