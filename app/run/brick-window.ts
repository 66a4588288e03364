/**
 * What one unit reads, and how its padded planes map onto the whole volume.
 *
 * Whole-volume processing reflect-pads every xz and yz plane of the z-upsampled volume by the
 * network margin m and runs the valid network. A unit reproduces that exactly (crop-
 * equivariance) if it hands the network, for its output rows y0..y1 and planes j0..j1, the
 * rows y0−m..y1+m and planes j0−m..j1+m of that padded volume: real neighbours where they
 * exist, the reflection (`reflectIndex` over the WHOLE volume's extent, never the brick's)
 * beyond its true edges. Output plane j is input coordinate j / r; the cubic B-spline needs
 * `supportOf` those coordinates in input z, mirrored at the stack's ends as resampleAxis does.
 */
import type { Box, Span } from '../volume/index.js';
import { reflectIndex } from '../math/index.js';
import { mirror, supportOf } from '../sr/index.js';
import type { Dims } from './unit-grid.js';

export interface BrickWindow {
  /** Input voxels to read: all x, the y rows and z planes below (global input indices). */
  read: Box;
  /** For each padded output row (y0−m … y1+m−1): its row in the read brick. */
  rows: Int32Array;
  /** For each padded output plane (j0−m … j1+m−1): its input z coordinate (global). */
  coords: Float64Array;
  /** The unit's own output box and the margin around it. */
  core: Box;
  margin: number;
}

/** Smallest span holding `index(i)` for every i in [from, to). */
function hull(from: number, to: number, index: (i: number) => number): Span {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = from; i < to; i++) {
    const v = index(i);
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return { start: lo, end: hi + 1 };
}

/**
 * @param core the unit's output box (all x)
 * @param input the input volume's x, y, z sizes
 * @param outZ output planes of the whole run (zTargetCount)
 * @example brickWindow(unitOf(grid, 0).box, { x: 70, y: 60, z: 12 }, 27, 2.433, 6)
 */
export function brickWindow(
  core: Box,
  input: Dims,
  outZ: number,
  ratio: number,
  margin: number,
): BrickWindow {
  const m = margin;
  const y0 = core.y.start - m;
  const y1 = core.y.end + m;
  const j0 = core.z.start - m;
  const j1 = core.z.end + m;
  const ySpan = hull(y0, y1, (y) => reflectIndex(y, input.y));
  const rows = Int32Array.from({ length: y1 - y0 }, (_, i) => reflectIndex(y0 + i, input.y) - ySpan.start);
  // Same expression as zTargets (j / r) on the reflected plane index, so coordinates match bit for bit.
  const coords = Float64Array.from({ length: j1 - j0 }, (_, i) => reflectIndex(j0 + i, outZ) / ratio);
  let cMin = Infinity;
  let cMax = -Infinity;
  for (const c of coords) {
    cMin = Math.min(cMin, c);
    cMax = Math.max(cMax, c);
  }
  const support = supportOf(cMin, cMax);
  const zSpan = hull(support.start, support.end, (k) => mirror(k, input.z));
  return { read: { x: { start: 0, end: input.x }, y: ySpan, z: zSpan }, rows, coords, core, margin: m };
}
