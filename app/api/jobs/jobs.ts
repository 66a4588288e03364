/**
 * The engine's jobs: each one a worker process (dist/app/api/jobs/worker.js) started by a
 * WorkerLauncher (launcher.ts): a child_process fork by default, a utilityProcess started by
 * Electron main inside the app (parent-launcher.ts). A job is running until its worker says done or failed; a worker
 * that exits without saying either crashed (killed, out of memory, native abort) and the job
 * becomes 'crashed' with an 'internal' error, while the engine goes on. `stop` asks the worker
 * to stop gracefully and kills it if it has not exited within the grace period.
 *
 * @example
 *   const jobs = new Jobs({ onChange: (job) => console.log(job.state), onMessage: () => {} });
 *   const info = jobs.start({ kind: 'run', runDir: '/data/run' }, '/data/run');
 *   await jobs.stop(info.jobId);
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { JobInfo, WireError } from '../schemas.js';
import { packageInfo } from '../version.js';
import { forkLauncher, type WorkerHandle, type WorkerLauncher } from './launcher.js';
import type { FromWorker, JobSpec, ToWorker } from './protocol.js';

export interface JobsOptions {
  /** Every state change (start included), with the full JobInfo. */
  onChange(job: JobInfo): void;
  /** Every report of a running job's worker (progress, backend, metrics). */
  onMessage(job: JobInfo, message: FromWorker): void;
  /** The compiled worker entry. Default: dist/app/api/jobs/worker.js in the package root (sources run under vitest fork it too). */
  workerScript?: string;
  /** How worker processes are started. Default `forkLauncher` (child_process.fork); the Electron engine host asks main instead. */
  launcher?: WorkerLauncher;
  /** How long a stop waits for the worker to exit on its own before killing it. Default 30 s: a training step or a unit can take that long. */
  graceMs?: number;
  /**
   * How many finished jobs `list` and `get` remember, the oldest forgotten first. Default 100:
   * enough for a session's job list, while a long session's previews do not pile up.
   * Running jobs are always kept.
   */
  finishedLimit?: number;
}

export interface WaitOptions {
  /**
   * Forget the job's result once it is handed over (the job itself stays listed). For results
   * that are delivered once and are large, such as a model preview's two planes.
   */
  release?: boolean;
}

const DEFAULT_FINISHED_LIMIT = 100;

interface Job {
  info: JobInfo;
  worker: WorkerHandle;
  stopRequested: boolean;
  /** Set when the grace period ran out and we killed the worker. */
  killedAfterGrace: boolean;
  ended: Promise<JobInfo>;
}

/** The worker script, compiled: tsc puts it under dist/ whether the engine runs from dist/ or from sources. */
export function defaultWorkerScript(): string {
  return join(packageInfo().root, 'dist', 'app', 'api', 'jobs', 'worker.js');
}

export class Jobs {
  private readonly jobs = new Map<string, Job>();
  private next = 1;

  constructor(private readonly options: JobsOptions) {}

