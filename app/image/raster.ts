/**
 * An 8-bit image being composed (panels, labels, scale bar) before PNG encoding, and the
 * few drawing primitives the comparison figures need.
 */

export interface Raster {
  width: number;
  height: number;
  /** 1 = gray, 3 = RGB. */
  channels: 1 | 3;
  /** Row-major, channels interleaved. */
  data: Uint8Array;
}

/** A rectangle a label covers, [x0, x1) × [y0, y1), for checking that labels do not collide. */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Whether two boxes share a pixel. */
export function boxesOverlap(a: PixelBox, b: PixelBox): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

export function createRaster(width: number, height: number, channels: 1 | 3): Raster {
  return { width, height, channels, data: new Uint8Array(width * height * channels) };
}

/** Fills the rectangle [x0, x1) × [y0, y1), clipped to the raster; `color` has one value per channel (gray: its first). */
export function fillRect(
  r: Raster,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  color: readonly number[],
): void {
  const xa = Math.max(0, Math.round(x0)),
    xb = Math.min(r.width, Math.round(x1));
  const ya = Math.max(0, Math.round(y0)),
    yb = Math.min(r.height, Math.round(y1));
  for (let y = ya; y < yb; y++) {
    for (let x = xa; x < xb; x++) {
      const i = (y * r.width + x) * r.channels;
      for (let c = 0; c < r.channels; c++) r.data[i + c] = color[c] ?? color[0];
    }
  }
}

/** Copies `src` into `dst` with its top-left corner at (x0, y0); both must have the same channel count. */
export function blit(dst: Raster, src: Raster, x0: number, y0: number): void {
  if (dst.channels !== src.channels) throw new Error('blit: channel counts differ');
  for (let y = 0; y < src.height; y++) {
    const from = y * src.width * src.channels;
    dst.data.set(
      src.data.subarray(from, from + src.width * src.channels),
      ((y0 + y) * dst.width + x0) * dst.channels,
    );
  }
}
