/**
 * A finished run's facts: total time (the job's wall time, else the journal's unit seconds),
 * average throughput over it and the backend its job activated.
 */
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../app/api/schemas.js';
import { applyRunEvent, finishedFacts, fromSummaries } from '../../../renderer/src/run/run-progress.js';
import { fakeJob } from '../fake-client.js';

function summary(state: 'done' | 'running' | 'stopped', unitSeconds: number): RunSummary {
  return {
    runDir: '/r',
    jobId: null,
    problem: null,
    status: {
      state,
      unitsDone: state === 'done' ? 4 : 2,
      unitsTotal: 4,
      voxelsDone: state === 'done' ? 8e6 : 4e6,
      voxelsTotal: 8e6,
      processes: [],
      finalized: false,
      input: '/in.tif',
      output: { shape: { x: 200, y: 200, z: 200 }, dtype: 'uint16', store: '/r/output.zarr' },
      unitSeconds,
    },
  };
}

describe('finishedFacts', () => {
  it('is null while a run is not done', () => {
    const runs = fromSummaries([summary('stopped', 20)]);
    expect(finishedFacts(runs['/r'])).toBeNull();
  });

  it('a run done before a restart: the journal unit seconds and the voxels over them; backend unknown', () => {
    const runs = fromSummaries([summary('done', 40)]);
    expect(finishedFacts(runs['/r'])).toEqual({ totalSeconds: 40, voxelsPerSecond: 2e5, backend: null });
  });

  it('a run finished by a job here: its wall time from startedAt to endedAt, and its backend', () => {
    let runs = fromSummaries([summary('running', 10)]);
    const backend = { name: 'ort-cpu', device: 'CPU, 2 threads', reason: 'only one' };
    runs = applyRunEvent(runs, { event: 'job', job: fakeJob('run', '/r', { backend }) });
    const done = fakeJob('run', '/r', {
      state: 'done',
      startedAt: '2026-12-01T10:00:00.000Z',
      endedAt: '2026-12-01T10:01:20.000Z',
    });
    runs = applyRunEvent(runs, { event: 'job', job: done });
    expect(runs['/r'].phase).toBe('done');
    expect(finishedFacts(runs['/r'])).toEqual({
      totalSeconds: 80,
      voxelsPerSecond: 1e5,
      backend: 'ort-cpu (CPU, 2 threads)',
    });
    // Listing the run again keeps what the job told.
    runs = fromSummaries([summary('done', 70)], runs);
    expect(finishedFacts(runs['/r'])?.totalSeconds).toBe(80);
  });

  it('says nothing of the throughput without a time or a size', () => {
    const runs = fromSummaries([summary('done', 0)]);
    expect(finishedFacts(runs['/r'])).toEqual({ totalSeconds: null, voxelsPerSecond: null, backend: null });
  });
});
