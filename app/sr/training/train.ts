/**
 * The self-supervised training loop: patches from the stack's own xy planes (patch-sampler),
 * L1 + Sobel loss, AdamW, validation each epoch, early stopping, time / patch budgets,
 * checkpoints every `checkpointEvery` seconds and at the end, and progress events.
 *
 * Exact resumption: batch k is a function of (seed, k); weights, AdamW moments and the
 * early-stopping state are restored bit for bit; validation runs only at epoch boundaries. So a
 * run resumed from step k reaches the same weights at step k + j as one never interrupted (on
 * the same backend). Budgets (time, patches) and patience may change on resume; what shapes the
 * batch stream or the optimisation may not (checkResumable).
 *
 * One model learns one input channel (`channel`, default 0) from the planes of the chosen time
 * points (`timepoints`, default all); `trainChannels` (train-channels.ts) trains a model per
 * channel. Both go into the model's metadata (meta.training.channel, .timepoints).
 *
 * The loop yields to the event loop after every step: wasm kernels never do, and progress
 * events, sockets and signals would otherwise starve.
 *
 * Early stopping counts epochs since the validation loss last improved by the relative
 * `minDelta`; the model, though, follows every improvement, however small.
 *
 * `model.safetensors` always holds the best weights seen: the best epoch's, or the final
 * weights if a last partial epoch scored better. It is (re)written with each checkpoint, so a
 * killed run still leaves a usable model.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirectory, type Volume } from '../../volume/index.js';
import { tf } from '../../compute/index.js';
import { SrError } from '../errors.js';
import { margin as networkMargin } from '../networks/architecture.js';
import { initWeights, type WeightMap } from '../networks/init.js';
import { MODEL_FILE, saveModel } from '../model-dir.js';
import {
  CHECKPOINT_FILE,
  checkResumable,
  fingerprintOf,
  loadCheckpoint,
  saveCheckpoint,
  type Checkpoint,
  type CheckpointState,
  type StopReason,
} from './checkpoint.js';
import { PatchSampler, type Batch } from './patch-sampler.js';
import { sampleNormalisation } from './sample-normalisation.js';
import { trainingPreset, type StopRules, type TrainSettings } from './settings.js';
import { createTrainer } from './trainer.js';
import type { EngineChoice } from '../networks/runner.js';
import {
  degradationForVolume,
  type DegradationOptions,
  type ResolvedDegradation,
} from './volume-degradation.js';
import { DEFAULT_AUGMENT, NO_NOISE, type AugmentOptions } from './augment.js';
import type { UserTrainOptions } from './train-options.js';
import { checkedChannel, trainingTimepoints } from './channel-plan.js';

export interface TrainProgress {
  /** The input channel this model learns. */
  channel: number;
  /** Every channel the training covers, in order (set by trainChannels; one model each). */
  channels?: number[];
  step: number;
  patches: number;
  epoch: number;
  /** This step's training loss. */
  loss: number;
  /** Set on the step that ends an epoch. */
  valLoss?: number;
  bestValLoss: number;
  /** Over this session (not counting earlier sessions of a resumed run). */
  patchesPerSecond: number;
  /** Seconds to the time or patch budget, whichever comes first (Infinity if neither). */
  eta: number;
  /** Training seconds so far, all sessions. */
  elapsed: number;
}

/**
 * Knobs of train() that users are not offered (tests and benchmarks set them); an option
 * users should have moves into TrainOptionsSchema (train-options.ts).
 */
export interface TrainTuning
  extends Pick<DegradationOptions, 'lateralFwhm'>, Partial<Pick<StopRules, 'patience' | 'minDelta'>> {
  augment?: Partial<AugmentOptions>;
  batch?: number;
  epochPatches?: number;
  valPatches?: number;
}

/** What train() takes: the user's options (TrainOptionsSchema's output), the tuning knobs and the run-time hooks. */
export interface TrainOptions extends UserTrainOptions, TrainTuning {
  /** The selected backend: its engine trains, its name goes into the model's metadata (default: the active tfjs backend). */
  backend?: EngineChoice & { name: string };
  onProgress?: (p: TrainProgress) => void;
  /** Where the slice-profile FWHM came from, before training starts (the CLI prints an estimate). */
  onDegradation?: (resolved: ResolvedDegradation, channel: number) => void;
  /** Stops after the current step, checkpoints, and resolves with stopped 'aborted'. */
  signal?: AbortSignal;
}

export interface TrainResult {
  stopped: StopReason;
  step: number;
  patches: number;
  epoch: number;
  bestValLoss: number;
  elapsed: number;
  history: CheckpointState['history'];
}

/**
 * Refuses to train afresh over a model: MODEL_DIR holding model.safetensors or a checkpoint
 * is continued (`resume`) or replaced (`force`), never overwritten silently. Throws
 * SrError('exists'). The engine calls it before starting a job, so the refusal is immediate.
 * @example refuseExistingModel('model', { resume: false, force: false })
 */
