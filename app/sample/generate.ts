/**
 * A synthetic light-sheet stack and its isotropic ground truth, deterministic from a seed.
 *
 * One periodic block of the object is rendered at the xy pixel size in all three axes and
 * blurred by an isotropic Gaussian of the lateral FWHM: that is the ground truth. Blurring it
 * further along z (so the total z FWHM is the axial one) and sampling at the z step gives the
 * noise-free LSFM stack, to which camera noise is added. Stacks larger than the block tile it
 * (the block is periodic, so there are no seams) with fresh noise per plane, written plane by
 * plane: memory stays ~100 MB whatever the output size.
 */
import { mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  TiffWriter,
  throwIfAborted,
  buildOmeXml,
  makeDirectory,
  requireWritableFolder,
} from '../volume/index.js';
import { hashSeed, mulberry32, blurAxis, fwhmToSigma } from '../math/index.js';
import { renderPhantom, renderPhantomChannels } from './phantom.js';
import { applyCamera, type CameraModel } from './noise.js';
import type { RecordedSliceProfile } from '../volume/index.js';

export { parseSize } from './size.js';

export interface SampleOptions {
  /** Default 1. */
  seed?: number;
  /** LSFM stack size in pixels and planes; default 256×256×64. */
  size?: { x: number; y: number; z: number };
  /** µm; default 0.411 (the paper's LSFM case). */
  xyPixel?: number;
  /** µm; default 1.0. */
  zStep?: number;
  /** µm; default 0.8. */
  lateralFwhm?: number;
  /** µm; default 2.2 (the paper's light-sheet thickness). */
  axialFwhm?: number;
  /** Photons at unit signal (the brightest structures); default 1000. */
  photonsPerUnit?: number;
  /** Camera read noise, electrons rms; default 1.5. */
  readNoise?: number;
  /** Also write the ground truth; default: only when the stack is ≤ 256 MB. */
  groundTruth?: boolean;
  /** Default 'none'. */
  compression?: 'none' | 'deflate';
  /**
   * 1 (default): one stain, tubes and nuclei together. 2: a two-channel stack (and ground truth),
   * channel 0 "vessels" (the tubes, cyan) and channel 1 "nuclei" (apart from the vessels, magenta).
   */
  channels?: 1 | 2;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export interface SampleFiles {
  stack: string;
  groundTruth: string | null;
  manifest: string;
}

/** 2: the stacks' OME-XML records their slice profile (a cached version-1 sample lacks it: regenerated). */
export const SAMPLE_VERSION = 2;
/** Digital units at unit signal, in both the stack (above the offset) and the ground truth. */
const INTENSITY_SCALE = 20000;
const CAMERA_OFFSET = 100;
/** Largest block side rendered; bigger stacks tile it. */
const BLOCK_XY = 256;
const BLOCK_Z_UM = 64;
/** The two-channel sample's channels, as its OME-XML names and colours them. */
export const TWO_SAMPLE_CHANNELS = [
  { name: 'vessels', color: '00FFFF' },
  { name: 'nuclei', color: 'FF00FF' },
] as const;

/** The parameters a sample is a pure function of (what sample.json records). */
export function resolveSampleParameters(options: SampleOptions = {}) {
  const size = options.size ?? { x: 256, y: 256, z: 64 };
  const xyPixel = options.xyPixel ?? 0.411;
  const zStep = options.zStep ?? 1.0;
  const stackBytes = size.x * size.y * size.z * 2;
  const channels = options.channels ?? 1;
  return {
    version: SAMPLE_VERSION,
    seed: options.seed ?? 1,
    size,
    xyPixel,
    zStep,
    ratio: zStep / xyPixel,
    lateralFwhm: options.lateralFwhm ?? 0.8,
    axialFwhm: options.axialFwhm ?? 2.2,
    photonsPerUnit: options.photonsPerUnit ?? 1000,
    readNoise: options.readNoise ?? 1.5,
    cameraOffset: CAMERA_OFFSET,
    intensityScale: INTENSITY_SCALE,
    compression: options.compression ?? 'none',
    groundTruthSize: { x: size.x, y: size.y, z: Math.round((size.z * zStep) / xyPixel) },
    block: {
      x: Math.min(size.x, BLOCK_XY),
      y: Math.min(size.y, BLOCK_XY),
      z: Math.max(1, Math.round(Math.min(size.z * zStep, BLOCK_Z_UM) / xyPixel)),
    },
    files: {
      stack: 'lsfm.ome.tif',
      groundTruth:
        (options.groundTruth ?? stackBytes * channels <= 256 * 2 ** 20) ? 'ground-truth.ome.tif' : null,
    },
    // Only a two-channel sample records its channels: a one-channel sample.json stays as it was,
    // so the cached default sample still matches.
    ...(channels === 2 ? { channels: TWO_SAMPLE_CHANNELS.map((channel) => ({ ...channel })) } : {}),
  };
}
export type SampleParameters = ReturnType<typeof resolveSampleParameters>;

/** Writes the sample into outDir (created if needed) and returns the file paths. */
export async function generateSample(outDir: string, options: SampleOptions = {}): Promise<SampleFiles> {
  // Checked before resolving: any other count would silently give a one-channel sample.
  if (options.channels !== undefined && options.channels !== 1 && options.channels !== 2)
    throw new RangeError(`sample option channels must be 1 or 2, got ${String(options.channels)}`);
  const P = resolveSampleParameters(options);
  validate(P);
  // Before any rendering: an --out that cannot be written fails at once, saying so.
  await requireWritableFolder(outDir, 'choose another --out');
  const { x: bx, y: by, z: bz } = P.block;
  const p = P.xyPixel;
  // Object (one block per channel), then the ground-truth PSF (isotropic lateral FWHM).
  const grid = { nx: bx, ny: by, nz: bz, pixel: p };
  const objectRng = mulberry32(hashSeed(P.seed, 0));
  const truths = P.channels
    ? twoStains(renderPhantomChannels(grid, objectRng))
    : [renderPhantom(grid, objectRng)];
  const sLat = fwhmToSigma(P.lateralFwhm) / p;
  const extra = Math.sqrt(Math.max(0, fwhmToSigma(P.axialFwhm) ** 2 - fwhmToSigma(P.lateralFwhm) ** 2)) / p;
  const lsfms = truths.map((truth) => {
    for (const axis of ['x', 'y', 'z'] as const)
      blurAxis(truth, { x: bx, y: by, z: bz }, axis, sLat, 'periodic');
    // The light sheet: extra z blur so the total z sigma is the axial one.
    const lsfm = truth.slice();
    blurAxis(lsfm, { x: bx, y: by, z: bz }, 'z', extra, 'periodic');
    return lsfm;
  });
  const channelCount = truths.length;

  const total = channelCount * (P.size.z + (P.files.groundTruth ? P.groundTruthSize.z : 0));
  let done = 0;
  const tick = (): void => {
    done++;
    options.onProgress?.(done / total);
  };
  const note = `Synthetic light-sheet sample generated by isotrope (seed ${P.seed}); see sample.json.`;
  // What each file's voxels carry, recorded in its OME-XML for training's and evaluation's defaults.
  const stackProfile: RecordedSliceProfile = { axialFwhm: P.axialFwhm, lateralFwhm: P.lateralFwhm };
  // The ground truth is blurred by the isotropic lateral PSF alone, z included.
  const truthProfile: RecordedSliceProfile = { axialFwhm: P.lateralFwhm, lateralFwhm: P.lateralFwhm };
  const cam: CameraModel = {
    photonsPerUnit: P.photonsPerUnit,
    readNoise: P.readNoise,
    gain: INTENSITY_SCALE / P.photonsPerUnit,
    offset: CAMERA_OFFSET,
  };
  const blockPlane = new Float32Array(bx * by);
  const row = new Float32Array(P.size.x);
  const files: SampleFiles = {
    stack: join(outDir, P.files.stack),
    groundTruth: null,
    manifest: join(outDir, 'sample.json'),
  };
  const partial: string[] = [];
  try {
    partial.push(files.stack + '.partial');
    const stackVoxel = { x: p, y: p, z: P.zStep };
    const stackMetadata = { description: `LSFM ${note}`, sliceProfile: stackProfile };
    await writeStack(files.stack + '.partial', P, stackVoxel, P.size, stackMetadata, options, (c, k, out) => {
      const lsfm = lsfms[c];
      // Sample the periodic block at z = k·zStep (linear between fine planes), then tile it.
      const f = ((k * P.zStep) / p) % bz;
      const i0 = Math.floor(f),
        i1 = (i0 + 1) % bz,
        w = f - i0;
      const a = lsfm.subarray(i0 * bx * by, (i0 + 1) * bx * by),
        b = lsfm.subarray(i1 * bx * by, (i1 + 1) * bx * by);
      for (let i = 0; i < blockPlane.length; i++) blockPlane[i] = a[i] + w * (b[i] - a[i]);
      // Channel 0's noise is the one-channel sample's; each further channel draws its own.
      const rng = mulberry32(c === 0 ? hashSeed(P.seed, 1, k) : hashSeed(P.seed, 1, k, c));
      for (let y = 0; y < P.size.y; y++) {
        tileRow(blockPlane, bx, y % by, row);
        applyCamera(row, out.subarray(y * P.size.x, (y + 1) * P.size.x), cam, rng);
      }
      tick();
    });
    if (P.files.groundTruth) {
      const gtPath = join(outDir, P.files.groundTruth);
      partial.push(gtPath + '.partial');
      const truthMetadata = { description: `Ground truth (isotropic). ${note}`, sliceProfile: truthProfile };
      await writeStack(
        gtPath + '.partial',
        P,
        { x: p, y: p, z: p },
        P.groundTruthSize,
        truthMetadata,
        options,
        (c, j, out) => {
          const truth = truths[c];
          const fine = truth.subarray((j % bz) * bx * by, ((j % bz) + 1) * bx * by);
          for (let y = 0; y < P.size.y; y++) {
            tileRow(fine, bx, y % by, row);
            for (let x = 0; x < row.length; x++)
              out[y * P.size.x + x] = Math.min(65535, Math.max(0, Math.round(row[x] * INTENSITY_SCALE)));
          }
          tick();
        },
      );
      files.groundTruth = gtPath;
    }
    // Publish only complete files, the manifest last.
    for (const f of partial) await rename(f, f.slice(0, -'.partial'.length));
    await writeFile(files.manifest, JSON.stringify(P, null, 2) + '\n');
    return files;
  } catch (e) {
    for (const f of partial) await rm(f, { force: true });
    throw e;
  }
}

/** What a stack's OME-XML says besides its size: free text and the blur its voxels carry. */
interface StackMetadata {
  description: string;
  sliceProfile: RecordedSliceProfile;
}

/** Fills `out` with plane k of channel c; writeStack asks in OME's XYZCT order (channel 0's planes first). */
type PlaneSource = (c: number, k: number, out: Uint16Array) => void;

async function writeStack(
  path: string,
  P: SampleParameters,
  voxel: { x: number; y: number; z: number },
  size: { x: number; y: number; z: number },
  metadata: StackMetadata,
  options: SampleOptions,
  plane: PlaneSource,
): Promise<void> {
  const channelCount = P.channels?.length ?? 1;
  const name = path.replace(/^.*[\\/]/, '').replace(/\.partial$/, '');
  const imageDescription = buildOmeXml({
    width: size.x,
    height: size.y,
    planes: size.z,
    dtype: 'uint16',
    voxelSize: voxel,
    name,
    creator: 'isotrope',
    description: metadata.description,
    sliceProfile: metadata.sliceProfile,
    ...(P.channels ? { channels: P.channels } : {}),
  });
  const w = await TiffWriter.create(path, {
    width: size.x,
    height: size.y,
    dtype: 'uint16',
    planes: size.z * channelCount,
    compression: P.compression,
    predictor: P.compression === 'deflate' ? 2 : 1,
    imageDescription,
    resolution: { x: 1e4 / voxel.x, y: 1e4 / voxel.y, unit: 'centimeter' },
    software: 'isotrope sample',
  });
  const out = new Uint16Array(size.x * size.y);
  try {
    for (let c = 0; c < channelCount; c++) {
      for (let k = 0; k < size.z; k++) {
        throwIfAborted(options.signal, path);
        plane(c, k, out);
        await w.appendPlane(out);
      }
    }
  } catch (e) {
    await w.close().catch(() => undefined); // the first error is the one to report
    throw e;
  }
  await w.close();
}

/** The two stains in the order of TWO_SAMPLE_CHANNELS. */
function twoStains(stains: { vessels: Float32Array; nuclei: Float32Array }): Float32Array[] {
  return [stains.vessels, stains.nuclei];
}

/** Fills `row` with block row `y`, repeated across the row's width. */
function tileRow(block: Float32Array, bx: number, y: number, row: Float32Array): void {
  const src = block.subarray(y * bx, (y + 1) * bx);
  for (let x = 0; x < row.length; x += bx)
    row.set(x + bx <= row.length ? src : src.subarray(0, row.length - x), x);
}

function validate(P: SampleParameters): void {
  const pos = (v: number): boolean => Number.isFinite(v) && v > 0;
  const int = (v: number): boolean => Number.isInteger(v) && v > 0;
  if (!(int(P.size.x) && int(P.size.y) && int(P.size.z)))
    throw new RangeError(`invalid sample size ${JSON.stringify(P.size)}`);
  for (const k of ['xyPixel', 'zStep', 'lateralFwhm', 'axialFwhm', 'photonsPerUnit'] as const) {
    if (!pos(P[k])) throw new RangeError(`sample option ${k} must be a positive number, got ${P[k]}`);
  }
  if (!(P.readNoise >= 0)) throw new RangeError(`sample option readNoise must be ≥ 0, got ${P.readNoise}`);
}

/** Where the default sample is cached: $ISOTROPE_CACHE, $XDG_CACHE_HOME/isotrope or ~/.cache/isotrope. */
export function sampleCacheDir(): string {
  const root =
    process.env.ISOTROPE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'isotrope');
  return join(root, `sample-v${SAMPLE_VERSION}`);
}

