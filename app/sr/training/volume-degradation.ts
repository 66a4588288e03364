/**
 * The degradation model for a volume: ratio from its voxel size (or the user's), slice-profile
 * FWHM from the user, else the volume's recorded slice profile (our samples write theirs into
 * the OME-XML), else the z step (a light sheet about as thick as the z step).
 */
import type { SliceProfileSource, Volume } from '../../volume/index.js';
import { SrError } from '../errors.js';
import { degradationOf, type Degradation } from './degradation.js';

export interface DegradationOptions {
  /** Slice-profile FWHM in µm. */
  fwhm?: number;
  /** Blur the xy planes already carry, µm (default: the volume's slice profile's, else 0). */
  lateralFwhm?: number;
  /** In-plane pixel size, µm (default: the volume's). */
  xyPixel?: number;
  /** z step, µm (default: the volume's). */
  zStep?: number;
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
  try {
    return { degradation: degradationOf(xy, z, fwhm, lateralFwhm), lateralFwhm, fwhmSource };
  } catch (e) {
    throw new SrError('bad-config', (e as Error).message, { file: volume.path, cause: e });
  }
}
