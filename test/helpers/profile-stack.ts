/**
 * Stacks with a known slice profile for the slice-profile estimate: a seeded isotropic phantom
 * (the sample's tubes and nuclei), blurred by an isotropic lateral PSF, then degraded along z
 * by the evaluation's degradation model (`degradeZ`: extra Gaussian blur, samples every r
 * pixels) and recorded through the sample's sCMOS camera model. Written as an OME-TIFF whose
 * metadata gives the voxel size only (no slice profile: the estimate must find it).
 */
import { join } from 'node:path';
import { blurAxis, fwhmToSigma, hashSeed, mulberry32 } from '../../app/math/index.js';
import { renderPhantom } from '../../app/sample/phantom.js';
import { applyCamera } from '../../app/sample/noise.js';
import { degradeZ } from '../../app/sr/degrade-z.js';
import { writeOmeStack } from './fixtures.js';

export interface ProfileStackSpec {
  /** Total z FWHM of the slice profile, µm (≥ the lateral one). */
  axialFwhm: number;
  zStep: number;
  /** Default 0.411 µm. */
  xyPixel?: number;
  /** Default 0.8 µm. */
  lateralFwhm?: number;
  /** Default 128 × 128 pixels, 48 planes. */
  size?: { x: number; y: number; z: number };
  /** Photons at unit signal (default 1000; 0: no noise). */
  photons?: number;
  seed?: number;
}

/** @example const path = await writeProfileStack(dir, { axialFwhm: 2, zStep: 1 }) */
export async function writeProfileStack(dir: string, spec: ProfileStackSpec): Promise<string> {
  const xyPixel = spec.xyPixel ?? 0.411;
  const lateral = spec.lateralFwhm ?? 0.8;
  const size = spec.size ?? { x: 128, y: 128, z: 48 };
  const ratio = spec.zStep / xyPixel;
  const dims = { x: size.x, y: size.y, z: Math.ceil((size.z - 1) * ratio) + 1 };
  const truth = renderPhantom(
    { nx: dims.x, ny: dims.y, nz: dims.z, pixel: xyPixel },
    mulberry32(hashSeed(spec.seed ?? 1, 7)),
  );
  for (const axis of ['x', 'y', 'z'] as const)
    blurAxis(truth, dims, axis, fwhmToSigma(lateral) / xyPixel, 'periodic');
  const extra = Math.sqrt(Math.max(0, fwhmToSigma(spec.axialFwhm) ** 2 - fwhmToSigma(lateral) ** 2));
  const low = degradeZ(truth, dims, { ratio, sigma: extra / xyPixel });
  const planes = Math.min(size.z, low.dims.z);
  const photons = spec.photons ?? 1000;
  const data = new Uint16Array(size.x * size.y * planes);
  const rng = mulberry32(hashSeed(spec.seed ?? 1, 8));
  const cam = {
    photonsPerUnit: photons || 1,
    readNoise: photons ? 1.5 : 0,
    gain: 20000 / (photons || 1),
    offset: 100,
  };
  const values = low.data.subarray(0, data.length);
  if (photons > 0) applyCamera(values, data, cam, rng);
  else for (let i = 0; i < data.length; i++) data[i] = Math.round(100 + 20000 * Math.max(0, values[i]));
  const path = join(dir, `profile-${spec.axialFwhm}-${spec.zStep}-${photons}.ome.tif`);
  await writeOmeStack(path, {
    x: size.x,
    y: size.y,
    z: planes,
    voxelSize: { x: xyPixel, y: xyPixel, z: spec.zStep },
    data: () => data,
  });
  return path;
}
