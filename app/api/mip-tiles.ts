/**
 * A run's MIPs as tiled pyramids for the Compare screen: the SR and bicubic projections
 * assembled from the per-unit partials (app/run/mips.ts), each reduced level by level (level
 * L is 2^L× smaller, the max over 2^L × 2^L blocks, NaN where nothing is done yet) until the
 * coarsest fits one tile. Results are cached per run; units journaled since the last call are
 * folded in (a max, so the order does not matter) and only the pyramid blocks they touch are
 * recomputed, so a large run's MIPs stay cheap to refresh while it works.
 *
 * @example
 *   const mips = new MipTiles();
 *   const info = await mips.info('/data/run');
 *   const { header, data } = await mips.tile('/data/run', 'sr', 'z', info.levels.z - 1, 0, 0);
 */
import { resolve } from 'node:path';
import { readJournals } from '../run/journal.js';
import { readManifest, type RunManifest } from '../run/manifest.js';
import { AXES, emptyProjections, foldUnitMips, type Axis, type Projection, type Projections } from '../run/mips.js';
import { unitOf } from '../run/unit-grid.js';
import { PERCENTILE_SAMPLE, percentileOfSorted } from '../volume/percentile.js';
import { ApiError } from './errors.js';
import { littleEndianBytes } from './little-endian.js';
import type { ImageSource, MipInfoResult, MipTileHeader } from './schemas.js';

export const MIP_TILE_SIZE = 512;

type Pyramid = Projection[];
interface RunMips {
  /** Units folded in (the journal's, when they were read). */
  folded: Set<number>;
  manifest: RunManifest;
  pyramids: Record<ImageSource, Record<Axis, Pyramid>>;
  range: MipInfoResult['range'];
}

/** A region of an image, half-open, in pixels. */
export interface Rect { x0: number; x1: number; y0: number; y1: number }

/** One level down: the NaN-aware max over 2 × 2 blocks (NaN only where all four are). */
export function halveMax(p: Projection): Projection {
  const width = Math.ceil(p.width / 2); const height = Math.ceil(p.height / 2);
  const next = { width, height, data: new Float32Array(width * height) };
  halveMaxInto(p, next, { x0: 0, x1: p.width, y0: 0, y1: p.height });
  return next;
}

/** Recomputes the pixels of `next` (p halved) that the region `r` of p covers; returns that region of `next`. */
export function halveMaxInto(p: Projection, next: Projection, r: Rect): Rect {
  const out = { x0: Math.floor(r.x0 / 2), x1: Math.ceil(r.x1 / 2), y0: Math.floor(r.y0 / 2), y1: Math.ceil(r.y1 / 2) };
  const { width, data } = next;
  for (let y = out.y0; y < out.y1; y++) for (let x = out.x0; x < out.x1; x++) {
    let best = NaN;
    for (let dy = 0; dy < 2; dy++) {
      const sy = 2 * y + dy;
      if (sy >= p.height) continue;
      for (let dx = 0; dx < 2; dx++) {
        const sx = 2 * x + dx;
        if (sx >= p.width) continue;
        const v = p.data[sy * p.width + sx];
        if (!(v <= best)) best = Number.isNaN(v) ? best : v;
      }
    }
    data[y * width + x] = best;
  }
  return out;
}

/** Levels until the coarsest fits one tile (a projection already that small has one level). */
export function pyramidOf(p: Projection, tileSize = MIP_TILE_SIZE): Pyramid {
  const levels = [p];
  while (Math.max(levels.at(-1)!.width, levels.at(-1)!.height) > tileSize) levels.push(halveMax(levels.at(-1)!));
  return levels;
}

/**
 * The shared display range: percentiles 0.1 / 99.9 of the finite SR and bicubic values together
 * (sampled as `percentile` samples their concatenation, without making it: the 3D preview's
 * volumes are 10M values each); null when none.
 */
export function sharedRange(a: Float32Array, b: Float32Array): { lo: number; hi: number } | null {
  const n = a.length + b.length;
  const step = Math.max(1, Math.floor(n / PERCENTILE_SAMPLE));
  const sample: number[] = [];
  for (let i = 0; i < n; i += step) {
    const v = i < a.length ? a[i] : b[i - a.length];
    if (Number.isFinite(v)) sample.push(v);
  }
  if (sample.length === 0 && !a.some(Number.isFinite) && !b.some(Number.isFinite)) return null;
  sample.sort((x, y) => x - y);
  return { lo: percentileOfSorted(sample, 0.1), hi: percentileOfSorted(sample, 99.9) };
}

export class MipTiles {
  private readonly cache = new Map<string, Promise<RunMips>>();

  async info(runDir: string): Promise<MipInfoResult> {
    const mips = await this.load(runDir);
    const base = mips.pyramids.sr;
    const size = (a: Axis) => ({ width: base[a][0].width, height: base[a][0].height });
    return {
      runDir, axes: { z: size('z'), y: size('y'), x: size('x') }, tileSize: MIP_TILE_SIZE,
      levels: { z: base.z.length, y: base.y.length, x: base.x.length },
      voxelSize: { ...mips.manifest.output.voxelSize }, range: mips.range,
      unitsDone: mips.folded.size, unitsTotal: mips.manifest.grid.units,
    };
  }

