/** The work each job kind does inside its worker process, by kind. */
import type { JobSpec } from '../protocol.js';
import { exportTask } from './export.js';
import { finalizeTask } from './finalize.js';
import { previewModelTask } from './preview-model.js';
import { runTask as runUnitsTask } from './run.js';
import { trainTask } from './train.js';

import type { TaskContext, TaskOutcome } from './task.js';

export type { TaskContext, TaskOutcome } from './task.js';

export function runTask(spec: JobSpec, ctx: TaskContext): Promise<TaskOutcome> {
  switch (spec.kind) {
    case 'train':
      return trainTask(spec, ctx);
    case 'run':
      return runUnitsTask(spec, ctx);
    case 'finalize':
      return finalizeTask(spec);
    case 'export':
      return exportTask(spec, ctx);
    case 'previewModel':
      return previewModelTask(spec, ctx);
  }
}
