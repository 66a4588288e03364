/**
 * The 1-D search of the slice-profile estimate. For a draw of groups (each counted as often as
 * a bootstrap draw says), the through-plane spectrum P and each candidate's degraded in-plane
 * spectrum S are averaged and freed of noise: the camera's noise (Poisson + read) is white
 * with one variance in the whole stack, measured at the top of the in-plane full-resolution
 * spectrum, so P loses the flat floor it puts there and S what the candidate's degradation
 * makes of it. The cost is the weighted mean squared residual of log P − log S − log a (a,
 * the contrast, is free), each bin weighted by its signal fraction in P; the best candidate is
 * refined by a parabola through its neighbours.
 */
import { hannEnergy } from './spectrum.js';
import type { Gathered, SpectrumGroup } from './gather.js';

/** In-plane frequencies (cycles per pixel) above which the full-resolution spectrum is taken as noise. */
const NOISE_BAND = 0.4;
/** How far (log) the through-plane noise floor may differ from the in-plane measurement. */
const FLOOR_SLACK = 0.1;

export interface Fit {
  /** Cost per candidate. */
  costs: number[];
  /** Refined position on the candidate grid (fractional index). */
  index: number;
}

/** How often each group counts (all 1: the data as read). */
export interface Draw {
  through: ArrayLike<number>;
  inPlane: ArrayLike<number>;
}

export function fitCandidates(g: Gathered, draw: Draw): Fit {
  const p = meanOf(g.through, draw.through);
  const full = meanOf(
    g.inPlane.map((group) => ({ power: group.full, count: group.count })),
    draw.inPlane,
  );
  const variance = noiseVariance(full, g.fullLength);
  const floor = g.noiseThrough.map((v) => variance * v);
  const costs = g.noise.map((noise, c) => {
    const s = meanOf(
      g.inPlane.map((group) => ({ power: group.degraded[c], count: group.count })),
      draw.inPlane,
    );
    return logCost(
      p,
      s.map((v, k) => Math.max(0.05 * v, v - variance * noise[k])),
      floor,
    );
  });
  return { costs, index: refine(costs) };
}

function meanOf(groups: SpectrumGroup[], weights: ArrayLike<number>): Float64Array {
  const sum = new Float64Array(groups[0].power.length);
  let count = 0;
  for (const [i, group] of groups.entries()) {
    const w = weights[i];
    if (w === 0) continue;
    for (let k = 0; k < sum.length; k++) sum[k] += w * group.power[k];
    count += w * group.count;
  }
  return sum.map((v) => v / Math.max(1, count));
}

/** White noise variance of the in-plane lines, from the top of their full-resolution spectrum. */
function noiseVariance(full: Float64Array, length: number): number {
  let sum = 0;
  let bins = 0;
  for (let k = Math.ceil(NOISE_BAND * length); k < full.length; k++) {
    sum += full[k];
    bins++;
  }
  return bins === 0 ? 0 : sum / bins / hannEnergy(length);
}

/**
 * Mean squared residual of log p − log(a·s + β·floor) over bins 1 … N/2: a, the contrast, free;
 * β, a correction of the measured noise floor, within ±FLOOR_SLACK (in log). Gauss-Newton in
 * (log a, log β). Bins where noise dominates then cost every candidate alike.
 */
function logCost(p: Float64Array, s: Float64Array, floor: Float64Array): number {
  // Start: a from the bin with the most signal, the floor as measured.
  let strongest = 1;
  for (let k = 2; k < p.length; k++) if (p[k] - floor[k] > p[strongest] - floor[strongest]) strongest = k;
  let la = Math.log(Math.max(1e-30, p[strongest] - floor[strongest]) / Math.max(1e-30, s[strongest]));
  let lb = 0;
  const residual = (k: number, a: number, b: number): number =>
    Math.log(p[k]) - Math.log(a * s[k] + b * floor[k]);
  for (let iteration = 0; iteration < 12; iteration++) {
    const a = Math.exp(la);
    const b = Math.exp(lb);
    let haa = 0;
    let hab = 0;
    let hbb = 0;
    let ga = 0;
    let gb = 0;
    for (let k = 1; k < p.length; k++) {
      const m = a * s[k] + b * floor[k];
      const r = residual(k, a, b);
      const ja = (a * s[k]) / m;
      const jb = (b * floor[k]) / m;
      haa += ja * ja;
      hab += ja * jb;
      hbb += jb * jb;
      ga += ja * r;
      gb += jb * r;
    }
    const det = haa * hbb - hab * hab;
    if (FLOOR_SLACK > 0 && det > 1e-12 * haa * hbb) {
      la += (hbb * ga - hab * gb) / det;
      lb = Math.max(-FLOOR_SLACK, Math.min(FLOOR_SLACK, lb + (haa * gb - hab * ga) / det));
    } else if (haa > 0) la += ga / haa;
  }
  let cost = 0;
  for (let k = 1; k < p.length; k++) cost += residual(k, Math.exp(la), Math.exp(lb)) ** 2;
  return cost / (p.length - 1);
}

/** The minimum's fractional index: a parabola through the best candidate and its neighbours. */
function refine(costs: number[]): number {
  let best = 0;
  for (let c = 1; c < costs.length; c++) if (costs[c] < costs[best]) best = c;
  if (best === 0 || best === costs.length - 1) return best;
  const [l, m, r] = [costs[best - 1], costs[best], costs[best + 1]];
  const curvature = l - 2 * m + r;
  return curvature > 0 ? best + Math.max(-0.5, Math.min(0.5, (l - r) / (2 * curvature))) : best;
}
