/**
 * What the training loop needs of an engine: one optimisation step on a batch, the loss of a
 * batch without updating, and the weights and AdamW state as host copies for checkpoints.
 * Host state is always HWIO weights and moments of the same layout (weights-file.ts), so a
 * checkpoint written on one engine resumes on another.
 *
 * - tfjs (tf-trainer.ts): tf.variableGrads autodiff, AdamW as tf ops — the reference.
 * - ORT (ort-trainer.ts): the forward, loss and backward as one ONNX graph (onnx/tape.ts) in a
 *   session worker, AdamW as host math.
 */
import type { EngineChoice } from '../networks/runner.js';
import type { NetworkConfig } from '../networks/architecture.js';
import type { WeightMap } from '../networks/init.js';
import type { AdamWOptions, AdamWState } from './adamw.js';
import type { Batch } from './patch-sampler.js';

export interface Trainer {
  /** Forward, backward and one AdamW update; resolves to the batch's loss. */
  step(batch: Batch): Promise<number>;
  /** Mean loss over `val`, evaluated `chunk` patches at a time. */
  loss(val: Batch, chunk: number): Promise<number>;
  /** The current weights (HWIO host copies). */
  weights(): Promise<WeightMap>;
  /** AdamW's step count and moments (HWIO host copies). */
  optimiserState(): Promise<AdamWState>;
  dispose(): Promise<void>;
}

export interface TrainerSetup {
  config: NetworkConfig;
  weights: WeightMap;
  adam: AdamWOptions;
  /** Restores AdamW's moments and step count (a resumed checkpoint). */
  adamState?: AdamWState;
  /** λ of the Sobel-edge term. */
  edgeWeight: number;
  /** Patches per training step (sizes the data-parallel split). */
  batch: number;
}

/** The trainer for `backend`'s engine (default: the active tfjs backend). */
export async function createTrainer(
  backend: EngineChoice | undefined,
  setup: TrainerSetup,
): Promise<Trainer> {
  if (backend?.engine === 'ort')
    return (await import('./ort-trainer.js')).createOrtTrainer(setup, {
      provider: backend.provider ?? 'cpu',
      threads: backend.threads,
    });
  return (await import('./tf-trainer.js')).createTfTrainer(setup);
}
