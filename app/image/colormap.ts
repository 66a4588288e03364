/**
 * Colour maps as 256-entry RGB tables built from a few stops, and the one diverging map of
 * difference images (SR − bicubic) that the CLI's figures, the API's consumers and the UI's
 * Compare view all draw with: ColorBrewer RdBu, reversed so that negative is blue. White at zero,
 * so unchanged regions recede; red where SR is brighter, blue where it is darker.
 */

/** A colour at a position 0…1 of a colour map: [at, r, g, b]. */
export type Stop = [at: number, r: number, g: number, b: number];

/** An RGB colour, 0…255 per channel. */
export type Rgb = readonly [number, number, number];

/** 256 RGB triples (768 bytes) interpolated linearly between colour stops. */
export function tableFromStops(stops: readonly Stop[]): Uint8Array {
  const table = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const x = i / 255;
    let k = 0;
    while (k < stops.length - 2 && x > stops[k + 1][0]) k++;
    const below = stops[k];
    const above = stops[k + 1];
    const span = above[0] - below[0];
    const fraction = span > 0 ? Math.min(1, Math.max(0, (x - below[0]) / span)) : 0;
    for (let c = 1; c <= 3; c++)
      table[i * 3 + c - 1] = Math.round(below[c] + (above[c] - below[c]) * fraction);
  }
  return table;
}

/** ColorBrewer RdBu (reversed: negative blue), the usual map for signed differences. */
export const DIFFERENCE_STOPS: readonly Stop[] = [
  [0, 33, 102, 172],
  [0.25, 103, 169, 207],
  [0.5, 247, 247, 247],
  [0.75, 239, 138, 98],
  [1, 178, 24, 43],
];

/** Drawn where a difference is not known (either image not computed there yet). */
export const NOT_COMPUTED: Rgb = [0, 0, 0];

let differenceTableCache: Uint8Array | null = null;

/** 256 RGB triples from −half (index 0) through 0 (index 127.5) to +half (255). */
export function differenceTable(): Uint8Array {
  differenceTableCache ??= tableFromStops(DIFFERENCE_STOPS);
  return differenceTableCache;
}

/**
 * The table index of a difference `d` over the symmetric range ±half (clamped); -1 for NaN.
 * @example differenceIndex(0, 1) // 128
 */
export function differenceIndex(d: number, half: number): number {
  if (Number.isNaN(d)) return -1;
  const t = Math.min(1, Math.max(-1, d / half));
  return Math.round((t + 1) * 127.5);
}

/**
 * The colour of a difference `d` over ±half; NOT_COMPUTED for NaN.
 * @example differenceColour(1, 1) // [178, 24, 43]
 */
export function differenceColour(d: number, half: number): Rgb {
  const index = differenceIndex(d, half);
  if (index < 0) return NOT_COMPUTED;
  const table = differenceTable();
  return [table[index * 3], table[index * 3 + 1], table[index * 3 + 2]];
}

/**
 * matplotlib's magma, the sequential map of magnitudes ≥ 0 such as the orientations'
 * disagreement (the confidence map): black where xz and yz agree, through purple and orange to
 * pale yellow where they differ most. Perceptually uniform and readable in gray.
 */
export const MAGNITUDE_STOPS: readonly Stop[] = [
  [0, 0, 0, 4],
  [0.25, 81, 18, 124],
  [0.5, 183, 55, 121],
  [0.75, 252, 137, 97],
  [1, 252, 253, 191],
];

let magnitudeTableCache: Uint8Array | null = null;

/** 256 RGB triples from 0 (index 0) to the range's top (255). */
export function magnitudeTable(): Uint8Array {
  magnitudeTableCache ??= tableFromStops(MAGNITUDE_STOPS);
  return magnitudeTableCache;
}

/**
 * The colour of a magnitude `v` over 0…max (clamped); NOT_COMPUTED for NaN.
 * @example magnitudeColour(0, 1) // [0, 0, 4]
 */
export function magnitudeColour(v: number, max: number): Rgb {
  if (Number.isNaN(v)) return NOT_COMPUTED;
  const index = Math.round(Math.min(1, Math.max(0, max > 0 ? v / max : 0)) * 255);
  const table = magnitudeTable();
  return [table[index * 3], table[index * 3 + 1], table[index * 3 + 2]];
}
