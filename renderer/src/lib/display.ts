/**
 * How samples become pixels, shared by the orthoviewer, the MIP comparison and the 3D preview:
 * a display range (lo, hi), a gamma and a lookup table. Pure functions over typed arrays, so
 * they are tested without a DOM and the 3D shader uses the same LUT texture.
 *
 * @example
 *   const range = autoRange(samples);                  // 0.1 / 99.9 percentiles, NaN ignored
 *   const rgba = toRgba(samples, { ...range, gamma: 1, lut: 'fire' });
 */
import { tableFromStops, type Stop, percentiles } from '../../../app/image/index.js';

export const LUT_NAMES = ['gray', 'green', 'magenta', 'fire', 'cyan', 'inferno'] as const;
export type LutName = (typeof LUT_NAMES)[number];

export interface Contrast {
  lo: number;
  hi: number;
  gamma: number;
  lut: LutName;
}

/** What the user chose: automatic range (percentiles of what is shown) or a fixed one. */
export interface DisplaySettings {
  auto: boolean;
  lo: number;
  hi: number;
  gamma: number;
  lut: LutName;
}
export const DEFAULT_DISPLAY: DisplaySettings = { auto: true, lo: 0, hi: 1, gamma: 1, lut: 'gray' };

// Colour stops and their tables are app/image's (the difference map is built the same way).
export { tableFromStops, type Stop };
const STOPS: Record<LutName, Stop[]> = {
  gray: [
    [0, 0, 0, 0],
    [1, 255, 255, 255],
  ],
  green: [
    [0, 0, 0, 0],
    [1, 0, 255, 0],
  ],
  magenta: [
    [0, 0, 0, 0],
    [1, 255, 0, 255],
  ],
  cyan: [
    [0, 0, 0, 0],
    [1, 0, 255, 255],
  ],
  // ImageJ's "Fire": black → blue → red → yellow → white.
  fire: [
    [0, 0, 0, 0],
    [0.25, 100, 0, 200],
    [0.5, 230, 40, 40],
    [0.75, 255, 200, 0],
    [1, 255, 255, 255],
  ],
  inferno: [
    [0, 0, 0, 4],
    [0.25, 87, 16, 110],
    [0.5, 188, 55, 84],
    [0.75, 249, 142, 9],
    [1, 252, 255, 164],
  ],
};

const tables = new Map<LutName, Uint8Array>();

/** 256 RGB triples (768 bytes) of a LUT. */
export function lutTable(name: LutName): Uint8Array {
  let t = tables.get(name);
  if (!t) {
    t = tableFromStops(STOPS[name]);
    tables.set(name, t);
  }
  return t;
}

type Samples = ArrayLike<number>;

/** Automatic display range: the 0.1 and 99.9 percentiles by the engine's own rule, never empty. */
export function autoRange(samples: Samples, low = 0.1, high = 99.9): { lo: number; hi: number } {
  const [lo, hi] = percentiles(samples, [low, high]);
  return { lo, hi: hi > lo ? hi : lo + 1 };
}

/** The LUT index (0…255) of one sample; NaN (not computed yet) maps to -1. */
export function lutIndex(v: number, c: Pick<Contrast, 'lo' | 'hi' | 'gamma'>): number {
  if (Number.isNaN(v)) return -1;
  const t = Math.min(1, Math.max(0, (v - c.lo) / (c.hi - c.lo)));
  return Math.round(255 * (c.gamma === 1 ? t : t ** (1 / c.gamma)));
}

/** RGBA pixels (for ImageData) of samples; NaN samples become transparent. */
export function toRgba(
  samples: Samples,
  c: Contrast,
  out = new Uint8ClampedArray(samples.length * 4),
): Uint8ClampedArray {
  const table = lutTable(c.lut);
  for (let i = 0; i < samples.length; i++) {
    const k = lutIndex(samples[i], c);
    const o = i * 4;
    if (k < 0) {
      out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0;
      continue;
    }
    out[o] = table[k * 3];
    out[o + 1] = table[k * 3 + 1];
    out[o + 2] = table[k * 3 + 2];
    out[o + 3] = 255;
  }
  return out;
}

/** The contrast to draw with: the settings' range, or when auto, the given automatic range. */
export function effectiveContrast(s: DisplaySettings, auto: { lo: number; hi: number }): Contrast {
  return s.auto
    ? { ...auto, gamma: s.gamma, lut: s.lut }
    : { lo: s.lo, hi: s.hi, gamma: s.gamma, lut: s.lut };
}
