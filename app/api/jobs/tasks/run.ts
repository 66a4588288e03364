/** A run's remaining units in the worker: as `isotrope resume`; a stop request ends it after the unit in progress. */
import { selectBackend } from '../../../compute/index.js';
import { isRunError, executeRun, readManifest } from '../../../run/index.js';
import type { JobSpec } from '../protocol.js';
import type { TaskContext, TaskOutcome } from './task.js';

export async function runTask(
  spec: Extract<JobSpec, { kind: 'run' }>,
  ctx: TaskContext,
): Promise<TaskOutcome> {
  const manifest = await readManifest(spec.runDir);
  // The job's choice first, then what the run was created with, else automatic.
  const backend = await selectBackend({ preferred: spec.backend ?? manifest.params.backend ?? undefined });
  ctx.report({
    type: 'backend',
    backend: { name: backend.name, device: backend.device, reason: backend.reason },
  });
  try {
    const r = await executeRun(spec.runDir, {
      signal: ctx.signal,
      backend,
      onEvent: (event) => ctx.report({ type: 'run', event }),
    });
    return { result: { runDir: spec.runDir, ...r }, stopped: false };
  } catch (e) {
    if (ctx.signal.aborted && isRunError(e) && e.tag === 'aborted')
      return { result: { runDir: spec.runDir }, stopped: true };
    throw e;
  } finally {
    await backend.dispose();
  }
}
