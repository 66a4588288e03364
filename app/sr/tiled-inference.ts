/**
 * Runs a network over a whole plane, either in one piece or tile by tile. For the valid network
 * both give bit-identical results (crop-equivariance); tiling bounds memory. Both pre-pad the
 * plane by the network's margin (reflect) so the output has the plane's size.
 */
import { SrError } from './errors.js';
import { reflectPad, type Plane } from './plane.js';
import { planTiles } from './tile-plan.js';
import type { NetworkRunner } from './networks/runner.js';

export interface TiledOptions {
  /** Tile input size N (≥ 2·margin+1). */
  tile: number;
  /** Tiles per forward pass. Default 8: enough to amortise per-call overhead on wasm. */
  batch?: number;
  signal?: AbortSignal;
  /** runTiledValid: called as each plane's last tile is done (for per-plane progress). */
  onPlaneDone?: () => void;
}

/** The network on the whole (pre-padded) plane in one forward pass. */
export async function runWhole(plane: Plane, net: NetworkRunner): Promise<Plane> {
  const p = reflectPad(plane, net.margin);
  const data = await net.run(p.data, 1, p.height, p.width);
  return { width: plane.width, height: plane.height, data };
}

/** The network tile by tile (batched), centres stitched into a plane of the input's size. */
export async function runTiled(plane: Plane, net: NetworkRunner, options: TiledOptions): Promise<Plane> {
  const [out] = await runTiledValid([reflectPad(plane, net.margin)], net, options);
  return out;
}

/**
 * The valid network over planes that are already padded by the margin on every side (a run's
 * unit builds them from real halo data, reflecting only at true volume edges), so each output
 * is (width − 2m) × (height − 2m). All planes must share one size: their tiles are batched
 * together (tiles of several small planes share a forward pass). `runTiled` is this on one
 * reflect-padded plane, so the two agree bit for bit.
 * @example const [a, b] = await runTiledValid([pa, pb], net, { tile: 96, batch: 16 })
 */
export async function runTiledValid(
  padded: Plane[],
  net: NetworkRunner,
  options: TiledOptions,
): Promise<Plane[]> {
  const batch = options.batch ?? 8;
  if (!Number.isInteger(batch) || batch < 1)
    throw new SrError('bad-tile', `batch ${batch}: need an integer ≥ 1`);
  if (padded.length === 0) return [];
  const networkMargin = net.margin;
  const { width: pw, height: ph } = padded[0];
  if (padded.some((p) => p.width !== pw || p.height !== ph))
    throw new SrError('bad-tile', 'runTiledValid: planes of different sizes');
  const width = pw - 2 * networkMargin;
  const height = ph - 2 * networkMargin;
  const plan = planTiles(width, height, networkMargin, options.tile);
  const { tileWidth: tw, tileHeight: th, outWidth: ow, outHeight: oh } = plan;
  const outs = padded.map(() => new Float32Array(width * height));
  const jobs = padded.flatMap((_, k) => plan.tiles.map((t) => ({ k, t })));
  const groups: Array<typeof jobs> = [];
  for (let first = 0; first < jobs.length; first += batch) groups.push(jobs.slice(first, first + batch));
  const gather = (group: typeof jobs): Float32Array => {
    const input = new Float32Array(group.length * tw * th);
    group.forEach(({ k, t }, g) => {
      const p = padded[k];
      for (let y = 0; y < th; y++) {
        const src = (t.y + y) * pw + t.x;
        input.set(p.data.subarray(src, src + tw), (g * th + y) * tw);
      }
    });
    return input;
  };
  // One batch in flight while the next is gathered and the last stitched: an engine in a
  // worker thread (ORT) computes while this thread copies tiles.
  let inFlight = groups.length > 0 ? net.run(gather(groups[0]), groups[0].length, th, tw) : undefined;
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i];
    const nextInput = i + 1 < groups.length && !options.signal?.aborted ? gather(groups[i + 1]) : undefined;
    const result = await inFlight!;
    if (options.signal?.aborted)
      throw new SrError('aborted', 'tiled inference cancelled', { cause: options.signal.reason });
    inFlight = nextInput ? net.run(nextInput, groups[i + 1].length, th, tw) : undefined;
    // wasm's data() resolves at once: without this the loop never yields, so timers (a run's
    // lock heartbeat) and signal handlers (Ctrl-C → stop after the unit) would starve.
    await new Promise((resolve) => setImmediate(resolve));
    group.forEach(({ k, t }, g) => {
      if (t === plan.tiles[plan.tiles.length - 1]) options.onPlaneDone?.();
      for (let y = 0; y < oh; y++) {
        const src = (g * oh + y) * ow;
        outs[k].set(result.subarray(src, src + ow), (t.y + y) * width + t.x);
      }
    });
  }
  return outs.map((data) => ({ width, height, data }));
}
