/**
 * The degradation model for a volume: ratio from its voxel size (or the user's), slice-profile
 * FWHM from the user, else the volume's recorded slice profile (our samples write theirs into
 * the OME-XML), else the profile estimated from the stack itself (app/sr/profile), else (a
 * stack too small to measure) the z step (a light sheet about as thick as the z step).
 */
import type { SliceProfileSource, Volume } from '../../volume/index.js';
import { SrError } from '../errors.js';
import { degradationOf, type Degradation } from './degradation.js';
import { estimateSliceProfile, type SliceProfileEstimate } from '../profile/estimate.js';

export interface DegradationOptions {
  /** Slice-profile FWHM in µm. */
  fwhm?: number;
  /** Blur the xy planes already carry, µm (default: the volume's slice profile's, else 0). */
  lateralFwhm?: number;
  /** In-plane pixel size, µm (default: the volume's). */
  xyPixel?: number;
  /** z step, µm (default: the volume's). */
  zStep?: number;
  /** The channel and time point the estimate measures when neither the user nor the file gives a FWHM. */
  channel?: number;
  timepoint?: number;
  signal?: AbortSignal;
}

/**
 * Where the FWHM came from: the user, the volume's slice profile (its source: 'ome-xml' or
 * 'estimate'), or the z step. 'sample.json' is what earlier versions reported for a generated
 * sample's stack, whose OME-XML now carries the profile; it stays a valid value.
 */
export type FwhmSource = 'user' | 'sample.json' | 'z step' | SliceProfileSource;

export interface ResolvedDegradation {
  degradation: Degradation;
  lateralFwhm: number;
  fwhmSource: FwhmSource;
  /** The estimate, when the FWHM comes from one measured here. */
  estimate?: SliceProfileEstimate;
  /** Why the z step was taken although an estimate was tried (the stack too small to measure). */
  estimateFailed?: string;
}

/** @example const { degradation } = await degradationForVolume(volume, { fwhm: 2.2 }) */
export async function degradationForVolume(
  volume: Volume,
  o: DegradationOptions = {},
): Promise<ResolvedDegradation> {
  const xy = o.xyPixel ?? volume.voxelSize.x;
  const z = o.zStep ?? volume.voxelSize.z;
  if (!xy || !z) {
    throw new SrError(
      'bad-input',
      `voxel size unknown (x ${xy ?? '?'} µm, z ${z ?? '?'} µm): give it with --xy-pixel and --z-step`,
      { file: volume.path },
    );
  }
  if (z < xy)
    throw new SrError(
      'bad-input',
      `z step ${z} µm is finer than the xy pixel ${xy} µm: nothing to super-resolve`,
      { file: volume.path },
    );
  const profile = volume.sliceProfile;
  let fwhm = z;
  let fwhmSource: FwhmSource = 'z step';
  if (o.fwhm !== undefined) {
    fwhm = o.fwhm;
    fwhmSource = 'user';
  } else if (profile && profile.axialFwhm !== null) {
    fwhm = profile.axialFwhm;
    fwhmSource = profile.source;
  }
  const lateralFwhm = o.lateralFwhm ?? profile?.lateralFwhm ?? 0;
  let measured: Pick<ResolvedDegradation, 'estimate' | 'estimateFailed'> = {};
  if (fwhmSource === 'z step') {
    try {
      const estimate = await estimateSliceProfile(volume, {
        xyPixel: xy,
        zStep: z,
        lateralFwhm,
        c: o.channel,
        t: o.timepoint,
        signal: o.signal,
      });
      fwhm = estimate.fwhm;
      fwhmSource = 'estimate';
      measured = { estimate };
    } catch (e) {
      // Too small a stack to measure: the z step, as before estimates existed.
      if (!(e instanceof SrError && e.tag === 'bad-input')) throw e;
      measured = { estimateFailed: e.message };
    }
  }
  try {
    return { degradation: degradationOf(xy, z, fwhm, lateralFwhm), lateralFwhm, fwhmSource, ...measured };
  } catch (e) {
    throw new SrError('bad-config', (e as Error).message, { file: volume.path, cause: e });
  }
}