export function refuseExistingModel(dir: string, options: { resume?: boolean; force?: boolean }): void {
  if (options.resume || options.force) return;
  const existing = [MODEL_FILE, CHECKPOINT_FILE].find((name) => existsSync(join(dir, name)));
  if (existing === undefined) return;
  throw new SrError(
    'exists',
    `already holds a model (${existing}): continue its training with --resume, or replace it with --force`,
    { file: dir },
  );
}

/**
 * Trains on `volume` and writes MODEL_DIR/model.safetensors (+ checkpoint and history).
 * Trains on `options.backend`'s engine (ORT graphs or tfjs), else the active tfjs backend.
 * @example await train(await openVolume('stack.tif'), 'model', { preset: 'cpu', onProgress: console.log })
 */
export async function train(volume: Volume, dir: string, options: TrainOptions = {}): Promise<TrainResult> {
  refuseExistingModel(dir, options);
  const base = trainingPreset(options.preset ?? 'cpu');
  const seed = options.seed ?? 1;
  const channel = checkedChannel(options.channel, volume.shape.c, volume.path);
  const timepoints = trainingTimepoints(options.timepoints, volume.shape.t, volume.path);
  const resolved = await degradationForVolume(volume, {
    ...options,
    channel,
    timepoint: timepoints[0],
    signal: options.signal,
  });
  const { degradation } = resolved;
  options.onDegradation?.(resolved, channel);
  const augment: AugmentOptions = {
    ...DEFAULT_AUGMENT,
    ...(options.noise === false ? NO_NOISE : {}),
    ...options.augment,
  };
  const settings: TrainSettings = {
    preset: base.preset,
    network: base.network,
    seed,
    patch: base.patch,
    batch: options.batch ?? base.batch,
    lr: options.lr ?? base.lr,
    weightDecay: base.weightDecay,
    edgeWeight: base.edgeWeight,
    epochPatches: options.epochPatches ?? base.epochPatches,
    valPatches: options.valPatches ?? base.valPatches,
    valEvery: base.valEvery,
    batchesPerRegion: base.batchesPerRegion,
    regionMax: base.regionMax,
    augment,
    degradation,
    channel,
    timepoints,
  };
  const stop: StopRules = {
    maxPatches: options.maxPatches ?? base.maxPatches,
    timeBudget: options.timeBudget ?? base.timeBudget,
    patience: options.patience ?? base.patience,
    minDelta: options.minDelta ?? base.minDelta,
    checkpointEvery: options.checkpointEvery ?? base.checkpointEvery,
  };
  const { normalisation, contentHash } = await sampleNormalisation(
    volume,
    channel,
    undefined,
    undefined,
    timepoints,
  );
  const fingerprint = fingerprintOf(volume, contentHash);
  await makeDirectory(dir);

  let ck: Checkpoint;
  if (options.resume) {
    ck = await loadCheckpoint(dir);
    // Checkpoints from before time points sampled t = 0 only.
    ck.state.settings.timepoints ??= [0];
    checkResumable(ck.state, settings, fingerprint, dir);
    ck.state.stop = stop;
    if (ck.state.stopped === 'early-stop') return finish(dir, ck, options, resolved, undefined);
    ck.state.stopped = null;
  } else {
    const w = initWeights(settings.network, { seed });
    ck = {
      weights: w,
      best: w,
      adam: { t: 0, m: new Map(), v: new Map() },
      state: {
        format: 'isotrope-checkpoint/1',
        step: 0,
        epoch: 0,
        patches: 0,
        elapsed: 0,
        bestValLoss: Infinity,
        bestEpoch: 0,
        patienceRef: Infinity,
        sinceBest: 0,
        epochLoss: { sum: 0, count: 0 },
        stopped: null,
        settings,
        stop,
        fingerprint,
        normalisation,
        history: [],
      },
    };
  }
  const s = ck.state;
  const margin = marginOf(settings);
  const sampler = new PatchSampler(volume, { ...settings, margin, normalisation: s.normalisation });
  const val = await sampler.validation();
  const trainer = await createTrainer(options.backend, {
    config: settings.network,
    weights: ck.weights,
    adam: { lr: settings.lr, weightDecay: settings.weightDecay },
    adamState: ck.adam,
    edgeWeight: settings.edgeWeight,
    batch: settings.batch,
  });
  const stepsPerEpoch = Math.max(1, Math.round(settings.epochPatches / settings.batch));
  const started = performance.now();
  const sessionStart = { elapsed: s.elapsed, patches: s.patches };
  const now = (): number => sessionStart.elapsed + (performance.now() - started) / 1000;
  const snapshot = async (): Promise<void> => {
    s.elapsed = now();
    ck = { ...ck, weights: await trainer.weights(), adam: await trainer.optimiserState() };
    await saveCheckpoint(dir, ck);
    await saveModel(dir, ck.best, modelInfo(s, options, resolved));
  };
  let finalWeights: WeightMap | undefined;
  try {
    if (s.history.length === 0) {
      s.bestValLoss = s.patienceRef = await trainer.loss(val, settings.batch);
      s.history.push({ epoch: 0, step: 0, patches: 0, loss: null, valLoss: s.bestValLoss, elapsed: 0 });
    }
    let lastSave = performance.now();
    // Batch k is a function of (seed, k): the next one is cut while the engine's worker
    // thread computes this step (ORT), and dropped unused if the loop stops.
    let next: Promise<Batch> | undefined;
    for (;;) {
      const reason: StopReason | null = options.signal?.aborted
        ? 'aborted'
        : s.patches >= stop.maxPatches
          ? 'max-patches'
          : now() >= stop.timeBudget
            ? 'time-budget'
            : null;
      if (reason) {
        s.stopped = reason;
        break;
      }
      const batch = await (next ?? sampler.batch(s.step));
      const stepDone = trainer.step(batch);
      next = sampler.batch(s.step + 1);
      next.catch(() => undefined);
      const loss = await stepDone;
      s.step++;
      s.patches += batch.count;
      s.epochLoss.sum += loss;
      s.epochLoss.count++;
      let valLoss: number | undefined;
      if (s.step % stepsPerEpoch === 0) {
        valLoss = await trainer.loss(val, settings.batch);
        s.epoch++;
        s.history.push({
          epoch: s.epoch,
          step: s.step,
          patches: s.patches,
          loss: s.epochLoss.sum / s.epochLoss.count,
          valLoss,
          elapsed: now(),
        });
        s.epochLoss = { sum: 0, count: 0 };
        // Any improvement updates the model; only one by ≥ minDelta resets the patience.
        if (valLoss < s.bestValLoss) {
          s.bestValLoss = valLoss;
          s.bestEpoch = s.epoch;
          ck.best = await trainer.weights();
        }
        if (valLoss < s.patienceRef * (1 - stop.minDelta)) {
          s.patienceRef = valLoss;
          s.sinceBest = 0;
        } else s.sinceBest++;
      }
      const pps = (s.patches - sessionStart.patches) / Math.max(1e-9, now() - sessionStart.elapsed);
      const eta = Math.min(stop.timeBudget - now(), (stop.maxPatches - s.patches) / pps);
      options.onProgress?.({
        channel,
        step: s.step,
        patches: s.patches,
        epoch: s.epoch,
        loss,
        valLoss,
        bestValLoss: s.bestValLoss,
        patchesPerSecond: pps,
        eta: Math.max(0, eta),
        elapsed: now(),
      });
      if (s.sinceBest >= stop.patience) {
        s.stopped = 'early-stop';
        break;
      }
      if (performance.now() - lastSave >= stop.checkpointEvery * 1000) {
        await snapshot();
        lastSave = performance.now();
      }
      await new Promise((r) => setImmediate(r));
    }
    await snapshot();
    // A last partial epoch may beat the best epoch: the model keeps whichever validates better.
    if (s.step % stepsPerEpoch !== 0 && (await trainer.loss(val, settings.batch)) < s.bestValLoss) {
      finalWeights = ck.weights;
    }
  } finally {
    await trainer.dispose();
  }
  return finish(dir, ck, options, resolved, finalWeights);
}

