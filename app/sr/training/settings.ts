/**
 * Training presets and the two halves of a run's options: `TrainSettings` decide the batch
 * stream and the optimisation (a checkpoint resumes only under equal settings), `StopRules`
 * only decide when to stop and save (they may change on `--resume`, e.g. a larger budget).
 */
import type { NetworkConfig } from '../networks/architecture.js';
import { preset as networkPreset } from '../networks/presets.js';
import { SrError } from '../errors.js';
import { DEFAULT_AUGMENT, type AugmentOptions } from './augment.js';
import type { Degradation } from './degradation.js';
import { DEFAULT_EDGE_WEIGHT } from './loss.js';
import { TRAINING_PRESET_NAMES } from './train-options.js';

export type TrainingPresetName = (typeof TRAINING_PRESET_NAMES)[number];
export const TRAINING_PRESETS: readonly TrainingPresetName[] = TRAINING_PRESET_NAMES;

export interface TrainSettings {
  preset: string;
  network: NetworkConfig;
  seed: number;
  /** Input patch side. */
  patch: number;
  batch: number;
  lr: number;
  weightDecay: number;
  /** λ of the Sobel-edge term. */
  edgeWeight: number;
  /** Patches per epoch: validation, early stopping and the loss curve run per epoch. */
  epochPatches: number;
  valPatches: number;
  valEvery: number;
  batchesPerRegion: number;
  regionMax: number;
  augment: AugmentOptions;
  degradation: Degradation;
  /** The input channel trained on. */
  channel: number;
  /** The input time points whose planes are sampled (a checkpoint from before time points: [0]). */
  timepoints: number[];
}

export interface StopRules {
  /** Stop after this many training patches (Infinity: no limit). */
  maxPatches: number;
  /** Stop after this many seconds of training, summed over resumed sessions (Infinity: none). */
  timeBudget: number;
  /** Stop when the validation loss has not improved for this many epochs. */
  patience: number;
  /**
   * Improvement that counts, RELATIVE to the best validation loss: a new loss must be below
   * best·(1 − minDelta). Relative because the loss scale depends on the data's normalisation;
   * the paper's "1e-2" read as absolute would stop every run at once (losses are ~1e-2).
   */
  minDelta: number;
  /** Seconds between checkpoints. */
  checkpointEvery: number;
}

type PresetValues = Omit<TrainSettings, 'seed' | 'degradation' | 'channel' | 'timepoints' | 'augment'> &
  StopRules;

/**
 * cpu: W32 B3, batch 16, lr 1e-3, 10 minutes (FACTS.md: +2.7 dB over cubic in 10 min on one
 * core; with a few thousand steps 1e-3 beats the paper's 1e-4). paper: the published W256 B7,
 * batch 32, lr 1e-4, 500k patches. tiny: for tests only.
 */
const PRESETS: Record<TrainingPresetName, PresetValues> = {
  cpu: {
    preset: 'cpu',
    network: networkPreset('valid', 'cpu'),
    patch: 64,
    batch: 16,
    lr: 1e-3,
    weightDecay: 1e-2,
    edgeWeight: DEFAULT_EDGE_WEIGHT,
    epochPatches: 1024,
    valPatches: 128,
    valEvery: 8,
    batchesPerRegion: 4,
    regionMax: 512,
    maxPatches: Infinity,
    timeBudget: 600,
    patience: 10,
    minDelta: 1e-2,
    checkpointEvery: 120,
  },
  paper: {
    preset: 'paper',
    network: networkPreset('valid', 'paper'),
    patch: 64,
    batch: 32,
    lr: 1e-4,
    weightDecay: 1e-2,
    edgeWeight: DEFAULT_EDGE_WEIGHT,
    epochPatches: 10240,
    valPatches: 512,
    valEvery: 8,
    batchesPerRegion: 4,
    regionMax: 512,
    maxPatches: 500_000,
    timeBudget: Infinity,
    patience: 10,
    minDelta: 1e-2,
    checkpointEvery: 120,
  },
  tiny: {
    preset: 'tiny',
    network: networkPreset('valid', 'tiny'),
    patch: 32,
    batch: 4,
    lr: 1e-3,
    weightDecay: 1e-2,
    edgeWeight: DEFAULT_EDGE_WEIGHT,
    epochPatches: 64,
    valPatches: 16,
    valEvery: 8,
    batchesPerRegion: 4,
    regionMax: 512,
    maxPatches: Infinity,
    timeBudget: 60,
    patience: 10,
    minDelta: 1e-2,
    checkpointEvery: 120,
  },
};

export function trainingPreset(name: string): PresetValues {
  const p = PRESETS[name as TrainingPresetName];
  if (!p)
    throw new SrError(
      'bad-config',
      `unknown training preset '${name}'; expected ${TRAINING_PRESETS.join(', ')}`,
    );
  return { ...p, network: { ...p.network } };
}

export { DEFAULT_AUGMENT };

/** Settings that differ between a checkpoint and this run, by name (empty: resumable). */
export function settingsDiff(a: TrainSettings, b: TrainSettings): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof TrainSettings>;
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
