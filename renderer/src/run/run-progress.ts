/**
 * What the Run screen shows of each run, folded from the engine's events: units done, the
 * last throughput and ETA (runProgress), and the state of the job working on it (job events);
 * once done, its total time, average throughput and backend (finishedFacts).
 * A pure reducer, so the screen is a view of (runs listed) + (events since).
 *
 * @example
 *   let runs: RunsView = {};
 *   runs = applyRunEvent(runs, { event: 'runProgress', jobId: 'j', runDir: '/r', unitsDone: 3, unitsTotal: 12, voxelsPerSecond: 2e6, etaSeconds: 90 });
 *   runs['/r'].unitsDone; // 3
 */
import type { ApiEvent, JobState, RunSummary } from '../../../app/api/contract.js';
import { percent } from '../lib/format.js';

/** What the user sees a run as: running, paused (stopped, resumable), done, failed or crashed (resumable), or unreadable. */
export type RunPhase = 'running' | 'paused' | 'done' | 'failed' | 'crashed' | 'missing';

export interface RunView {
  runDir: string;
  jobId: string | null;
  phase: RunPhase;
  unitsDone: number;
  unitsTotal: number;
  voxelsPerSecond: number | null;
  etaSeconds: number | null;
  /** Why a run failed, crashed or cannot be read. */
  problem: string | null;
  /** Output voxels in all (0 until listed). */
  voxelsTotal: number;
  /** The journal's sum of per-unit seconds (every session and process), as last listed. */
  unitSeconds: number;
  /** Wall time of the job that finished the run in this engine (startedAt → endedAt); null if none seen. */
  jobSeconds: number | null;
  /** The backend the run's job activated, as "name (device)"; null until a job event says. */
  backend: string | null;
}

export type RunsView = Record<string, RunView>;

const JOB_PHASE: Record<JobState, RunPhase> = {
  running: 'running',
  done: 'done',
  failed: 'failed',
  stopped: 'paused',
  crashed: 'crashed',
};

function blank(runDir: string): RunView {
  return {
    runDir,
    jobId: null,
    phase: 'paused',
    unitsDone: 0,
    unitsTotal: 0,
    voxelsPerSecond: null,
    etaSeconds: null,
    problem: null,
    voxelsTotal: 0,
    unitSeconds: 0,
    jobSeconds: null,
    backend: null,
  };
}

/** A run as listRuns reports it (its directory's status, and the live job if any). */
export function fromSummary(summary: RunSummary, previous?: RunView): RunView {
  const base = previous ?? blank(summary.runDir);
  if (!summary.status)
    return {
      ...base,
      jobId: summary.jobId,
      phase: 'missing',
      problem: summary.problem ?? 'The run directory cannot be read.',
    };
  const { state, unitsDone, unitsTotal, voxelsTotal, unitSeconds } = summary.status;
  const phase = summaryPhase(state, summary.jobId !== null, base.phase);
  const idle = phase === 'running' ? {} : { voxelsPerSecond: null, etaSeconds: null };
  const listed = { unitsDone, unitsTotal, voxelsTotal, unitSeconds };
  return { ...base, jobId: summary.jobId, phase, ...listed, problem: null, ...idle };
}

/**
 * A listed run's phase. A live job here, or another process holding the run, is running; a
 * stopped run stays 'crashed' or 'failed' if events said so (its directory only says stopped).
 */
function summaryPhase(state: 'done' | 'running' | 'stopped', hasJob: boolean, previous: RunPhase): RunPhase {
  if (state === 'done') return 'done';
  if (hasJob || state === 'running') return 'running';
  return previous === 'crashed' || previous === 'failed' ? previous : 'paused';
}

/**
 * The runs listed by the engine, keeping what events already told of each. A run that events
 * say is running but the list lacks (the list was read before the run started) is kept, last.
 */
