/**
 * Which voxels the slice-profile estimate reads: a bounded sample, whatever the stack's size.
 * Tiles of w × w pixels spread over the xy plane, each read as one brick over at most Z_MAX
 * central planes. Through-plane segments are N z samples; in-plane lines are w pixels, long
 * enough that blurring and sampling them every r pixels leaves N samples plus a margin.
 */
import { lowResCount } from '../training/degradation.js';
import { SrError } from '../errors.js';

/** Longest segment (z samples): 16 frequency bins, plenty for a smooth Gaussian. */
const SEGMENT_MAX = 32;
/** Shortest segment the spectrum still says something from. */
export const SEGMENT_MIN = 12;
/** Most planes a tile's brick spans. */
const Z_MAX = 192;
/** Most voxels in one tile's brick (as float32, 64 MB). */
const BRICK_VOXELS = 16 * 2 ** 20;
/** Tiles along each in-plane axis at most. */
const TILES_PER_AXIS = 5;
/** Samples of margin beyond N each in-plane line keeps after sampling (blur ends). */
const MARGIN = 6;

export interface ProfilePlan {
  /** Segment length, z samples. */
  n: number;
  /** In-plane line length (and tile side), pixels. */
  width: number;
  /** Planes read per tile, from z0. */
  z0: number;
  zCount: number;
  /** Tiles' top-left corners. */
  tiles: Array<{ x: number; y: number }>;
  /** Distance between the lines taken from a tile, pixels (both axes). */
  lineStride: number;
  /** Distance between the planes whose in-plane lines are taken. */
  planeStride: number;
}

/** @example profilePlan({ x: 2048, y: 2048, z: 128 }, 2.43) */
export function profilePlan(shape: { x: number; y: number; z: number }, ratio: number): ProfilePlan {
  const side = Math.min(shape.x, shape.y);
  const n = Math.min(SEGMENT_MAX, shape.z, lowResCount(side, ratio) - 2);
  if (n < SEGMENT_MIN)
    throw new SrError(
      'bad-input',
      `too small to estimate the slice profile: need ≥ ${SEGMENT_MIN} planes and ≥ ${Math.ceil((SEGMENT_MIN + 2) * ratio)} pixels in x and y, have ${shape.x}×${shape.y}×${shape.z}`,
    );
  let width = Math.min(side, Math.ceil((n + MARGIN) * ratio) + 1);
  while (lowResCount(width, ratio) < n && width < side) width++;
  const zCount = Math.max(n, Math.min(shape.z, Z_MAX, Math.floor(BRICK_VOXELS / (width * width))));
  const z0 = Math.floor((shape.z - zCount) / 2);
  const along = (size: number): number[] => {
    const count = Math.max(1, Math.min(TILES_PER_AXIS, Math.floor(size / width)));
    if (count === 1) return [Math.floor((size - width) / 2)];
    return Array.from({ length: count }, (_, i) => Math.round((i * (size - width)) / (count - 1)));
  };
  const tiles = along(shape.y).flatMap((y) => along(shape.x).map((x) => ({ x, y })));
  return {
    n,
    width,
    z0,
    zCount,
    tiles,
    lineStride: Math.max(1, Math.floor(width / 12)),
    planeStride: Math.max(1, Math.floor(zCount / 48)),
  };
}
