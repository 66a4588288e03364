/**
 * The intensity normalisation of a training run, from a seeded sample of voxels of a few xy
 * planes (never the whole stack), plus a hash of those voxels that fingerprints the input for
 * `--resume` without reading it all. The voxels drawn do not depend on the run's seed: the
 * normalisation and the fingerprint are properties of the input, not of a run (so a run with
 * another seed is refused for its seed, not mistaken for other input).
 *
 * With several time points the planes are spread over every (t, z) of the chosen time points,
 * and a time point t > 0 enters the draws' seed; one time point reads exactly the planes and
 * voxels of a single 3D stack (so a T = 1 stack keeps its normalisation and fingerprint).
 */
import type { Volume } from '../../volume/index.js';
import { hashSeed, mulberry32 } from '../../math/index.js';
import { normalisationOf, type Normalisation } from '../normalisation.js';

export interface VolumeSample {
  normalisation: Normalisation;
  contentHash: number;
}

/**
 * @param channel the input channel sampled (default 0)
 * @param planes how many evenly spaced planes to read (default 8)
 * @param perPlane voxels drawn from each (default 4096)
 * @param timepoints the input time points sampled, distinct (default [0])
 * @example const { normalisation } = await sampleNormalisation(volume)
 */
export async function sampleNormalisation(
  volume: Volume,
  channel = 0,
  planes = 8,
  perPlane = 4096,
  timepoints: number[] = [0],
): Promise<VolumeSample> {
  const seed = 0x150;
  const { x: w, y: h, z: nz } = volume.shape;
  // Plane index p over (t, z), z fastest: with one time point p is z itself.
  const pairs = nz * timepoints.length;
  const count = Math.min(planes, pairs);
  const values = new Float64Array(count * perPlane);
  let hash = hashSeed(seed, w, h, nz);
  for (let k = 0; k < count; k++) {
    const pair = Math.floor(((k + 0.5) * pairs) / count);
    const z = pair % nz;
    const t = timepoints[Math.floor(pair / nz)];
    const plane = await volume.readPlaneXY(z, { c: channel, t });
    const rng = mulberry32(t > 0 ? hashSeed(seed, 7, z, t) : hashSeed(seed, 7, z));
    for (let i = 0; i < perPlane; i++) {
      const v = Number(plane[Math.floor(rng.next() * w * h)]);
      values[k * perPlane + i] = v;
      hash = hashSeed(hash, Math.round(v * 1024));
    }
  }
  return { normalisation: normalisationOf(values), contentHash: hash };
}
