// The training loop on a small generated LSFM stack: validation loss decreases, resume is exact,
// resuming under other options is refused, the model directory loads.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { selectBackend, type SelectedBackend } from '../../../app/compute/index.js';
import { generateSample } from '../../../app/sample/generate.js';
import { openVolume } from '../../../app/volume/open.js';
import type { Volume } from '../../../app/volume/types.js';
import { refuseExistingModel, train, type TrainOptions } from '../../../app/sr/training/train.js';
import { loadCheckpoint } from '../../../app/sr/training/checkpoint.js';
import { loadModel } from '../../../app/sr/model-dir.js';

let dir: string;
let volume: Volume;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'isotrope-train-'));
  const files = await generateSample(join(dir, 'sample'), { size: { x: 96, y: 96, z: 24 }, seed: 2 });
  volume = await openVolume(files.stack);
}, 60_000);
afterAll(async () => {
  await volume?.close();
  rmSync(dir, { recursive: true, force: true });
});

// wasm, not tfjs cpu: the cpu backend's conv gradients take ~1 s a step even for the tiny network.
describe.each(['ort-cpu', 'wasm'])('train (%s)', (name) => {
  let backend: SelectedBackend;
  let tiny: TrainOptions;
  beforeAll(async () => {
    backend = await selectBackend({ preferred: name });
    tiny = { preset: 'tiny', seed: 5, timeBudget: Infinity, backend };
  }, 60_000);
  afterAll(async () => {
    await backend?.dispose();
  });
  // Each backend trains into its own folders: a second training into one is refused (train.ts).

  test('validation loss falls below the cubic baseline; the model directory loads', async () => {
    const out = join(dir, name, 'fit');
    const events: number[] = [];
    const r = await train(volume, out, {
      ...tiny,
      maxPatches: 640,
      noise: false,
      onProgress: (p) => {
        if (p.valLoss) events.push(p.valLoss);
      },
    });
    expect(r.stopped).toBe('max-patches');
    expect(events).toHaveLength(10);
    const cubic = r.history[0].valLoss;
    expect(r.bestValLoss).toBeLessThan(cubic * 0.97);
    const m = await loadModel(out);
    expect(m.degradation.ratio).toBeCloseTo(1 / 0.411, 6);
    expect(m.degradation.fwhm).toBe(2.2); // from the stack's slice profile (its OME-XML)
    expect(m.meta.training.bestValLoss).toBe(r.bestValLoss);
  }, 60_000);

  test('stop at step k, resume to k + j: the same weights, moments and history as one run', async () => {
    const once = join(dir, name, 'once'),
      twice = join(dir, name, 'twice');
    await train(volume, once, { ...tiny, maxPatches: 200 });
    const first = await train(volume, twice, { ...tiny, maxPatches: 40 });
    expect(first.step).toBe(10);
    const resumed = await train(volume, twice, { ...tiny, maxPatches: 200, resume: true });
    expect(resumed.step).toBe(50);
    const [a, b] = [await loadCheckpoint(once), await loadCheckpoint(twice)];
    for (const part of ['weights', 'best'] as const) {
      for (const [k, t] of a[part])
        expect(Buffer.from(b[part].get(k)!.data.buffer)).toEqual(Buffer.from(t.data.buffer));
    }
    for (const [k, t] of a.adam.m) expect(b.adam.m.get(k)!.data).toEqual(t.data);
    for (const [k, t] of a.adam.v) expect(b.adam.v.get(k)!.data).toEqual(t.data);
    const strip = (h: typeof a.state.history) => h.map(({ elapsed: _e, ...rest }) => rest);
    expect(strip(b.state.history)).toEqual(strip(a.state.history));
  }, 60_000);

  test('resume refuses other options and a missing checkpoint', async () => {
    const out = join(dir, name, 'refuse');
    await train(volume, out, { ...tiny, maxPatches: 8 });
    await expect(train(volume, out, { ...tiny, seed: 6, resume: true })).rejects.toMatchObject({
      tag: 'bad-checkpoint',
      message: /seed/,
    });
    await expect(train(volume, out, { ...tiny, fwhm: 3, resume: true })).rejects.toMatchObject({
      tag: 'bad-checkpoint',
      message: /degradation/,
    });
    await expect(train(volume, join(dir, name, 'none'), { ...tiny, resume: true })).rejects.toMatchObject({
      tag: 'bad-checkpoint',
    });
  }, 30_000);

  test('early stopping: no relative improvement by minDelta within the patience', async () => {
    const r = await train(volume, join(dir, name, 'early'), { ...tiny, patience: 2, minDelta: 0.9 });
    expect(r).toMatchObject({ stopped: 'early-stop', epoch: 2, step: 32 });
    // Resuming an early-stopped run changes nothing.
    expect(
      await train(volume, join(dir, name, 'early'), { ...tiny, patience: 2, minDelta: 0.9, resume: true }),
    ).toMatchObject({ stopped: 'early-stop', step: 32 });
  }, 30_000);

  test('an aborted run stops after the current step and checkpoints', async () => {
    const ac = new AbortController();
    const r = await train(volume, join(dir, name, 'abort'), {
      ...tiny,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.step === 3) ac.abort();
      },
    });
    expect(r).toMatchObject({ stopped: 'aborted', step: 3 });
    expect((await loadCheckpoint(join(dir, name, 'abort'))).state.step).toBe(3);
  }, 30_000);
});

describe('an existing model is never overwritten silently', () => {
  for (const existing of ['model.safetensors', 'checkpoint.safetensors']) {
    test(`MODEL_DIR holding ${existing}: refused ('exists', one line) without resume or force`, async () => {
      const out = join(dir, `taken-${existing}`);
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, existing), 'the old model');
      const refusal = await train(volume, out, { preset: 'tiny', maxPatches: 8 }).catch((e: unknown) => e);
      expect(refusal).toMatchObject({ name: 'SrError', tag: 'exists' });
      expect((refusal as Error).message).toMatch(/--resume.*--force/);
      expect((refusal as Error).message.split('\n')).toHaveLength(1);
      expect(readFileSync(join(out, existing), 'utf8')).toBe('the old model');
      expect(() => refuseExistingModel(out, { resume: true })).not.toThrow();
      expect(() => refuseExistingModel(out, { force: true })).not.toThrow();
    });
  }

  test('an empty or missing MODEL_DIR trains as before', () => {
    mkdirSync(join(dir, 'empty-model'), { recursive: true });
    expect(() => refuseExistingModel(join(dir, 'empty-model'), {})).not.toThrow();
    expect(() => refuseExistingModel(join(dir, 'no-model-yet'), {})).not.toThrow();
  });
});
