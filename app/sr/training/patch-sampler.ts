/**
 * The stream of training batches, read lazily from a volume: batch k is a pure function of
 * (seed, k) and the data, so a resumed run sees exactly the batches an uninterrupted one would.
 *
 * Batches are grouped in blocks of `batchesPerRegion`: block b = ⌊k / batchesPerRegion⌋ picks
 * a training plane and a region of it from hash(seed, b); the sampler keeps only that one
 * prepared region (HR + two degraded copies + weights), so memory is a few planes whatever the
 * stack size, and a plane is degraded once per block rather than once per batch.
 *
 * Validation: every `valEvery`-th plane (z ≡ ⌊valEvery/2⌋ mod valEvery) is held out; training
 * never reads it. The validation set is a fixed set of patches from those planes, with the same
 * degradation and noise (drawn from fixed seeds) so its loss is comparable between epochs.
 *
 * Time points: a plane is a pair (z, t). With several time points a block draws its pair from
 * every (training z, chosen t), and validation spreads over every (held-out z, chosen t); a
 * time point t > 0 enters the seeds, t = 0 does not. So one time point (any stack with T = 1)
 * gives exactly the patches of a single 3D stack.
 */
import type { Volume } from '../../volume/index.js';
import { hashSeed, mulberry32 } from '../../math/index.js';
import { normalise, type Normalisation } from '../normalisation.js';
import type { Plane } from '../plane.js';
import { SrError } from '../errors.js';
import type { Degradation } from './degradation.js';
import { drawPatch, writePatch, type AugmentOptions } from './augment.js';
import { prepareRegion, regionWindow, type TrainingRegion } from './training-region.js';

export interface SamplerOptions {
  seed: number;
  /** Input patch side (64 for the valid network). */
  patch: number;
  /** Pixels the network crops per side; targets are patch − 2·margin square. */
  margin: number;
  batch: number;
  degradation: Degradation;
  normalisation: Normalisation;
  augment: AugmentOptions;
  /** Consecutive batches cut from one region (default 4). */
  batchesPerRegion?: number;
  /** Largest region side read from one plane (default 512). */
  regionMax?: number;
  /** Hold out every valEvery-th plane for validation (default 8). */
  valEvery?: number;
  /** Validation patches (default 128). */
  valPatches?: number;
  /** Input channel read (default 0). */
  channel?: number;
  /** Input time points whose planes are sampled, distinct (default [0]). */
  timepoints?: number[];
}

/** One xy plane of the stack: its z and its time point. */
interface PlaneAt {
  z: number;
  t: number;
}

/** Seed parts naming a plane: t only when > 0, so the single-time-point seeds stay those of a 3D stack. */
function planeSeedParts(plane: PlaneAt): number[] {
  return plane.t > 0 ? [plane.z, plane.t] : [plane.z];
}

/** Inputs [count, patch, patch, 1] and targets [count, patch − 2m, patch − 2m, 1], row-major. */
export interface Batch {
  count: number;
  patch: number;
  targetSize: number;
  input: Float32Array;
  target: Float32Array;
}

export class PatchSampler {
  readonly trainPlanes: number[];
  readonly valPlanes: number[];
  private cached: { block: number; region: TrainingRegion } | undefined;

  constructor(
    private readonly volume: Volume,
    readonly options: SamplerOptions,
  ) {
    const { x, y, z } = volume.shape;
    if (x < options.patch || y < options.patch) {
      throw new SrError(
        'bad-input',
        `xy planes of ${x}×${y} are smaller than the ${options.patch}-pixel training patch`,
        { file: volume.path },
      );
    }
    if (z < 2)
      throw new SrError('bad-input', 'need at least 2 planes (training and validation)', {
        file: volume.path,
      });
    const every = options.valEvery ?? 8;
    const held = (k: number): boolean => k % every === Math.floor(every / 2) % every;
    const all = Array.from({ length: z }, (_, k) => k);
    this.valPlanes = all.filter(held);
    if (this.valPlanes.length === 0) this.valPlanes = [z >> 1];
    this.trainPlanes = all.filter((k) => !this.valPlanes.includes(k));
  }

