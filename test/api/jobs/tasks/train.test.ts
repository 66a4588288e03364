// The training job's task, in this process (no worker): a stack of 2 channels trains a model per
// channel and reports which channel trains; a chosen channel trains into MODEL_DIR.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FromWorker, JobSpec } from '../../../../app/api/jobs/protocol.js';
import { trainTask } from '../../../../app/api/jobs/tasks/train.js';
import { loadModel } from '../../../../app/sr/model-dir.js';
import { tempDir } from '../../../helpers/fixtures.js';
import { writeChannelStack } from '../../../sr/training/channel-stack.js';

const dir = tempDir('isotrope-train-task-');
let input: string;
beforeAll(async () => {
  input = await writeChannelStack(join(dir.path, 'two-channel.ome.tif'), { x: 64, y: 64, z: 16, c: 2, t: 1 });
});
afterAll(() => dir.remove());

async function runTask(spec: Omit<Extract<JobSpec, { kind: 'train' }>, 'kind' | 'input'>) {
  const reports: FromWorker[] = [];
  const outcome = await trainTask(
    { kind: 'train', input, preset: 'tiny', maxPatches: 8, seed: 2, backend: 'ort-cpu', ...spec },
    { signal: new AbortController().signal, report: (m) => reports.push(m) },
  );
  const progress = reports.flatMap((m) => (m.type === 'train' ? [m.progress] : []));
  return { outcome, progress };
}

describe('trainTask', () => {
  it('trains c0 and c1; progress carries channel and channels; the result lists both models', async () => {
    const modelDir = join(dir.path, 'per-channel');
    const { outcome, progress } = await runTask({ modelDir });
    expect(progress.map((p) => [p.channel, p.channels])).toEqual([
      [0, [0, 1]],
      [0, [0, 1]],
      [1, [0, 1]],
      [1, [0, 1]],
    ]);
    expect(outcome.stopped).toBe(false);
    expect(outcome.result).toMatchObject({
      modelDir,
      stopped: 'max-patches',
      patches: 8,
      models: [
        { channel: 0, modelDir: join(modelDir, 'c0'), stopped: 'max-patches', patches: 8 },
        { channel: 1, modelDir: join(modelDir, 'c1'), stopped: 'max-patches', patches: 8 },
      ],
    });
    expect((await loadModel(join(modelDir, 'c1'))).channel).toBe(1);
  }, 60_000);

  it('channel 1 trains one model into MODEL_DIR', async () => {
    const modelDir = join(dir.path, 'channel-1');
    const { outcome, progress } = await runTask({ modelDir, channel: 1 });
    expect(new Set(progress.map((p) => JSON.stringify([p.channel, p.channels])))).toEqual(
      new Set([JSON.stringify([1, [1]])]),
    );
    expect(outcome.result).toMatchObject({ modelDir, models: [{ channel: 1, modelDir }] });
    expect((await loadModel(modelDir)).channel).toBe(1);
    expect(existsSync(join(modelDir, 'c0'))).toBe(false);
  }, 60_000);
});
