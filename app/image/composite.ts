/**
 * Several channels' images blended into one colour image, as Fiji's composite mode and napari's
 * additive blending show them: each channel contrast-stretched by its own window (the gray rule of
 * panels.ts), tinted by its colour, and the tints summed, clamped at 255. Cyan and magenta at full
 * brightness add up to white, so where two stains overlap is plain to see.
 */
import type { DisplayRange } from './contrast.js';
import { grayLevel } from './panels.js';
import { createRaster, type Raster } from './raster.js';

/** One channel of a composite. */
export interface CompositeLayer {
  /** width × height values, row-major; NaN (not computed) adds nothing. */
  data: ArrayLike<number>;
  /** RRGGBB (a leading '#' is allowed), e.g. "00FFFF" for cyan. */
  color: string;
  /** This channel's window: `lo` and below add nothing, `hi` and above the full colour. */
  range: DisplayRange;
}

/**
 * The layers blended into RGBA pixels (opaque), for a canvas's ImageData.
 * @example ctx.putImageData(new ImageData(compositeRgba([vessels, nuclei], w, h), w, h), 0, 0)
 */
export function compositeRgba(
  layers: readonly CompositeLayer[],
  width: number,
  height: number,
): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(width * height * 4);
  blend(layers, width, height, out, 4);
  for (let i = 3; i < out.length; i += 4) out[i] = 255;
  return out;
}

/**
 * The layers blended into an RGB raster, for the PNG encoders (`rasterPng` in node.ts).
 * @example writeFileSync('mip-z.composite.png', rasterPng(compositeRaster(layers, w, h)))
 */
export function compositeRaster(layers: readonly CompositeLayer[], width: number, height: number): Raster {
  const raster = createRaster(width, height, 3);
  blend(layers, width, height, raster.data, 3);
  return raster;
}

/** Sums the tinted layers into `out`'s first three bytes of every `stride`. */
function blend(
  layers: readonly CompositeLayer[],
  width: number,
  height: number,
  out: Uint8Array | Uint8ClampedArray,
  stride: 3 | 4,
): void {
  const pixels = width * height;
  const tints = layers.map((layer, k) => {
    if (layer.data.length !== pixels)
      throw new RangeError(`composite layer ${k} has ${layer.data.length} values, not ${width} × ${height}`);
    return rgbOf(layer.color, k);
  });
  // Sums of gray level × colour component (each ≤ 255 × 255), divided once at the end, so a lone
  // white layer gives exactly the gray view's levels.
  const sums = new Float64Array(pixels * 3);
  layers.forEach((layer, k) => {
    const [red, green, blue] = tints[k];
    for (let i = 0; i < pixels; i++) {
      const level = grayLevel(layer.data[i], layer.range);
      if (level === 0) continue;
      sums[3 * i] += level * red;
      sums[3 * i + 1] += level * green;
      sums[3 * i + 2] += level * blue;
    }
  });
  for (let i = 0; i < pixels; i++)
    for (let component = 0; component < 3; component++)
      out[stride * i + component] = Math.min(255, Math.round(sums[3 * i + component] / 255));
}

function rgbOf(color: string, layer: number): [number, number, number] {
  const hex = /^#?([0-9a-fA-F]{6})$/.exec(color.trim());
  if (!hex) throw new RangeError(`composite layer ${layer} has colour "${color}", not RRGGBB`);
  const value = Number.parseInt(hex[1], 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}
