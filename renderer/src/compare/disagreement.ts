/**
 * The orientations' disagreement |xz − yz| / 2 (a run's confidence map) as an overlay over the
 * SR MIP: magma (app/image's magnitude map, the one the evaluation report draws), opaque where
 * the orientations disagree most and fading to transparent where they agree, so the SR shows
 * through wherever it can be trusted. NaN (not computed yet) is transparent.
 *
 * @example const rgba = disagreementRgba(tile.data, info.disagreement.range.y.hi);
 */
import { magnitudeTable } from '../../../app/image/index.js';

/** RGBA pixels of the disagreement over 0…max: magma colour, alpha rising with the value. */
export function disagreementRgba(
  values: ArrayLike<number>,
  max: number,
  out = new Uint8ClampedArray(values.length * 4),
): Uint8ClampedArray {
  const table = magnitudeTable();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const o = i * 4;
    if (Number.isNaN(v)) {
      out.fill(0, o, o + 4);
      continue;
    }
    const t = Math.min(1, Math.max(0, max > 0 ? v / max : 0));
    const index = Math.round(t * 255);
    out[o] = table[index * 3];
    out[o + 1] = table[index * 3 + 1];
    out[o + 2] = table[index * 3 + 2];
    out[o + 3] = Math.round(255 * Math.sqrt(t));
  }
  return out;
}
