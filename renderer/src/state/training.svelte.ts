/**
 * The training job of this session: its settings, its JobInfo (from startTraining and job
 * events) and its loss history (from trainingMetrics events).
 */
import type { ApiEvent, JobInfo } from '../../../app/api/contract.js';
import { applyMetrics, emptyLog, type TrainingLog } from '../train/training-log.js';

export type Preset = 'cpu' | 'paper' | 'tiny';

export class Training {
  preset = $state<Preset>('cpu');
  /** Minutes; null uses the preset's budget. */
  budgetMinutes = $state<number | null>(null);
  modelDir = $state('');
  /** The channel to train on a stack of several: 'all' (one model each, MODEL_DIR/c<k>) or one index. */
  channel = $state<'all' | number>('all');
  /** Time points to train on (the selection text; empty: all). */
  timepoints = $state('');
  job = $state.raw<JobInfo | null>(null);
  log = $state.raw<TrainingLog>(emptyLog());

  /** A new job: its history starts empty (a resumed job's steps continue from its checkpoint). */
  started(job: JobInfo): void {
    this.job = job;
    this.log = emptyLog(job.jobId);
  }

  apply(event: ApiEvent): void {
    if (event.event === 'trainingMetrics') {
      if (this.job && event.jobId !== this.job.jobId) return;
      this.log = applyMetrics(this.log, event);
    } else if (
      event.event === 'job' &&
      event.job.kind === 'train' &&
      (!this.job || this.job.jobId === event.job.jobId)
    ) {
      this.job = event.job;
    }
  }

  get running(): boolean {
    return this.job?.state === 'running';
  }
}