  /** Forks a worker for `spec`; `target` is the run, model or file it works on (listed in JobInfo). */
  start(spec: JobSpec, target: string): JobInfo {
    const script = this.options.workerScript ?? defaultWorkerScript();
    if (!existsSync(script))
      throw new Error(`job worker ${script} is missing: build the engine (npm run build:engine)`);
    const jobId = `job-${Date.now().toString(36)}-${this.next++}`;
    const info: JobInfo = {
      jobId,
      kind: spec.kind,
      state: 'running',
      startedAt: new Date().toISOString(),
      endedAt: null,
      target,
      error: null,
    };
    const worker = (this.options.launcher ?? forkLauncher).launch(script);
    let settle!: (job: JobInfo) => void;
    const job: Job = {
      info,
      worker,
      stopRequested: false,
      killedAfterGrace: false,
      ended: new Promise((resolve) => {
        settle = resolve;
      }),
    };
    this.jobs.set(jobId, job);
    let outcome: { result: unknown; stopped: boolean } | { error: WireError } | undefined;

    worker.onMessage((m) => {
      if (m.type === 'done') outcome = { result: m.result, stopped: m.stopped };
      else if (m.type === 'failed') outcome = { error: m.error };
      else if (m.type === 'backend' && job.info.state === 'running') {
        // Part of the job's state, so every client learns which backend does the work.
        job.info = { ...job.info, backend: m.backend };
        this.options.onChange(job.info);
      } else if (job.info.state === 'running') this.options.onMessage(job.info, m);
    });
    const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (job.info.state !== 'running') return;
      const end = new Date().toISOString();
      if (outcome && 'result' in outcome) {
        job.info = {
          ...job.info,
          state: outcome.stopped ? 'stopped' : 'done',
          endedAt: end,
          result: outcome.result,
        };
      } else if (outcome) {
        const asked = job.stopRequested && outcome.error.tag === 'aborted';
        job.info = {
          ...job.info,
          state: asked ? 'stopped' : 'failed',
          endedAt: end,
          error: asked ? null : outcome.error,
        };
      } else if (job.stopRequested && (job.killedAfterGrace || signal === 'SIGKILL')) {
        // Killed by us after the grace period: what it finished is kept (runs resume from their journal).
        job.info = { ...job.info, state: 'stopped', endedAt: end };
      } else {
        const how = signal ? `was killed (${signal})` : `exited with code ${code ?? 'unknown'}`;
        job.info = {
          ...job.info,
          state: 'crashed',
          endedAt: end,
          error: {
            layer: 'api',
            tag: 'internal',
            message: `the ${job.info.kind} job's worker process ${how}: ${crashHint(job.info.kind)}`,
          },
        };
      }
      // The result now lives in job.info alone (release can drop it from there).
      outcome = undefined;
      this.options.onChange(job.info);
      settle(job.info);
      this.forgetOldFinished();
    };
    worker.onExit(finish);
    worker.send({ type: 'start', spec } satisfies ToWorker);
    this.options.onChange(info);
    return info;
  }

  get(jobId: string): JobInfo | undefined {
    return this.jobs.get(jobId)?.info;
  }

  /** Every job of this engine, newest first. */
  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => j.info).reverse();
  }

  /** The running job working on `target`, if any. */
  runningFor(target: string): JobInfo | undefined {
    return this.list().find((j) => j.target === target && j.state === 'running');
  }

  /** The worker's pid while it runs (tests, diagnostics). */
  pid(jobId: string): number | undefined {
    return this.jobs.get(jobId)?.worker.pid;
  }

  /** Resolves with the job's final JobInfo; with `release`, the table then forgets its result. */
  async wait(jobId: string, options: WaitOptions = {}): Promise<JobInfo | undefined> {
    const job = this.jobs.get(jobId);
    if (!job) return undefined;
    const final = await job.ended;
    if (options.release) this.releaseResult(job);
    return final;
  }

  /** Asks the job to stop gracefully; kills it after the grace period; resolves with its final JobInfo. */
  async stop(jobId: string): Promise<JobInfo | undefined> {
    const job = this.jobs.get(jobId);
    if (!job) return undefined;
    if (job.info.state !== 'running') return job.info;
    job.stopRequested = true;
    job.worker.send({ type: 'stop' } satisfies ToWorker);
    const timer = setTimeout(() => {
      job.killedAfterGrace = true;
      job.worker.kill();
    }, this.options.graceMs ?? 30_000);
    try {
      return await job.ended;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Drops a finished job's result from the table (the settled `ended` promise held it too). */
  private releaseResult(job: Job): void {
    if (job.info.result === undefined) return;
    job.info = { ...job.info, result: undefined };
    job.ended = Promise.resolve(job.info);
  }

  /** Keeps at most `finishedLimit` finished jobs; Map order is start order, so the oldest go first. */
  private forgetOldFinished(): void {
    const limit = this.options.finishedLimit ?? DEFAULT_FINISHED_LIMIT;
    const finished = [...this.jobs.values()].filter((job) => job.info.state !== 'running');
    const excess = Math.max(0, finished.length - limit);
    for (const job of finished.slice(0, excess)) this.jobs.delete(job.info.jobId);
  }

  /** Stops every running job (engine shutdown): asks, waits the grace period, kills. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.jobs.values()].filter((j) => j.info.state === 'running').map((j) => this.stop(j.info.jobId)),
    );
  }
}

function crashHint(kind: JobInfo['kind']): string {
  if (kind === 'run')
    return 'out of memory or killed? The units journaled so far are safe: resume the run to continue.';
  if (kind === 'train')
    return 'out of memory or killed? Start training with resume to continue from the last checkpoint.';
  return 'out of memory or killed? Try again.';
}
