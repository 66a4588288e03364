/**
 * Which models one `train` writes and which planes they learn from, checked against the stack
 * before any work: a stack of C > 1 channels without a chosen channel gets one model per
 * channel (MODEL_DIR/c<k>, because channels differ in intensity and structure), a chosen
 * channel or a single-channel stack gets one model in MODEL_DIR itself. Time points are a
 * selection ("all", "0-4"), default all. An index out of range is one SrError('bad-input')
 * line naming the valid range.
 */
import { resolveSelection, SelectionError } from '../../options/index.js';
import { SrError } from '../errors.js';
import { channelModelDir } from '../model-dir.js';

/** One model a training writes: the input channel it learns and its directory. */
export interface ChannelModel {
  channel: number;
  dir: string;
}

/** resolveSelection with its SelectionError as the SR layer's bad-input error (naming the stack). */
function selectOrRefuse(
  text: string | undefined,
  count: number,
  what: string,
  flag: string,
  file?: string,
): number[] {
  try {
    return resolveSelection(text, count, what, flag);
  } catch (e) {
    if (e instanceof SelectionError) throw new SrError('bad-input', e.message, { file, cause: e });
    throw e;
  }
}

/**
 * The input channel a single model trains on (default 0), checked against the stack's `count`.
 * @example checkedChannel(5, 2, 'stack.tif') // throws "stack.tif: --channel 5: channel 5 is out of range: the stack has 2 channels (0–1)"
 */
export function checkedChannel(channel: number | undefined, count: number, file?: string): number {
  if (channel === undefined) return 0;
  return selectOrRefuse(String(channel), count, 'channel', '--channel', file)[0];
}

/**
 * The input time points training samples: `text` as `--timepoints` takes it (default all).
 * @example trainingTimepoints('1-2', 4) // [1, 2]
 */
export function trainingTimepoints(text: string | undefined, count: number, file?: string): number[] {
  return selectOrRefuse(text, count, 'time point', '--timepoints', file);
}

/**
 * The models a training into `dir` writes on a stack of `channelCount` channels: every
 * channel into dir/c<k> when there are several and none is chosen, else the one channel into
 * dir itself.
 * @example channelModels('model', 2) // [{ channel: 0, dir: 'model/c0' }, { channel: 1, dir: 'model/c1' }]
 * @example channelModels('model', 2, 1) // [{ channel: 1, dir: 'model' }]
 */
export function channelModels(
  dir: string,
  channelCount: number,
  channel?: number,
  file?: string,
): ChannelModel[] {
  if (channel !== undefined || channelCount <= 1)
    return [{ channel: checkedChannel(channel, channelCount, file), dir }];
  return Array.from({ length: channelCount }, (_, k) => ({ channel: k, dir: channelModelDir(dir, k) }));
}