  async tile(runDir: string, source: ImageSource, axis: Axis, level: number, tx: number, ty: number): Promise<{ header: MipTileHeader; data: Uint8Array }> {
    const mips = await this.load(runDir);
    const pyramid = mips.pyramids[source][axis];
    const image = pyramid[level];
    if (!image) throw new ApiError('bad-request', `readMipTile: level ${level} does not exist (the ${axis} MIP has ${pyramid.length})`);
    const x0 = tx * MIP_TILE_SIZE; const y0 = ty * MIP_TILE_SIZE;
    if (x0 >= image.width || y0 >= image.height) {
      throw new ApiError('bad-request', `readMipTile: tile ${tx},${ty} is outside level ${level} (${Math.ceil(image.width / MIP_TILE_SIZE)}×${Math.ceil(image.height / MIP_TILE_SIZE)} tiles)`);
    }
    const width = Math.min(MIP_TILE_SIZE, image.width - x0); const height = Math.min(MIP_TILE_SIZE, image.height - y0);
    const out = new Float32Array(width * height);
    for (let r = 0; r < height; r++) out.set(image.data.subarray((y0 + r) * image.width + x0, (y0 + r) * image.width + x0 + width), r * width);
    const data = littleEndianBytes(out);
    return {
      header: {
        runDir, source, axis, level, tx, ty, width, height, dtype: 'float32', byteLength: data.byteLength, littleEndian: true,
        unitsDone: mips.folded.size, unitsTotal: mips.manifest.grid.units,
      },
      data,
    };
  }

  /**
   * The run's pyramids. Cached per run: units journaled since are folded in and only the blocks
   * they touch are recomputed; a journal that lost units (the run was replaced) rebuilds.
   * Calls for one run are serialised, so updates never interleave.
   */
  private load(runDir: string): Promise<RunMips> {
    const key = resolve(runDir);
    const previous = this.cache.get(key)?.catch(() => undefined) ?? Promise.resolve(undefined);
    const next = previous.then(async (cached) => {
      const done = await readJournals(key);
      const usable = cached && [...cached.folded].every((id) => done.has(id));
      const mips = usable ? cached : await emptyRunMips(key);
      const added = [...done.keys()].filter((id) => !mips.folded.has(id));
      if (added.length > 0 || !usable) await foldIn(mips, key, added);
      return mips;
    });
    this.cache.set(key, next);
    next.catch(() => { if (this.cache.get(key) === next) this.cache.delete(key); });
    return next;
  }
}

async function emptyRunMips(runDir: string): Promise<RunMips> {
  const manifest = await readManifest(runDir);
  const pyramid = (p: Projections) => ({ z: pyramidOf(p.z), y: pyramidOf(p.y), x: pyramidOf(p.x) });
  return {
    folded: new Set(), manifest, range: { z: null, y: null, x: null },
    pyramids: { sr: pyramid(emptyProjections(manifest.grid.shape)), bicubic: pyramid(emptyProjections(manifest.grid.shape)) },
  };
}

/** Folds units into level 0, then recomputes the pyramid blocks above what changed, and the range. */
async function foldIn(mips: RunMips, runDir: string, units: number[]): Promise<void> {
  const { grid } = mips.manifest;
  const level0 = (source: ImageSource): Projections => {
    const p = mips.pyramids[source];
    return { z: p.z[0], y: p.y[0], x: p.x[0] };
  };
  const target = { sr: level0('sr'), bicubic: level0('bicubic') };
  const dirty: Partial<Record<Axis, Rect>> = {};
  const grow = (axis: Axis, r: Rect): void => {
    const d = dirty[axis];
    dirty[axis] = d ? { x0: Math.min(d.x0, r.x0), x1: Math.max(d.x1, r.x1), y0: Math.min(d.y0, r.y0), y1: Math.max(d.y1, r.y1) } : r;
  };
  for (const id of units) {
    mips.folded.add(id);
    if (!(await foldUnitMips(target, runDir, grid, id))) continue;
    const { box } = unitOf(grid, id);
    grow('z', { x0: 0, x1: grid.shape.x, y0: box.y.start, y1: box.y.end });
    grow('y', { x0: 0, x1: grid.shape.x, y0: box.z.start, y1: box.z.end });
    grow('x', { x0: box.y.start, x1: box.y.end, y0: box.z.start, y1: box.z.end });
  }
  for (const axis of AXES) {
    const region = dirty[axis];
    if (!region) continue;
    for (const source of ['sr', 'bicubic'] as const) {
      const levels = mips.pyramids[source][axis];
      let r = region;
      for (let L = 1; L < levels.length; L++) r = halveMaxInto(levels[L - 1], levels[L], r);
    }
    mips.range[axis] = sharedRange(target.sr[axis].data, target.bicubic[axis].data);
  }
}
