/**
 * Runs a network over a whole plane, either in one piece or tile by tile. For the valid network
 * both give bit-identical results (crop-equivariance); tiling bounds memory. Both pre-pad the
 * plane by the network's margin (reflect) so the output has the plane's size.
 */
import { tf } from '../compute/tf.js';
import { SrError } from './errors.js';
import { reflectPad, type Plane } from './plane.js';
import { planTiles } from './tile-plan.js';
import type { SrNetwork } from './networks/network.js';

export interface TiledOptions {
  /** Tile input size N (≥ 2·margin+1). */
  tile: number;
  /** Tiles per forward pass. Default 8: enough to amortise per-call overhead on wasm. */
  batch?: number;
  signal?: AbortSignal;
}

async function forwardHost(net: SrNetwork, input: Float32Array, shape: [number, number, number, number]): Promise<Float32Array> {
  const x = tf.tensor4d(input, shape, 'float32');
  const y = net.forward(x);
  x.dispose();
  try {
    return (await y.data()) as Float32Array;
  } finally {
    y.dispose();
  }
}

/** The network on the whole (pre-padded) plane in one forward pass. */
export async function runWhole(plane: Plane, net: SrNetwork): Promise<Plane> {
  const p = reflectPad(plane, net.margin);
  const data = await forwardHost(net, p.data, [1, p.height, p.width, 1]);
  return { width: plane.width, height: plane.height, data };
}

/** The network tile by tile (batched), centres stitched into a plane of the input's size. */
export async function runTiled(plane: Plane, net: SrNetwork, options: TiledOptions): Promise<Plane> {
  const batch = options.batch ?? 8;
  if (!Number.isInteger(batch) || batch < 1) throw new SrError('bad-tile', `batch ${batch}: need an integer ≥ 1`);
  const plan = planTiles(plane.width, plane.height, net.margin, options.tile);
  const p = reflectPad(plane, net.margin);
  const { tileWidth: tw, tileHeight: th, outWidth: ow, outHeight: oh } = plan;
  const out = new Float32Array(plane.width * plane.height);
  for (let first = 0; first < plan.tiles.length; first += batch) {
    if (options.signal?.aborted) throw new SrError('aborted', 'tiled inference cancelled', { cause: options.signal.reason });
    const group = plan.tiles.slice(first, first + batch);
    const input = new Float32Array(group.length * tw * th);
    group.forEach((t, k) => {
      for (let y = 0; y < th; y++) {
        const src = (t.y + y) * p.width + t.x;
        input.set(p.data.subarray(src, src + tw), (k * th + y) * tw);
      }
    });
    const result = await forwardHost(net, input, [group.length, th, tw, 1]);
    group.forEach((t, k) => {
      for (let y = 0; y < oh; y++) {
        const src = (k * oh + y) * ow;
        out.set(result.subarray(src, src + ow), (t.y + y) * plane.width + t.x);
      }
    });
  }
  return { width: plane.width, height: plane.height, data: out };
}
