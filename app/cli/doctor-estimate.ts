/**
 * `isotrope doctor VOLUME`'s time estimate, measured on this machine rather than guessed:
 *
 * - training: a real `train()` of the default `cpu` preset on the stack for a few seconds (into
 *   a temporary folder). It gives the set-up time (sampling the intensity normalisation and the
 *   validation patches, starting the engine) and the steps' patches per second. The preset trains
 *   for its time budget (10 min), per channel, so the estimate is set-up + budget per channel; the
 *   measured speed says how many patches that budget buys.
 * - run: one unit of the run grid (unit 64, the default) computed as `isotrope run` computes it
 *   (read the brick, interpolate z, the network over both orientations) with the probe's model on
 *   the chosen engine, over the first PROBE_WIDTH columns only. It is scaled to every unit of the
 *   whole grid and every (channel, time point) plane by the network's work (unitWork: the pixels
 *   of the padded xz and yz planes it runs over), so edge units' larger halos and the probe's
 *   narrow width are accounted for. Writing the store, MIPs and journal is left out: under 1 %
 *   of a run's time (README, Benchmarks: Runs).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend, type SelectedBackend } from '../compute/index.js';
import { computeUnit } from '../run/index.js';
import {
  createRunner,
  loadModel,
  train,
  trainingPreset,
  zTargetCount,
  type TrainProgress,
} from '../sr/index.js';
import type { Box, ReadOptions, TypedArray, Volume } from '../volume/index.js';

/** The contract's `estimate`: seconds of `isotrope train` (cpu preset) and of `isotrope run` on this machine. */
export interface Estimate {
  trainSeconds: number;
  runSeconds: number;
}

/** The estimate and what it was measured from (for the text report). */
export interface EstimateDetail extends Estimate {
  backend: string;
  device: string;
  /** Training steps' speed on this stack (patches of 64², batch 16). */
  trainPatchesPerSecond: number;
  /** Training's work before the first step, per channel. */
  trainSetupSeconds: number;
  /** The cpu preset's budget per channel. */
  trainBudgetSeconds: number;
  channels: number;
  /** Output voxels per second of the run's compute. */
  runVoxelsPerSecond: number;
  outputShape: { x: number; y: number; z: number };
  /** (channel, time point) planes a run covers. */
  planes: number;
  /** Wall seconds the probes took. */
  probeSeconds: number;
}

export interface EstimateOptions {
  backend?: string;
  threads?: number;
  xyPixel?: number;
  zStep?: number;
}

/** Seconds of the training probe's budget: the initial validation pass plus a few steps. */
const PROBE_TRAIN_SECONDS = 4;
/** Columns of the run probe's unit: wide enough that x halos add little, narrow enough for seconds. */
const PROBE_WIDTH = 64;
/** `isotrope run`'s default unit (y rows and output z planes). */
const RUN_UNIT = 64;

/**
 * The first `width` columns of `volume`, read through its own readBrick: what the run probe
 * hands computeUnit so that one unit costs seconds, not minutes, on a wide stack.
 */
export function narrowVolume(volume: Volume, width: number): Volume {
  const shape = { ...volume.shape, x: Math.min(width, volume.shape.x) };
  const whole = (extent: number) => ({ start: 0, end: extent });
  const readBrick = (box: Box, options?: ReadOptions): Promise<TypedArray> => volume.readBrick(box, options);
  return {
    ...volume,
    shape,
    readBrick,
    readPlaneXY: (z, options) =>
      readBrick({ x: whole(shape.x), y: whole(shape.y), z: { start: z, end: z + 1 } }, options),
    readPlaneXZ: (y, options) =>
      readBrick({ x: whole(shape.x), y: { start: y, end: y + 1 }, z: whole(shape.z) }, options),
    readPlaneYZ: (x, options) =>
      readBrick({ x: { start: x, end: x + 1 }, y: whole(shape.y), z: whole(shape.z) }, options),
    // The caller closes the volume it opened.
    close: async () => undefined,
  };
}

const secondsSince = (started: number): number => (performance.now() - started) / 1000;

/**
 * The network's work for a unit of `width` columns, `rows` output rows and `planes` output z
 * planes, in input pixels of the planes it runs (superResolvePadded): yz planes at every column
 * over the padded rows × padded planes, and xz planes at every core row over the reflect-padded
 * width × padded planes.
 * @example unitWork(64, 64, 64, 8) // 64·80·80 + 64·80·80 = 819200
 */
export function unitWork(width: number, rows: number, planes: number, margin: number): number {
  const paddedPlanes = planes + 2 * margin;
  return width * (rows + 2 * margin) * paddedPlanes + rows * (width + 2 * margin) * paddedPlanes;
}

/** unitWork summed over the grid of units of `unit` rows × `unit` planes covering `shape` (one plane). */
export function gridWork(shape: { x: number; y: number; z: number }, unit: number, margin: number): number {
  let work = 0;
  for (let row = 0; row < shape.y; row += unit)
    for (let plane = 0; plane < shape.z; plane += unit)
      work += unitWork(shape.x, Math.min(unit, shape.y - row), Math.min(unit, shape.z - plane), margin);
  return work;
}

