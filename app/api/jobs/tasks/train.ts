/**
 * Training in the worker: as `isotrope train` (one model per channel of a multi-channel stack,
 * or the chosen channel), with progress reported per step. The result keeps its one-model
 * shape (modelDir, stopped, step, …: the last model trained, stopped 'aborted' if any was) and
 * adds `models`, one such summary per channel with its `channel`.
 */
import { selectBackend } from '../../../compute/index.js';
import { trainChannels, type TrainResult } from '../../../sr/index.js';
import { openVolume } from '../../../volume/index.js';
import type { JobSpec } from '../protocol.js';
import type { TaskContext, TaskOutcome } from './task.js';

export async function trainTask(
  spec: Extract<JobSpec, { kind: 'train' }>,
  ctx: TaskContext,
): Promise<TaskOutcome> {
  const backend = await selectBackend({ preferred: spec.backend });
  ctx.report({
    type: 'backend',
    backend: { name: backend.name, device: backend.device, reason: backend.reason },
  });
  try {
    const volume = await openVolume(spec.input);
    try {
      const { kind: _kind, input: _input, modelDir: _modelDir, backend: _backendName, ...options } = spec;
      const r = await trainChannels(volume, spec.modelDir, {
        ...options,
        backend,
        signal: ctx.signal,
        onProgress: (progress) => ctx.report({ type: 'train', progress }),
      });
      const models = r.models.map((model) => ({ channel: model.channel, ...summary(model.dir, model) }));
      const last = r.models[r.models.length - 1];
      const result = { ...summary(spec.modelDir, last), stopped: r.stopped, models };
      return { result, stopped: r.stopped === 'aborted' };
    } finally {
      await volume.close();
    }
  } finally {
    await backend.dispose();
  }
}

/** One model's figures as the job's result carries them (JSON: no Infinity). */
function summary(modelDir: string, r: TrainResult) {
  return {
    modelDir,
    stopped: r.stopped,
    step: r.step,
    patches: r.patches,
    epoch: r.epoch,
    bestValLoss: Number.isFinite(r.bestValLoss) ? r.bestValLoss : null,
    elapsed: r.elapsed,
  };
}
