/** Reflect boundaries: the one rule every padding, blur and interpolation uses at a volume's edge. */

/**
 * Index into [0, n) for any integer i, reflecting about the edge pixels without repeating them
 * (numpy 'reflect': …, 2, 1, | 0, 1, 2, …, n−1, | n−2, …). For a pad wider than the plane the
 * reflection repeats (period 2n−2, like numpy's iterated reflect) instead of failing, so planes
 * smaller than the margin (a 5-pixel-high xz slice) still pad; n = 1 repeats the single pixel.
 * @example reflectIndex(-2, 5) // 2
 */
export function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n - 2;
  const j = ((i % period) + period) % period;
  return j < n ? j : period - j;
}
