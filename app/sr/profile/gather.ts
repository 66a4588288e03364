/**
 * Reads the plan's tiles and adds up, per group of lines (a tile and a z part of it, the
 * bootstrap's unit), the power spectra the estimate compares: through-plane segments as
 * recorded, and in-plane lines degraded by each candidate slice profile exactly the way
 * training degrades them (`sampleLowRes`: Gaussian blur, then cubic B-spline samples every r
 * pixels), plus the in-plane lines' full-resolution spectrum for the noise level.
 */
import type { Volume } from '../../volume/index.js';
import { mulberry32 } from '../../math/index.js';
import { sampleLowRes, lowResCount } from '../training/degradation.js';
import { SegmentDft } from './spectrum.js';
import { SrError } from '../errors.js';
import type { ProfilePlan } from './plan.js';

/** A bootstrap unit: the summed power of its segments and how many there are. */
export interface SpectrumGroup {
  power: Float64Array;
  count: number;
}

/** An in-plane bootstrap unit (one plane of a tile): per candidate, and at full resolution. */
export interface InPlaneGroup {
  /** Per candidate: the lines degraded by it. */
  degraded: Float64Array[];
  /** Segments of `fullLength` pixels at full resolution. */
  full: Float64Array;
  count: number;
}

export interface Gathered {
  /** Through-plane units: a tile's quadrant at one segment start. */
  through: SpectrumGroup[];
  inPlane: InPlaneGroup[];
  /** Per candidate: mean power of unit-variance white noise through the same degradation. */
  noise: Float64Array[];
  /** Mean power of unit-variance white noise segments as recorded (the through-plane floor). */
  noiseThrough: Float64Array;
  fullLength: number;
}

export interface GatherOptions {
  c?: number;
  t?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/** Full-resolution segment length for the noise level (even, ≤ the line). */
function fullLengthOf(width: number): number {
  return Math.min(64, width - (width % 2));
}

/**
 * @param sigmas candidate blurs along the in-plane line, Gaussian sigma in xy pixels
 * @param ratio z step / xy pixel
 */
export async function gatherSpectra(
  volume: Volume,
  plan: ProfilePlan,
  ratio: number,
  sigmas: number[],
  options: GatherOptions = {},
): Promise<Gathered> {
  const { n, width: w, z0, zCount, lineStride, planeStride } = plan;
  const dft = new SegmentDft(n);
  const fullLength = fullLengthOf(w);
  const fullDft = new SegmentDft(fullLength);
  const sampled = lowResCount(w, ratio);
  const offset = Math.floor((sampled - n) / 2);
  // Through-plane segments overlap by half: twice the segments from a short stack.
  const starts = Array.from({ length: Math.floor((zCount - n) / (n / 2)) + 1 }, (_, i) =>
    Math.floor((i * n) / 2),
  );
  const through: SpectrumGroup[] = [];
  const inPlane: InPlaneGroup[] = [];
  const positions = Array.from({ length: Math.ceil(w / lineStride) }, (_, i) => i * lineStride);
  const planes = Array.from({ length: Math.ceil(zCount / planeStride) }, (_, i) => i * planeStride);
  for (const [ti, tile] of plan.tiles.entries()) {
    if (options.signal?.aborted)
      throw new SrError('aborted', 'slice-profile estimate cancelled', { file: volume.path });
    const box = { x: { start: tile.x, end: tile.x + w }, y: { start: tile.y, end: tile.y + w } };
    const brick = await volume.readBrick(
      { ...box, z: { start: z0, end: z0 + zCount } },
      { c: options.c, t: options.t, signal: options.signal },
    );
    const planeSize = w * w;
    const tileThrough = Array.from({ length: 4 * starts.length }, () => ({
      power: new Float64Array(dft.bins),
      count: 0,
    }));
    through.push(...tileThrough);
    for (const y of positions)
      for (const x of positions)
        for (const [s, start] of starts.entries()) {
          const group = tileThrough[s * 4 + (x < w / 2 ? 0 : 1) + (y < w / 2 ? 0 : 2)];
          dft.addPower(brick, x + y * w + start * planeSize, planeSize, group.power);
          group.count++;
        }
    // In-plane lines: x lines (rows) and y lines (columns) of every planeStride-th plane.
    const perPlane = positions.length * 2;
    const count = planes.length * perPlane;
    const lines = new Float32Array(count * w);
    let l = 0;
    for (const z of planes)
      for (const pos of positions) {
        for (let i = 0; i < w; i++) lines[l * w + i] = brick[z * planeSize + pos * w + i];
        l++;
        for (let i = 0; i < w; i++) lines[l * w + i] = brick[z * planeSize + i * w + pos];
        l++;
      }
    const tileInPlane = planes.map(() => ({
      degraded: sigmas.map(() => new Float64Array(dft.bins)),
      full: new Float64Array(fullDft.bins),
      count: perPlane,
    }));
    inPlane.push(...tileInPlane);
    const fullStart = Math.floor((w - fullLength) / 2);
    for (let i = 0; i < count; i++)
      fullDft.addPower(lines, i * w + fullStart, 1, tileInPlane[Math.floor(i / perPlane)].full);
    for (const [c, sigma] of sigmas.entries()) {
      const low = sampleLowRes(lines, { x: w, y: count, z: 1 }, 'x', { ratio, sigma });
      for (let i = 0; i < count; i++)
        dft.addPower(low.data, i * sampled + offset, 1, tileInPlane[Math.floor(i / perPlane)].degraded[c]);
    }
    options.onProgress?.((ti + 1) / plan.tiles.length);
  }
  const noise = whiteNoiseSpectra(w, ratio, sigmas, dft, offset);
  return { through, inPlane, noise: noise.degraded, noiseThrough: noise.recorded, fullLength };
}

/** Unit white noise through each candidate's degradation (what in-plane noise becomes) and as recorded. */
function whiteNoiseSpectra(w: number, ratio: number, sigmas: number[], dft: SegmentDft, offset: number) {
  const count = 512;
  const rng = mulberry32(0x5eed);
  const lines = Float32Array.from({ length: count * w }, () => rng.gauss());
  const sampled = lowResCount(w, ratio);
  const mean = (power: Float64Array): Float64Array => power.map((v) => v / count);
  const recorded = new Float64Array(dft.bins);
  for (let i = 0; i < count; i++) dft.addPower(lines, i * w, 1, recorded);
  const degraded = sigmas.map((sigma) => {
    const low = sampleLowRes(lines, { x: w, y: count, z: 1 }, 'x', { ratio, sigma });
    const power = new Float64Array(dft.bins);
    for (let i = 0; i < count; i++) dft.addPower(low.data, i * sampled + offset, 1, power);
    return mean(power);
  });
  return { degraded, recorded: mean(recorded) };
}
