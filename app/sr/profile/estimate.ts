/**
 * The slice profile (z PSF, a Gaussian FWHM) estimated from the stack alone. The object is
 * taken to be statistically isotropic, so an in-plane line blurred and sampled the way the
 * light sheet blurs and samples z should have the spectrum of a through-plane line. The
 * candidate blur whose degraded in-plane spectrum matches the recorded through-plane one
 * best is the extra blur z carries beyond the in-plane resolution; with the lateral FWHM the
 * stack records (else 0) it gives the FWHM training takes (`degradationOf` subtracts the
 * lateral one again in quadrature). The interval is a bootstrap over groups of lines.
 */
import { fwhmToSigma, mulberry32 } from '../../math/index.js';
import type { Volume } from '../../volume/index.js';
import { SrError } from '../errors.js';
import { fitCandidates } from './fit.js';
import { gatherSpectra } from './gather.js';
import { profilePlan } from './plan.js';

/** Candidate extra blurs, FWHM in z steps: 0 … 4 on a uniform grid (uniform: the parabola's). */
const GRID_STEP = 0.125;
const GRID_MAX = 4;
const BOOTSTRAP = 200;

/** What `method` says the estimate is. */
export const PROFILE_METHOD = 'spectrum-match';

export interface ProfileEstimateOptions {
  /** In-plane pixel and z step, µm (default: the volume's). */
  xyPixel?: number;
  zStep?: number;
  /** Blur the xy planes carry, µm (default: the volume's slice profile's, else 0). */
  lateralFwhm?: number;
  c?: number;
  t?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface SliceProfileEstimate {
  /** Slice-profile FWHM, µm: what to give training as --fwhm. */
  fwhm: number;
  /** The same in z steps. */
  fwhmSteps: number;
  /** 95 % bootstrap interval of fwhm, µm. */
  low: number;
  high: number;
  method: typeof PROFILE_METHOD;
  /** The blur z carries beyond the in-plane one, FWHM in µm (what the spectra measure). */
  extraFwhm: number;
  /** The lateral FWHM combined with it, µm. */
  lateralFwhm: number;
  xyPixel: number;
  zStep: number;
  /** Segments compared: through-plane, and in-plane per candidate. */
  segments: { throughPlane: number; inPlane: number };
  /** 'low' or 'high' when the best match is at the end of the searched range (0–4 z steps). */
  atLimit: 'low' | 'high' | null;
}

/** @example const { fwhm, low, high } = await estimateSliceProfile(await openVolume('stack.ome.tif')) */
export async function estimateSliceProfile(
  volume: Volume,
  options: ProfileEstimateOptions = {},
): Promise<SliceProfileEstimate> {
  const xyPixel = options.xyPixel ?? volume.voxelSize.x;
  const zStep = options.zStep ?? volume.voxelSize.z;
  if (!xyPixel || !zStep)
    throw new SrError(
      'bad-input',
      `voxel size unknown (x ${xyPixel ?? '?'} µm, z ${zStep ?? '?'} µm): give it with --xy-pixel and --z-step`,
      { file: volume.path },
    );
  const ratio = zStep / xyPixel;
  if (ratio < 1)
    throw new SrError('bad-input', `z step ${zStep} µm is finer than the xy pixel ${xyPixel} µm`, {
      file: volume.path,
    });
  const plan = profilePlan(volume.shape, ratio);
  const steps = Array.from({ length: Math.round(GRID_MAX / GRID_STEP) + 1 }, (_, i) => i * GRID_STEP);
  const sigmas = steps.map((f) => fwhmToSigma(f * ratio));
  const gathered = await gatherSpectra(volume, plan, ratio, sigmas, options);
  const all = (n: number): Float64Array => new Float64Array(n).fill(1);
  const best = fitCandidates(gathered, {
    through: all(gathered.through.length),
    inPlane: all(gathered.inPlane.length),
  });
  const rng = mulberry32(0xb007);
  const resample = (n: number): Float64Array => {
    const weights = new Float64Array(n);
    for (let i = 0; i < n; i++) weights[Math.floor(rng.next() * n)]++;
    return weights;
  };
  const draws: number[] = [];
  for (let b = 0; b < BOOTSTRAP; b++)
    draws.push(
      fitCandidates(gathered, {
        through: resample(gathered.through.length),
        inPlane: resample(gathered.inPlane.length),
      }).index,
    );
  draws.sort((p, q) => p - q);
  const quantile = (q: number): number => draws[Math.min(draws.length - 1, Math.floor(q * draws.length))];
  const lateralFwhm = options.lateralFwhm ?? volume.sliceProfile?.lateralFwhm ?? 0;
  const total = (index: number): number => Math.hypot(index * GRID_STEP * zStep, lateralFwhm);
  const fwhm = total(best.index);
  return {
    fwhm,
    fwhmSteps: fwhm / zStep,
    low: Math.min(fwhm, total(quantile(0.025))),
    high: Math.max(fwhm, total(quantile(0.975))),
    method: PROFILE_METHOD,
    extraFwhm: best.index * GRID_STEP * zStep,
    lateralFwhm,
    xyPixel,
    zStep,
    segments: {
      throughPlane: gathered.through.reduce((sum, group) => sum + group.count, 0),
      inPlane: gathered.inPlane.reduce((sum, group) => sum + group.count, 0),
    },
    atLimit: best.index === 0 ? 'low' : best.index === steps.length - 1 ? 'high' : null,
  };
}