export function fromSummaries(summaries: readonly RunSummary[], previous: RunsView = {}): RunsView {
  const next: RunsView = {};
  for (const s of summaries) next[s.runDir] = fromSummary(s, previous[s.runDir]);
  for (const run of Object.values(previous))
    if (!(run.runDir in next) && run.phase === 'running') next[run.runDir] = run;
  return next;
}

/** One event folded in; events about other things leave the view as it was (the same object). */
export function applyRunEvent(runs: RunsView, event: ApiEvent): RunsView {
  if (event.event === 'runProgress') {
    const run = runs[event.runDir] ?? blank(event.runDir);
    return {
      ...runs,
      [event.runDir]: {
        ...run,
        jobId: event.jobId,
        phase: 'running',
        unitsDone: event.unitsDone,
        unitsTotal: event.unitsTotal,
        voxelsPerSecond: event.voxelsPerSecond,
        etaSeconds: event.etaSeconds,
        problem: null,
      },
    };
  }
  if (event.event === 'job' && event.job.kind === 'run') {
    const { job } = event;
    const run = runs[job.target] ?? blank(job.target);
    const phase = JOB_PHASE[job.state];
    return {
      ...runs,
      [job.target]: {
        ...run,
        jobId: phase === 'running' ? job.jobId : null,
        phase,
        unitsDone: phase === 'done' && run.unitsTotal > 0 ? run.unitsTotal : run.unitsDone,
        problem: job.error?.message ?? null,
        ...(phase === 'running' ? {} : { voxelsPerSecond: null, etaSeconds: null }),
        jobSeconds: phase === 'done' ? wallSeconds(job.startedAt, job.endedAt) : run.jobSeconds,
        backend: job.backend ? `${job.backend.name} (${job.backend.device})` : run.backend,
      },
    };
  }
  return runs;
}

/** Seconds from one ISO time to another; null when either is missing or unreadable. */
function wallSeconds(startedAt: string, endedAt: string | null): number | null {
  if (endedAt === null) return null;
  const seconds = (Date.parse(endedAt) - Date.parse(startedAt)) / 1000;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/** What a finished run shows in place of throughput and ETA. */
export interface FinishedFacts {
  /** The job's wall time when this engine ran it to the end, else the journal's unit seconds. */
  totalSeconds: number | null;
  /** Output voxels over totalSeconds. */
  voxelsPerSecond: number | null;
  backend: string | null;
}

/**
 * A done run's total time, average throughput and backend; null for a run not done. The job's
 * wall time is what the user waited; a run finished before a restart (or in another process)
 * has only its journal, whose unit seconds leave out start-up.
 * @example finishedFacts({ ...run, phase: 'done', jobSeconds: 40, voxelsTotal: 8e6 }) // { totalSeconds: 40, voxelsPerSecond: 2e5, … }
 */
export function finishedFacts(
  run: Pick<RunView, 'phase' | 'jobSeconds' | 'unitSeconds' | 'voxelsTotal' | 'backend'>,
): FinishedFacts | null {
  if (run.phase !== 'done') return null;
  const totalSeconds = run.jobSeconds ?? (run.unitSeconds > 0 ? run.unitSeconds : null);
  const known = totalSeconds !== null && totalSeconds > 0 && run.voxelsTotal > 0;
  return {
    totalSeconds,
    voxelsPerSecond: known ? run.voxelsTotal / totalSeconds : null,
    backend: run.backend,
  };
}

/** The progress bar's value: percent of units done (0…100). */
export function runPercent(run: Pick<RunView, 'unitsDone' | 'unitsTotal'>): number {
  return percent(run.unitsDone, run.unitsTotal);
}

/** What the user may do with a run in this phase. */
export function runActions(phase: RunPhase): { pause: boolean; resume: boolean; cancel: boolean } {
  return {
    pause: phase === 'running',
    resume: phase === 'paused' || phase === 'crashed' || phase === 'failed',
    cancel: phase !== 'done',
  };
}
