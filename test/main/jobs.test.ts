/** The bookkeeping behind "do not quit while a job runs", the finish notification, the resume offer and the tray icon. */
import { describe, expect, it, vi } from 'vitest';
import type { JobInfo, RunSummary } from '../../app/api/schemas.js';
import { finishedNotice, JobTracker } from '../../main/job-tracker.js';
import { trayIconBitmap } from '../../main/tray-icon.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electron);
const { unfinishedRuns } = await import('../../main/resume-offer.js');

const job = (jobId: string, state: JobInfo['state'], extra: Partial<JobInfo> = {}): JobInfo => ({
  jobId,
  kind: 'run',
  state,
  startedAt: '2026-11-25T20:00:00Z',
  endedAt: null,
  target: `/runs/${jobId}`,
  error: null,
  ...extra,
});

describe('JobTracker', () => {
  it('is busy while a job runs and tells once when each ends', () => {
    const finished: string[] = [];
    const jobs = new JobTracker((j) => finished.push(`${j.jobId}:${j.state}`));
    jobs.observe({ event: 'job', job: job('a', 'running') });
    jobs.observe({ event: 'job', job: job('b', 'running', { kind: 'train' }) });
    jobs.observe({
      event: 'runProgress',
      jobId: 'a',
      runDir: '/runs/a',
      unitsDone: 1,
      unitsTotal: 9,
      voxelsPerSecond: 1,
      etaSeconds: 8,
    });
    expect(jobs.busy).toBe(true);
    expect(jobs.active.map((j) => j.jobId)).toEqual(['a', 'b']);
    jobs.observe({ event: 'job', job: job('a', 'done') });
    jobs.observe({ event: 'job', job: job('a', 'done') });
    expect(finished).toEqual(['a:done']);
    jobs.observe({ event: 'job', job: job('b', 'failed') });
    expect(jobs.busy).toBe(false);
    expect(finished).toEqual(['a:done', 'b:failed']);
  });

  it('ignores the end of a job it never saw start, and forgets all when the host dies', () => {
    const onFinished = vi.fn();
    const jobs = new JobTracker(onFinished);
    jobs.observe({ event: 'job', job: job('x', 'stopped') });
    jobs.observe({ event: 'job', job: job('y', 'running') });
    jobs.forgetAll();
    expect(jobs.busy).toBe(false);
    expect(onFinished).not.toHaveBeenCalled();
  });

  it('words the notification by kind and outcome', () => {
    expect(finishedNotice(job('a', 'done'))).toEqual({ title: 'Run finished', body: '/runs/a' });
    expect(finishedNotice(job('t', 'stopped', { kind: 'train', target: '/models/m' }))).toEqual({
      title: 'Training stopped (resumable)',
      body: '/models/m',
    });
    expect(
      finishedNotice(
        job('e', 'failed', {
          kind: 'export',
          target: '/out/x.ome.tif',
          error: { layer: 'run', tag: 'no-space', message: 'disk full writing /out/x.ome.tif' },
        }),
      ),
    ).toEqual({ title: 'Export failed', body: '/out/x.ome.tif\ndisk full writing /out/x.ome.tif' });
  });
});

describe('unfinishedRuns', () => {
  const run = (
    runDir: string,
    state: 'done' | 'running' | 'stopped',
    done: number,
    total: number,
    jobId: string | null = null,
  ): RunSummary => ({
    runDir,
    jobId,
    problem: null,
    status: {
      state,
      unitsDone: done,
      unitsTotal: total,
      voxelsDone: 0,
      voxelsTotal: 0,
      processes: [],
      finalized: false,
      input: '/data/a.tif',
      output: { shape: { x: 1, y: 1, z: 1 }, dtype: 'uint16', store: 'output.zarr' },
      unitSeconds: 1,
    },
  });

  it('offers stopped runs with units left that no job of ours is working on', () => {
    const runs = [
      run('/runs/stopped', 'stopped', 3, 10),
      run('/runs/done', 'done', 10, 10),
      run('/runs/running', 'running', 2, 10),
      run('/runs/all-units-done', 'stopped', 10, 10),
      run('/runs/ours', 'stopped', 3, 10, 'job-1'),
      { runDir: '/runs/moved', jobId: null, status: null, problem: 'no such directory' },
    ];
    expect(unfinishedRuns(runs).map((r) => r.runDir)).toEqual(['/runs/stopped']);
  });
});

describe('trayIconBitmap', () => {
  it('draws an opaque ring with a transparent centre and corners', () => {
    const size = 32;
    const pixels = trayIconBitmap(size);
    expect(pixels).toHaveLength(size * size * 4);
    const alpha = (x: number, y: number) => pixels[(y * size + x) * 4 + 3];
    expect(alpha(0, 0)).toBe(0);
    expect(alpha(16, 16)).toBe(0);
    expect(alpha(16, 3)).toBe(255);
    expect(alpha(3, 16)).toBe(255);
  });
});
