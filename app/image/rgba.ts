/** A raster as RGBA pixels (opaque) for a canvas's ImageData: how the UI shows and exports figures. */
import type { Raster } from './raster.js';

/** @example ctx.putImageData(new ImageData(rasterToRgba(figure.difference), width, height), 0, 0) */
export function rasterToRgba(raster: Raster): Uint8ClampedArray<ArrayBuffer> {
  const pixels = raster.width * raster.height;
  const out = new Uint8ClampedArray(pixels * 4);
  for (let i = 0; i < pixels; i++) {
    for (let c = 0; c < 3; c++)
      out[i * 4 + c] = raster.data[i * raster.channels + (raster.channels === 1 ? 0 : c)];
    out[i * 4 + 3] = 255;
  }
  return out;
}
