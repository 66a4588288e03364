/**
 * The µm scale bar: the longest 1-2-5 length (…, 0.5, 1, 2, 5, 10, 20, 50, … µm) that fits in
 * `maxPx` screen pixels at the current zoom, so the bar reads as a round number at any zoom.
 *
 * @example
 *   scaleBar(0.4, 120)   // 0.4 µm per screen px → { um: 20, px: 50, label: '20 µm' }
 */
export interface ScaleBar { um: number; px: number; label: string }

/** The largest 1-2-5 × 10^k not above `limit` (> 0). */
export function nice125Below(limit: number): number {
  const decade = Math.pow(10, Math.floor(Math.log10(limit)));
  // Float guard: 1000 / 10^3 can land a hair under 1.
  const m = limit / decade * (1 + 1e-9);
  return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * decade;
}

export function formatLength(um: number): string {
  if (um >= 1000) return `${+(um / 1000).toPrecision(3)} mm`;
  if (um < 1) return `${+(um * 1000).toPrecision(3)} nm`;
  return `${+um.toPrecision(3)} µm`;
}

/** `umPerPx`: µm per screen px along the bar; `maxPx`: the room for it (default 120 px). */
export function scaleBar(umPerPx: number, maxPx = 120): ScaleBar | null {
  if (!(umPerPx > 0) || !Number.isFinite(umPerPx) || !(maxPx > 0)) return null;
  const um = nice125Below(umPerPx * maxPx);
  return { um, px: um / umPerPx, label: formatLength(um) };
}
