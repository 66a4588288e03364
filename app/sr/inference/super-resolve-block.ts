/**
 * The network over a z-upsampled block, in both through-plane orientations, fused by mean.
 *
 * Every xz plane (fixed y: width x, height z) and every yz plane (fixed x: width y, height z)
 * goes through the tiled valid network with z along the rows, the way training presents the
 * degraded axis. Each plane is pre-padded by the network's margin (reflect) so its output has
 * the plane's size. That padding happens at the block's own x/y/z faces: values within a margin
 * of a face depend on where the block was cut. Issue 6's units therefore read a halo of ≥ margin
 * around the slab they keep (and the interpolation support in input z) and discard it; this
 * function just takes an explicit block and returns the full block, halo included.
 *
 * Fusion works on residuals: result = input + (hi − lo)·mean(net(n) − n), n the normalised
 * plane. That is denormalise(mean(net(n))) in exact arithmetic, but it keeps float32 rounding
 * of the normalise/denormalise round trip out of the result: a zero-tail (untrained) network
 * returns its input bit for bit, so SR equals the bicubic baseline exactly.
 */
import type { Dims3 } from '../interp/resample.js';
import type { Normalisation } from '../normalisation.js';
import type { SrNetwork } from '../networks/network.js';
import { SrError } from '../errors.js';
import { runTiled } from '../tiled-inference.js';
import { chooseTiling } from '../tiling-choice.js';

export type Orientations = 'both' | 'xz' | 'yz';

export interface SuperResolveOptions {
  /** Which through-plane orientations to run and fuse (default 'both', the paper's mean fusion). */
  orientations?: Orientations;
  /** Tile input size N (default: the largest that `chooseTiling` fits in 512 MiB for the block's planes). */
  tile?: number;
  /** Tiles per forward pass (default: runTiled's). */
  batch?: number;
  /** How the model maps intensities to network units (the model's, from loadModel). */
  normalisation: Normalisation;
  /** Called after each plane with (planes done, planes total). */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * @param upsampled the block after `interpolateZ` (intensities in the stack's units), x fastest
 * @returns the fused super-resolved block, same dims, same units
 * @example const sr = await superResolveBlock(up.data, up.dims, net, { normalisation: model.normalisation })
 */
export async function superResolveBlock(upsampled: Float32Array, dims: Dims3, net: SrNetwork,
  options: SuperResolveOptions): Promise<Float32Array> {
  const { x: X, y: Y, z: Z } = dims;
  if (upsampled.length !== X * Y * Z || X * Y * Z === 0) {
    throw new SrError('bad-input', `superResolveBlock: ${upsampled.length} values do not make a non-empty ${X}×${Y}×${Z} block`);
  }
  const orientations = options.orientations ?? 'both';
  if (!['both', 'xz', 'yz'].includes(orientations)) throw new SrError('bad-config', `orientations '${orientations}': expected both, xz or yz`);
  const { lo, hi } = options.normalisation;
  const scale = 1 / (hi - lo);
  const n = new Float32Array(upsampled.length);
  for (let i = 0; i < n.length; i++) n[i] = (upsampled[i] - lo) * scale;
  const tile = options.tile ?? chooseTiling(Math.max(X, Y), Z, net.config, net.margin).tile;
  const tiled = { tile, batch: options.batch, signal: options.signal };
  const runXz = orientations !== 'yz';
  const runYz = orientations !== 'xz';
  const total = (runXz ? Y : 0) + (runYz ? X : 0);
  let done = 0;
  const tick = (): void => { done++; options.onProgress?.(done, total); };
  // Sum of residuals (network units) over the orientations run.
  const residual = new Float32Array(n.length);
  if (runXz) {
    const plane = new Float32Array(X * Z);
    for (let y = 0; y < Y; y++) {
      for (let z = 0; z < Z; z++) plane.set(n.subarray((z * Y + y) * X, (z * Y + y + 1) * X), z * X);
      const out = (await runPlane(plane, X, Z, net, tiled, `xz plane y=${y}`)).data;
      for (let z = 0; z < Z; z++) {
        const o = (z * Y + y) * X; const p = z * X;
        for (let x = 0; x < X; x++) residual[o + x] += out[p + x] - plane[p + x];
      }
      tick();
    }
  }
  if (runYz) {
    const plane = new Float32Array(Y * Z);
    for (let x = 0; x < X; x++) {
      for (let z = 0; z < Z; z++) for (let y = 0; y < Y; y++) plane[z * Y + y] = n[(z * Y + y) * X + x];
      const out = (await runPlane(plane, Y, Z, net, tiled, `yz plane x=${x}`)).data;
      for (let z = 0; z < Z; z++) {
        for (let y = 0; y < Y; y++) residual[(z * Y + y) * X + x] += out[z * Y + y] - plane[z * Y + y];
      }
      tick();
    }
  }
  const weight = (hi - lo) / (runXz && runYz ? 2 : 1);
  const result = new Float32Array(n.length);
  for (let i = 0; i < result.length; i++) result[i] = upsampled[i] + weight * residual[i];
  return result;
}

/** runTiled on one plane; a failure is rethrown naming the plane. */
async function runPlane(data: Float32Array, width: number, height: number, net: SrNetwork,
  tiled: { tile: number; batch?: number; signal?: AbortSignal }, where: string) {
  try {
    return await runTiled({ width, height, data }, net, tiled);
  } catch (e) {
    if (e instanceof SrError && e.tag === 'aborted') throw e;
    throw new SrError(e instanceof SrError ? e.tag : 'inference', `${where}: ${(e as Error).message}`, { cause: e });
  }
}
