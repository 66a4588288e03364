/**
 * The network over a z-upsampled block, in both through-plane orientations, fused by mean.
 *
 * Every xz plane (fixed y: width x, height z) and every yz plane (fixed x: width y, height z)
 * goes through the tiled valid network with z along the rows, the way training presents the
 * degraded axis. The block is treated as the whole volume: it is reflect-padded by the
 * network's margin at its own y and z faces (x is padded per xz plane), and handed to
 * `superResolvePadded`, the same function a run's units use with real halos. So values within
 * a margin of a face depend on where a block was cut; runs read halos instead (app/run).
 */
import type { Dims3 } from '../interp/resample.js';
import type { NetworkRunner } from '../networks/runner.js';
import { SrError } from '../errors.js';
import { reflectIndex } from '../../math/index.js';
import {
  superResolvePaddedParts,
  type Orientations,
  type PaddedParts,
  type UnitNetworkOptions,
} from './super-resolve-padded.js';

export type { Orientations } from './super-resolve-padded.js';

export interface SuperResolveOptions extends Omit<UnitNetworkOptions, 'orientations'> {
  /** Which through-plane orientations to run and fuse (default 'both', the paper's mean fusion). */
  orientations?: Orientations;
  /** With both orientations: also compute their disagreement |xz − yz| / 2 (superResolveBlockParts). */
  disagreement?: boolean;
}

/**
 * @param upsampled the block after `interpolateZ` (intensities in the stack's units), x fastest
 * @returns the fused super-resolved block, same dims, same units
 * @example const sr = await superResolveBlock(up.data, up.dims, net, { normalisation: model.normalisation })
 */
export async function superResolveBlock(
  upsampled: Float32Array,
  dims: Dims3,
  net: NetworkRunner,
  options: SuperResolveOptions,
): Promise<Float32Array> {
  return (await superResolveBlockParts(upsampled, dims, net, { ...options, disagreement: false })).sr;
}

/** `superResolveBlock`, also returning the orientations' disagreement when `options.disagreement` (else null). */
export async function superResolveBlockParts(
  upsampled: Float32Array,
  dims: Dims3,
  net: NetworkRunner,
  options: SuperResolveOptions,
): Promise<PaddedParts> {
  const { x: X, y: Y, z: Z } = dims;
  if (upsampled.length !== X * Y * Z || X * Y * Z === 0) {
    throw new SrError(
      'bad-input',
      `superResolveBlock: ${upsampled.length} values do not make a non-empty ${X}×${Y}×${Z} block`,
    );
  }
  const orientations = options.orientations ?? 'both';
  if (!['both', 'xz', 'yz'].includes(orientations))
    throw new SrError('bad-config', `orientations '${orientations}': expected both, xz or yz`);
  const networkMargin = net.margin;
  const PY = Y + 2 * networkMargin;
  const PZ = Z + 2 * networkMargin;
  const padded = new Float32Array(X * PY * PZ);
  for (let z = 0; z < PZ; z++) {
    const sz = reflectIndex(z - networkMargin, Z);
    for (let y = 0; y < PY; y++) {
      const from = (sz * Y + reflectIndex(y - networkMargin, Y)) * X;
      padded.set(upsampled.subarray(from, from + X), (z * PY + y) * X);
    }
  }
  try {
    return await superResolvePaddedParts(padded, { x: X, y: PY, z: PZ }, net, { ...options, orientations });
  } catch (e) {
    if (e instanceof SrError && e.tag === 'aborted') throw e;
    throw new SrError(
      e instanceof SrError ? e.tag : 'inference',
      `super-resolving a ${X}×${Y}×${Z} block: ${(e as Error).message}`,
      { cause: e },
    );
  }
}