/** Training needs the valid network: its margin is what the targets are cropped by. */
function marginOf(s: TrainSettings): number {
  if (s.network.kind !== 'valid')
    throw new SrError('bad-config', 'training is implemented for the valid network only');
  return networkMargin(s.network);
}

function modelInfo(s: CheckpointState, o: TrainOptions, resolved: ResolvedDegradation) {
  const st = s.settings;
  return {
    meta: {
      config: st.network,
      preset: st.preset,
      scale: st.degradation.ratio,
      normalisation: {},
      training: {
        seed: st.seed,
        lr: st.lr,
        weightDecay: st.weightDecay,
        batch: st.batch,
        patch: st.patch,
        edgeWeight: st.edgeWeight,
        augment: st.augment,
        steps: s.step,
        patches: s.patches,
        epochs: s.epoch,
        bestEpoch: s.bestEpoch,
        bestValLoss: s.bestValLoss,
        seconds: s.elapsed,
        lateralFwhm: resolved.lateralFwhm,
        // Where the slice profile came from, and the estimate's interval when it was measured.
        fwhmSource: resolved.fwhmSource,
        ...(resolved.estimate
          ? {
              fwhmEstimate: {
                fwhm: resolved.estimate.fwhm,
                low: resolved.estimate.low,
                high: resolved.estimate.high,
                method: resolved.estimate.method,
              },
            }
          : {}),
        backend: o.backend?.name ?? tf.getBackend(),
        input: s.fingerprint.path,
        channel: st.channel,
        timepoints: st.timepoints,
      },
    },
    normalisation: s.normalisation,
    degradation: st.degradation,
  };
}

async function finish(
  dir: string,
  ck: Checkpoint,
  o: TrainOptions,
  resolved: ResolvedDegradation,
  finalWeights: WeightMap | undefined,
): Promise<TrainResult> {
  const s = ck.state;
  await saveModel(dir, finalWeights ?? ck.best, modelInfo(s, o, resolved));
  return {
    stopped: s.stopped ?? 'early-stop',
    step: s.step,
    patches: s.patches,
    epoch: s.epoch,
    bestValLoss: s.bestValLoss,
    elapsed: s.elapsed,
    history: s.history,
  };
}
