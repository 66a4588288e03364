/** Exporting a run's SR volume in the worker (as `isotrope export`). */
import { runExportSource } from '../../../run/index.js';
import { exportVolume, openVolume } from '../../../volume/index.js';
import type { JobSpec } from '../protocol.js';
import type { TaskContext, TaskOutcome } from './task.js';

export async function exportTask(
  spec: Extract<JobSpec, { kind: 'export' }>,
  ctx: TaskContext,
): Promise<TaskOutcome> {
  const { path, partial } = await runExportSource(spec.runDir, { partial: spec.partial });
  const source = await openVolume(path);
  try {
    await exportVolume(source, spec.out, {
      format: spec.format,
      force: spec.force,
      partial,
      signal: ctx.signal,
      onProgress: (done, total) => ctx.report({ type: 'progress', fraction: total > 0 ? done / total : 1 }),
    });
  } finally {
    await source.close();
  }
  return {
    result: {
      out: spec.out,
      format: spec.format,
      shape: source.shape,
      dtype: source.dtype,
      ...(partial ? { partial } : {}),
    },
    stopped: false,
  };
}
