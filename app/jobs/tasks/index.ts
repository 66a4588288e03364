/** The work each job kind does inside its worker process, by kind. */
import type { FromWorker, JobSpec } from '../protocol.js';
import { exportTask } from './export.js';
import { finalizeTask } from './finalize.js';
import { previewModelTask } from './preview-model.js';
import { runTask as runUnitsTask } from './run.js';
import { trainTask } from './train.js';

export interface TaskContext {
  /** Aborts when the engine asks the job to stop. */
  signal: AbortSignal;
  report(message: FromWorker): void;
}

/** A task's outcome: its result and whether it ended early because it was asked to stop. */
export interface TaskOutcome { result: unknown; stopped: boolean }

export function runTask(spec: JobSpec, ctx: TaskContext): Promise<TaskOutcome> {
  switch (spec.kind) {
    case 'train': return trainTask(spec, ctx);
    case 'run': return runUnitsTask(spec, ctx);
    case 'finalize': return finalizeTask(spec);
    case 'export': return exportTask(spec, ctx);
    case 'previewModel': return previewModelTask(spec, ctx);
  }
}
