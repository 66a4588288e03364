/**
 * The composite of several channels: each channel's samples through its own contrast (lo, hi,
 * gamma, the rule of display.ts's lutIndex) times its colour, added and clipped at white — the
 * additive blend of fluorescence viewers, and of `isotrope compare`'s composite PNG. A pixel
 * where every channel is NaN (not computed yet) is transparent; a NaN in one channel adds nothing.
 *
 * @example
 *   const rgba = compositeRgba([
 *     { samples: vessels, contrast: { lo: 0, hi: 900, gamma: 1 }, rgb: [0, 1, 1] },
 *     { samples: neurons, contrast: { lo: 0, hi: 400, gamma: 1 }, rgb: [1, 0, 1] },
 *   ], width * height);
 */
import { lutIndex, type Contrast } from '../lib/display.js';

export interface CompositeLayer {
  samples: ArrayLike<number>;
  contrast: Pick<Contrast, 'lo' | 'hi' | 'gamma'>;
  /** The channel's colour, each component 0…1. */
  rgb: readonly [number, number, number];
}

/** RGBA pixels (for ImageData) of the additive blend of `layers`, `length` pixels each. */
export function compositeRgba(
  layers: readonly CompositeLayer[],
  length: number,
  out = new Uint8ClampedArray(length * 4),
): Uint8ClampedArray {
  const red = new Float32Array(length);
  const green = new Float32Array(length);
  const blue = new Float32Array(length);
  const seen = new Uint8Array(length);
  for (const layer of layers) {
    const [r, g, b] = layer.rgb;
    for (let i = 0; i < length; i++) {
      const level = lutIndex(layer.samples[i], layer.contrast);
      if (level < 0) continue;
      seen[i] = 1;
      red[i] += level * r;
      green[i] += level * g;
      blue[i] += level * b;
    }
  }
  for (let i = 0; i < length; i++) {
    const o = i * 4;
    // Uint8ClampedArray rounds and clips at 255: the additive blend saturates to white.
    out[o] = red[i];
    out[o + 1] = green[i];
    out[o + 2] = blue[i];
    out[o + 3] = seen[i] ? 255 : 0;
  }
  return out;
}
