import { describe, expect, it } from 'vitest';
import type { ApiEvent, RunSummary, TrainingMetricsEvent } from '../../app/api/schemas.js';
import {
  applyRunEvent,
  fromSummaries,
  runActions,
  runPercent,
  type RunsView,
} from '../../renderer/src/run/run-progress.js';
import { applyMetrics, emptyLog, plotData } from '../../renderer/src/train/training-log.js';
import { LatestRequest } from '../../renderer/src/lib/latest-request.js';
import { fakeJob, FakeClient } from './fake-client.js';

const progress = (
  unitsDone: number,
  over: Partial<Extract<ApiEvent, { event: 'runProgress' }>> = {},
): ApiEvent => ({
  event: 'runProgress',
  jobId: 'run-1',
  runDir: '/r',
  unitsDone,
  unitsTotal: 8,
  voxelsPerSecond: 2e6,
  etaSeconds: 60,
  ...over,
});

const status = (
  state: 'done' | 'running' | 'stopped',
  unitsDone: number,
): NonNullable<RunSummary['status']> => ({
  state,
  unitsDone,
  unitsTotal: 8,
  voxelsDone: 0,
  voxelsTotal: 0,
  processes: [],
  finalized: false,
  input: '/in.tif',
  output: { shape: { x: 1, y: 1, z: 1 }, dtype: 'uint16', store: '/r/output.zarr' },
  unitSeconds: 1,
});

describe('run view reducer', () => {
  it('follows runProgress events', () => {
    let runs: RunsView = {};
    runs = applyRunEvent(runs, progress(2));
    expect(runs['/r']).toMatchObject({
      phase: 'running',
      unitsDone: 2,
      unitsTotal: 8,
      voxelsPerSecond: 2e6,
      etaSeconds: 60,
    });
    expect(runPercent(runs['/r'])).toBe(25);
    runs = applyRunEvent(runs, progress(6, { etaSeconds: 20 }));
    expect(runPercent(runs['/r'])).toBe(75);
    expect(runs['/r'].etaSeconds).toBe(20);
  });

  it("takes a job event as the run's state, and ignores other jobs and events", () => {
    let runs = applyRunEvent({}, progress(3));
    runs = applyRunEvent(runs, { event: 'job', job: fakeJob('run', '/r', { state: 'stopped' }) });
    expect(runs['/r']).toMatchObject({
      phase: 'paused',
      unitsDone: 3,
      jobId: null,
      etaSeconds: null,
      voxelsPerSecond: null,
    });
    expect(runActions('paused')).toEqual({ pause: false, resume: true, cancel: true });
    const crashed = applyRunEvent(runs, {
      event: 'job',
      job: fakeJob('run', '/r', {
        state: 'crashed',
        error: { layer: 'run', tag: 'no-space', message: 'disk full at /r' },
      }),
    });
    expect(crashed['/r']).toMatchObject({ phase: 'crashed', problem: 'disk full at /r' });
    const done = applyRunEvent(runs, { event: 'job', job: fakeJob('run', '/r', { state: 'done' }) });
    expect(done['/r']).toMatchObject({ phase: 'done', unitsDone: 8 });
    expect(applyRunEvent(runs, { event: 'job', job: fakeJob('train', '/m') })).toBe(runs);
    expect(applyRunEvent(runs, { event: 'previewUpdated', runDir: '/r', unitsDone: 3, unitsTotal: 8 })).toBe(
      runs,
    );
  });

  it('reads listRuns: a stopped run is resumable, a live job running, an unreadable one missing', () => {
    const runs = fromSummaries([
      { runDir: '/a', jobId: null, status: status('stopped', 5), problem: null },
      { runDir: '/b', jobId: 'run-9', status: status('running', 1), problem: null },
      { runDir: '/c', jobId: null, status: status('done', 8), problem: null },
      { runDir: '/d', jobId: null, status: null, problem: '/d: no manifest.json' },
    ]);
    expect(Object.values(runs).map((r) => r.phase)).toEqual(['paused', 'running', 'done', 'missing']);
    expect(runs['/a'].unitsDone).toBe(5);
    expect(runs['/d'].problem).toBe('/d: no manifest.json');
    expect(runActions('done')).toEqual({ pause: false, resume: false, cancel: false });
    // A crash seen in events survives a re-list (the directory only says 'stopped').
    const crashed = applyRunEvent(runs, { event: 'job', job: fakeJob('run', '/a', { state: 'crashed' }) });
    expect(
      fromSummaries([{ runDir: '/a', jobId: null, status: status('stopped', 5), problem: null }], crashed)[
        '/a'
      ].phase,
    ).toBe('crashed');
    // A run heard of in events but read before it started is kept while it runs; a finished one is not.
    const live = applyRunEvent(runs, progress(1, { runDir: '/new' }));
    expect(Object.keys(fromSummaries([], live))).toEqual(['/b', '/new']);
  });
});

