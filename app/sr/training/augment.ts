/**
 * Cutting one (input, target) training pair out of a prepared region, in the orientation the
 * network meets at inference, with the augmentations.
 *
 * Orientation: at inference the network sees xz / yz planes whose z axis runs along ROWS. So
 * every pair is presented with its degraded axis along rows: pairs degraded along y already
 * are; pairs degraded along x are transposed.
 *
 * Augmentations (all drawn from the caller's seeded Rng): horizontal and vertical flips, an
 * intensity scale applied to input and target, and Poisson-like (σ ∝ √value) plus uniform noise
 * on the input only. Deviation from the paper: no 90° rotations. A 90° rotation would put the
 * degraded axis along columns, which the network never meets at inference (z is always rows),
 * so it would spend capacity on an orientation it is never asked about. Flips keep the
 * degraded axis on rows and give the remaining symmetries.
 *
 * Why input noise: real xz / yz planes carry the camera's noise independently in every pixel,
 * while a simulated low-resolution input has its noise smoothed along the degraded axis by
 * the blur and interpolation. Adding noise back makes training inputs look like what inference
 * sees (SMORE/ECLARE do the same for LSFM).
 */
import type { Rng } from '../../math/index.js';
import { cornerAt, type TrainingRegion } from './training-region.js';

export interface AugmentOptions {
  /** Random horizontal and vertical flips. Default true. */
  flips: boolean;
  /** Intensity scale range, drawn log-uniformly. Default [0.8, 1.25]; [1, 1] turns it off. */
  scale: [number, number];
  /** Largest Poisson-like noise level: σ = level·√max(v, 0) in normalised units. Default 0.03 (0 = off). */
  poisson: number;
  /** Largest uniform noise half-width in normalised units. Default 0.01 (0 = off). */
  uniform: number;
}

export const DEFAULT_AUGMENT: AugmentOptions = {
  flips: true,
  scale: [0.8, 1.25],
  poisson: 0.03,
  uniform: 0.01,
};
export const NO_NOISE: Pick<AugmentOptions, 'poisson' | 'uniform'> = { poisson: 0, uniform: 0 };

/** Everything random about one pair, drawn in a fixed order so the stream is reproducible. */
export interface PatchDraw {
  x: number;
  y: number;
  /** The in-plane axis degraded as if it were z. */
  axis: 'x' | 'y';
  flipH: boolean;
  flipV: boolean;
  scale: number;
  poisson: number;
  uniform: number;
}

export function drawPatch(rng: Rng, region: TrainingRegion, a: AugmentOptions): PatchDraw {
  const { x, y } = cornerAt(region, rng.next());
  const axis = rng.next() < 0.5 ? 'x' : 'y';
  const flipH = a.flips && rng.next() < 0.5;
  const flipV = a.flips && rng.next() < 0.5;
  const scale = Math.exp(rng.range(Math.log(a.scale[0]), Math.log(a.scale[1])));
  return {
    x,
    y,
    axis,
    flipH,
    flipV,
    scale,
    poisson: rng.range(0, a.poisson),
    uniform: rng.range(0, a.uniform),
  };
}

/**
 * Writes the pair: `input` gets the n×n low-resolution patch at `inAt`, `target` the HR patch
 * centre-cropped by `margin` (n − 2·margin square) at `outAt`. Noise draws come from `rng`.
 */
export function writePatch(
  region: TrainingRegion,
  d: PatchDraw,
  n: number,
  margin: number,
  rng: Rng,
  input: Float32Array,
  inAt: number,
  target: Float32Array,
  outAt: number,
): void {
  const lr = region.lr[d.axis];
  const w = region.hr.width;
  const m = n - 2 * margin;
  // Patch pixel (i row, j col) → plane offset; the x-degraded pair is transposed.
  const offset = (i: number, j: number): number => {
    const a = d.flipV ? n - 1 - i : i;
    const b = d.flipH ? n - 1 - j : j;
    return d.axis === 'y' ? (d.y + a) * w + d.x + b : (d.y + b) * w + d.x + a;
  };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let v = lr.data[offset(i, j)] * d.scale;
      if (d.poisson > 0) v += d.poisson * Math.sqrt(Math.max(v, 0)) * rng.gauss();
      if (d.uniform > 0) v += rng.range(-d.uniform, d.uniform);
      input[inAt + i * n + j] = v;
    }
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++)
      target[outAt + i * m + j] = region.hr.data[offset(i + margin, j + margin)] * d.scale;
  }
}
