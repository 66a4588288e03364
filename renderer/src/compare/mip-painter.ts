/**
 * Drawing MIP tiles on a 2D canvas: float tiles become RGBA bitmaps once per contrast (kept in a
 * byte-bounded LRU of small canvases) and are drawn coarse to fine, so a coarse level shows
 * while fine tiles load; the scale bar is drawn into the same canvas so an exported PNG has it.
 * The geometry comes from the pure view and visible-tiles modules; this file only touches pixels.
 */
import type { MipAxis } from '../../../app/api/contract.js';
import { toRgba, type Contrast } from '../lib/display.js';
import { levelFactor, scaleBar } from '../../../app/image/index.js';
import { compositeRgba, type CompositeLayer } from './composite.js';
import { differenceRgba } from './difference.js';
import { disagreementRgba } from './disagreement.js';
import { LruCache } from './lru-cache.js';
import type { MipTileCache, Tile } from './mip-tile-cache.js';
import type { TileCoord } from './visible-tiles.js';
import { imageRectToScreen, type ImageFrame, type View, type Viewport } from './view.js';

/** What a pane shows: one source, SR − bicubic, or the orientations' disagreement (an overlay). */
export type Layer = 'sr' | 'bicubic' | 'difference' | 'disagreement';

/** The time point and channel of a single-channel drawing (absent each: the run's first, as before channels). */
export interface Plane {
  c?: number;
  t?: number;
}

/** One channel of a composite: which tiles, through which contrast, in which colour. */
export interface CompositeChannel {
  plane: Plane;
  contrast: CompositeLayer['contrast'];
  rgb: CompositeLayer['rgb'];
}

export interface LayerStyle {
  contrast: Contrast;
  differenceHalf: number;
  /** Top of the disagreement overlay's colour map (its MIP's 99.9th percentile along the axis). */
  disagreementMax?: number;
  /** The plane of the single-channel drawing and of the difference. */
  plane?: Plane;
  /** When set, SR and bicubic are drawn as the additive blend of these channels (a multi-channel run). */
  composite?: CompositeChannel[];
}

interface Rendered {
  canvas: HTMLCanvasElement;
  stamp: string;
}

/** The cache's name of a plane: '' for the run's first (a single-channel run's keys stay as they were). */
function planeKey(plane: Plane | undefined): string {
  return `${plane?.c === undefined ? '' : `/c${plane.c}`}${plane?.t === undefined ? '' : `/t${plane.t}`}`;
}

/** RGBA bitmaps of tiles, re-rendered only when the tile or the contrast changed. */
export class TileImages {
  private readonly cache = new LruCache<Rendered>(64 << 20);

  constructor(private readonly tiles: MipTileCache) {}

  image(layer: Layer, axis: MipAxis, coord: TileCoord, style: LayerStyle): HTMLCanvasElement | null {
    const plane = style.plane ?? {};
    if (layer === 'disagreement')
      return this.disagreementImage(axis, coord, plane, style.disagreementMax ?? 1);
    if (style.composite && layer !== 'difference')
      return this.compositeImage(layer, axis, coord, style.composite);
    const sr = layer === 'bicubic' ? undefined : this.tiles.get({ source: 'sr', axis, ...coord, ...plane });
    const bicubic =
      layer === 'sr' ? undefined : this.tiles.get({ source: 'bicubic', axis, ...coord, ...plane });
    const main = sr ?? bicubic;
    if (!main || (layer === 'difference' && !(sr && bicubic))) return null;
    const c = style.contrast;
    const stamp =
      layer === 'difference'
        ? `${sr!.generation}/${bicubic!.generation}/${style.differenceHalf}`
        : `${main.generation}/${c.lo}/${c.hi}/${c.gamma}/${c.lut}`;
    const key = `${layer}/${axis}/${coord.level}/${coord.tx}/${coord.ty}${planeKey(plane)}`;
    const cached = this.cache.get(key);
    if (cached && cached.stamp === stamp && sameTile(cached.canvas, main)) return cached.canvas;
    const rgba =
      layer === 'difference'
        ? differenceRgba(sr!.data, bicubic!.data, style.differenceHalf)
        : toRgba(main.data, c);
    return this.store(key, stamp, main, rgba, cached);
  }

  /** The disagreement overlay of one tile (the first visible channel's in a multi-channel run). */
  private disagreementImage(
    axis: MipAxis,
    coord: TileCoord,
    plane: Plane,
    max: number,
  ): HTMLCanvasElement | null {
    const tile = this.tiles.get({ source: 'disagreement', axis, ...coord, ...plane });
    if (!tile) return null;
    const stamp = `${tile.generation}/${max}`;
    const key = `disagreement/${axis}/${coord.level}/${coord.tx}/${coord.ty}${planeKey(plane)}`;
    const cached = this.cache.get(key);
    if (cached && cached.stamp === stamp && sameTile(cached.canvas, tile)) return cached.canvas;
    return this.store(key, stamp, tile, disagreementRgba(tile.data, max), cached);
  }

