/**
 * What a run reports while it works, for the CLI's progress bar now and the typed API's event
 * stream later: one event per finished unit (with the box the UI can refresh), and a progress
 * summary after each unit (fraction of the whole run, throughput, ETA).
 */
import type { Box } from '../volume/index.js';

export interface UnitDoneEvent {
  type: 'unit-done';
  unit: number;
  /** Output voxels the unit wrote, within its plane. */
  box: Box;
  seconds: number;
  /** The input channel and time point of the unit's plane. */
  c: number;
  t: number;
}

export interface ProgressEvent {
  type: 'progress';
  /** Units journaled over all shards (as this process knows them) and in the whole grid. */
  unitsDone: number;
  unitsTotal: number;
  /** Units this process still has to do in its shard. */
  shardRemaining: number;
  /** Output voxels per second written by this process since it started. */
  voxelsPerSecond: number;
  /** Seconds until this process's shard is done, at the current rate. */
  etaSeconds: number;
}

export interface RunStartEvent {
  type: 'start';
  unitsTotal: number;
  unitsDone: number;
  shardUnits: number;
  backend: string;
}

export type RunEvent = RunStartEvent | UnitDoneEvent | ProgressEvent;
