/**
 * Where the tiles of one plane go. The plane is pre-padded by the network's margin m (reflect),
 * cut into tiles of N×N input pixels at stride N−2m, and each tile's (N−2m)² output is its
 * centre, which lands at the tile's own origin in output coordinates. The last tile of a row or
 * column is shifted inward so that it ends at the padded plane's edge (it overlaps its
 * neighbour; with a valid network the overlap holds identical values). Along an axis where the
 * plane is smaller than N−2m, the tile is the whole padded extent (W+2m or H+2m), so every
 * tile of a plan has the same shape and tiles can be batched.
 */
import { SrError } from './errors.js';

export interface Tile {
  /** Top-left of the tile in padded-plane coordinates = top-left of its output in plane coordinates. */
  x: number;
  y: number;
}

export interface TilePlan {
  /** The plane (and output) size. */
  width: number;
  height: number;
  margin: number;
  /** Input size of every tile (≤ N along an axis where the padded plane is smaller). */
  tileWidth: number;
  tileHeight: number;
  /** Output size of every tile: tileWidth − 2m by tileHeight − 2m. */
  outWidth: number;
  outHeight: number;
  tiles: Tile[];
}

function starts(length: number, out: number): number[] {
  const s: number[] = [];
  for (let p = 0; p + out < length; p += out) s.push(p);
  s.push(length - out);
  return s;
}

/**
 * @example planTiles(97, 61, 16, 64) // 8 tiles of 64×64 at x 0,32,64,65 and y 0,29; 32×32 centres
 */
export function planTiles(width: number, height: number, margin: number, tile: number): TilePlan {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 1 && height >= 1)) {
    throw new SrError('bad-tile', `plane ${width}×${height}: need positive integer sizes`);
  }
  if (!Number.isInteger(tile) || tile < 2 * margin + 1) {
    throw new SrError('bad-tile', `tile ${tile}: must be an integer ≥ 2·margin+1 = ${2 * margin + 1}`);
  }
  const tileWidth = Math.min(tile, width + 2 * margin);
  const tileHeight = Math.min(tile, height + 2 * margin);
  const outWidth = tileWidth - 2 * margin;
  const outHeight = tileHeight - 2 * margin;
  const tiles: Tile[] = [];
  for (const y of starts(height, outHeight)) for (const x of starts(width, outWidth)) tiles.push({ x, y });
  return { width, height, margin, tileWidth, tileHeight, outWidth, outHeight, tiles };
}
