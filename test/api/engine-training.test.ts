/**
 * startTraining on a stack of 2 channels, through the engine and a real job worker
 * (dist/app/api/jobs/worker.js: build the engine first): `channel` trains one model into
 * MODEL_DIR, and every trainingMetrics event names that channel and the job's channels.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../app/api/engine.js';
import type { ApiEvent } from '../../app/api/schemas.js';
import { loadModel } from '../../app/sr/model-dir.js';
import { tempDir } from '../helpers/fixtures.js';
import { writeChannelStack } from '../sr/training/channel-stack.js';

const tmp = tempDir('isotrope-engine-training-');
let engine: Engine;
let input: string;
beforeAll(async () => {
  input = await writeChannelStack(join(tmp.path, 'two-channel.ome.tif'), { x: 64, y: 64, z: 16, c: 2, t: 1 });
  engine = new Engine({ stateDir: join(tmp.path, 'state') });
});
afterAll(async () => {
  await engine?.close();
  tmp.remove();
});

describe('startTraining with a channel', () => {
  it('trains channel 1 into MODEL_DIR; its metrics say channel 1 of [1]', async () => {
    const events: ApiEvent[] = [];
    engine.onEvent((e) => events.push(e));
    const modelDir = join(tmp.path, 'channel-1');
    const job = await engine.call('startTraining', {
      input: { path: input },
      modelDir,
      channel: 1,
      preset: 'tiny',
      maxPatches: 8,
      backend: 'ort-cpu',
    });
    const end = await engine.jobs.wait(job.jobId);
    expect(end?.state, JSON.stringify(end?.error)).toBe('done');
    expect(end?.result).toMatchObject({
      modelDir,
      stopped: 'max-patches',
      models: [{ channel: 1, modelDir }],
    });
    const metrics = events.filter((e) => e.event === 'trainingMetrics' && e.jobId === job.jobId);
    expect(metrics.length).toBeGreaterThan(0);
    for (const m of metrics) expect(m).toMatchObject({ channel: 1, channels: [1] });
    expect((await loadModel(modelDir)).channel).toBe(1);
  }, 90_000);
});
