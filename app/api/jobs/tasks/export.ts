/** Exporting a run's SR volume in the worker (as `isotrope export`). */
import { runOutputPath } from '../../../run/index.js';
import { exportVolume, openVolume } from '../../../volume/index.js';
import type { JobSpec } from '../protocol.js';
import type { TaskContext, TaskOutcome } from './task.js';

export async function exportTask(
  spec: Extract<JobSpec, { kind: 'export' }>,
  ctx: TaskContext,
): Promise<TaskOutcome> {
  const source = await openVolume(runOutputPath(spec.runDir));
  try {
    await exportVolume(source, spec.out, {
      format: spec.format,
      signal: ctx.signal,
      onProgress: (done, total) => ctx.report({ type: 'progress', fraction: total > 0 ? done / total : 1 }),
    });
  } finally {
    await source.close();
  }
  return {
    result: { out: spec.out, format: spec.format, shape: source.shape, dtype: source.dtype },
    stopped: false,
  };
}
