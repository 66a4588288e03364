/**
 * A run's MIPs as tiled pyramids for the Compare screen: the SR and bicubic projections (and
 * the disagreement's, for runs with a confidence map, in their own partials)
 * assembled from the per-unit partials (app/run/mips.ts), each reduced level by level
 * (app/image/pyramid.ts: level L is 2^L× smaller, the max over 2^L × 2^L blocks, NaN where
 * nothing is done yet) until the coarsest fits one tile. Results are cached per run; units
 * journaled since the last call are folded in (a max, so the order does not matter) and only the
 * pyramid blocks they touch are recomputed, so a large run's MIPs stay cheap to refresh while it
 * works.
 *
 * @example
 *   const mips = new MipTiles();
 *   const info = await mips.info('/data/run');
 *   const { header, data } = await mips.tile('/data/run', 'sr', 'z', info.levels.z - 1, 0, 0);
 */
import { resolve } from 'node:path';
import { sharedRange, cropImage, halveMaxInto, MIP_TILE_SIZE, pyramidOf } from '../image/index.js';
import type { FloatImage, Rect } from '../image/index.js';
import {
  readJournals,
  readManifest,
  type RunManifest,
  AXES,
  emptyProjections,
  foldUnitMips,
  foldUnitDisagreementMips,
  hasConfidence,
  type Axis,
  type Projections,
  figureNames,
  findPlane,
  runChannels,
  type RunPlane,
  unitOf,
  unitsOfPlane,
} from '../run/index.js';
import { ApiError } from './errors.js';
import { littleEndianBytes } from './little-endian.js';
import type { MipInfoResult, RunImage, MipTileHeader } from './schemas.js';

type Pyramid = FloatImage[];
interface RunMips {
  /** Units folded in (the journal's, when they were read). */
  folded: Set<number>;
  manifest: RunManifest;
  /** The channel and time point these MIPs are of (a run of several has one RunMips each). */
  plane: RunPlane;
  /** Units journaled in the whole run (every plane) when last loaded: what unitsDone reports. */
  journaled: number;
  /** The disagreement's only when the run writes one. */
  pyramids: Record<'sr' | 'bicubic', Record<Axis, Pyramid>> & { disagreement?: Record<Axis, Pyramid> };
  range: MipInfoResult['range'];
  disagreementRange: MipInfoResult['range'];
}

/**
 * Planes (a run's channel × time point) whose pyramids are kept, least recently used dropped
 * first: a two-channel Compare needs 2, and scrubbing a time-lapse should not keep them all.
 */
const KEPT_PLANES = 8;

export class MipTiles {
  private readonly cache = new Map<string, Promise<RunMips>>();

  async info(runDir: string): Promise<MipInfoResult> {
    const mips = await this.load(runDir);
    const base = mips.pyramids.sr;
    const size = (a: Axis) => ({ width: base[a][0].width, height: base[a][0].height });
    const { manifest } = mips;
    const multi = manifest.planes !== undefined;
    const names = figureNames(manifest);
    const channels = multi
      ? await Promise.all(
          runChannels(manifest).map(async (channel, k) => ({
            ...channel,
            range: (await this.load(runDir, { c: channel.index, t: mips.plane.t })).range,
            model: names.models[k],
          })),
        )
      : undefined;
    return {
      runDir,
      axes: { z: size('z'), y: size('y'), x: size('x') },
      tileSize: MIP_TILE_SIZE,
      levels: { z: base.z.length, y: base.y.length, x: base.x.length },
      voxelSize: { ...mips.manifest.output.voxelSize },
      range: mips.range,
      unitsDone: mips.journaled,
      unitsTotal: mips.manifest.grid.units,
      ...(channels ? { channels, timepoints: [...(manifest.planes?.timepoints ?? [0])] } : {}),
      input: names.input,
      model: names.models[0],
      planeAxes: names.axes,
      ...(mips.pyramids.disagreement ? { disagreement: { range: mips.disagreementRange } } : {}),
    };
  }

  async tile(
    runDir: string,
    source: RunImage,
    axis: Axis,
    level: number,
    tx: number,
    ty: number,
    plane: { c?: number; t?: number } = {},
  ): Promise<{ header: MipTileHeader; data: Uint8Array }> {
    const mips = await this.load(runDir, plane);
    const pyramids = mips.pyramids[source];
    if (!pyramids)
      throw new ApiError(
        'bad-request',
        'readMipTile: this run has no disagreement map (it ran one orientation, or with --no-confidence)',
      );
    const pyramid = pyramids[axis];
    const image = pyramid[level];
    if (!image)
      throw new ApiError(
        'bad-request',
        `readMipTile: level ${level} does not exist (the ${axis} MIP has ${pyramid.length})`,
      );
    const x0 = tx * MIP_TILE_SIZE;
    const y0 = ty * MIP_TILE_SIZE;
    if (x0 >= image.width || y0 >= image.height) {
      throw new ApiError(
        'bad-request',
        `readMipTile: tile ${tx},${ty} is outside level ${level} (${Math.ceil(image.width / MIP_TILE_SIZE)}×${Math.ceil(image.height / MIP_TILE_SIZE)} tiles)`,
      );
    }
    const width = Math.min(MIP_TILE_SIZE, image.width - x0);
    const height = Math.min(MIP_TILE_SIZE, image.height - y0);
    const out = cropImage(image, x0, y0, width, height).data;
    const data = littleEndianBytes(out);
    return {
      header: {
        runDir,
        source,
        axis,
        level,
        tx,
        ty,
        width,
        height,
        dtype: 'float32',
        byteLength: data.byteLength,
        littleEndian: true,
        unitsDone: mips.journaled,
        unitsTotal: mips.manifest.grid.units,
        ...(mips.manifest.planes ? { c: mips.plane.c, t: mips.plane.t } : {}),
      },
      data,
    };
  }

