/**
 * The intensity normalisation of a training run, from a seeded sample of voxels of a few xy
 * planes (never the whole stack), plus a hash of those voxels that fingerprints the input for
 * `--resume` without reading it all. The voxels drawn do not depend on the run's seed: the
 * normalisation and the fingerprint are properties of the input, not of a run (so a run with
 * another seed is refused for its seed, not mistaken for other input).
 */
import type { Volume } from '../../volume/index.js';
import { hashSeed, mulberry32 } from '../../math/index.js';
import { normalisationOf, type Normalisation } from '../normalisation.js';

export interface VolumeSample {
  normalisation: Normalisation;
  contentHash: number;
}

/**
 * @param planes how many evenly spaced planes to read (default 8)
 * @param perPlane voxels drawn from each (default 4096)
 * @example const { normalisation } = await sampleNormalisation(volume)
 */
export async function sampleNormalisation(
  volume: Volume,
  channel = 0,
  planes = 8,
  perPlane = 4096,
): Promise<VolumeSample> {
  const seed = 0x150;
  const { x: w, y: h, z: nz } = volume.shape;
  const count = Math.min(planes, nz);
  const values = new Float64Array(count * perPlane);
  let hash = hashSeed(seed, w, h, nz);
  for (let k = 0; k < count; k++) {
    const z = Math.floor(((k + 0.5) * nz) / count);
    const plane = await volume.readPlaneXY(z, { c: channel });
    const rng = mulberry32(hashSeed(seed, 7, z));
    for (let i = 0; i < perPlane; i++) {
      const v = Number(plane[Math.floor(rng.next() * w * h)]);
      values[k * perPlane + i] = v;
      hash = hashSeed(hash, Math.round(v * 1024));
    }
  }
  return { normalisation: normalisationOf(values), contentHash: hash };
}
