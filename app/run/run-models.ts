/**
 * Which model runs on which channel. MODEL_DIR is either one model (MODEL_DIR/model.safetensors),
 * applied to every channel, or one model per channel as `isotrope train` writes for a
 * multi-channel stack (MODEL_DIR/c0 … c{C−1}). A per-channel MODEL_DIR must have exactly the
 * stack's channel count, and each c<k> must have been trained on channel k: channels differ in
 * intensity and structure, so a model of another channel's data would quietly give worse results.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { channelModelDir, loadModel, modelFile, type LoadedModel } from '../sr/index.js';
import { RunError, reasonOf } from './errors.js';

export interface RunChannelModel {
  /** Input channel. */
  channel: number;
  dir: string;
  model: LoadedModel;
}

export interface RunModels {
  /** True when MODEL_DIR holds a model per channel. */
  perChannel: boolean;
  /** One per covered channel (the same model repeated when not per channel). */
  byChannel: RunChannelModel[];
}

/** How many consecutive c0, c1, … hold a model. */
function perChannelCount(modelDir: string): number {
  let count = 0;
  while (existsSync(modelFile(channelModelDir(modelDir, count)))) count++;
  return count;
}

async function load(dir: string): Promise<LoadedModel> {
  let model: LoadedModel;
  try {
    model = await loadModel(dir);
  } catch (cause) {
    throw new RunError(
      'bad-input',
      `cannot load the model: ${reasonOf(cause, modelFile(dir))}: train it again with isotrope train VOLUME --out ${dir} --force`,
      { file: dir, cause },
    );
  }
  if (model.meta.config.kind !== 'valid')
    throw new RunError(
      'bad-input',
      `the model is a ${model.meta.config.kind} network: runs need the valid (crop-equivariant) network`,
      { file: dir },
    );
  return model;
}

/** Why MODEL_DIR holds no model, and what to do: a file given for its folder, a missing or empty folder. */
function noModelReason(modelDir: string): string {
  const stats = statSync(modelDir, { throwIfNoEntry: false });
  if (stats?.isFile())
    return `a file, not a model directory: pass the folder that holds model.safetensors, --model ${dirname(modelDir)}`;
  const missing = stats
    ? 'no model in this folder (neither model.safetensors nor c0/model.safetensors)'
    : 'no such folder, so no model in it';
  return `${missing}: train one with isotrope train VOLUME --out ${modelDir}`;
}

/**
 * The models for `channels` of a stack of `channelCount` channels.
 * @example await resolveRunModels('models/brain', 2, [0, 1]) // per channel: models/brain/c0, c1
 */
export async function resolveRunModels(
  modelDir: string,
  channelCount: number,
  channels: number[],
): Promise<RunModels> {
  const count = perChannelCount(modelDir);
  // Per-channel models win over a lone model.safetensors beside them (left by an earlier
  // single-model training into the same folder) when the stack has several channels.
  if (existsSync(modelFile(modelDir)) && (count === 0 || channelCount === 1)) {
    const model = await load(modelDir);
    return { perChannel: false, byChannel: channels.map((channel) => ({ channel, dir: modelDir, model })) };
  }
  if (count === 0) throw new RunError('bad-input', noModelReason(modelDir), { file: modelDir });
  if (count !== channelCount)
    throw new RunError(
      'bad-input',
      `holds models for ${count} channel${count === 1 ? '' : 's'} (c0–c${count - 1}), the stack has ${channelCount}: train a model per channel of this stack, or pass one model directory to apply it to every channel`,
      { file: modelDir },
    );
  const byChannel: RunChannelModel[] = [];
  for (const channel of channels) {
    const dir = channelModelDir(modelDir, channel);
    const model = await load(dir);
    // An older model records no channel (null) and is taken as fitting any.
    const trainedOn = model.channel;
    if (trainedOn !== null && trainedOn !== channel)
      throw new RunError(
        'bad-input',
        `the model in ${basename(dir)} was trained on channel ${trainedOn}'s data and degradation, not channel ${channel}'s: retrain it with isotrope train --channel ${channel} --out ${dir}`,
        { file: dir },
      );
    byChannel.push({ channel, dir, model });
  }
  return { perChannel: true, byChannel };
}
