/**
 * What the engine and a job's worker process say to each other (child_process IPC with
 * `serialization: 'advanced'`, so typed arrays and Infinity cross intact). The engine sends
 * one `start`, then maybe `stop`; the worker reports as it goes and ends with `done` or
 * `failed`. A worker that exits without either crashed.
 */
import type { TrainProgress } from '../../sr/training/train.js';
import type { RunEvent } from '../../run/events.js';
import type { JobBackend, WireError } from '../schemas.js';

/** What a worker is asked to do; paths are absolute or relative to the engine's cwd (the worker inherits it). */
export type JobSpec =
  | {
    kind: 'train'; input: string; modelDir: string; preset?: string; resume?: boolean; timeBudget?: number; maxPatches?: number;
    xyPixel?: number; zStep?: number; fwhm?: number; seed?: number; noise?: boolean; backend?: string;
  }
  /** Works through the run's remaining units (the run already exists). */
  | { kind: 'run'; runDir: string; backend?: string }
  | { kind: 'finalize'; runDir: string }
  | { kind: 'export'; runDir: string; out: string; format: 'ome-tiff' | 'tiff' | 'zarr' }
  | { kind: 'previewModel'; modelDir: string; input: string; axis: 'xz' | 'yz'; index?: number; backend?: string };

export type ToWorker =
  | { type: 'start'; spec: JobSpec }
  /** Stop gracefully: training checkpoints after its step, a run after its unit. */
  | { type: 'stop' };

export type FromWorker =
  /** The compute backend the worker activated. */
  | { type: 'backend'; backend: JobBackend }
  | { type: 'train'; progress: TrainProgress }
  | { type: 'run'; event: RunEvent }
  /** Coarse progress of other kinds (export planes), 0…1. */
  | { type: 'progress'; fraction: number }
  /** Finished; `stopped` when it ended early because it was asked to (resumable). */
  | { type: 'done'; result: unknown; stopped: boolean }
  | { type: 'failed'; error: WireError };
