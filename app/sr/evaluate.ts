/**
 * Evaluation against an isotropic ground truth: how much the model gains over the bicubic
 * baseline, in PSNR and SSIM (3D and per xy plane).
 *
 * The low-resolution input is either a real stack of the same object (`input`) or, by
 * default, the truth degraded along z with the slice profile (`degradeZ`). From it, SR
 * (interpolateZ + network on xz/yz + mean fusion) and bicubic (interpolateZ alone) are built on
 * the truth's grid: output plane j at truth plane j, input coordinate j / r. Only planes
 * j ≤ (K − 1)·r are compared (K input planes): beyond the last input plane both methods would
 * extrapolate, which says nothing about super-resolution. The data range for PSNR and SSIM is
 * max − min of the compared truth voxels, the same for both methods.
 */
import type { Volume } from '../volume/index.js';
import type { Dims3 } from './interp/resample.js';
import type { LoadedModel } from './model-dir.js';
import { createRunner, type EngineChoice } from './networks/runner.js';
import { SrError } from './errors.js';
import { degradationOf } from './training/degradation.js';
import { degradeZ } from './degrade-z.js';
import { readVolumeFloat32, superResolveArray } from './inference/whole-volume.js';
import { zTargetCount } from './inference/z-grid.js';
import type { Orientations } from './inference/super-resolve-block.js';
import { dataRange, psnr, psnrPerPlane } from './metrics/psnr.js';
import { ssim } from './metrics/ssim.js';
import { disagreementErrorCorrelation } from './metrics/spearman.js';

/** Slice-profile FWHM (µm) when neither the user nor the model gives one: the paper's light sheet. */
export const DEFAULT_EVAL_FWHM = 2.2;

export interface MethodScores {
  /** dB over the compared voxels; Infinity (JSON: null) when identical to the truth. */
  psnr: number;
  /** 3D SSIM. */
  ssim: number;
  /** Mean of the per-plane 2D SSIM. */
  ssimPlaneMean: number;
  psnrPlanes: number[];
  ssimPlanes: number[];
}

export interface Evaluation {
  sr: MethodScores;
  bicubic: MethodScores;
  /** z step / xy pixel of the low-resolution input. */
  ratio: number;
  /** Slice-profile FWHM in µm used to simulate the input (with a real input: unused, reported as resolved). */
  fwhm: number;
  /** Blur the truth already carries (µm), discounted from the simulated slice profile. */
  lateralFwhm: number;
  /** Simulated z blur in truth planes (0 with a real input). */
  sigma: number;
  /** 'simulated' (truth degraded along z) or 'input' (a real stack given with --input). */
  source: 'simulated' | 'input';
  orientations: Orientations;
  /** Truth dims and how many of its planes were compared (from plane 0). */
  truth: Dims3;
  planesCompared: number;
  /** Low-resolution input planes K. */
  inputPlanes: number;
  dataRange: number;
  seconds: number;
  /** SR of each orientation alone (with `perOrientation` and both orientations); absent otherwise. */
  orientationScores?: { xz: MethodScores; yz: MethodScores };
  /**
   * With both orientations: Spearman ρ between their disagreement |xz − yz| / 2 and the error
   * |SR − truth| over the compared voxels (`voxels` of them, every k-th when there are many);
   * ρ is null in JSON (NaN) when either is constant. `differenceSpearman`: the same ρ for
   * |SR − bicubic| (where the network changed the data), the baseline a confidence map must beat
   * to say more than "the network worked here".
   */
  confidence?: { spearman: number; voxels: number; differenceSpearman: number };
}

