/**
 * What the Slurm controller says about jobs, for the cluster test: each job (array task) with its
 * name, state, reason and exit code, as `scontrol show job --oneliner` lists them while the
 * controller still holds them (MinJobAge, 5 minutes by default); and waiting for the queue to drain.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { SlurmCluster } from './slurm-cluster.js';

export interface SlurmJob {
  jobId: string;
  /** The array's id and this task's index; undefined for a job outside an array. */
  arrayJobId?: string;
  arrayTaskId?: string;
  name: string;
  /** PENDING, RUNNING, COMPLETED, CANCELLED, FAILED, TIMEOUT, … */
  state: string;
  reason: string;
  /** "code:signal", e.g. "1:0". */
  exitCode: string;
}

function field(line: string, name: string): string | undefined {
  return new RegExp(`(?:^| )${name}=(\\S*)`).exec(line)?.[1];
}

/** Every job the controller knows (one line each), or those of `jobId` (an array's tasks). */
export function slurmJobs(cluster: SlurmCluster, jobId?: string): SlurmJob[] {
  const out = cluster.command('scontrol', ['show', 'job', '--oneliner', ...(jobId ? [jobId] : [])]);
  return out
    .split('\n')
    .filter((line) => line.startsWith('JobId='))
    .map((line) => ({
      jobId: field(line, 'JobId')!,
      arrayJobId: field(line, 'ArrayJobId'),
      arrayTaskId: field(line, 'ArrayTaskId'),
      name: field(line, 'JobName') ?? '',
      state: field(line, 'JobState') ?? '',
      reason: field(line, 'Reason') ?? '',
      exitCode: field(line, 'ExitCode') ?? '',
    }));
}

/** Array task index → state of the array job `arrayJobId`. */
export function taskStates(cluster: SlurmCluster, arrayJobId: string): Record<string, string> {
  return Object.fromEntries(
    slurmJobs(cluster, arrayJobId).map((job) => [job.arrayTaskId ?? job.jobId, job.state]),
  );
}

/** Resolves once no job is pending or running; throws with the queue and the daemons' logs after `timeoutMs`. */
export async function queueDrained(cluster: SlurmCluster, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const queue = cluster.command('squeue', ['-h', '-o', '%i %j %T %r']).trim();
    if (queue === '') return;
    if (Date.now() > deadline)
      throw new Error(`jobs still queued after ${timeoutMs / 1000} s:\n${queue}\n${cluster.logs()}`);
    await delay(200);
  }
}