  /**
   * The run's pyramids. Cached per run: units journaled since are folded in and only the blocks
   * they touch are recomputed; a journal that lost units (the run was replaced) rebuilds.
   * Calls for one run are serialised, so updates never interleave.
   */
  private load(runDir: string, plane: { c?: number; t?: number } = {}): Promise<RunMips> {
    const dir = resolve(runDir);
    const key = `${dir}\0${plane.c ?? ''}\0${plane.t ?? ''}`;
    const previous = this.cache.get(key)?.catch(() => undefined) ?? Promise.resolve(undefined);
    const next = previous.then(async (cached) => {
      const done = await readJournals(dir);
      const usable = cached && [...cached.folded].every((id) => done.has(id));
      const mips = usable ? cached : await emptyRunMips(dir, plane);
      const mine = unitsOfPlane(mips.manifest.grid, mips.plane.index, done.keys());
      mips.journaled = [...done.keys()].filter((id) => id < mips.manifest.grid.units).length;
      const added = mine.filter((id) => !mips.folded.has(id));
      if (added.length > 0 || !usable) await foldIn(mips, dir, added);
      return mips;
    });
    this.cache.delete(key);
    this.cache.set(key, next);
    for (const old of [...this.cache.keys()].slice(0, Math.max(0, this.cache.size - KEPT_PLANES)))
      this.cache.delete(old);
    next.catch(() => {
      if (this.cache.get(key) === next) this.cache.delete(key);
    });
    return next;
  }
}

async function emptyRunMips(runDir: string, wanted: { c?: number; t?: number }): Promise<RunMips> {
  const manifest = await readManifest(runDir);
  const plane = findPlane(manifest, wanted.c, wanted.t);
  if (!plane)
    throw new ApiError(
      'bad-request',
      `readMipTile: the run does not cover channel ${wanted.c ?? 0}, time point ${wanted.t ?? 0}`,
    );
  const pyramid = (p: Projections) => ({ z: pyramidOf(p.z), y: pyramidOf(p.y), x: pyramidOf(p.x) });
  return {
    folded: new Set(),
    manifest,
    plane,
    journaled: 0,
    range: { z: null, y: null, x: null },
    disagreementRange: { z: null, y: null, x: null },
    pyramids: {
      sr: pyramid(emptyProjections(manifest.grid.shape)),
      bicubic: pyramid(emptyProjections(manifest.grid.shape)),
      ...(hasConfidence(manifest) ? { disagreement: pyramid(emptyProjections(manifest.grid.shape)) } : {}),
    },
  };
}

/** Folds units into level 0, then recomputes the pyramid blocks above what changed, and the range. */
async function foldIn(mips: RunMips, runDir: string, units: number[]): Promise<void> {
  const { grid } = mips.manifest;
  const level0 = (p: Record<Axis, Pyramid>): Projections => ({ z: p.z[0], y: p.y[0], x: p.x[0] });
  const target = { sr: level0(mips.pyramids.sr), bicubic: level0(mips.pyramids.bicubic) };
  const disagreement = mips.pyramids.disagreement && level0(mips.pyramids.disagreement);
  const dirty: Partial<Record<Axis, Rect>> = {};
  const grow = (axis: Axis, r: Rect): void => {
    const d = dirty[axis];
    dirty[axis] = d
      ? {
          x0: Math.min(d.x0, r.x0),
          x1: Math.max(d.x1, r.x1),
          y0: Math.min(d.y0, r.y0),
          y1: Math.max(d.y1, r.y1),
        }
      : r;
  };
  for (const id of units) {
    mips.folded.add(id);
    if (!(await foldUnitMips(target, runDir, grid, id))) continue;
    if (disagreement) await foldUnitDisagreementMips(disagreement, runDir, grid, id);
    const { box } = unitOf(grid, id);
    grow('z', { x0: 0, x1: grid.shape.x, y0: box.y.start, y1: box.y.end });
    grow('y', { x0: 0, x1: grid.shape.x, y0: box.z.start, y1: box.z.end });
    grow('x', { x0: box.y.start, x1: box.y.end, y0: box.z.start, y1: box.z.end });
  }
  for (const axis of AXES) {
    const region = dirty[axis];
    if (!region) continue;
    for (const source of ['sr', 'bicubic', 'disagreement'] as const) {
      const levels = mips.pyramids[source]?.[axis];
      if (!levels) continue;
      let r = region;
      for (let L = 1; L < levels.length; L++) r = halveMaxInto(levels[L - 1], levels[L], r);
    }
    mips.range[axis] = sharedRange(target.sr[axis].data, target.bicubic[axis].data);
    if (disagreement) mips.disagreementRange[axis] = sharedRange(disagreement[axis].data, []);
  }
}
