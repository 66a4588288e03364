/**
 * A training job's history as the Train screen plots it, folded from trainingMetrics events:
 * loss per step, validation loss on the steps that end an epoch, and the latest rate and ETA.
 * A reducer (the columns are appended in place, the log object is new); uPlot's data is its columns.
 *
 * @example
 *   let log = emptyLog('job-1');
 *   log = applyMetrics(log, event);
 *   plot.setData(plotData(log));
 */
import type { TrainingMetricsEvent } from '../../../app/api/contract.js';

export interface TrainingLog {
  jobId: string | null;
  steps: number[];
  loss: number[];
  /** null on steps without a validation pass (uPlot leaves a gap, and spanGaps joins the points). */
  valLoss: (number | null)[];
  patches: number;
  epoch: number;
  bestValLoss: number | null;
  patchesPerSecond: number | null;
  etaSeconds: number | null;
  elapsed: number;
  /** The input channel training now, and every channel the job trains (null: the engine did not say). */
  channel: number | null;
  channels: number[] | null;
}

export function emptyLog(jobId: string | null = null): TrainingLog {
  return {
    jobId,
    steps: [],
    loss: [],
    valLoss: [],
    patches: 0,
    epoch: 0,
    bestValLoss: null,
    patchesPerSecond: null,
    etaSeconds: null,
    elapsed: 0,
    channel: null,
    channels: null,
  };
}

/**
 * One step folded in. Events of another job are ignored unless the log has none yet (it then
 * follows that job); a step at or before the last one (a resumed job replaying) replaces from there.
 * A job training one model per channel starts a new curve when it moves to the next channel.
 */
export function applyMetrics(log: TrainingLog, e: TrainingMetricsEvent): TrainingLog {
  if (log.jobId !== null && e.jobId !== log.jobId) return log;
  const channel = e.channel ?? null;
  const nextChannel = log.channel !== null && channel !== null && channel !== log.channel;
  // The columns grow in place (a long run has 10^5 steps; copying them per step would be
  // quadratic); the log object itself is new, so whoever holds it sees the change. A new
  // channel's model gets new columns (its steps count from the start again).
  const columns: Pick<TrainingLog, 'steps' | 'loss' | 'valLoss'> = nextChannel
    ? { steps: [], loss: [], valLoss: [] }
    : log;
  const { steps, loss, valLoss } = columns;
  let keep = steps.length;
  while (keep > 0 && steps[keep - 1] >= e.step) keep--;
  steps.length = loss.length = valLoss.length = keep;
  steps.push(e.step);
  loss.push(e.loss);
  valLoss.push(e.valLoss ?? null);
  return {
    jobId: e.jobId,
    steps,
    loss,
    valLoss,
    patches: e.patches,
    epoch: e.epoch,
    bestValLoss: e.bestValLoss,
    patchesPerSecond: e.patchesPerSecond,
    etaSeconds: e.etaSeconds,
    elapsed: e.elapsed,
    channel,
    channels: e.channels ?? log.channels,
  };
}

/** uPlot's columns: x (step), loss, validation loss. */
export function plotData(log: TrainingLog): [number[], number[], (number | null)[]] {
  return [log.steps, log.loss, log.valLoss];
}
