// Training a stack of several channels and time points: a model per channel (MODEL_DIR/c<k>)
// by default, a chosen channel into MODEL_DIR, one clear error for a channel or time point out of
// range, and time points that training really samples.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { selectBackend, type SelectedBackend } from '../../../app/compute/index.js';
import { channelModelDir, loadModel } from '../../../app/sr/model-dir.js';
import { channelModels } from '../../../app/sr/training/channel-plan.js';
import { sampleNormalisation } from '../../../app/sr/training/sample-normalisation.js';
import { trainChannels } from '../../../app/sr/training/train-channels.js';
import type { TrainOptions, TrainProgress } from '../../../app/sr/training/train.js';
import { openVolume } from '../../../app/volume/open.js';
import type { Volume } from '../../../app/volume/types.js';
import { tempDir } from '../../helpers/fixtures.js';
import { writeChannelStack } from './channel-stack.js';

const dir = tempDir('isotrope-train-channels-');
let volume: Volume;
let backend: SelectedBackend;
let tiny: TrainOptions;

beforeAll(async () => {
  const size = { x: 64, y: 64, z: 16, c: 2, t: 2 };
  volume = await openVolume(await writeChannelStack(join(dir.path, 'two-channel.ome.tif'), size));
  backend = await selectBackend({ preferred: 'ort-cpu' });
  tiny = { preset: 'tiny', seed: 5, maxPatches: 8, timeBudget: Infinity, backend };
}, 60_000);
afterAll(async () => {
  await volume?.close();
  await backend?.dispose();
  dir.remove();
});

describe('channelModels', () => {
  test('a model per channel into c<k>, or the chosen channel into MODEL_DIR', () => {
    expect(channelModels('m', 2)).toEqual([
      { channel: 0, dir: join('m', 'c0') },
      { channel: 1, dir: join('m', 'c1') },
    ]);
    expect(channelModels('m', 2, 1)).toEqual([{ channel: 1, dir: 'm' }]);
    expect(channelModels('m', 1)).toEqual([{ channel: 0, dir: 'm' }]);
    expect(channelModelDir('m', 3)).toBe(join('m', 'c3'));
  });
});

describe('trainChannels', () => {
  test('a stack of 2 channels gets MODEL_DIR/c0 and c1, each trained on its channel; progress names it', async () => {
    const out = join(dir.path, 'per-channel');
    const progress: Pick<TrainProgress, 'channel' | 'channels'>[] = [];
    const r = await trainChannels(volume, out, {
      ...tiny,
      onProgress: (p) => progress.push({ channel: p.channel, channels: p.channels }),
    });
    expect(r.channels).toEqual([0, 1]);
    expect(r.models.map((m) => [m.channel, m.dir, m.stopped])).toEqual([
      [0, join(out, 'c0'), 'max-patches'],
      [1, join(out, 'c1'), 'max-patches'],
    ]);
    expect(existsSync(join(out, 'model.safetensors'))).toBe(false);
    const [c0, c1] = [await loadModel(join(out, 'c0')), await loadModel(join(out, 'c1'))];
    expect(c0.channel).toBe(0);
    expect(c1.channel).toBe(1);
    expect(c0.meta.training.timepoints).toEqual([0, 1]);
    // Each channel's own intensities: channel 1 is about four times as bright.
    expect(c1.normalisation.hi).toBeGreaterThan(2 * c0.normalisation.hi);
    // Two steps (8 patches in batches of 4) per channel, channel 0 first.
    expect(progress).toEqual([
      { channel: 0, channels: [0, 1] },
      { channel: 0, channels: [0, 1] },
      { channel: 1, channels: [0, 1] },
      { channel: 1, channels: [0, 1] },
    ]);
    // Again without resume or force: refused before anything is written.
    await expect(trainChannels(volume, out, tiny)).rejects.toMatchObject({ name: 'SrError', tag: 'exists' });
  }, 60_000);

  test('channel 1 trains into MODEL_DIR itself, the same model as c1 of the per-channel training', async () => {
    const out = join(dir.path, 'one-channel');
    const r = await trainChannels(volume, out, { ...tiny, channel: 1 });
    expect(r.models.map((m) => [m.channel, m.dir])).toEqual([[1, out]]);
    expect(existsSync(join(out, 'c0'))).toBe(false);
    const model = await loadModel(out);
    expect(model.channel).toBe(1);
    // A channel's model does not depend on the other channels.
    const alone = await loadModel(join(dir.path, 'per-channel', 'c1'));
    for (const [name, tensor] of alone.weights) expect(model.weights.get(name)!.data).toEqual(tensor.data);
  }, 60_000);

  test('resume continues every channel that has a checkpoint (here: both, already done)', async () => {
    const r = await trainChannels(volume, join(dir.path, 'per-channel'), { ...tiny, resume: true });
    expect(r.models.map((m) => [m.channel, m.step, m.stopped])).toEqual([
      [0, 2, 'max-patches'],
      [1, 2, 'max-patches'],
    ]);
  }, 60_000);

  test('an abort in channel 0 starts no other channel; resume continues c0 and begins c1', async () => {
    const out = join(dir.path, 'interrupted');
    const abort = new AbortController();
    const stopped = await trainChannels(volume, out, {
      ...tiny,
      signal: abort.signal,
      onProgress: () => abort.abort(),
    });
    expect(stopped.stopped).toBe('aborted');
    expect(stopped.models.map((m) => [m.channel, m.step, m.stopped])).toEqual([[0, 1, 'aborted']]);
    expect(existsSync(join(out, 'c1'))).toBe(false);
    const resumed = await trainChannels(volume, out, { ...tiny, resume: true });
    expect(resumed.models.map((m) => [m.channel, m.step, m.stopped])).toEqual([
      [0, 2, 'max-patches'],
      [1, 2, 'max-patches'],
    ]);
  }, 60_000);

  test('a channel or a time point out of range is one clear bad-input error, before any work', async () => {
    const out = join(dir.path, 'out-of-range');
    await expect(trainChannels(volume, out, { ...tiny, channel: 5 })).rejects.toMatchObject({
      name: 'SrError',
      tag: 'bad-input',
      message: `${volume.path}: --channel 5: channel 5 is out of range: the stack has 2 channels (0–1)`,
    });
    await expect(
      trainChannels(volume, out, { ...tiny, channel: 0, timepoints: '0-2' }),
    ).rejects.toMatchObject({
      tag: 'bad-input',
      message: /time point 2 is out of range: the stack has 2 time points \(0–1\)/,
    });
    expect(existsSync(out)).toBe(false);
  });

  test('time points: the model records the chosen ones', async () => {
    const out = join(dir.path, 'time-1');
    await trainChannels(volume, out, { ...tiny, channel: 0, timepoints: '1' });
    expect((await loadModel(out)).meta.training.timepoints).toEqual([1]);
  }, 60_000);
});

describe('sampleNormalisation over time points', () => {
  test('t = 1 is read: its voxels change the normalisation and the content hash', async () => {
    const only0 = await sampleNormalisation(volume, 0, 8, 4096, [0]);
    const only1 = await sampleNormalisation(volume, 0, 8, 4096, [1]);
    const both = await sampleNormalisation(volume, 0, 8, 4096, [0, 1]);
    expect(only1.contentHash).not.toBe(only0.contentHash);
    expect(both.contentHash).not.toBe(only0.contentHash);
    expect(both.contentHash).not.toBe(only1.contentHash);
    // The default is the first time point alone: a T = 1 stack keeps its figures.
    expect(await sampleNormalisation(volume, 0)).toEqual(only0);
  });
});
