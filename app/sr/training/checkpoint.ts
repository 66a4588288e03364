/**
 * Training checkpoints: `checkpoint.safetensors` holds the current weights (`w.*`), AdamW's
 * moments (`m.*`, `v.*`) and the best-so-far weights (`best.*`); its metadata holds the loop's
 * state (step, epoch, early-stopping counters, history, settings, input fingerprint). That one
 * file is written temp-then-rename, so it is always whole and self-consistent; the
 * `checkpoint.json` and `history.json` beside it are readable copies for people and the UI,
 * never read back. The sampler needs no saved position: batch k is a function of (seed, k).
 */
import { readFile } from 'node:fs/promises';
import { writeDurable } from '../../volume/index.js';
import { join } from 'node:path';
import type { Volume } from '../../volume/index.js';
import { SrError } from '../errors.js';
import type { WeightMap } from '../networks/init.js';
import type { Normalisation } from '../normalisation.js';
import { decodeWeights, encodeWeights } from '../weights-file.js';
import type { AdamWState } from './adamw.js';
import { settingsDiff, type StopRules, type TrainSettings } from './settings.js';

export const CHECKPOINT_FILE = 'checkpoint.safetensors';
export const CHECKPOINT_FORMAT = 'isotrope-checkpoint/1';

export type StopReason = 'max-patches' | 'time-budget' | 'early-stop' | 'aborted';

export interface HistoryEntry {
  epoch: number;
  step: number;
  patches: number;
  /** Mean training loss over the epoch (null for the initial evaluation). */
  loss: number | null;
  valLoss: number;
  /** Training seconds so far. */
  elapsed: number;
}

/** What identifies the input: size, type, voxel size and a hash of sampled voxels. */
export interface InputFingerprint {
  path: string;
  bytes: number;
  shape: Volume['shape'];
  dtype: string;
  voxelSize: Volume['voxelSize'];
  contentHash: number;
}

export interface CheckpointState {
  format: typeof CHECKPOINT_FORMAT;
  step: number;
  epoch: number;
  patches: number;
  elapsed: number;
  /** Lowest validation loss so far (its weights are the model) and its epoch. */
  bestValLoss: number;
  bestEpoch: number;
  /** Early stopping: the loss of the last improvement by ≥ minDelta, and epochs since then. */
  patienceRef: number;
  sinceBest: number;
  /** Running sum and count of this epoch's training losses (so a resumed epoch's mean is exact). */
  epochLoss: { sum: number; count: number };
  stopped: StopReason | null;
  settings: TrainSettings;
  stop: StopRules;
  fingerprint: InputFingerprint;
  normalisation: Normalisation;
  history: HistoryEntry[];
}

export interface Checkpoint {
  state: CheckpointState;
  weights: WeightMap;
  best: WeightMap;
  adam: AdamWState;
}

export function fingerprintOf(v: Volume, contentHash: number): InputFingerprint {
  return {
    path: v.path,
    bytes: v.bytes,
    shape: { ...v.shape },
    dtype: v.dtype,
    voxelSize: { ...v.voxelSize },
    contentHash,
  };
}

/** JSON with ±Infinity as null (stop rules use Infinity for "no limit"). */
const toJson = (x: unknown): string => JSON.stringify(x, (_k, v) => (v === Infinity ? null : v));

async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeDurable(path, data);
  } catch (e) {
    throw new SrError('bad-checkpoint', `cannot write: ${(e as Error).message}`, { file: path, cause: e });
  }
}

export async function saveCheckpoint(dir: string, c: Checkpoint): Promise<void> {
  const tensors: WeightMap = new Map();
  for (const [prefix, map] of [
    ['w', c.weights],
    ['m', c.adam.m],
    ['v', c.adam.v],
    ['best', c.best],
  ] as const) {
    for (const [k, t] of map) tensors.set(`${prefix}.${k}`, t);
  }
  const state = JSON.parse(toJson(c.state)) as Record<string, unknown>;
  const s = c.state.settings;
  await writeAtomic(
    join(dir, CHECKPOINT_FILE),
    encodeWeights(tensors, {
      config: s.network,
      preset: s.preset,
      scale: s.degradation.ratio,
      normalisation: { ...c.state.normalisation },
      training: { checkpoint: state },
    }),
  );
  await writeAtomic(join(dir, 'checkpoint.json'), `${toJson({ ...c.state, history: undefined })}\n`);
  await writeHistory(dir, c.state.history);
}

export async function writeHistory(dir: string, history: HistoryEntry[]): Promise<void> {
  await writeAtomic(join(dir, 'history.json'), `${toJson(history)}\n`);
}

export async function loadCheckpoint(dir: string): Promise<Checkpoint> {
  const path = join(dir, CHECKPOINT_FILE);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new SrError('bad-checkpoint', 'no checkpoint to resume from (train without --resume first)', {
      file: path,
      cause: e,
    });
  }
  let decoded: ReturnType<typeof decodeWeights>;
  try {
    decoded = decodeWeights(bytes, path);
  } catch (e) {
    throw new SrError('bad-checkpoint', `unreadable: ${(e as Error).message}`, { file: path, cause: e });
  }
  const state = decoded.meta.training.checkpoint as CheckpointState | undefined;
  if (state?.format !== CHECKPOINT_FORMAT)
    throw new SrError('bad-checkpoint', 'not an Isotrope training checkpoint', { file: path });
  for (const k of ['maxPatches', 'timeBudget'] as const) state.stop[k] ??= Infinity;
  const maps: Record<string, WeightMap> = { w: new Map(), m: new Map(), v: new Map(), best: new Map() };
  for (const [name, t] of decoded.weights) {
    const dot = name.indexOf('.');
    maps[name.slice(0, dot)]?.set(name.slice(dot + 1), t);
  }
  return { state, weights: maps.w, best: maps.best, adam: { t: state.step, m: maps.m, v: maps.v } };
}

/** Throws unless the checkpoint was made from this input with these settings. */
export function checkResumable(
  state: CheckpointState,
  settings: TrainSettings,
  fingerprint: InputFingerprint,
  dir: string,
): void {
  const file = join(dir, CHECKPOINT_FILE);
  const { path: _a, ...was } = state.fingerprint;
  const { path: _b, ...now } = fingerprint;
  if (JSON.stringify(was) !== JSON.stringify(now)) {
    throw new SrError(
      'bad-checkpoint',
      `made from other input (${state.fingerprint.path}); refusing to resume on ${fingerprint.path}`,
      { file },
    );
  }
  const diff = settingsDiff(state.settings, settings);
  if (diff.length > 0) {
    throw new SrError(
      'bad-checkpoint',
      `made with other options (${diff.join(', ')} differ); resume with the same options or train afresh`,
      { file },
    );
  }
}
