/**
 * Evaluation end to end in-process: an untrained (zero-tail) model is exactly the bicubic
 * baseline, so its scores equal bicubic's bit for bit; the simulated degradation of the
 * bundled sample's ground truth matches the bundled LSFM stack up to camera offset and noise,
 * which validates the degradation model that both training and evaluation use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { backendFixture } from '../compute/backend-fixture.js';
import { tempDir } from '../helpers/fixtures.js';
import { ensureDefaultSample, generateSample, type SampleFiles } from '../../app/sample/generate.js';
import { openVolume } from '../../app/volume/open.js';
import { evaluate, evaluateVolumes } from '../../app/sr/evaluate.js';
import { degradeZ } from '../../app/sr/degrade-z.js';
import { zTargetCount } from '../../app/sr/inference/z-grid.js';
import { degradationOf, lowResCount } from '../../app/sr/training/degradation.js';
import { loadModel } from '../../app/sr/model-dir.js';
import { saveIdentityModel } from '../helpers/identity-model.js';
import type { Volume } from '../../app/volume/types.js';
import { splineResample } from '../helpers/direct-resampling.js';
import { saveModel } from '../../app/sr/model-dir.js';
import { initWeights } from '../../app/sr/networks/init.js';
import { preset } from '../../app/sr/networks/presets.js';
import { disagreementErrorCorrelation } from '../../app/sr/metrics/spearman.js';

const dir = tempDir();
afterAll(() => dir.remove());

describe('evaluate', () => {
  const fixture = backendFixture('wasm');
  let sample: SampleFiles;
  beforeAll(async () => {
    sample = await generateSample(join(dir.path, 'sample'), {
      size: { x: 40, y: 36, z: 16 },
      seed: 4,
      groundTruth: true,
    });
    // The truth's own OME-XML says what blur it carries; the generator's manifest is not needed.
    await rm(sample.manifest);
    await saveIdentityModel(join(dir.path, 'model'));
  }, 30_000);

  it("ranks the error by the orientations' disagreement (confidence), with both orientations only", async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const config = preset('valid', 'tiny');
    const modelDir = join(dir.path, 'random-model');
    await saveModel(modelDir, initWeights(config, { seed: 3, zeroTail: false }), {
      meta: { config, preset: 'tiny', scale: 0, normalisation: {}, training: {} },
      normalisation: { kind: 'percentile', lo: 100, hi: 15000 },
      degradation: degradationOf(0.411, 1.0, 2.2, 0.8),
    });
    const truth = await openVolume(sample.groundTruth!);
    const model = await loadModel(modelDir);
    const { evaluation: e, volumes: v } = await evaluateVolumes(truth, model);
    const xz = await evaluate(truth, model, { orientations: 'xz' });
    await truth.close();
    expect(xz.confidence).toBeUndefined();
    const d = v.disagreement!;
    expect(d).toHaveLength(v.sr.length);
    expect(d.some((x) => x > 0)).toBe(true);
    expect(e.confidence!.voxels).toBe(v.sr.length);
    expect(e.confidence!.spearman).toBe(disagreementErrorCorrelation(d, v.sr, v.truth).spearman);
    expect(Math.abs(e.confidence!.spearman)).toBeLessThanOrEqual(1);
    const change = v.sr.map((x, i) => Math.abs(x - v.bicubic[i]));
    expect(e.confidence!.differenceSpearman).toBe(
      disagreementErrorCorrelation(change, v.sr, v.truth).spearman,
    );
  });

  it('scores a zero-tail model exactly like bicubic, on the simulated input', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const truth = await openVolume(sample.groundTruth!);
    const model = await loadModel(join(dir.path, 'model'));
    const steps: number[] = [];
    const e = await evaluate(truth, model, { onProgress: (d, t) => steps.push(d / t) });
    await truth.close();
    const r = 1 / 0.411;
    expect(e.ratio).toBeCloseTo(r, 12);
    expect(e.fwhm).toBe(2.2);
    expect(e.lateralFwhm).toBe(0.8); // from the truth's slice profile (its OME-XML)
    expect(e.sigma).toBeCloseTo(degradationOf(0.411, 1, 2.2, 0.8).sigma, 6);
    expect(e.truth).toEqual({ x: 40, y: 36, z: 39 });
    expect(e.inputPlanes).toBe(lowResCount(39, r));
    expect(e.planesCompared).toBe(zTargetCount(e.inputPlanes, r));
    expect(e.sr).toEqual(e.bicubic);
    expect(e.sr.psnr).toBeGreaterThan(20);
    expect(e.sr.psnr).toBeLessThan(60);
    expect(e.sr.ssim).toBeGreaterThan(0.5);
    expect(e.sr.psnrPlanes).toHaveLength(e.planesCompared);
    expect(steps.at(-1)).toBe(1);
  }, 30_000);

  it('takes a real input stack, the ratio from its voxel size, and user options', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const truth = await openVolume(sample.groundTruth!);
    const input = await openVolume(sample.stack);
    const model = await loadModel(join(dir.path, 'model'));
    const e = await evaluate(truth, model, { input, orientations: 'xz' });
    expect(e.source).toBe('input');
    expect(e.inputPlanes).toBe(16);
    expect(e.planesCompared).toBe(Math.min(39, zTargetCount(16, e.ratio)));
    expect(e.sr).toEqual(e.bicubic);
    const f = await evaluate(truth, model, { ratio: 3, fwhm: 1.5, lateralFwhm: 0 });
    expect([f.ratio, f.fwhm, f.inputPlanes]).toEqual([3, 1.5, lowResCount(39, 3)]);
    expect(f.sigma).toBeCloseTo(degradationOf(0.411, 3 * 0.411, 1.5, 0).sigma, 9);
    await truth.close();
    await input.close();
  }, 30_000);

  it('r = 2.43: bicubic is the exact spline through the simulated planes at j / r, scored over the planes it covers', async (ctx) => {
    if (!(await fixture.use())) return ctx.skip(fixture.why);
    const truthVolume = await openVolume(sample.groundTruth!);
    const model = await loadModel(join(dir.path, 'model'));
    const ratio = 2.43;
    const { evaluation: e, volumes } = await evaluateVolumes(truthVolume, model, { ratio, fwhm: 2 });
    const truth = Float32Array.from(
      await truthVolume.readBrick({
        x: { start: 0, end: 40 },
        y: { start: 0, end: 36 },
        z: { start: 0, end: 39 },
      }),
    );
    await truthVolume.close();
    const dims = { x: 40, y: 36, z: 39 };
    const low = degradeZ(truth, dims, { ratio, sigma: e.sigma });
    // Output plane j (truth plane j) from input coordinate j / r, while j / r ≤ K − 1.
    let J = 0;
    while (J < dims.z && J / ratio <= low.dims.z - 1) J++;
    expect([e.ratio, e.inputPlanes, e.planesCompared]).toEqual([ratio, low.dims.z, J]);
    expect(volumes.dims).toEqual({ x: 40, y: 36, z: J });
    const columns = dims.x * dims.y;
    const positions = Array.from({ length: J }, (_, j) => j / ratio);
    let worst = 0;
    let squares = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let col = 0; col < columns; col++) {
      const direct = splineResample(
        Array.from({ length: low.dims.z }, (_, k) => low.data[k * columns + col]),
        positions,
      );
      for (let j = 0; j < J; j++) {
        const t = truth[j * columns + col];
        worst = Math.max(worst, Math.abs(volumes.bicubic[j * columns + col] - direct[j]));
        squares += (direct[j] - t) ** 2;
        lo = Math.min(lo, t);
        hi = Math.max(hi, t);
      }
    }
    expect(worst).toBeLessThan(0.05); // float32 of values ~10^4
    expect(volumes.truth).toEqual(truth.subarray(0, columns * J));
    expect(e.dataRange).toBe(hi - lo);
    const directPsnr = 10 * Math.log10((hi - lo) ** 2 / (squares / (columns * J)));
    expect(e.bicubic.psnr).toBeCloseTo(directPsnr, 3);
    expect(e.sr).toEqual(e.bicubic); // the zero-tail model
  }, 60_000);
});

describe('degradeZ on the bundled sample', () => {
  it('turns the ground truth into the LSFM stack, up to camera offset and noise', async () => {
    const files = await ensureDefaultSample();
    const gtVolume = await openVolume(files.groundTruth!);
    const lsVolume = await openVolume(files.stack);
    // A band of 64 rows, all x and z: enough voxels, a quarter of the time.
    const band = async (v: Volume) => ({
      data: Float32Array.from(
        await v.readBrick({
          x: { start: 0, end: 256 },
          y: { start: 96, end: 160 },
          z: { start: 0, end: v.shape.z },
        }),
      ),
      dims: { x: 256, y: 64, z: v.shape.z },
    });
    const gt = await band(gtVolume);
    const ls = await band(lsVolume);
    await gtVolume.close();
    await lsVolume.close();
    const fit = (sigma: number) => {
      const d = degradeZ(gt.data, gt.dims, { ratio: 1 / 0.411, sigma });
      expect(d.dims).toEqual(ls.dims);
      // Least-squares ls ≈ a·d + b over planes 4..59 (the truth's ends are reflected, the sample's periodic).
      let n = 0;
      let sx = 0;
      let sy = 0;
      let sxx = 0;
      let syy = 0;
      let sxy = 0;
      const P = gt.dims.x * gt.dims.y;
      for (let i = 4 * P; i < 60 * P; i++) {
        const x = d.data[i];
        const y = ls.data[i];
        n++;
        sx += x;
        sy += y;
        sxx += x * x;
        syy += y * y;
        sxy += x * y;
      }
      const cov = sxy / n - (sx / n) * (sy / n);
      const vx = sxx / n - (sx / n) ** 2;
      const vy = syy / n - (sy / n) ** 2;
      const a = cov / vx;
      return {
        r: cov / Math.sqrt(vx * vy),
        a,
        b: sy / n - (a * sx) / n,
        rms: Math.sqrt(vy - (cov * cov) / vx),
      };
    };
    const model = fit(degradationOf(0.411, 1.0, 2.2, 0.8).sigma);
    expect(model.r).toBeGreaterThan(0.99);
    expect(model.a).toBeGreaterThan(0.97);
    expect(model.a).toBeLessThan(1.03);
    expect(model.b).toBeGreaterThan(70);
    expect(model.b).toBeLessThan(130); // camera offset 100
    // The slice profile matters: no blur, or twice the blur, fit clearly worse.
    expect(model.rms).toBeLessThan(0.6 * fit(0).rms);
    expect(model.rms).toBeLessThan(0.6 * fit(4).rms);
  }, 30_000);
});
