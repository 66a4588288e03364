/**
 * Which MIP tiles to draw: the pyramid level for the zoom and the tiles of that level the viewport
 * shows. Level L is 2^L× smaller than full resolution (app/image/pyramid.ts, the engine's
 * ceil(size / 2^L) pixels), cut into tileSize squares (edge tiles smaller). Pure, so a 2000 × 6000 MIP at any zoom is tested
 * without a canvas.
 *
 * @example
 *   const level = chooseLevel(view, frame, info.levels.y, devicePixelRatio);
 *   const tiles = visibleTiles(view, frame, viewport, level, info.tileSize);   // centre first
 */
import { levelFactor, tileCount } from '../../../app/image/index.js';
import type { ImageFrame, View, Viewport } from './view.js';

export interface TileCoord {
  level: number;
  tx: number;
  ty: number;
}

/**
 * The coarsest level whose pixels still cover at least one device pixel along the more magnified
 * axis (no blur), clamped to the levels that exist. `levels` is the count (levels - 1 is coarsest).
 */
export function chooseLevel(view: View, frame: ImageFrame, levels: number, pixelRatio = 1): number {
  const devicePxPerVoxel = view.scale * Math.max(1, frame.rowAspect) * pixelRatio;
  const level = Math.floor(Math.log2(1 / devicePxPerVoxel) + 1e-9);
  return Math.min(Math.max(0, levels - 1), Math.max(0, level));
}

/** The full-resolution rectangle [col0, col1) × [row0, row1) of one tile (clipped to the image). */
export function tileRect(
  coord: TileCoord,
  frame: Pick<ImageFrame, 'width' | 'height'>,
  tileSize: number,
): { col: number; row: number; width: number; height: number } {
  const span = tileSize * levelFactor(coord.level);
  const col = coord.tx * span;
  const row = coord.ty * span;
  return { col, row, width: Math.min(span, frame.width - col), height: Math.min(span, frame.height - row) };
}

/** The tiles of `level` that intersect the viewport, nearest the viewport centre first. */
export function visibleTiles(
  view: View,
  frame: ImageFrame,
  viewport: Viewport,
  level: number,
  tileSize: number,
): TileCoord[] {
  const rowScale = view.scale * frame.rowAspect;
  const col0 = Math.max(0, -view.x / view.scale);
  const col1 = Math.min(frame.width, (viewport.width - view.x) / view.scale);
  const row0 = Math.max(0, -view.y / rowScale);
  const row1 = Math.min(frame.height, (viewport.height - view.y) / rowScale);
  if (!(col1 > col0 && row1 > row0)) return [];
  const span = tileSize * levelFactor(level);
  const nx = tileCount(frame.width, level, tileSize);
  const ny = tileCount(frame.height, level, tileSize);
  const tx0 = Math.floor(col0 / span),
    tx1 = Math.min(nx, Math.ceil(col1 / span));
  const ty0 = Math.floor(row0 / span),
    ty1 = Math.min(ny, Math.ceil(row1 / span));
  const cx = (col0 + col1) / 2,
    cy = (row0 + row1) / 2;
  const tiles: { coord: TileCoord; d: number }[] = [];
  for (let ty = ty0; ty < ty1; ty++) {
    for (let tx = tx0; tx < tx1; tx++) {
      const d = Math.hypot((tx + 0.5) * span - cx, ((ty + 0.5) * span - cy) * frame.rowAspect);
      tiles.push({ coord: { level, tx, ty }, d });
    }
  }
  return tiles.sort((a, b) => a.d - b.d).map((t) => t.coord);
}

/**
 * What to draw, coarse to fine: the coarsest level (one tile, always there as a backdrop while
 * finer tiles load), then every level down to the chosen one. Only the last is requested; the
 * others are drawn from whatever the cache still holds.
 */
export function drawPlan(
  view: View,
  frame: ImageFrame,
  viewport: Viewport,
  levels: number,
  tileSize: number,
  pixelRatio = 1,
): { level: number; wanted: TileCoord[]; layers: TileCoord[][] } {
  const level = chooseLevel(view, frame, levels, pixelRatio);
  const coarsest = Math.max(0, levels - 1);
  const layers: TileCoord[][] = [];
  for (let l = coarsest; l >= level; l--) layers.push(visibleTiles(view, frame, viewport, l, tileSize));
  const fine = layers[layers.length - 1];
  const backdrop = level === coarsest ? [] : visibleTiles(view, frame, viewport, coarsest, tileSize);
  return { level, wanted: [...fine, ...backdrop], layers };
}
