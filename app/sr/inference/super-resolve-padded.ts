/**
 * The network over a z-upsampled brick that already carries the network's margin in y and z:
 * real halo data inside the volume, reflection only at its true edges. xz planes (whole width,
 * reflect-padded in x, a true edge) and yz planes run through the valid network without any
 * further padding, and only the core is kept. The run's units call this with their halos;
 * `superResolveBlock` calls it with a block reflect-padded at its faces. One function for both
 * is what makes a unit-wise run equal whole-volume processing bit for bit.
 *
 * Fusion works on residuals: result = input + (hi − lo)·mean(net(n) − n), n the normalised
 * plane. That is denormalise(mean(net(n))) in exact arithmetic, but it keeps float32 rounding
 * of the normalise/denormalise round trip out of the result: a zero-tail (untrained) network
 * returns its input bit for bit, so SR equals the bicubic baseline exactly.
 *
 * With both orientations, `superResolvePaddedParts` also gives their disagreement |xz − yz| / 2
 * per voxel (stack units): (hi − lo)·|r_xz − r_yz| / 2 on the same residuals. It is taken from
 * the xz residual before the yz one is added to it, so asking for it leaves the fused result
 * bit for bit as it is without.
 */
import type { Normalisation } from '../normalisation.js';
import type { NetworkRunner } from '../networks/runner.js';
import { activationBytesPerPixel, chooseTiling } from '../tiling-choice.js';
import { runTiledValid } from '../tiled-inference.js';
import { reflectIndex } from '../../math/index.js';
import type { Plane } from '../plane.js';
import type { Dims3 as Dims } from '../../math/index.js';

export type Orientations = 'both' | 'xz' | 'yz';

