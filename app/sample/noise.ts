/**
 * An sCMOS camera model: Poisson shot noise on the expected photon count, Gaussian read
 * noise, a gain to digital units and a fixed offset, clamped to uint16.
 */
import type { Rng } from '../math/index.js';

export interface CameraModel {
  /** Photons collected at unit signal intensity. */
  photonsPerUnit: number;
  /** Read noise, electrons rms. */
  readNoise: number;
  /** Digital units per electron. */
  gain: number;
  /** Digital units added to every pixel (dark level). */
  offset: number;
}

/** Draws a Poisson variate; exact (Knuth) for small means, normal approximation above 30. */
function poissonSmall(lambda: number, rng: Rng): number {
  const l = Math.exp(-lambda);
  let k = 0;
  let p = rng.next();
  while (p > l) {
    k++;
    p *= rng.next();
  }
  return k;
}

/** Writes one noisy uint16 pixel row from expected signal values (same length). */
export function applyCamera(signal: Float32Array, out: Uint16Array, cam: CameraModel, rng: Rng): void {
  const rn2 = cam.readNoise * cam.readNoise;
  for (let i = 0; i < signal.length; i++) {
    const lambda = Math.max(0, signal[i] * cam.photonsPerUnit);
    // Above 30 photons shot and read noise merge into one Gaussian (one draw per pixel).
    const electrons =
      lambda > 30
        ? lambda + Math.sqrt(lambda + rn2) * rng.gauss()
        : poissonSmall(lambda, rng) + cam.readNoise * rng.gauss();
    const v = Math.round(cam.offset + cam.gain * electrons);
    out[i] = v < 0 ? 0 : v > 65535 ? 65535 : v;
  }
}
