/**
 * The network pass of one unit: superResolveBlock's arithmetic on a brick that already carries
 * its margin (real halo data, reflection only at true volume edges), so the kept core equals
 * whole-volume processing bit for bit. Same normalisation expression, same residual
 * accumulation order (xz, then yz, in float32), same fusion expression as
 * app/sr/inference/super-resolve-block.ts — change one, change both.
 */
import type { Normalisation } from '../sr/normalisation.js';
import type { SrNetwork } from '../sr/networks/network.js';
import type { Orientations } from '../sr/inference/super-resolve-block.js';
import { activationBytesPerPixel, chooseTiling } from '../sr/tiling-choice.js';
import { runTiledValid } from '../sr/tiled-inference.js';
import { reflectIndex, type Plane } from '../sr/plane.js';
import type { Dims } from './unit-grid.js';

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
  signal?: AbortSignal;
}

/** Tiles per forward pass for tiles of w × h: as many as fit the budget, at most 64. */
function batchFor(net: SrNetwork, w: number, h: number, memoryBytes: number): number {
  return Math.max(1, Math.min(64, Math.floor(memoryBytes / (activationBytesPerPixel(net.config) * w * h))));
}

/**
 * @param padded the z-upsampled brick of dims { x: X, y: ny + 2m, z: nz + 2m } (stack units),
 *   rows/planes beyond the volume already reflected; x is the whole width, unpadded
 * @returns the fused result for the core X × ny × nz, x fastest
 */
export async function superResolvePadded(padded: Float32Array, dims: Dims, net: SrNetwork, options: UnitNetworkOptions): Promise<Float32Array> {
  const m = net.margin;
  const { x: X, y: PY, z: PZ } = dims;
  const ny = PY - 2 * m; const nz = PZ - 2 * m;
  const { lo, hi } = options.normalisation;
  const scale = 1 / (hi - lo);
  const n = new Float32Array(padded.length);
  for (let i = 0; i < n.length; i++) n[i] = (padded[i] - lo) * scale;
  const budget = options.memoryBytes ?? 128 * 2 ** 20;
  const runXz = options.orientations !== 'yz';
  const runYz = options.orientations !== 'xz';
  const residual = new Float32Array(X * ny * nz);
  const at = (x: number, y: number, z: number): number => n[(z * PY + y) * X + x];
  if (runXz) {
    // xz planes at each core row: the whole width (reflect-padded in x, a true edge) × the padded z band.
    const PX = X + 2 * m;
    const xs = Int32Array.from({ length: PX }, (_, i) => reflectIndex(i - m, X));
    const planes: Plane[] = [];
    for (let y = 0; y < ny; y++) {
      const data = new Float32Array(PX * PZ);
      for (let z = 0; z < PZ; z++) { const row = (z * PY + y + m) * X; for (let i = 0; i < PX; i++) data[z * PX + i] = n[row + xs[i]]; }
      planes.push({ width: PX, height: PZ, data });
    }
    const tile = options.tile ?? chooseTiling(X, nz, net.config, m, budget).tile;
    const tw = Math.min(tile, PX); const th = Math.min(tile, PZ);
    const outs = await runTiledValid(planes, net, { tile, batch: batchFor(net, tw, th, budget), signal: options.signal });
    for (let y = 0; y < ny; y++) {
      const out = outs[y].data;
      for (let z = 0; z < nz; z++) {
        const o = (z * ny + y) * X;
        for (let x = 0; x < X; x++) residual[o + x] += out[z * X + x] - at(x, y + m, z + m);
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
    const tile = options.tile ?? chooseTiling(ny, nz, net.config, m, budget).tile;
    const tw = Math.min(tile, PY); const th = Math.min(tile, PZ);
    const outs = await runTiledValid(planes, net, { tile, batch: batchFor(net, tw, th, budget), signal: options.signal });
    for (let x = 0; x < X; x++) {
      const out = outs[x].data;
      for (let z = 0; z < nz; z++) {
        for (let y = 0; y < ny; y++) residual[(z * ny + y) * X + x] += out[z * ny + y] - at(x, y + m, z + m);
      }
    }
  }
  const weight = (hi - lo) / (runXz && runYz ? 2 : 1);
  const result = new Float32Array(residual.length);
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) {
    const o = (z * ny + y) * X; const p = ((z + m) * PY + y + m) * X;
    for (let x = 0; x < X; x++) result[o + x] = padded[p + x] + weight * residual[o + x];
  }
  return result;
}
