/**
 * The claim of the whole method, on the bundled sample: a CPU-preset model trained briefly on
 * the stack itself (self-supervised, nothing else given) scores a higher PSNR against the
 * isotropic ground truth than the cubic B-spline baseline. The untrained (zero-tail) network
 * is exactly that baseline, so any gain is learned. Training is bounded by patches, not seconds,
 * so a busy machine trains exactly as much as an idle one (seeded: the same batches, the same
 * weights): 576 patches (3 epochs of 192). It trains on onnxruntime's cpu engine, the one `train`
 * picks on a CPU (tfjs-wasm took ~2 minutes for the same patches; train.test.ts covers both engines).
 * `npm run bench:train` and the README give the 10-minute figures.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDefaultSample } from '../../../app/sample/generate.js';
import { evaluate } from '../../../app/sr/evaluate.js';
import { loadModel } from '../../../app/sr/model-dir.js';
import { train } from '../../../app/sr/training/train.js';
import { openVolume } from '../../../app/volume/open.js';
import { backendFixture } from '../../compute/backend-fixture.js';
import { tempDir } from '../../helpers/fixtures.js';

const dir = tempDir();
/** The training length: patches (batches of 16), so the outcome does not depend on machine speed. */
const TRAINED_PATCHES = 576;
afterAll(() => dir.remove());

describe('trained cpu-preset model vs bicubic on the bundled sample', () => {
  const ort = backendFixture('ort-cpu');

  it('beats bicubic on PSNR and SSIM', async (ctx) => {
    const backend = await ort.use();
    if (!backend) return ctx.skip(ort.why);
    const sample = await ensureDefaultSample();
    const stack = await openVolume(sample.stack);
    const result = await train(stack, dir.path, {
      preset: 'cpu',
      seed: 1,
      maxPatches: TRAINED_PATCHES,
      timeBudget: Infinity,
      epochPatches: 192,
      valPatches: 64,
      checkpointEvery: 1000,
      backend,
    });
    expect(result.stopped).toBe('max-patches');
    expect(result.patches).toBe(TRAINED_PATCHES);
    await stack.close();
    expect(result.bestValLoss).toBeLessThan(result.history[0].valLoss);
    const truth = await openVolume(sample.groundTruth!);
    const e = await evaluate(truth, await loadModel(dir.path), { orientations: 'xz', backend });
    await truth.close();
    console.log(
      `trained ${result.elapsed.toFixed(0)} s (${result.patches} patches): PSNR SR ${e.sr.psnr.toFixed(2)} dB vs bicubic ${e.bicubic.psnr.toFixed(2)} dB; SSIM ${e.sr.ssim.toFixed(4)} vs ${e.bicubic.ssim.toFixed(4)}`,
    );
    expect(e.sr.psnr).toBeGreaterThan(e.bicubic.psnr + 0.3);
    expect(e.sr.ssim).toBeGreaterThan(e.bicubic.ssim);
  }, 600_000); // generous: the outcome is bounded by patches, only the duration depends on the machine
});
