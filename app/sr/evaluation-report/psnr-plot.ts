/**
 * The per-plane PSNR curve of the evaluation report as inline SVG: PSNR (dB) of every compared
 * xy plane against its z (plane index, and µm when the voxel size is known), one line per method.
 * A plane equal to the truth (PSNR ∞) breaks its line rather than bending the axis.
 */

export interface PlotSeries {
  name: string;
  colour: string;
  values: readonly number[];
}

const WIDTH = 640;
const HEIGHT = 260;
const MARGIN = { left: 52, right: 12, top: 12, bottom: 40 };

/** Round tick values covering [lo, hi]: steps of 1, 2 or 5 × 10^k, about `count` of them. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    out.push(Number(t.toPrecision(12)));
  return out;
}

/** Polyline point lists of one series, split where a value is not finite. */
function segments(values: readonly number[], px: (i: number) => number, py: (v: number) => number): string[] {
  const out: string[] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (Number.isFinite(v)) current.push(`${px(i).toFixed(1)},${py(v).toFixed(1)}`);
    else if (current.length) {
      out.push(current.join(' '));
      current = [];
    }
  });
  if (current.length) out.push(current.join(' '));
  return out;
}

/**
 * @param voxelUm µm per plane (the truth is isotropic), for the axis label
 * @example psnrPlotSvg([{ name: 'SR', colour: '#d62728', values: e.sr.psnrPlanes }], 0.411)
 */
export function psnrPlotSvg(series: readonly PlotSeries[], voxelUm: number | null): string {
  const finite = series.flatMap((s) => s.values.filter(Number.isFinite));
  const n = Math.max(1, ...series.map((s) => s.values.length));
  const lo = finite.length ? Math.floor(Math.min(...finite) - 0.5) : 0;
  const hi = finite.length ? Math.ceil(Math.max(...finite) + 0.5) : 1;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (i: number): number => MARGIN.left + (n > 1 ? (i / (n - 1)) * plotW : plotW / 2);
  const py = (v: number): number => MARGIN.top + (1 - (v - lo) / (hi - lo)) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" class="psnr-plot" font-family="sans-serif" font-size="11">`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`,
  ];
  for (const t of ticks(lo, hi)) {
    const y = py(t).toFixed(1);
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y}" y2="${y}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 4}" y="${y}" text-anchor="end" dominant-baseline="middle">${t}</text>`,
    );
  }
  for (const t of ticks(0, n - 1).filter((t) => Number.isInteger(t))) {
    const x = px(t).toFixed(1);
    const um = voxelUm ? ` (${Number((t * voxelUm).toPrecision(4))} µm)` : '';
    parts.push(
      `<line x1="${x}" x2="${x}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 4}" stroke="#888"/>`,
      `<text x="${x}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${t}${um}</text>`,
    );
  }
  parts.push(
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 4}" text-anchor="middle">z plane of the truth</text>`,
    `<text transform="translate(12 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">PSNR dB</text>`,
  );
  series.forEach((s, k) => {
    for (const points of segments(s.values, px, py))
      parts.push(
        `<polyline data-series="${s.name}" points="${points}" fill="none" stroke="${s.colour}" stroke-width="1.5"/>`,
      );
    const ly = MARGIN.top + 14 + 14 * k;
    parts.push(
      `<line x1="${WIDTH - 120}" x2="${WIDTH - 100}" y1="${ly}" y2="${ly}" stroke="${s.colour}" stroke-width="2"/>`,
      `<text x="${WIDTH - 96}" y="${ly}" dominant-baseline="middle">${s.name}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
