/**
 * Training of a whole stack, the one loop the CLI (`isotrope train`) and the API's training job
 * share: one model per channel by default (MODEL_DIR/c<k>, one after the other, each an
 * ordinary train() with its own time budget), or the one chosen channel into MODEL_DIR itself
 * (channel-plan.ts decides which). Progress says which channel trains and every channel the job
 * covers; an abort stops the channel in training (checkpointed) and starts no other.
 *
 * `resume` continues every model that has a checkpoint and starts afresh the channels not yet
 * begun (a run interrupted in channel k resumes there); with no checkpoint at all it fails as
 * train() does. `force` replaces each channel's model.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Volume } from '../../volume/index.js';
import { CHECKPOINT_FILE, type StopReason } from './checkpoint.js';
import { channelModels, type ChannelModel } from './channel-plan.js';
import { refuseExistingModel, train, type TrainOptions, type TrainResult } from './train.js';

/** One channel's training: its model directory and train()'s result. */
export interface ChannelTrainResult extends TrainResult, ChannelModel {}

export interface TrainChannelsResult {
  /** Every channel the training covers, in order. */
  channels: number[];
  /** The models trained, in order: all of them, or up to the one aborted. */
  models: ChannelTrainResult[];
  /** 'aborted' if a channel was, else the last model's reason. */
  stopped: StopReason;
}

/**
 * Refuses, before any work, a channel out of range and a model already in any directory the
 * training would write (unless resume or force): SrError 'bad-input' or 'exists'. Per-channel
 * training also refuses a MODEL_DIR that itself holds a model, so one folder never mixes a
 * single model with per-channel ones unasked.
 * @example refuseExistingModels('model', volume.shape.c, { channel: 1 })
 */
export function refuseExistingModels(
  dir: string,
  channelCount: number,
  options: Pick<TrainOptions, 'channel' | 'resume' | 'force'>,
  file?: string,
): ChannelModel[] {
  const models = channelModels(dir, channelCount, options.channel, file);
  refuseExistingModel(dir, options);
  for (const model of models) if (model.dir !== dir) refuseExistingModel(model.dir, options);
  return models;
}

/**
 * Trains the models of `volume` into `dir`: MODEL_DIR/c0 … c{C−1} for a stack of several
 * channels without `options.channel`, else one model into `dir`.
 * @example const { models } = await trainChannels(await openVolume('two-channel.ome.tif'), 'model', { preset: 'cpu' })
 */
export async function trainChannels(
  volume: Volume,
  dir: string,
  options: TrainOptions = {},
): Promise<TrainChannelsResult> {
  const plan = refuseExistingModels(dir, volume.shape.c, options, volume.path);
  const channels = plan.map((model) => model.channel);
  const perChannel = plan.length > 1;
  const resumable = options.resume && plan.some((model) => existsSync(join(model.dir, CHECKPOINT_FILE)));
  const models: ChannelTrainResult[] = [];
  for (const model of plan) {
    if (options.signal?.aborted && models.length > 0) break;
    const resume =
      options.resume && (!perChannel || !resumable || existsSync(join(model.dir, CHECKPOINT_FILE)));
    const result = await train(volume, model.dir, {
      ...options,
      channel: model.channel,
      resume,
      onProgress: options.onProgress && ((progress) => options.onProgress?.({ ...progress, channels })),
    });
    models.push({ ...result, ...model });
    if (result.stopped === 'aborted') break;
  }
  const aborted = models.some((model) => model.stopped === 'aborted');
  return { channels, models, stopped: aborted ? 'aborted' : models[models.length - 1].stopped };
}
