/**
 * Which engine jobs are running, from the `job` events (each carries the whole JobInfo). The
 * app must not quit while one runs, and tells the user when one ends; this is the bookkeeping
 * behind both, free of Electron so it is tested alone.
 */
import type { ApiEvent, JobInfo } from '../app/api/contract.js';

export class JobTracker {
  private readonly running = new Map<string, JobInfo>();

  /** @param onFinished told once per job that leaves 'running' (done, failed, stopped or crashed). */
  constructor(private readonly onFinished: (job: JobInfo) => void = () => undefined) {}

  /** Feed every engine event here. */
  observe(event: ApiEvent): void {
    if (event.event !== 'job') return;
    const { job } = event;
    if (job.state === 'running') {
      this.running.set(job.jobId, job);
    } else if (this.running.delete(job.jobId)) {
      this.onFinished(job);
    }
  }

  /** Jobs of a host that died are gone with it (they come back as stopped runs to resume). */
  forgetAll(): void {
    this.running.clear();
  }

  get active(): JobInfo[] {
    return [...this.running.values()];
  }
  get busy(): boolean {
    return this.running.size > 0;
  }
}

/** The notification for a job that ended: title and body, naming what it worked on. */
export function finishedNotice(job: JobInfo): { title: string; body: string } {
  const what = {
    train: 'Training',
    run: 'Run',
    finalize: 'Finalizing',
    export: 'Export',
    previewModel: 'Model preview',
  }[job.kind];
  const outcome =
    job.state === 'done'
      ? 'finished'
      : job.state === 'stopped'
        ? 'stopped (resumable)'
        : job.state === 'crashed'
          ? 'crashed (resumable)'
          : 'failed';
  const detail = job.error ? `\n${job.error.message}` : '';
  return { title: `${what} ${outcome}`, body: `${job.target}${detail}` };
}
