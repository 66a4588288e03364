/** What every task gets from its worker and gives back. */
import type { FromWorker } from '../protocol.js';

export interface TaskContext {
  /** Aborts when the engine asks the job to stop. */
  signal: AbortSignal;
  report(message: FromWorker): void;
}

/** A task's outcome: its result and whether it ended early because it was asked to stop. */
export interface TaskOutcome {
  result: unknown;
  stopped: boolean;
}
