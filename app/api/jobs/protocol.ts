/**
 * What the engine and a job's worker process say to each other (child_process IPC with
 * `serialization: 'advanced'`, so typed arrays and Infinity cross intact). The engine sends
 * one `start`, then maybe `stop`; the worker reports as it goes and ends with `done` or
 * `failed`. A worker that exits without either crashed.
 */
import type { TrainProgress } from '../../sr/index.js';
import type { RunEvent } from '../../run/index.js';
import type { ExportFormat } from '../../volume/index.js';
import type { JobBackend, ParsedArgs, WireError } from '../schemas.js';

/** A VolumeRef resolved to the file it names: the worker opens it itself. */
type WithInputPath<A> = Omit<A, 'input'> & { input: string };

/**
 * What a worker is asked to do: the command's parsed arguments, with paths resolved (absolute,
 * or relative to the engine's cwd, which the worker inherits) and defaults applied.
 */
export type JobSpec =
  | ({ kind: 'train' } & WithInputPath<ParsedArgs<'startTraining'>>)
  /** Works through the run's remaining units (the run already exists). */
  | ({ kind: 'run' } & Pick<ParsedArgs<'startRun'>, 'runDir' | 'backend'>)
  | ({ kind: 'finalize' } & ParsedArgs<'finalizeRun'>)
  | ({ kind: 'export' } & ParsedArgs<'exportRun'> & { format: ExportFormat })
  | ({ kind: 'previewModel' } & WithInputPath<ParsedArgs<'previewModel'>> & {
        axis: 'xz' | 'yz';
        backend?: string;
      });

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