  /** The additive blend of the channels' tiles; null until every channel's tile is here (no half-coloured flash). */
  private compositeImage(
    source: 'sr' | 'bicubic',
    axis: MipAxis,
    coord: TileCoord,
    channels: CompositeChannel[],
  ): HTMLCanvasElement | null {
    const tiles = channels.map((channel) => this.tiles.get({ source, axis, ...coord, ...channel.plane }));
    const first = tiles[0];
    if (!first || tiles.some((tile) => !tile || !sameSize(tile, first))) return null;
    const stamp = channels
      .map((channel, k) => {
        const { lo, hi, gamma } = channel.contrast;
        return `${planeKey(channel.plane)}:${tiles[k]!.generation}/${lo}/${hi}/${gamma}/${channel.rgb.join(',')}`;
      })
      .join('|');
    const key = `${source}/${axis}/${coord.level}/${coord.tx}/${coord.ty}/composite`;
    const cached = this.cache.get(key);
    if (cached && cached.stamp === stamp && sameTile(cached.canvas, first)) return cached.canvas;
    const layers = channels.map((channel, k) => ({ ...channel, samples: tiles[k]!.data }));
    const rgba = compositeRgba(layers, first.header.width * first.header.height);
    return this.store(key, stamp, first, rgba, cached);
  }

  private store(
    key: string,
    stamp: string,
    tile: Tile,
    rgba: Uint8ClampedArray,
    cached: Rendered | undefined,
  ): HTMLCanvasElement | null {
    const { width, height } = tile.header;
    const canvas = cached?.canvas ?? document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    ctx.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
    this.cache.set(key, { canvas, stamp }, width * height * 4);
    return canvas;
  }

  clear(): void {
    this.cache.clear();
  }
}

function sameSize(a: Tile, b: Tile): boolean {
  return a.header.width === b.header.width && a.header.height === b.header.height;
}

function sameTile(canvas: HTMLCanvasElement, tile: Tile): boolean {
  return canvas.width === tile.header.width && canvas.height === tile.header.height;
}

export interface PaintOptions {
  images: TileImages;
  layer: Layer;
  axis: MipAxis;
  frame: ImageFrame;
  view: View;
  /** Tiles coarse to fine (visible-tiles' drawPlan layers). */
  layers: TileCoord[][];
  tileSize: number;
  style: LayerStyle;
  /** Draw only screen x ≥ clipLeft (the swipe's right half). */
  clipLeft?: number;
}

/** Draws the tiles of one layer; pixels stay crisp (nearest) since the level never undersamples. */
export function paintTiles(ctx: CanvasRenderingContext2D, o: PaintOptions): void {
  ctx.save();
  if (o.clipLeft !== undefined) {
    ctx.beginPath();
    ctx.rect(o.clipLeft, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.clip();
  }
  ctx.imageSmoothingEnabled = false;
  for (const coords of o.layers) {
    for (const coord of coords) {
      const img = o.images.image(o.layer, o.axis, coord, o.style);
      if (!img) continue;
      const factor = levelFactor(coord.level);
      const span = o.tileSize * factor;
      const r = imageRectToScreen(
        o.view,
        o.frame,
        coord.tx * span,
        coord.ty * span,
        img.width * factor,
        img.height * factor,
      );
      ctx.drawImage(img, r.x, r.y, r.width, r.height);
    }
  }
  ctx.restore();
}

/**
 * The µm scale bar (app/image's rule, as in the exported and CLI figures), bottom left, on a
 * dark plate so it reads over any image.
 */
export function paintScaleBar(
  ctx: CanvasRenderingContext2D,
  viewport: Viewport,
  view: View,
  columnUm: number,
): void {
  const bar = scaleBar(columnUm / view.scale, Math.min(160, viewport.width / 3));
  if (!bar) return;
  const x = 12,
    y = viewport.height - 14;
  ctx.save();
  ctx.font = '12px system-ui, sans-serif';
  const textWidth = ctx.measureText(bar.label).width;
  ctx.fillStyle = 'rgba(0, 0, 0, 0.55)';
  ctx.fillRect(x - 6, y - 22, Math.max(bar.pixels, textWidth) + 12, 30);
  ctx.fillStyle = '#fff';
  ctx.fillRect(x, y, bar.pixels, 3);
  ctx.textBaseline = 'bottom';
  ctx.fillText(bar.label, x, y - 3);
  ctx.restore();
}

/** A pane's name (SR, Bicubic…) in its top corner, drawn into the canvas so an exported PNG says what is what. */
export function paintLabel(
  ctx: CanvasRenderingContext2D,
  viewport: Viewport,
  text: string,
  side: 'left' | 'right' = 'left',
): void {
  ctx.save();
  ctx.font = '12px system-ui, sans-serif';
  const w = ctx.measureText(text).width + 12;
  const x = side === 'left' ? 8 : viewport.width - 8 - w;
  ctx.fillStyle = 'rgba(0, 0, 0, 0.55)';
  ctx.fillRect(x, 6, w, 19);
  ctx.fillStyle = '#fff';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, x + 6, 16);
  ctx.restore();
}
