/**
 * MIP pyramids: level L is 2^L× smaller than full resolution (ceil(size / 2^L) pixels), the max
 * over 2^L × 2^L blocks, NaN where nothing is computed yet, down to the first level that fits one
 * tile. The engine builds them (app/api/mip-tiles.ts); the UI picks a level and its tiles with
 * the same level math (renderer/src/compare/visible-tiles.ts).
 *
 * @example
 *   const levels = pyramidOf(mip);         // levels[0] is mip itself
 *   levelSize(6000, 2)                      // 1500
 */
import type { FloatImage, Rect } from './float-image.js';

/** Side of a MIP tile in pixels (edge tiles are smaller). */
export const MIP_TILE_SIZE = 512;

/** Full-resolution pixels per level-L pixel along each axis. */
export function levelFactor(level: number): number {
  return 2 ** level;
}

/** Pixels of a full-resolution size at a level. */
export function levelSize(size: number, level: number): number {
  return Math.ceil(size / levelFactor(level));
}

/** Tiles along one side at a level. */
export function tileCount(size: number, level: number, tileSize = MIP_TILE_SIZE): number {
  return Math.ceil(levelSize(size, level) / tileSize);
}

/** One level down: the NaN-aware max over 2 × 2 blocks (NaN only where all four are). */
export function halveMax(image: FloatImage): FloatImage {
  const width = levelSize(image.width, 1);
  const height = levelSize(image.height, 1);
  const next = { width, height, data: new Float32Array(width * height) };
  halveMaxInto(image, next, { x0: 0, x1: image.width, y0: 0, y1: image.height });
  return next;
}

/** Recomputes the pixels of `next` (`image` halved) that `region` of `image` covers; returns that region of `next`. */
export function halveMaxInto(image: FloatImage, next: FloatImage, region: Rect): Rect {
  const out = {
    x0: Math.floor(region.x0 / 2),
    x1: Math.ceil(region.x1 / 2),
    y0: Math.floor(region.y0 / 2),
    y1: Math.ceil(region.y1 / 2),
  };
  for (let y = out.y0; y < out.y1; y++) {
    for (let x = out.x0; x < out.x1; x++) {
      let best = NaN;
      for (let dy = 0; dy < 2; dy++) {
        const sourceY = 2 * y + dy;
        if (sourceY >= image.height) continue;
        for (let dx = 0; dx < 2; dx++) {
          const sourceX = 2 * x + dx;
          if (sourceX >= image.width) continue;
          const value = image.data[sourceY * image.width + sourceX];
          if (!(value <= best)) best = Number.isNaN(value) ? best : value;
        }
      }
      next.data[y * next.width + x] = best;
    }
  }
  return out;
}

/** Levels until the coarsest fits one tile (an image already that small has one level). */
export function pyramidOf(image: FloatImage, tileSize = MIP_TILE_SIZE): FloatImage[] {
  const levels = [image];
  while (Math.max(levels.at(-1)!.width, levels.at(-1)!.height) > tileSize)
    levels.push(halveMax(levels.at(-1)!));
  return levels;
}

/** The pixels [x0, x0 + width) × [y0, y0 + height) of `image` as their own image (a tile). */
export function cropImage(
  image: FloatImage,
  x0: number,
  y0: number,
  width: number,
  height: number,
): FloatImage {
  const data = new Float32Array(width * height);
  for (let row = 0; row < height; row++) {
    const from = (y0 + row) * image.width + x0;
    data.set(image.data.subarray(from, from + width), row * width);
  }
  return { width, height, data };
}
