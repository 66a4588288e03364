/**
 * Super-resolution of a volume that fits in memory (evaluation, small stacks): z-interpolate
 * the whole stack to the isotropic grid, then run `superResolveBlock` on it as one block.
 * Both the SR result and the bicubic baseline come back, on the same grid. Stacks bigger than
 * memory go through issue 6's runs, which call the same two functions per brick with halos.
 */
import type { Volume } from '../../volume/index.js';
import type { Dims3 } from '../interp/resample.js';
import type { NetworkRunner } from '../networks/runner.js';
import { SrError } from '../errors.js';
import { interpolateZ } from './interpolate-z.js';
import { superResolveBlockParts, type SuperResolveOptions } from './super-resolve-block.js';
import { zTargets } from './z-grid.js';

/**
 * Largest output (voxels) handled in memory: SR needs about six float32 copies of it
 * (input, upsampled, normalised, residual, result, baseline), ~3 GiB at this size.
 */
export const MAX_IN_MEMORY_VOXELS = 128 * 2 ** 20;

export interface WholeVolumeResult {
  /** Output grid: the input's x and y, z = zTargets(Z, ratio).length planes at xyPixel spacing. */
  dims: Dims3;
  /** Network result fused over orientations, in the input's intensity units. */
  sr: Float32Array;
  /** Cubic B-spline interpolation alone (the baseline the network is judged against). */
  bicubic: Float32Array;
  /** |xz − yz| / 2 per voxel, with `disagreement` and both orientations (stack units). */
  disagreement?: Float32Array;
}

export interface WholeVolumeOptions extends SuperResolveOptions {
  /** Output z coordinates in input planes (default zTargets(Z, ratio)). */
  coords?: ArrayLike<number>;
}

/**
 * @param ratio z step / xy pixel of the input
 * @example const { sr, bicubic, dims } = await superResolveArray(lr, { x: 256, y: 256, z: 64 }, 2.433, net, { normalisation })
 */
export async function superResolveArray(
  input: Float32Array,
  dims: Dims3,
  ratio: number,
  net: NetworkRunner,
  options: WholeVolumeOptions,
): Promise<WholeVolumeResult> {
  const coords = options.coords ?? zTargets(dims.z, ratio);
  const outVoxels = dims.x * dims.y * coords.length;
  if (outVoxels > MAX_IN_MEMORY_VOXELS) {
    throw new SrError(
      'bad-input',
      `${dims.x}×${dims.y}×${coords.length} output voxels exceed the in-memory limit of ${MAX_IN_MEMORY_VOXELS}: use a run (isotrope run) for stacks this big`,
    );
  }
  const up = interpolateZ(input, dims, coords);
  const { sr, disagreement } = await superResolveBlockParts(up.data, up.dims, net, options);
  return { dims: up.dims, sr, bicubic: up.data, ...(disagreement ? { disagreement } : {}) };
}

/** The whole volume (channel 0, time 0 unless `select` says otherwise) as float32, x fastest. */
export async function readVolumeFloat32(
  volume: Volume,
  select: { c?: number; t?: number; signal?: AbortSignal } = {},
): Promise<{ data: Float32Array; dims: Dims3 }> {
  const { x, y, z } = volume.shape;
  if (x * y * z > MAX_IN_MEMORY_VOXELS) {
    throw new SrError(
      'bad-input',
      `${x}×${y}×${z} voxels exceed the in-memory limit of ${MAX_IN_MEMORY_VOXELS}`,
      { file: volume.path },
    );
  }
  const raw = await volume.readBrick(
    { x: { start: 0, end: x }, y: { start: 0, end: y }, z: { start: 0, end: z } },
    select,
  );
  return { data: raw instanceof Float32Array ? raw : Float32Array.from(raw), dims: { x, y, z } };
}
