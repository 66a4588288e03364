/**
 * `isotrope train VOLUME --out MODEL_DIR`: self-supervised training on the stack itself, with
 * a progress bar (loss, validation loss), a line per epoch on stderr when not on a terminal,
 * checkpoints, and `--resume` after an interruption. Ctrl-C stops after the current step and
 * checkpoints, so `--resume` continues from there.
 *
 * A stack of several channels trains one model per channel, MODEL_DIR/c0 … c{C−1}, one after
 * the other (each with its own --time), and every progress line names the channel; `--channel
 * C` trains that channel alone into MODEL_DIR (trainChannels in the sr layer decides).
 */
import { selectBackend } from '../compute/index.js';
import { openVolume, requireWritableFolder } from '../volume/index.js';
import {
  refuseExistingModels,
  trainChannels,
  type ChannelTrainResult,
  type TrainProgress,
  type ResolvedDegradation,
  modelFile,
} from '../sr/index.js';
import { TrainOptionsSchema } from '../sr/training/train-options.js';
import { progressBar, trainingChannelNote, type ProgressBar } from './progress.js';
import { ComputeOptionsSchema } from '../compute/compute-options.js';
import { computeOptions } from './backend-choice.js';
import { parseOptions } from './options.js';
import { profileLine } from './profile.js';

/** Every flag of `isotrope train` but --out: training's own options, then --backend and --threads. */
export const TrainFlags = TrainOptionsSchema.extend(ComputeOptionsSchema.shape);

/** The summary of one model on stdout (with its channel first when the stack has several). */
function modelSummary(model: ChannelTrainResult, stackChannels: number): string {
  const cubic = model.history[0]?.valLoss;
  return (
    (stackChannels > 1 ? `channel       ${model.channel}\n` : '') +
    `model         ${modelFile(model.dir)}\n` +
    `stopped       ${model.stopped} after ${model.step} steps, ${model.patches} patches, ${model.epoch} epochs, ${Math.round(model.elapsed)} s\n` +
    `val loss      ${cubic?.toFixed(5)} (cubic) → ${model.bestValLoss.toFixed(5)} (best)\n`
  );
}

export async function runTrain(path: string, bag: { out: string } & Record<string, unknown>): Promise<void> {
  const { backend: backendName, threads, ...options } = parseOptions(TrainFlags, bag);
  const out = bag.out;
  // Headers only: the channel count decides which model directories training writes.
  const volume = await openVolume(path);
  const stackChannels = volume.shape.c;
  // Before a backend starts: a channel out of range is refused, and an existing model is
  // continued (--resume) or replaced (--force), never overwritten silently.
  try {
    refuseExistingModels(out, stackChannels, options, volume.path);
    // Before training starts: an --out that cannot be written fails now, not after the first epoch.
    await requireWritableFolder(out, 'choose another --out');
  } catch (e) {
    await volume.close();
    throw e;
  }
  const backend = await selectBackend(computeOptions({ backend: backendName, threads })).catch(
    async (e: unknown) => {
      await volume.close();
      throw e;
    },
  );
  const abort = new AbortController();
  const onSigint = (): void => abort.abort();
  process.once('SIGINT', onSigint);
  process.stderr.write(`backend ${backend.name} (${backend.device}): ${backend.reason}\n`);
  // One bar per model: a new channel starts its own bar and its own count of patches.
  let bar: ProgressBar | undefined;
  let barChannel: number | undefined;
  let first: number | undefined;
  const onProgress = (p: TrainProgress): void => {
    const channelNote = trainingChannelNote(p.channel, p.channels ?? [p.channel], stackChannels);
    if (bar === undefined || barChannel !== p.channel) {
      bar?.finish();
      bar = progressBar({ label: channelNote ? `training ${channelNote}` : 'training', unit: 'patches' });
      barChannel = p.channel;
      first = undefined;
      if (channelNote && !process.stderr.isTTY) process.stderr.write(`training ${channelNote}\n`);
    }
    first ??= p.patches;
    const done = p.patches - first;
    const val = Number.isFinite(p.bestValLoss) ? ` best val ${p.bestValLoss.toFixed(4)}` : '';
    bar.update(done, done + p.eta * p.patchesPerSecond, `epoch ${p.epoch} loss ${p.loss.toFixed(4)}${val}`);
    if (p.valLoss !== undefined && !process.stderr.isTTY) {
      process.stderr.write(
        `${channelNote ? `${channelNote}, ` : ''}epoch ${p.epoch}: step ${p.step}, ${p.patches} patches, val loss ${p.valLoss.toFixed(5)}, ${p.patchesPerSecond.toFixed(1)} patches/s\n`,
      );
    }
  };
  try {
    const onDegradation = (resolved: ResolvedDegradation, channel: number): void => {
      const prefix = stackChannels > 1 ? `channel ${channel}: ` : '';
      if (resolved.estimate)
        process.stderr.write(`${prefix}${profileLine(resolved.estimate)}; pass --fwhm to override\n`);
      else if (resolved.estimateFailed)
        process.stderr.write(
          `${prefix}slice profile: FWHM = the z step (${resolved.estimateFailed}); pass --fwhm to set it\n`,
        );
    };
    const r = await trainChannels(volume, out, {
      ...options,
      backend,
      onProgress,
      onDegradation,
      signal: abort.signal,
    });
    bar?.finish();
    bar = undefined;
    process.stdout.write(r.models.map((model) => modelSummary(model, stackChannels)).join(''));
    if (r.stopped === 'aborted') {
      const channel = options.channel === undefined ? '' : ` --channel ${options.channel}`;
      process.stderr.write(
        `interrupted; continue with: isotrope train ${path} --out ${out}${channel} --resume\n`,
      );
    }
  } finally {
    bar?.finish();
    process.off('SIGINT', onSigint);
    await volume.close();
    await backend.dispose();
  }
}
