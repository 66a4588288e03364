/**
 * SR − bicubic as canvas pixels, in the one difference map of app/image (RdBu over ±half: white
 * at zero, red where SR is brighter, blue where it is darker) — the colours `isotrope compare`
 * and "Export PNG" draw too. On screen, where either is NaN (not computed yet) is transparent,
 * so the pane's background shows through.
 *
 * @example
 *   const half = differenceHalfRange(srTile, bicubicTile);
 *   const rgba = differenceRgba(srTile, bicubicTile, half);
 */
import { differenceIndex, differenceTable } from '../../../app/image/index.js';

type Samples = ArrayLike<number>;

/** RGBA pixels of SR − bicubic; transparent where either is NaN (not computed yet). */
export function differenceRgba(
  sr: Samples,
  bicubic: Samples,
  half: number,
  out = new Uint8ClampedArray(sr.length * 4),
): Uint8ClampedArray {
  const table = differenceTable();
  for (let i = 0; i < sr.length; i++) {
    const index = differenceIndex(sr[i] - bicubic[i], half);
    const o = i * 4;
    if (index < 0) {
      out.fill(0, o, o + 4);
      continue;
    }
    out[o] = table[index * 3];
    out[o + 1] = table[index * 3 + 1];
    out[o + 2] = table[index * 3 + 2];
    out[o + 3] = 255;
  }
  return out;
}