export interface UnitNetworkOptions {
  normalisation: Normalisation;
  orientations: Orientations;
  /** Tile input size (default: chooseTiling for the plane). The result does not depend on it. */
  tile?: number;
  /**
   * Estimated activation memory of one forward pass (default 128 MiB): sets the tile size and
   * the tiles per batch. Kept below chooseTiling's 512 MiB because batches here span many
   * planes, and the wasm heap (conv scratch ≈ 4× the estimate, measured) never shrinks.
   */
  memoryBytes?: number;
  /** Tiles per forward pass (default: as many as `memoryBytes` allows, at most 64). */
  batch?: number;
  /** Called after each plane with (planes done, planes total). */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** Tiles per forward pass for tiles of w × h: as many as fit the budget, at most 64. */
function batchFor(net: NetworkRunner, w: number, h: number, memoryBytes: number): number {
  return Math.max(1, Math.min(64, Math.floor(memoryBytes / (activationBytesPerPixel(net.config) * w * h))));
}

/**
 * @param padded the z-upsampled brick of dims { x: X, y: ny + 2m, z: nz + 2m } (stack units),
 *   rows/planes beyond the volume already reflected; x is the whole width, unpadded
 * @returns the fused result for the core X × ny × nz, x fastest
 */
export async function superResolvePadded(
  padded: Float32Array,
  dims: Dims,
  net: NetworkRunner,
  options: UnitNetworkOptions,
): Promise<Float32Array> {
  return (await superResolvePaddedParts(padded, dims, net, options)).sr;
}

/** The fused result and, with `disagreement` and both orientations, |xz − yz| / 2 (else null). */
export interface PaddedParts {
  sr: Float32Array;
  disagreement: Float32Array | null;
}

/** `superResolvePadded`, also returning the orientations' disagreement when asked for (both orientations only). */
export async function superResolvePaddedParts(
  padded: Float32Array,
  dims: Dims,
  net: NetworkRunner,
  options: UnitNetworkOptions & { disagreement?: boolean },
): Promise<PaddedParts> {
  const networkMargin = net.margin;
  const { x: X, y: PY, z: PZ } = dims;
  const ny = PY - 2 * networkMargin;
  const nz = PZ - 2 * networkMargin;
  const { lo, hi } = options.normalisation;
  const scale = 1 / (hi - lo);
  const n = new Float32Array(padded.length);
  for (let i = 0; i < n.length; i++) n[i] = (padded[i] - lo) * scale;
  const budget = options.memoryBytes ?? 128 * 2 ** 20;
  const runXz = options.orientations !== 'yz';
  const runYz = options.orientations !== 'xz';
  const residual = new Float32Array(X * ny * nz);
  const disagreement = options.disagreement && runXz && runYz ? new Float32Array(X * ny * nz) : null;
  const total = (runXz ? ny : 0) + (runYz ? X : 0);
  let done = 0;
  const onPlaneDone = (): void => {
    done++;
    options.onProgress?.(done, total);
  };
  const at = (x: number, y: number, z: number): number => n[(z * PY + y) * X + x];
  if (runXz) {
    // xz planes at each core row: the whole width (reflect-padded in x, a true edge) × the padded z band.
    const PX = X + 2 * networkMargin;
    const xs = Int32Array.from({ length: PX }, (_, i) => reflectIndex(i - networkMargin, X));
    const planes: Plane[] = [];
    for (let y = 0; y < ny; y++) {
      const data = new Float32Array(PX * PZ);
      for (let z = 0; z < PZ; z++) {
        const row = (z * PY + y + networkMargin) * X;
        for (let i = 0; i < PX; i++) data[z * PX + i] = n[row + xs[i]];
      }
      planes.push({ width: PX, height: PZ, data });
    }
    const tile = options.tile ?? chooseTiling(X, nz, net.config, networkMargin, budget).tile;
    const tw = Math.min(tile, PX);
    const th = Math.min(tile, PZ);
    const outs = await runTiledValid(planes, net, {
      tile,
      batch: options.batch ?? batchFor(net, tw, th, budget),
      signal: options.signal,
      onPlaneDone,
    });
    for (let y = 0; y < ny; y++) {
      const out = outs[y].data;
      for (let z = 0; z < nz; z++) {
        const o = (z * ny + y) * X;
        for (let x = 0; x < X; x++)
          residual[o + x] += out[z * X + x] - at(x, y + networkMargin, z + networkMargin);
      }
    }
  }
  if (runYz) {
    // yz planes at each x: the padded y band × the padded z band, both already carrying the halo.
    const planes: Plane[] = [];
    for (let x = 0; x < X; x++) {
      const data = new Float32Array(PY * PZ);
      for (let i = 0, j = x; i < data.length; i++, j += X) data[i] = n[j];
      planes.push({ width: PY, height: PZ, data });
    }
    const tile = options.tile ?? chooseTiling(ny, nz, net.config, networkMargin, budget).tile;
    const tw = Math.min(tile, PY);
    const th = Math.min(tile, PZ);
    const outs = await runTiledValid(planes, net, {
      tile,
      batch: options.batch ?? batchFor(net, tw, th, budget),
      signal: options.signal,
      onPlaneDone,
    });
    for (let x = 0; x < X; x++) {
      const out = outs[x].data;
      for (let z = 0; z < nz; z++) {
        for (let y = 0; y < ny; y++) {
          const i = (z * ny + y) * X + x;
          const r = out[z * ny + y] - at(x, y + networkMargin, z + networkMargin);
          if (disagreement) disagreement[i] = Math.abs(residual[i] - r);
          residual[i] += r;
        }
      }
    }
  }
  const weight = (hi - lo) / (runXz && runYz ? 2 : 1);
  const result = new Float32Array(residual.length);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++) {
      const o = (z * ny + y) * X;
      const p = ((z + networkMargin) * PY + y + networkMargin) * X;
      for (let x = 0; x < X; x++) result[o + x] = padded[p + x] + weight * residual[o + x];
    }
  if (disagreement) {
    const half = (hi - lo) / 2;
    for (let i = 0; i < disagreement.length; i++) disagreement[i] *= half;
  }
  return { sr: result, disagreement };
}