  private get perRegion(): number {
    return this.options.batchesPerRegion ?? 4;
  }

  private get timepoints(): number[] {
    return this.options.timepoints ?? [0];
  }

  private async region(plane: PlaneAt, seedParts: number[]): Promise<TrainingRegion> {
    const o = this.options;
    const raw = await this.volume.readPlaneXY(plane.z, { c: o.channel ?? 0, t: plane.t });
    const { x: w, y: h } = this.volume.shape;
    const rng = mulberry32(hashSeed(...seedParts));
    const win = regionWindow(w, h, o.patch, o.degradation, o.regionMax ?? 512, [rng.next(), rng.next()]);
    const data = new Float32Array(win.width * win.height);
    for (let r = 0; r < win.height; r++) {
      const from = (win.y + r) * w + win.x;
      for (let c = 0; c < win.width; c++) data[r * win.width + c] = Number(raw[from + c]);
    }
    const hr: Plane = { width: win.width, height: win.height, data: normalise(data, o.normalisation) };
    const cut: [boolean, boolean, boolean, boolean] = [
      win.x > 0,
      win.x + win.width < w,
      win.y > 0,
      win.y + win.height < h,
    ];
    return prepareRegion(hr, o.patch, o.degradation, cut);
  }

  private allocate(count: number): Batch {
    const { patch, margin } = this.options;
    const t = patch - 2 * margin;
    return {
      count,
      patch,
      targetSize: t,
      input: new Float32Array(count * patch * patch),
      target: new Float32Array(count * t * t),
    };
  }

  /** Training batch k (0-based). Reads at most one plane. */
  async batch(k: number): Promise<Batch> {
    const o = this.options;
    const block = Math.floor(k / this.perRegion);
    if (this.cached?.block !== block) {
      // Pair index p over (training z, chosen t), z fastest: with one time point, p picks z as a 3D stack's does.
      const planeCount = this.trainPlanes.length;
      const pair = hashSeed(o.seed, 2, block) % (planeCount * this.timepoints.length);
      const plane = {
        z: this.trainPlanes[pair % planeCount],
        t: this.timepoints[Math.floor(pair / planeCount)],
      };
      this.cached = { block, region: await this.region(plane, [o.seed, 3, block]) };
    }
    const region = this.cached.region;
    const rng = mulberry32(hashSeed(o.seed, 4, k));
    const b = this.allocate(o.batch);
    for (let i = 0; i < o.batch; i++) this.write(b, i, region, rng, o.augment);
    return b;
  }

  /** The fixed validation set, spread evenly over at most `valPatches` held-out planes (of every chosen time point). */
  async validation(): Promise<Batch> {
    const o = this.options;
    const total = o.valPatches ?? 128;
    // t fastest: an even spread over the pairs then covers every time point as well as z.
    const held = this.valPlanes.flatMap((z) => this.timepoints.map((t) => ({ z, t })));
    const planes =
      held.length <= total
        ? held
        : Array.from({ length: total }, (_, i) => held[Math.floor((i * held.length) / total)]);
    const b = this.allocate(total);
    let at = 0;
    for (let p = 0; p < planes.length; p++) {
      const share = Math.floor(((p + 1) * total) / planes.length) - Math.floor((p * total) / planes.length);
      const region = await this.region(planes[p], [o.seed, 5, ...planeSeedParts(planes[p])]);
      const rng = mulberry32(hashSeed(o.seed, 6, ...planeSeedParts(planes[p])));
      for (let i = 0; i < share; i++) this.write(b, at++, region, rng, o.augment);
    }
    return b;
  }

  private write(
    b: Batch,
    i: number,
    region: TrainingRegion,
    rng: ReturnType<typeof mulberry32>,
    a: AugmentOptions,
  ): void {
    const d = drawPatch(rng, region, a);
    writePatch(
      region,
      d,
      b.patch,
      this.options.margin,
      rng,
      b.input,
      i * b.patch * b.patch,
      b.target,
      i * b.targetSize * b.targetSize,
    );
  }
}
