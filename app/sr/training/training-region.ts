/**
 * One prepared piece of an xy plane that training patches are cut from: the sharp (HR) data,
 * its two simulated low-resolution versions (degraded along x and along y) and a cumulative
 * distribution over patch positions weighted by gradient magnitude.
 *
 * Why a region and not the whole plane: a 2000×2000 plane costs seconds to degrade twice in
 * JavaScript, and a batch only needs a few patches. Regions are at most `regionMax` pixels a
 * side. Where a region edge cuts through the plane (not at the plane's own edge), the blur
 * and the B-spline prefilter there see a mirror instead of the real neighbours, so patches keep
 * a halo away from such cuts; at the plane's real edges the degradation mirrors just as the
 * real z axis does, and patches may touch them.
 */
import type { Plane } from '../plane.js';
import { PREFILTER_RADIUS } from '../interp/bspline.js';
import { simulateLowRes, type Degradation } from './degradation.js';

export interface TrainingRegion {
  hr: Plane;
  lr: { x: Plane; y: Plane };
  /** Allowed patch top-left corners: x in [x0, x0 + nx), y in [y0, y0 + ny). */
  x0: number;
  y0: number;
  nx: number;
  ny: number;
  /** Cumulative weights over those corners, row-major (corner (x, y) at (y − y0)·nx + x − x0). */
  cdf: Float64Array;
}

/** Gradient weight floor as a fraction of the mean gradient, so flat areas are still seen (rarely). */
export const GRADIENT_FLOOR = 0.1;

/** Pixels a patch keeps from a region edge that cuts through the plane (blur + prefilter support). */
export function cutHalo(d: Degradation): number {
  return Math.ceil(3.5 * d.sigma) + Math.ceil((PREFILTER_RADIUS + 2) * d.ratio);
}

/** The window of a plane (w × h) a region covers, chosen by `u` ∈ [0,1)² (seeded by the caller). */
export function regionWindow(
  w: number,
  h: number,
  patch: number,
  d: Degradation,
  regionMax: number,
  u: [number, number],
) {
  const side = Math.max(regionMax, 2 * cutHalo(d) + 4 * patch);
  const rw = Math.min(w, side);
  const rh = Math.min(h, side);
  return { x: Math.floor(u[0] * (w - rw + 1)), y: Math.floor(u[1] * (h - rh + 1)), width: rw, height: rh };
}

/** Central-difference gradient magnitude (one-sided at the edges). */
export function gradientMagnitude(p: Plane): Float32Array {
  const { width: w, height: h, data } = p;
  const g = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const ya = Math.max(0, y - 1),
      yb = Math.min(h - 1, y + 1);
    for (let x = 0; x < w; x++) {
      const xa = Math.max(0, x - 1),
        xb = Math.min(w - 1, x + 1);
      const gx = (data[y * w + xb] - data[y * w + xa]) / Math.max(1, xb - xa);
      const gy = (data[yb * w + x] - data[ya * w + x]) / Math.max(1, yb - ya);
      g[y * w + x] = Math.hypot(gx, gy);
    }
  }
  return g;
}

/**
 * Prepares a region of normalised HR data. `cut` says which sides are cuts through the plane
 * (left, right, top, bottom) and so need the halo.
 */
export function prepareRegion(
  hr: Plane,
  patch: number,
  d: Degradation,
  cut: [boolean, boolean, boolean, boolean],
): TrainingRegion {
  const halo = cutHalo(d);
  const [l, r, t, b] = cut.map((c) => (c ? halo : 0));
  const nx = hr.width - patch - l - r + 1;
  const ny = hr.height - patch - t - b + 1;
  if (nx < 1 || ny < 1)
    throw new RangeError(`region ${hr.width}×${hr.height} too small for ${patch}-pixel patches`);
  const grad = gradientMagnitude(hr);
  let mean = 0;
  for (let i = 0; i < grad.length; i++) mean += grad[i];
  mean /= grad.length;
  const floor = GRADIENT_FLOOR * mean + 1e-12;
  const c = patch >> 1;
  const cdf = new Float64Array(nx * ny);
  let acc = 0;
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      acc += grad[(y + t + c) * hr.width + x + l + c] + floor;
      cdf[y * nx + x] = acc;
    }
  }
  return {
    hr,
    lr: { x: simulateLowRes(hr, 'x', d), y: simulateLowRes(hr, 'y', d) },
    x0: l,
    y0: t,
    nx,
    ny,
    cdf,
  };
}

/** The patch corner for a uniform draw u ∈ [0,1): binary search in the cumulative weights. */
export function cornerAt(region: TrainingRegion, u: number): { x: number; y: number } {
  const { cdf } = region;
  const target = u * cdf[cdf.length - 1];
  let lo = 0,
    hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return { x: region.x0 + (lo % region.nx), y: region.y0 + Math.floor(lo / region.nx) };
}