export interface EvaluateOptions {
  /** Default: the model's degradation ratio (or the input's voxel z / x with `input`). */
  ratio?: number;
  /** Slice-profile FWHM, µm. Default: the model's, else DEFAULT_EVAL_FWHM. */
  fwhm?: number;
  /** Blur the truth already has, µm. Default: the truth's slice profile (a sample's OME-XML), else 0. */
  lateralFwhm?: number;
  /** A real low-resolution stack of the same object instead of the simulated one. */
  input?: Volume;
  orientations?: Orientations;
  /** With both orientations: also score xz alone and yz alone (twice the network time). */
  perOrientation?: boolean;
  tile?: number;
  batch?: number;
  /** Engine to run on (default: the active tfjs backend). */
  backend?: EngineChoice;
  /** (done, total) in steps: one per network plane, then one per method's metrics. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

function scores(truth: Float32Array, test: Float32Array, dims: Dims3, range: number): MethodScores {
  const s = ssim(truth, test, dims, { range });
  return {
    psnr: psnr(truth, test, range),
    ssim: s.ssim,
    ssimPlaneMean: s.planeMean,
    psnrPlanes: [...psnrPerPlane(truth, test, dims, range)],
    ssimPlanes: [...s.perPlane],
  };
}

/** The compared volumes themselves, on the truth's grid cropped to the compared planes (x fastest). */
export interface EvaluatedVolumes {
  dims: Dims3;
  truth: Float32Array;
  sr: Float32Array;
  bicubic: Float32Array;
  /** |xz − yz| / 2 with both orientations (the run's confidence map), else absent. */
  disagreement?: Float32Array;
  /** µm per voxel of the truth's grid (null when its file does not say). */
  voxelUm: number | null;
}

/**
 * @example const e = await evaluate(await openVolume(gtPath), await loadModel(dir)); e.sr.psnr - e.bicubic.psnr
 */
export async function evaluate(
  truthVolume: Volume,
  model: LoadedModel,
  options: EvaluateOptions = {},
): Promise<Evaluation> {
  return (await evaluateVolumes(truthVolume, model, options)).evaluation;
}

/**
 * `evaluate`, also returning the volumes it scored (for the evaluation report's crops).
 * @example const { evaluation, volumes } = await evaluateVolumes(truth, model)
 */
export async function evaluateVolumes(
  truthVolume: Volume,
  model: LoadedModel,
  options: EvaluateOptions = {},
): Promise<{ evaluation: Evaluation; volumes: EvaluatedVolumes }> {
  const start = performance.now();
  const input = options.input;
  const { x: xy, z: truthZ } = truthVolume.voxelSize;
  if (xy && truthZ && Math.abs(truthZ / xy - 1) > 0.01) {
    throw new SrError(
      'bad-input',
      `the ground truth is not isotropic (xy ${xy} µm, z ${truthZ} µm): give the isotropic volume as --truth`,
      { file: truthVolume.path },
    );
  }
  const inputRatio =
    input?.voxelSize.x && input.voxelSize.z ? input.voxelSize.z / input.voxelSize.x : undefined;
  const ratio = options.ratio ?? (input ? inputRatio : model.degradation.ratio);
  if (!(ratio !== undefined && ratio >= 1)) {
    throw new SrError('bad-config', `ratio ${ratio ?? 'unknown'}: need a z / xy ratio ≥ 1 (give --ratio)`, {
      file: input?.path ?? model.path,
    });
  }
  const lateralFwhm = options.lateralFwhm ?? truthVolume.sliceProfile?.lateralFwhm ?? 0;
  const fwhm = options.fwhm ?? (model.degradation.fwhm > 0 ? model.degradation.fwhm : DEFAULT_EVAL_FWHM);
  const truth = await readVolumeFloat32(truthVolume, { signal: options.signal });
  const dims = truth.dims;
  let lr: { data: Float32Array; dims: Dims3 };
  let sigma = 0;
  if (input) {
    lr = await readVolumeFloat32(input, { signal: options.signal });
    if (lr.dims.x !== dims.x || lr.dims.y !== dims.y) {
      throw new SrError(
        'bad-input',
        `input is ${lr.dims.x}×${lr.dims.y} in xy, the truth ${dims.x}×${dims.y}`,
        { file: input.path },
      );
    }
  } else {
    if (!xy)
      throw new SrError('bad-input', 'voxel size unknown: cannot turn the slice-profile FWHM into pixels', {
        file: truthVolume.path,
      });
    sigma = degradationOf(xy, ratio * xy, fwhm, lateralFwhm).sigma;
    lr = degradeZ(truth.data, dims, { ratio, sigma });
  }
  const J = Math.min(dims.z, zTargetCount(lr.dims.z, ratio));
  const cropDims = { ...dims, z: J };
  const coords = Float64Array.from({ length: J }, (_, j) => j / ratio);
  const gt = truth.data.subarray(0, dims.x * dims.y * J);
  const range = dataRange(gt);
  const separate = options.perOrientation === true && (options.orientations ?? 'both') === 'both';
  const net = await createRunner(options.backend, model.meta.config, model.weights);
  // Steps: the fused run's planes (and as many again for xz and yz alone), then two for the metrics.
  let steps = 0;
  let offset = 0;
  let planesOfRun = 0;
  const total = (): number => (separate ? 2 * steps : steps) + 2;
  const run = (orientations: Orientations | undefined, first: boolean) =>
    superResolveArray(lr.data, lr.dims, ratio, net, {
      coords,
      normalisation: model.normalisation,
      orientations,
      disagreement: first,
      tile: options.tile,
      batch: options.batch,
      signal: options.signal,
      onProgress: (done, planes) => {
        if (first) steps = planes;
        planesOfRun = planes;
        options.onProgress?.(offset + done, total());
      },
    }).finally(() => {
      offset += planesOfRun;
    });
  let result;
  let orientationScores: Evaluation['orientationScores'];
  try {
    result = await run(options.orientations, true);
    if (separate) {
      const xz = scores(gt, (await run('xz', false)).sr, cropDims, range);
      const yz = scores(gt, (await run('yz', false)).sr, cropDims, range);
      orientationScores = { xz, yz };
    }
  } finally {
    await net.dispose();
  }
  const sr = scores(gt, result.sr, cropDims, range);
  options.onProgress?.(total() - 1, total());
  const bicubic = scores(gt, result.bicubic, cropDims, range);
  options.onProgress?.(total(), total());
  const disagreement = result.disagreement;
  const confidence = disagreement && {
    ...disagreementErrorCorrelation(disagreement, result.sr, gt),
    differenceSpearman: disagreementErrorCorrelation(
      result.sr.map((v, i) => Math.abs(v - result.bicubic[i])),
      result.sr,
      gt,
    ).spearman,
  };
  const volumes: EvaluatedVolumes = {
    dims: cropDims,
    truth: gt,
    sr: result.sr,
    bicubic: result.bicubic,
    ...(disagreement ? { disagreement } : {}),
    voxelUm: xy ?? null,
  };
  const evaluation: Evaluation = {
    sr,
    bicubic,
    ratio,
    fwhm,
    lateralFwhm,
    sigma,
    source: input ? 'input' : 'simulated',
    orientations: options.orientations ?? 'both',
    truth: dims,
    planesCompared: J,
    inputPlanes: lr.dims.z,
    dataRange: range,
    seconds: (performance.now() - start) / 1000,
    ...(orientationScores ? { orientationScores } : {}),
    ...(confidence ? { confidence } : {}),
  };
  return { evaluation, volumes };
}
