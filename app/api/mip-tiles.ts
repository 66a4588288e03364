/**
 * A run's MIPs as tiled pyramids for the Compare screen: the SR and bicubic projections
 * assembled from the per-unit partials (app/run/mips.ts), each reduced level by level (level
 * L is 2^L× smaller, the max over 2^L × 2^L blocks, NaN where nothing is done yet) until the
 * coarsest fits one tile. Assembling reads every partial, so results are cached per run and
 * rebuilt only when the journal's unit count changes.
 *
 * @example
 *   const views = new RunViews();
 *   const info = await views.mipInfo('/data/run');
 *   const { header, data } = await views.mipTile('/data/run', 'sr', 'z', info.levels.z - 1, 0, 0);
 */
import { resolve } from 'node:path';
import { readJournals } from '../run/journal.js';
import { readManifest, type RunManifest } from '../run/manifest.js';
import { AXES, assembleMips, type Axis, type Projection } from '../run/mips.js';
import { PERCENTILE_SAMPLE, percentileOfSorted } from '../volume/percentile.js';
import { ApiError } from './errors.js';
import { littleEndianBytes } from './little-endian.js';
import type { ImageSource, MipInfoResult, MipTileHeader } from './schemas.js';

export const MIP_TILE_SIZE = 512;

type Pyramid = Projection[];
interface RunMips {
  units: number;
  manifest: RunManifest;
  pyramids: Record<ImageSource, Record<Axis, Pyramid>>;
  range: MipInfoResult['range'];
}

/** One level down: the NaN-aware max over 2 × 2 blocks (NaN only where all four are). */
export function halveMax(p: Projection): Projection {
  const width = Math.ceil(p.width / 2); const height = Math.ceil(p.height / 2);
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
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
  return { width, height, data };
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
      unitsDone: mips.units, unitsTotal: mips.manifest.grid.units,
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
        unitsDone: mips.units, unitsTotal: mips.manifest.grid.units,
      },
      data,
    };
  }

  /** The run's pyramids, from the cache while the journal's unit count is unchanged. */
  private async load(runDir: string): Promise<RunMips> {
    const key = resolve(runDir);
    const done = await readJournals(key);
    const cached = this.cache.get(key);
    if (cached) {
      const c = await cached.catch(() => undefined);
      if (c && c.units === done.size) return c;
    }
    const building = (async (): Promise<RunMips> => {
      const manifest = await readManifest(key);
      const { sr, bicubic } = await assembleMips(key, manifest.grid, done.keys());
      const pyramids = {
        sr: { z: pyramidOf(sr.z), y: pyramidOf(sr.y), x: pyramidOf(sr.x) },
        bicubic: { z: pyramidOf(bicubic.z), y: pyramidOf(bicubic.y), x: pyramidOf(bicubic.x) },
      };
      const range = Object.fromEntries(AXES.map((a) => [a, sharedRange(sr[a].data, bicubic[a].data)])) as MipInfoResult['range'];
      return { units: done.size, manifest, pyramids, range };
    })();
    this.cache.set(key, building);
    building.catch(() => { if (this.cache.get(key) === building) this.cache.delete(key); });
    return building;
  }
}
