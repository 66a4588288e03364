/**
 * The degradation model for a volume: ratio from its voxel size (or the user's), slice-profile
 * FWHM from the user, else from the sample.json beside a generated sample (which records the
 * true axial and lateral FWHM), else the z step (a light sheet about as thick as the z step).
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Volume } from '../../volume/types.js';
import { SrError } from '../errors.js';
import { degradationOf, type Degradation } from './degradation.js';

export interface DegradationOptions {
  /** Slice-profile FWHM in µm. */
  fwhm?: number;
  /** Blur the xy planes already carry, µm (default: sample.json's, else 0). */
  lateralFwhm?: number;
  /** In-plane pixel size, µm (default: the volume's). */
  xyPixel?: number;
  /** z step, µm (default: the volume's). */
  zStep?: number;
}

export interface ResolvedDegradation { degradation: Degradation; lateralFwhm: number; fwhmSource: 'user' | 'sample.json' | 'z step' }

async function sampleManifest(stack: string): Promise<{ axialFwhm?: number; lateralFwhm?: number } | undefined> {
  try {
    const m = JSON.parse(await readFile(join(dirname(stack), 'sample.json'), 'utf8')) as Record<string, unknown>;
    const files = m.files as { stack?: string; groundTruth?: string } | undefined;
    // Only for the LSFM stack it describes (not its isotropic ground truth).
    return files?.stack === basename(stack) ? m as { axialFwhm?: number; lateralFwhm?: number } : undefined;
  } catch {
    return undefined;
  }
}

/** @example const { degradation } = await degradationForVolume(volume, { fwhm: 2.2 }) */
export async function degradationForVolume(volume: Volume, o: DegradationOptions = {}): Promise<ResolvedDegradation> {
  const xy = o.xyPixel ?? volume.voxelSize.x;
  const z = o.zStep ?? volume.voxelSize.z;
  if (!xy || !z) {
    throw new SrError('bad-input', `voxel size unknown (x ${xy ?? '?'} µm, z ${z ?? '?'} µm): give it with --xy-pixel and --z-step`, { file: volume.path });
  }
  if (z < xy) throw new SrError('bad-input', `z step ${z} µm is finer than the xy pixel ${xy} µm: nothing to super-resolve`, { file: volume.path });
  const sample = await sampleManifest(volume.path);
  const fwhm = o.fwhm ?? sample?.axialFwhm ?? z;
  const fwhmSource = o.fwhm !== undefined ? 'user' : sample?.axialFwhm !== undefined ? 'sample.json' : 'z step';
  const lateralFwhm = o.lateralFwhm ?? sample?.lateralFwhm ?? 0;
  try {
    return { degradation: degradationOf(xy, z, fwhm, lateralFwhm), lateralFwhm, fwhmSource };
  } catch (e) {
    throw new SrError('bad-config', (e as Error).message, { file: volume.path, cause: e });
  }
}
