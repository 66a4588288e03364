/**
 * `isotrope train VOLUME --out MODEL_DIR`: self-supervised training on the stack itself, with
 * a progress bar (loss, validation loss), a line per epoch on stderr when not on a terminal,
 * checkpoints, and `--resume` after an interruption. Ctrl-C stops after the current step and
 * checkpoints, so `--resume` continues from there.
 */
import { selectBackend } from '../compute/index.js';
import { openVolume } from '../volume/index.js';
import { refuseExistingModel, train, type TrainProgress, modelFile } from '../sr/index.js';
import { TrainOptionsSchema } from '../sr/training/train-options.js';
import { progressBar } from './progress.js';
import { ComputeOptionsSchema } from '../compute/compute-options.js';
import { computeOptions } from './backend-choice.js';
import { parseOptions } from './options.js';

/** Every flag of `isotrope train` but --out: training's own options, then --backend and --threads. */
export const TrainFlags = TrainOptionsSchema.extend(ComputeOptionsSchema.shape);

export async function runTrain(path: string, bag: { out: string } & Record<string, unknown>): Promise<void> {
  const { backend: backendName, threads, ...options } = parseOptions(TrainFlags, bag);
  const out = bag.out;
  // Before a backend starts: an existing model is continued (--resume) or replaced (--force), never overwritten silently.
  refuseExistingModel(out, options);
  const backend = await selectBackend(computeOptions({ backend: backendName, threads }));
  const volume = await openVolume(path).catch(async (e: unknown) => {
    await backend.dispose();
    throw e;
  });
  const abort = new AbortController();
  const onSigint = (): void => abort.abort();
  process.once('SIGINT', onSigint);
  process.stderr.write(`backend ${backend.name} (${backend.device}): ${backend.reason}\n`);
  const bar = progressBar({ label: 'training', unit: 'patches' });
  let first: number | undefined;
  const onProgress = (p: TrainProgress): void => {
    first ??= p.patches;
    const done = p.patches - first;
    const val = Number.isFinite(p.bestValLoss) ? ` best val ${p.bestValLoss.toFixed(4)}` : '';
    bar.update(done, done + p.eta * p.patchesPerSecond, `epoch ${p.epoch} loss ${p.loss.toFixed(4)}${val}`);
    if (p.valLoss !== undefined && !process.stderr.isTTY) {
      process.stderr.write(
        `epoch ${p.epoch}: step ${p.step}, ${p.patches} patches, val loss ${p.valLoss.toFixed(5)}, ${p.patchesPerSecond.toFixed(1)} patches/s\n`,
      );
    }
  };
  try {
    const r = await train(volume, out, { ...options, backend, onProgress, signal: abort.signal });
    bar.finish();
    const cubic = r.history[0]?.valLoss;
    process.stdout.write(
      `model         ${modelFile(out)}\n` +
        `stopped       ${r.stopped} after ${r.step} steps, ${r.patches} patches, ${r.epoch} epochs, ${Math.round(r.elapsed)} s\n` +
        `val loss      ${cubic?.toFixed(5)} (cubic) → ${r.bestValLoss.toFixed(5)} (best)\n`,
    );
    if (r.stopped === 'aborted')
      process.stderr.write(`interrupted; continue with: isotrope train ${path} --out ${out} --resume\n`);
  } finally {
    bar.finish();
    process.off('SIGINT', onSigint);
    await volume.close();
    await backend.dispose();
  }
}
