/**
 * `isotrope train VOLUME --out MODEL_DIR`: self-supervised training on the stack itself, with
 * a progress bar (loss, validation loss), a line per epoch on stderr when not on a terminal,
 * checkpoints, and `--resume` after an interruption. Ctrl-C stops after the current step and
 * checkpoints, so `--resume` continues from there.
 */
import { selectBackend } from '../compute/select.js';
import { openVolume } from '../volume/open.js';
import { train, type TrainOptions, type TrainProgress } from '../sr/training/train.js';
import { modelFile } from '../sr/model-dir.js';
import { progressBar } from './progress.js';
import { computeOptions } from './compute-options.js';

export interface TrainCommandOptions {
  out: string; preset?: string; seed?: string; resume?: boolean; backend?: string; fwhm?: string;
  time?: string; maxPatches?: string; xyPixel?: string; zStep?: string; checkpointEvery?: string; noise?: boolean; threads?: string;
}

function num(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} must be a non-negative number, got '${value}'`);
  return n;
}

export async function runTrain(path: string, o: TrainCommandOptions): Promise<void> {
  const options: TrainOptions = {
    preset: o.preset, seed: num(o.seed, '--seed'), resume: o.resume, fwhm: num(o.fwhm, '--fwhm'),
    timeBudget: num(o.time, '--time'), maxPatches: num(o.maxPatches, '--max-patches'),
    xyPixel: num(o.xyPixel, '--xy-pixel'), zStep: num(o.zStep, '--z-step'),
    checkpointEvery: num(o.checkpointEvery, '--checkpoint-every'), noise: o.noise,
  };
  const backend = await selectBackend(computeOptions(o));
  const volume = await openVolume(path).catch(async (e: unknown) => { await backend.dispose(); throw e; });
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
      process.stderr.write(`epoch ${p.epoch}: step ${p.step}, ${p.patches} patches, val loss ${p.valLoss.toFixed(5)}, ${p.patchesPerSecond.toFixed(1)} patches/s\n`);
    }
  };
  try {
    const r = await train(volume, o.out, { ...options, backend, onProgress, signal: abort.signal });
    bar.finish();
    const cubic = r.history[0]?.valLoss;
    process.stdout.write(`model         ${modelFile(o.out)}\n`
      + `stopped       ${r.stopped} after ${r.step} steps, ${r.patches} patches, ${r.epoch} epochs, ${Math.round(r.elapsed)} s\n`
      + `val loss      ${cubic?.toFixed(5)} (cubic) → ${r.bestValLoss.toFixed(5)} (best)\n`);
    if (r.stopped === 'aborted') process.stderr.write(`interrupted; continue with: isotrope train ${path} --out ${o.out} --resume\n`);
  } finally {
    bar.finish();
    process.off('SIGINT', onSigint);
    await volume.close();
    await backend.dispose();
  }
}
