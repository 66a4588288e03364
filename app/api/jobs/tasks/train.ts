/** Training in the worker: as `isotrope train`, with progress reported per step. */
import { selectBackend } from '../../../compute/index.js';
import { train } from '../../../sr/index.js';
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
      const r = await train(volume, spec.modelDir, {
        ...options,
        backend,
        signal: ctx.signal,
        onProgress: (progress) => ctx.report({ type: 'train', progress }),
      });
      const result = {
        modelDir: spec.modelDir,
        stopped: r.stopped,
        step: r.step,
        patches: r.patches,
        epoch: r.epoch,
        bestValLoss: Number.isFinite(r.bestValLoss) ? r.bestValLoss : null,
        elapsed: r.elapsed,
      };
      return { result, stopped: r.stopped === 'aborted' };
    } finally {
      await volume.close();
    }
  } finally {
    await backend.dispose();
  }
}