/** A few seconds of real training: set-up time and steady patches/s. Leaves the model in `dir`. */
async function probeTraining(
  volume: Volume,
  dir: string,
  backend: SelectedBackend,
  options: EstimateOptions,
): Promise<{ setupSeconds: number; patchesPerSecond: number }> {
  const stepTimes: Array<{ at: number; patches: number }> = [];
  const started = performance.now();
  const result = await train(volume, dir, {
    preset: 'cpu',
    timeBudget: PROBE_TRAIN_SECONDS,
    checkpointEvery: Number.MAX_SAFE_INTEGER,
    xyPixel: options.xyPixel,
    zStep: options.zStep,
    backend,
    onProgress: (progress: TrainProgress) =>
      stepTimes.push({ at: performance.now(), patches: progress.patches }),
  });
  const wall = secondsSince(started);
  const first = stepTimes[0];
  const last = stepTimes[stepTimes.length - 1];
  // Between the first and last step: the initial validation pass and start-up stay out of the speed.
  const patchesPerSecond =
    stepTimes.length >= 2
      ? (last.patches - first.patches) / ((last.at - first.at) / 1000)
      : result.patches / Math.max(result.elapsed, 1e-9);
  return { setupSeconds: Math.max(0, wall - result.elapsed), patchesPerSecond };
}

/** One unit's compute over the first columns: seconds per unit of work (unitWork), the network's set-up and its margin. */
async function probeRun(
  volume: Volume,
  modelDir: string,
  backend: SelectedBackend,
): Promise<{
  secondsPerWork: number;
  setupSeconds: number;
  margin: number;
  outputShape: { x: number; y: number; z: number };
}> {
  const model = await loadModel(modelDir);
  const ratio = model.degradation.ratio;
  const outZ = zTargetCount(volume.shape.z, ratio);
  const setupStarted = performance.now();
  const net = await createRunner(backend, model.meta.config, model.weights);
  const setupSeconds = secondsSince(setupStarted);
  try {
    const narrow = narrowVolume(volume, PROBE_WIDTH);
    const context = {
      volume: narrow,
      net,
      ratio,
      outZ,
      normalisation: model.normalisation,
      orientations: 'both' as const,
    };
    const core = (rows: number, planes: number): Box => ({
      x: { start: 0, end: narrow.shape.x },
      y: { start: 0, end: Math.min(rows, volume.shape.y) },
      z: { start: 0, end: Math.min(planes, outZ) },
    });
    // A small unit first: the engine's first pass allocates and compiles, later ones do not.
    await computeUnit(context, core(8, 8));
    const unit = core(RUN_UNIT, RUN_UNIT);
    const started = performance.now();
    await computeUnit(context, unit);
    const seconds = secondsSince(started);
    const work = unitWork(narrow.shape.x, unit.y.end - unit.y.start, unit.z.end - unit.z.start, net.margin);
    return {
      secondsPerWork: seconds / work,
      setupSeconds,
      margin: net.margin,
      outputShape: { x: volume.shape.x, y: volume.shape.y, z: outZ },
    };
  } finally {
    await net.dispose();
  }
}

/**
 * Measures training and run speed on `volume` with the engine automatic selection (or
 * `options.backend`) takes, and scales them to the whole job.
 * @example const e = await estimateTimes(await openVolume('stack.tif')); console.log(e.trainSeconds, e.runSeconds)
 */
export async function estimateTimes(volume: Volume, options: EstimateOptions = {}): Promise<EstimateDetail> {
  const started = performance.now();
  const backend = await selectBackend({ preferred: options.backend, threads: options.threads });
  const folder = await mkdtemp(join(tmpdir(), 'isotrope-doctor-'));
  try {
    const modelDir = join(folder, 'model');
    const training = await probeTraining(volume, modelDir, backend, options);
    const run = await probeRun(volume, modelDir, backend);
    const channels = volume.shape.c;
    const planes = volume.shape.c * volume.shape.t;
    const { x, y, z } = run.outputShape;
    const outputVoxels = x * y * z * planes;
    const runComputeSeconds = gridWork(run.outputShape, RUN_UNIT, run.margin) * planes * run.secondsPerWork;
    // What `isotrope train` runs for by default: the cpu preset's budget (early stopping may end it sooner).
    const budget = trainingPreset('cpu').timeBudget;
    return {
      trainSeconds: channels * (training.setupSeconds + budget),
      runSeconds: run.setupSeconds + runComputeSeconds,
      backend: backend.name,
      device: backend.device,
      trainPatchesPerSecond: training.patchesPerSecond,
      trainSetupSeconds: training.setupSeconds,
      trainBudgetSeconds: budget,
      channels,
      runVoxelsPerSecond: outputVoxels / runComputeSeconds,
      outputShape: { x, y, z },
      planes,
      probeSeconds: secondsSince(started),
    };
  } finally {
    await backend.dispose();
    await rm(folder, { recursive: true, force: true });
  }
}
