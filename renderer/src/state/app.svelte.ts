/**
 * The renderer's shared state, one object per window: the engine client, the connection, the
 * volume, the display settings every view uses, the runs, the training job, jobs by id, and
 * the notices. Events from the engine are folded in here once.
 *
 * @example
 *   const app = new AppState(client, 'browser');
 *   const detach = app.attach();   // listen to engine events
 */
import type { EngineClient, ApiEvent, JobInfo } from '../../../app/api/contract.js';
import { DEFAULT_DISPLAY, type DisplaySettings } from '../lib/display.js';
import { Connection } from './connection.svelte.js';
import { Notices } from './notices.svelte.js';
import { Runs } from './runs.svelte.js';
import { Training } from './training.svelte.js';
import { VolumeState } from './volume.svelte.js';

export class AppState {
  readonly connection = new Connection();
  readonly notices = new Notices();
  readonly volume = new VolumeState();
  readonly runs = new Runs();
  readonly training = new Training();
  display = $state<DisplaySettings>({ ...DEFAULT_DISPLAY });
  jobs = $state.raw<Record<string, JobInfo>>({});
  /** Aborts of long operations started by screens (previews, etc.), for Esc. */
  private readonly cancellers = new Set<() => void>();

  constructor(
    readonly client: EngineClient,
    mode: 'electron' | 'browser',
  ) {
    this.connection.mode = mode;
  }

  /** Listens to engine events; returns the unsubscribe. */
  attach(): () => void {
    return this.client.onEvent((event) => this.apply(event));
  }

  apply(event: ApiEvent): void {
    if (event.event === 'job') this.jobs = { ...this.jobs, [event.job.jobId]: event.job };
    // The backend a worker actually activated replaces the automatic-choice placeholder.
    if (event.event === 'job' && event.job.backend)
      this.connection.backend = `${event.job.backend.name} (${event.job.backend.device})`;
    if (event.event === 'error') this.notices.report(event.error);
    if (
      event.event === 'job' &&
      (event.job.state === 'failed' || event.job.state === 'crashed') &&
      event.job.error
    ) {
      this.notices.report(
        event.job.error,
        `${event.job.kind} job ${event.job.state === 'crashed' ? 'crashed' : 'failed'}`,
      );
    }
    this.runs.apply(event);
    this.training.apply(event);
  }

  /** Registers a cancel for Esc while an operation runs; returns the deregistration. */
  cancellable(cancel: () => void): () => void {
    this.cancellers.add(cancel);
    return () => {
      this.cancellers.delete(cancel);
    };
  }

  /** Esc: abandons every long operation in progress (open, previews, plane reads). */
  cancelActive(): void {
    this.volume.cancel();
    for (const cancel of [...this.cancellers]) cancel();
  }
}