describe('training log', () => {
  const metrics = (step: number, over: Partial<TrainingMetricsEvent> = {}): TrainingMetricsEvent => ({
    event: 'trainingMetrics',
    jobId: 'train-1',
    modelDir: '/m',
    step,
    patches: step * 16,
    epoch: 0,
    loss: 1 / (step + 1),
    bestValLoss: null,
    patchesPerSecond: 20,
    etaSeconds: 100 - step,
    elapsed: step,
    ...over,
  });

  it('collects loss per step and validation loss where there is one', () => {
    let log = emptyLog('train-1');
    log = applyMetrics(log, metrics(1));
    log = applyMetrics(log, metrics(2, { valLoss: 0.4, bestValLoss: 0.4, epoch: 1 }));
    log = applyMetrics(log, metrics(3, { bestValLoss: 0.4, epoch: 1 }));
    expect(plotData(log)).toEqual([
      [1, 2, 3],
      [1 / 2, 1 / 3, 1 / 4],
      [null, 0.4, null],
    ]);
    expect(log).toMatchObject({
      patches: 48,
      epoch: 1,
      bestValLoss: 0.4,
      patchesPerSecond: 20,
      etaSeconds: 97,
    });
  });

  it('ignores other jobs and replaces replayed steps', () => {
    let log = emptyLog('train-1');
    for (const s of [1, 2, 3]) log = applyMetrics(log, metrics(s));
    expect(applyMetrics(log, metrics(4, { jobId: 'other' }))).toBe(log);
    log = applyMetrics(log, metrics(2, { loss: 9 }));
    expect(log.steps).toEqual([1, 2]);
    expect(log.loss).toEqual([0.5, 9]);
    // A log with no job yet follows the first job it hears of.
    expect(applyMetrics(emptyLog(), metrics(1, { jobId: 'x' })).jobId).toBe('x');
  });

  it('starts a new curve when a job training one model per channel moves to the next channel', () => {
    let log = emptyLog('train-1');
    for (const s of [1, 2, 3]) log = applyMetrics(log, metrics(s, { channel: 0, channels: [0, 1] }));
    const first = log.steps;
    log = applyMetrics(log, metrics(1, { channel: 1, channels: [0, 1] }));
    expect(log.steps).toEqual([1]);
    expect(first).toEqual([1, 2, 3]);
    expect(log).toMatchObject({ channel: 1, channels: [0, 1] });
    log = applyMetrics(log, metrics(2, { channel: 1 }));
    expect(log.steps).toEqual([1, 2]);
    expect(log.channels).toEqual([0, 1]);
    // An engine that sends no channel leaves it null.
    expect(applyMetrics(emptyLog('train-1'), metrics(1)).channel).toBeNull();
  });
});

describe('superseded requests', () => {
  it('aborts the stale request and only the latest is current', () => {
    const latest = new LatestRequest();
    const a = latest.next();
    const b = latest.next();
    expect(a.aborted).toBe(true);
    expect(latest.isCurrent(a)).toBe(false);
    expect(latest.isCurrent(b)).toBe(true);
    latest.cancel();
    expect(b.aborted).toBe(true);
    expect(latest.isCurrent(b)).toBe(false);
  });

  it('passes the abort to the engine call, whose late answer is dropped', async () => {
    const fake = new FakeClient().hold('readPlaneBinned');
    const latest = new LatestRequest();
    const drawn: number[] = [];
    const read = async (index: number) => {
      const signal = latest.next();
      try {
        const { header } = await fake.call(
          'readPlaneBinned',
          { volumeId: 'v1', axis: 'xy', index, bin: 1 },
          { signal },
        );
        if (latest.isCurrent(signal)) drawn.push(header.index);
      } catch {
        /* aborted */
      }
    };
    const reads = [read(1), read(2), read(3)];
    expect(fake.callsOf('readPlaneBinned').map((c) => c.options.signal?.aborted)).toEqual([
      true,
      true,
      false,
    ]);
    fake.release('readPlaneBinned');
    await Promise.all(reads);
    expect(drawn).toEqual([3]);
  });
});
