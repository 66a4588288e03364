/**
 * A trained model on disk: a directory holding `model.safetensors` (weights + metadata, see
 * weights-file.ts) and, while training, its checkpoints and history. Everything that needs a
 * model (evaluate, run, the UI) loads it through `loadModel`.
 *
 * A stack of several channels trains one model per channel by default: MODEL_DIR/c0 …
 * MODEL_DIR/c{C−1} (`channelModelDir`), each an ordinary model directory whose metadata
 * records the input channel it was trained on (`LoadedModel.channel`).
 */
import { join } from 'node:path';
import { makeDirectory } from '../volume/index.js';
import { SrError } from './errors.js';
import type { Degradation } from './training/degradation.js';
import type { Normalisation } from './normalisation.js';
import type { WeightMap } from './networks/init.js';
import { loadWeights, saveWeights, type WeightsMetadata } from './weights-file.js';

export const MODEL_FILE = 'model.safetensors';

/** What a model knows about the data it was trained for, beyond its weights. */
export interface ModelInfo {
  meta: WeightsMetadata;
  normalisation: Normalisation;
  degradation: Degradation;
}

export interface LoadedModel extends ModelInfo {
  weights: WeightMap;
  path: string;
  /** The input channel the model was trained on (meta.training.channel); null for models from before channels were recorded. */
  channel: number | null;
}

export function modelFile(dir: string): string {
  return join(dir, MODEL_FILE);
}

/** Prefix of a per-channel model directory's name: MODEL_DIR/c<k>. */
export const CHANNEL_DIR_PREFIX = 'c';

/**
 * The model directory of input channel `channel` inside a per-channel MODEL_DIR.
 * @example channelModelDir('model', 1) // 'model/c1'
 */
export function channelModelDir(dir: string, channel: number): string {
  return join(dir, `${CHANNEL_DIR_PREFIX}${channel}`);
}

/** Writes `dir/model.safetensors` atomically; degradation and normalisation go into the metadata. */
export async function saveModel(dir: string, weights: WeightMap, info: ModelInfo): Promise<void> {
  await makeDirectory(dir);
  const meta: WeightsMetadata = {
    ...info.meta,
    scale: info.degradation.ratio,
    normalisation: { ...info.normalisation },
    training: { ...info.meta.training, degradation: info.degradation },
  };
  await saveWeights(modelFile(dir), weights, meta);
}

export async function loadModel(dir: string): Promise<LoadedModel> {
  const path = modelFile(dir);
  const { weights, meta } = await loadWeights(path);
  const n = meta.normalisation as Partial<Normalisation>;
  const d = meta.training.degradation as Partial<Degradation> | undefined;
  if (typeof n.lo !== 'number' || typeof n.hi !== 'number')
    throw new SrError('bad-weights', `${path}: no intensity normalisation in the metadata`);
  if (!d || typeof d.ratio !== 'number' || typeof d.sigma !== 'number')
    throw new SrError('bad-weights', `${path}: no degradation model in the metadata`);
  const channel = meta.training.channel;
  return {
    path,
    weights,
    meta,
    channel: typeof channel === 'number' && Number.isInteger(channel) && channel >= 0 ? channel : null,
    normalisation: { kind: 'percentile', lo: n.lo, hi: n.hi },
    degradation: { ratio: d.ratio, fwhm: d.fwhm ?? 0, sigma: d.sigma },
  };
}