/**
 * The default sample (seed 1, 256×256×64 with ground truth), generated once into the cache
 * and reused while its sample.json matches. It is built in a temporary sibling directory and
 * renamed into place, so a crash never leaves a half-written sample behind.
 */
export async function ensureDefaultSample(
  options: Pick<SampleOptions, 'onProgress' | 'signal'> = {},
): Promise<SampleFiles> {
  const dir = sampleCacheDir();
  const expected = resolveSampleParameters({ groundTruth: true });
  const files = (d: string): SampleFiles => ({
    stack: join(d, expected.files.stack),
    groundTruth: join(d, expected.files.groundTruth!),
    manifest: join(d, 'sample.json'),
  });
  if (await matches(dir, expected)) return files(dir);
  const parent = join(dir, '..');
  await makeDirectory(parent);
  const tmp = await mkdtemp(join(parent, `.sample-v${SAMPLE_VERSION}-`));
  try {
    await generateSample(tmp, { groundTruth: true, ...options });
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    // Another process may have published the same sample meanwhile.
    if (await matches(dir, expected)) return files(dir);
    throw e;
  }
  return files(dir);
}

async function matches(dir: string, expected: SampleParameters): Promise<boolean> {
  try {
    const found = JSON.parse(await readFile(join(dir, 'sample.json'), 'utf8')) as unknown;
    if (JSON.stringify(found) !== JSON.stringify(expected)) return false;
    await stat(join(dir, expected.files.stack));
    await stat(join(dir, expected.files.groundTruth!));
    return true;
  } catch {
    return false;
  }
}
