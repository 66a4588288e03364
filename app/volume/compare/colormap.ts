/**
 * The diverging colour map of difference images. Dark-centred (zero is black; positive runs
 * through red to light yellow, negative through blue to light cyan) rather than white-centred,
 * so the white scale bar and labels stay visible and unchanged regions recede.
 */

type RGB = readonly [number, number, number];

const POSITIVE: readonly RGB[] = [[0, 0, 0], [200, 40, 20], [255, 220, 120]];
const NEGATIVE: readonly RGB[] = [[0, 0, 0], [20, 80, 200], [150, 230, 255]];

/** Colour of t in [-1, 1] (values outside are clamped). @example diverging(0) // [0, 0, 0] */
export function diverging(t: number): RGB {
  const v = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  const stops = v >= 0 ? POSITIVE : NEGATIVE;
  const p = Math.abs(v) * (stops.length - 1);
  const k = Math.min(stops.length - 2, Math.floor(p));
  const f = p - k;
  const a = stops[k], b = stops[k + 1];
  return [Math.round(a[0] + f * (b[0] - a[0])), Math.round(a[1] + f * (b[1] - a[1])), Math.round(a[2] + f * (b[2] - a[2]))];
}
