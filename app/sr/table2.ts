/**
 * The paper's Table 2 on any volume: how far tiled inference departs from whole-slice
 * inference (MSE, in the stack's intensity units) and what it costs (seconds), for the valid
 * network (crop-equivariant: MSE must be exactly 0) and the zero-padded baseline (seams).
 *
 * `tile` is each tile's output footprint, so both networks produce the same pixels per tile:
 * the valid network's input tile is tile + 2·margin; the padded one's is the tile itself.
 * Weights are seeded random with the tail scaled so the network's residual has 10 % of the
 * signal's standard deviation, like a trained network's correction (a zero tail would make
 * both networks the identity, with no seams to show); or the valid network's trained weights.
 */
import type { Volume } from '../volume/index.js';
import { createRunner, type EngineChoice, type NetworkRunner } from './networks/runner.js';
import { initWeights, type WeightMap } from './networks/init.js';
import { preset } from './networks/presets.js';
import type { NetworkConfig } from './networks/architecture.js';
import { normalisationOf, normalise } from './normalisation.js';
import type { Plane } from './plane.js';
import { runTiled, runWhole } from './tiled-inference.js';

export type Table2Tile = 32 | 64 | 128 | 'full';
export interface Table2Row {
  network: 'valid' | 'padded';
  tile: Table2Tile;
  mse: number;
  seconds: number;
}

export interface Table2Options {
  /** Network size preset (default 'cpu'; 'paper' is W=256: hours on a CPU). */
  preset?: string;
  /** xy planes used, evenly spaced in z (default 4). */
  planes?: number;
  seed?: number;
  /** Trained valid-network weights (from a model directory). */
  validWeights?: WeightMap;
  /** Engine to run on (default: the active tfjs backend). */
  backend?: EngineChoice;
  tiles?: Table2Tile[];
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export const TABLE2_TILES: Table2Tile[] = [32, 64, 128, 'full'];

export async function table2(volume: Volume, options: Table2Options = {}): Promise<Table2Row[]> {
  const count = Math.min(volume.shape.z, options.planes ?? 4);
  const zs = Array.from({ length: count }, (_, i) => Math.floor(((i + 0.5) * volume.shape.z) / count));
  const raw: Plane[] = [];
  for (const z of zs) {
    const data = Float32Array.from(await volume.readPlaneXY(z, { signal: options.signal }));
    raw.push({ width: volume.shape.x, height: volume.shape.y, data });
  }
  const norm = normalisationOf(raw[0].data.filter((_, i) => i % 7 === 0));
  const planes = raw.map((p) => ({ ...p, data: normalise(p.data.slice(), norm) }));
  const unitsToIntensity = (norm.hi - norm.lo) ** 2;
  const tiles = options.tiles ?? TABLE2_TILES;
  const rows: Table2Row[] = [];
  const total = 2 * tiles.length * planes.length;
  let done = 0;
  for (const kind of ['valid', 'padded'] as const) {
    const config = preset(kind, options.preset ?? 'cpu');
    const net =
      kind === 'valid' && options.validWeights
        ? await createRunner(options.backend, config, options.validWeights)
        : await calibratedRandomNetwork(
            config,
            initWeights(config, { seed: options.seed ?? 1, zeroTail: false }),
            planes[0],
            options.backend,
          );
    try {
      const wholes: Plane[] = [];
      const wholeStart = performance.now();
      for (const p of planes) wholes.push(await runWhole(p, net));
      const wholeSeconds = (performance.now() - wholeStart) / 1000;
      for (const tile of tiles) {
        if (tile === 'full') {
          rows.push({ network: kind, tile, mse: 0, seconds: wholeSeconds });
        } else {
          const start = performance.now();
          let sum = 0;
          let n = 0;
          for (let i = 0; i < planes.length; i++) {
            const tiled = await runTiledFootprint(planes[i], net, tile, options.signal);
            const w = wholes[i].data;
            for (let k = 0; k < w.length; k++) {
              const d = tiled.data[k] - w[k];
              sum += d * d;
            }
            n += w.length;
          }
          rows.push({
            network: kind,
            tile,
            mse: (sum / n) * unitsToIntensity,
            seconds: (performance.now() - start) / 1000,
          });
        }
        done += planes.length;
        options.onProgress?.(done, total);
      }
    } finally {
      await net.dispose();
    }
  }
  return rows;
}

function runTiledFootprint(
  plane: Plane,
  net: NetworkRunner,
  footprint: number,
  signal?: AbortSignal,
): Promise<Plane> {
  return runTiled(plane, net, { tile: footprint + 2 * net.margin, batch: 8, signal });
}

/** A network whose (linear) tail is rescaled so its residual's s.d. is 10 % of the plane's. */
async function calibratedRandomNetwork(
  config: NetworkConfig,
  weights: WeightMap,
  plane: Plane,
  backend: EngineChoice | undefined,
): Promise<NetworkRunner> {
  const probe = await createRunner(backend, config, weights);
  let factor: number;
  try {
    const out = await runWhole(plane, probe);
    factor = (0.1 * std(plane.data)) / Math.max(1e-12, std(out.data.map((v, i) => v - plane.data[i])));
  } finally {
    await probe.dispose();
  }
  for (const key of ['tail.w', 'tail.b']) {
    const t = weights.get(key)!;
    weights.set(key, { shape: t.shape, data: t.data.map((v) => v * factor) });
  }
  return createRunner(backend, config, weights);
}

function std(data: Float32Array): number {
  let sum = 0;
  let sq = 0;
  for (const v of data) {
    sum += v;
    sq += v * v;
  }
  const mean = sum / data.length;
  return Math.sqrt(Math.max(0, sq / data.length - mean * mean));
}
