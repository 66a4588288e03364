/**
 * The previewModel job: loads the model and the input, and runs app/sr's previewPlane (one xz
 * or yz plane, SR next to bicubic) on the selected backend, with the shared SR/bicubic display
 * range of the MIPs (app/image/contrast.ts) for the Train screen.
 */
import { selectBackend } from '../../../compute/index.js';
import { sharedRange } from '../../../image/index.js';
import { existsSync } from 'node:fs';
import {
  previewPlane,
  type PlanePreview,
  loadModel,
  createRunner,
  channelModelDir,
  modelFile,
} from '../../../sr/index.js';
import { openVolume } from '../../../volume/index.js';
import { ApiError } from '../../errors.js';
import type { JobSpec } from '../protocol.js';
import type { TaskContext, TaskOutcome } from './task.js';

export interface ModelPreview extends PlanePreview {
  range: { lo: number; hi: number };
}

export async function previewModelTask(
  spec: Extract<JobSpec, { kind: 'previewModel' }>,
  ctx: TaskContext,
): Promise<TaskOutcome> {
  const backend = await selectBackend({ preferred: spec.backend });
  ctx.report({
    type: 'backend',
    backend: { name: backend.name, device: backend.device, reason: backend.reason },
  });
  try {
    // A per-channel MODEL_DIR (train on C > 1 channels) previews the model of the channel shown.
    const channel = spec.c ?? 0;
    const single = existsSync(modelFile(spec.modelDir));
    const model = await loadModel(single ? spec.modelDir : channelModelDir(spec.modelDir, channel));
    const volume = await openVolume(spec.input);
    const net = await createRunner(backend, model.meta.config, model.weights);
    try {
      const across = spec.axis === 'xz' ? volume.shape.y : volume.shape.x;
      const index = spec.index ?? Math.floor(across / 2);
      if (index >= across) {
        throw new ApiError(
          'bad-request',
          `previewModel: ${spec.axis} plane ${index} is outside 0…${across - 1}`,
        );
      }
      const plane = await previewPlane(volume, net, model, {
        axis: spec.axis,
        index,
        c: channel,
        signal: ctx.signal,
      });
      // The MIPs' shared SR/bicubic contrast rule; a plane with nothing finite gets 0…0.
      const range = sharedRange(plane.sr, plane.bicubic) ?? { lo: 0, hi: 0 };
      const preview: ModelPreview = { ...plane, range };
      return { result: preview, stopped: false };
    } finally {
      await net.dispose();
      await volume.close();
    }
  } finally {
    await backend.dispose();
  }
}
