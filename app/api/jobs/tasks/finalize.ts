/** Finalizing a run in the worker: pyramid, MIP PNGs and preview (as `isotrope finalize`). */
import { finalizeRun } from '../../../run/index.js';
import type { JobSpec } from '../protocol.js';
import type { TaskOutcome } from './task.js';

export async function finalizeTask(spec: Extract<JobSpec, { kind: 'finalize' }>): Promise<TaskOutcome> {
  return { result: await finalizeRun(spec.runDir), stopped: false };
}
