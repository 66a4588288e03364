/**
 * Worker reports become API events: training steps as trainingMetrics (at most 10 a second,
 * but every epoch-end step with its validation loss), each finished unit as unitDone and
 * runProgress, and a run's previewUpdated at most about once a second (plus one when the job
 * ends, so the last units always show).
 */
import type { FromWorker } from './jobs/protocol.js';
import { throttle, type Throttle } from './jobs/throttle.js';
import type { ApiEvent, JobInfo, PreviewUpdatedEvent, TrainingMetricsEvent } from './schemas.js';

const METRICS_INTERVAL_MS = 100;
const PREVIEW_INTERVAL_MS = 1000;

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

export class JobEventRelay {
  private readonly metrics = new Map<string, Throttle<TrainingMetricsEvent>>();
  private readonly previews = new Map<
    string,
    { throttle: Throttle<PreviewUpdatedEvent>; latest: PreviewUpdatedEvent }
  >();

  constructor(private readonly emit: (event: ApiEvent) => void) {}

  message(job: JobInfo, m: FromWorker): void {
    if (m.type === 'train') {
      const p = m.progress;
      let t = this.metrics.get(job.jobId);
      if (!t) {
        t = throttle(METRICS_INTERVAL_MS, this.emit);
        this.metrics.set(job.jobId, t);
      }
      t.push(
        {
          event: 'trainingMetrics',
          jobId: job.jobId,
          modelDir: job.target,
          step: p.step,
          patches: p.patches,
          epoch: p.epoch,
          loss: p.loss,
          ...(p.valLoss === undefined ? {} : { valLoss: p.valLoss }),
          bestValLoss: finiteOrNull(p.bestValLoss),
          patchesPerSecond: p.patchesPerSecond,
          etaSeconds: finiteOrNull(p.eta),
          elapsed: p.elapsed,
          channel: p.channel,
          ...(p.channels === undefined ? {} : { channels: p.channels }),
        },
        p.valLoss !== undefined,
      );
      return;
    }
    if (m.type !== 'run') return;
    const e = m.event;
    const runDir = job.target;
    if (e.type === 'unit-done')
      this.emit({ event: 'unitDone', jobId: job.jobId, runDir, unit: e.unit, box: e.box, c: e.c, t: e.t });
    if (e.type === 'progress') {
      this.emit({
        event: 'runProgress',
        jobId: job.jobId,
        runDir,
        unitsDone: e.unitsDone,
        unitsTotal: e.unitsTotal,
        voxelsPerSecond: e.voxelsPerSecond,
        etaSeconds: finiteOrNull(e.etaSeconds),
      });
      const latest: PreviewUpdatedEvent = {
        event: 'previewUpdated',
        runDir,
        unitsDone: e.unitsDone,
        unitsTotal: e.unitsTotal,
      };
      let p = this.previews.get(job.jobId);
      if (!p) {
        p = { throttle: throttle(PREVIEW_INTERVAL_MS, this.emit), latest };
        this.previews.set(job.jobId, p);
      }
      p.latest = latest;
      p.throttle.push(latest);
    }
  }

  /** The job ended: flush what is held; a run that finished units gets its final previewUpdated. */
  ended(job: JobInfo): void {
    this.metrics.get(job.jobId)?.flush();
    this.metrics.delete(job.jobId);
    const p = this.previews.get(job.jobId);
    if (p) {
      p.throttle.cancel();
      this.emit(p.latest);
      this.previews.delete(job.jobId);
    }
  }
}
