/**
 * A run's whole MIP at full resolution, read tile by tile from the engine (level 0), for "Export
 * PNG": the export draws the same figure as `isotrope compare`, from the same pixels, whatever
 * the zoom on screen.
 *
 * @example
 *   const sr = await readMipImage(client, info, 'sr', 'z');   // FloatImage, NaN where not done
 *   const nuclei = await readMipImage(client, info, 'sr', 'z', { plane: { c: 1 } });
 */
import type { EngineClient, ImageSource, MipAxis, MipInfoResult } from '../../../app/api/contract.js';
import type { FloatImage } from '../../../app/image/index.js';
import { tileCount } from '../../../app/image/index.js';
import { asFloat32 } from './mip-tile-cache.js';

type MipImageInfo = Pick<MipInfoResult, 'runDir' | 'axes' | 'tileSize'>;

export async function readMipImage(
  client: Pick<EngineClient, 'call'>,
  info: MipImageInfo,
  source: ImageSource,
  axis: MipAxis,
  options: { signal?: AbortSignal; plane?: { c?: number; t?: number } } = {},
): Promise<FloatImage> {
  const { width, height } = info.axes[axis];
  const data = new Float32Array(width * height);
  const columns = tileCount(width, 0, info.tileSize);
  const rows = tileCount(height, 0, info.tileSize);
  const reads: Promise<void>[] = [];
  for (let ty = 0; ty < rows; ty++) {
    for (let tx = 0; tx < columns; tx++)
      reads.push(readInto(client, info, { source, axis, tx, ty }, data, options));
  }
  await Promise.all(reads);
  return { width, height, data };
}

async function readInto(
  client: Pick<EngineClient, 'call'>,
  info: MipImageInfo,
  tile: { source: ImageSource; axis: MipAxis; tx: number; ty: number },
  into: Float32Array,
  options: { signal?: AbortSignal; plane?: { c?: number; t?: number } },
): Promise<void> {
  // The plane (channel, time point) only where one was chosen: a single-channel run's reads stay as before.
  const args = { runDir: info.runDir, ...tile, level: 0, ...options.plane };
  const { header, data } = await client.call('readMipTile', args, { signal: options.signal });
  const samples = asFloat32(data);
  const imageWidth = info.axes[tile.axis].width;
  const x0 = tile.tx * info.tileSize;
  const y0 = tile.ty * info.tileSize;
  for (let row = 0; row < header.height; row++) {
    const from = row * header.width;
    into.set(samples.subarray(from, from + header.width), (y0 + row) * imageWidth + x0);
  }
}
