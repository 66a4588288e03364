/**
 * z upsampling before the network, and the bicubic baseline itself: cubic B-spline along z
 * (the finite-window prefilter of interp/bspline.ts), the same interpolation training uses to
 * build its inputs. A brick may be a window of a larger stack: `origin`/`extent` place it on
 * the stack's z axis so mirroring happens at the stack's ends, never at the brick's, and a
 * brick covering `supportOf(first, last coordinate)` gives exactly the whole-stack values.
 */
import { resampleAxis, type Dims3 } from '../interp/resample.js';
import { SrError } from '../errors.js';

export interface InterpolateZOptions {
  /** Global index of the brick's first plane (default 0). */
  origin?: number;
  /** Planes in the whole stack (default: the brick's z size). */
  extent?: number;
}

/**
 * Values at input-plane coordinates `coords` (global, e.g. from `zTargets`) for every (x, y).
 * @returns a block of dims { x, y, z: coords.length }, x fastest
 * @example interpolateZ(lsfm, { x: 256, y: 256, z: 64 }, zTargets(64, 2.433))
 */
export function interpolateZ(
  brick: Float32Array,
  dims: Dims3,
  coords: ArrayLike<number>,
  options: InterpolateZOptions = {},
): { data: Float32Array; dims: Dims3 } {
  if (brick.length !== dims.x * dims.y * dims.z) {
    throw new SrError(
      'bad-input',
      `interpolateZ: brick of ${brick.length} values does not match ${dims.x}×${dims.y}×${dims.z}`,
    );
  }
  try {
    return resampleAxis(brick, dims, 'z', coords, options);
  } catch (e) {
    // A window too small for the coordinates' support: say which planes were missing.
    throw new SrError('bad-input', `interpolateZ: ${(e as Error).message}`, { cause: e });
  }
}
