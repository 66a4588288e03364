/**
 * One unit, from input bytes to its super-resolved and bicubic slabs: read the brick its window
 * names (one read, x-fastest, streamed past the band cache), interpolate z to the padded output
 * planes, arrange the padded rows (reflected at true y edges), and run the network pass.
 * The bicubic slab is the core of the upsampled brick: the baseline costs nothing extra.
 */
import type { Box, ReadOptions, Volume } from '../volume/index.js';
import type { NetworkRunner } from '../sr/index.js';
import { interpolateZ, superResolvePaddedParts, type UnitNetworkOptions } from '../sr/index.js';
import { brickWindow } from './brick-window.js';
import type { Dims } from './unit-grid.js';

export interface UnitComputeContext extends UnitNetworkOptions {
  volume: Volume;
  net: NetworkRunner;
  /** z step / xy pixel of the input. */
  ratio: number;
  /** Output planes of the whole run. */
  outZ: number;
  /** The input channel and time point the unit reads (default 0, 0). */
  plane?: { c: number; t: number };
  /** Also compute the orientations' disagreement |xz − yz| / 2 (both orientations only). */
  confidence?: boolean;
}

export interface UnitSlabs {
  /** Core dims: X × ny × nz. */
  dims: Dims;
  sr: Float32Array;
  bicubic: Float32Array;
  /** |xz − yz| / 2 per voxel, when the context asks for it and both orientations run. */
  disagreement?: Float32Array;
}

/**
 * The z-upsampled, margin-padded brick of a unit: dims { x: X, y: ny + 2m, z: nz + 2m }.
 * Exported for tests and the benchmark (the bare-compute baseline).
 */
export async function paddedUpsampled(
  ctx: Pick<UnitComputeContext, 'volume' | 'ratio' | 'outZ' | 'signal' | 'plane'>,
  core: Box,
  margin: number,
): Promise<{ data: Float32Array; dims: Dims }> {
  const { volume } = ctx;
  const input = { x: volume.shape.x, y: volume.shape.y, z: volume.shape.z };
  const w = brickWindow(core, input, ctx.outZ, ctx.ratio, margin);
  const read = { hint: 'stream', signal: ctx.signal, c: ctx.plane?.c ?? 0, t: ctx.plane?.t ?? 0 };
  const raw = await volume.readBrick(w.read, read as ReadOptions);
  const brick = raw instanceof Float32Array ? raw : Float32Array.from(raw);
  const readDims = { x: input.x, y: w.read.y.end - w.read.y.start, z: w.read.z.end - w.read.z.start };
  const up = interpolateZ(brick, readDims, w.coords, { origin: w.read.z.start, extent: input.z });
  const X = input.x;
  const PY = w.rows.length;
  const PZ = w.coords.length;
  const data = new Float32Array(X * PY * PZ);
  for (let z = 0; z < PZ; z++)
    for (let y = 0; y < PY; y++) {
      const src = (z * readDims.y + w.rows[y]) * X;
      data.set(up.data.subarray(src, src + X), (z * PY + y) * X);
    }
  return { data, dims: { x: X, y: PY, z: PZ } };
}

/** The SR and bicubic values of a unit's output box (and the disagreement, with `confidence`). */
export async function computeUnit(ctx: UnitComputeContext, core: Box): Promise<UnitSlabs> {
  const m = ctx.net.margin;
  const padded = await paddedUpsampled(ctx, core, m);
  const X = padded.dims.x;
  const PY = padded.dims.y;
  const ny = core.y.end - core.y.start;
  const nz = core.z.end - core.z.start;
  const bicubic = new Float32Array(X * ny * nz);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++) {
      const src = ((z + m) * PY + y + m) * X;
      bicubic.set(padded.data.subarray(src, src + X), (z * ny + y) * X);
    }
  const { sr, disagreement } = await superResolvePaddedParts(padded.data, padded.dims, ctx.net, {
    ...ctx,
    disagreement: ctx.confidence === true,
  });
  return { dims: { x: X, y: ny, z: nz }, sr, bicubic, ...(disagreement ? { disagreement } : {}) };
}
