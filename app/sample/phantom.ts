/**
 * The imaged object: tubes (vessels, neurites) and textured nuclei on a dim, slowly varying
 * background (in one channel, or in two: vessels and nuclei apart), rendered analytically
 * (one-voxel anti-aliased edges) into a periodic isotropic grid. Periodic (wrap-around) rendering lets a block tile seamlessly into large stacks.
 * Intensities are in signal units: about 1 for the brightest structures.
 */
import type { Rng } from '../math/index.js';

export interface Grid {
  nx: number;
  ny: number;
  nz: number;
  /** voxel side, µm */ pixel: number;
}

/** Renders the phantom; the object density (per µm³) is independent of the grid size. */
export function renderPhantom(g: Grid, rng: Rng): Float32Array {
  const vol = new Float32Array(g.nx * g.ny * g.nz);
  const volumeUm3 = g.nx * g.ny * g.nz * g.pixel ** 3;
  const tubes = Math.max(2, Math.round(volumeUm3 / 40_000));
  const nuclei = Math.max(2, Math.round(volumeUm3 / 25_000));
  for (let t = 0; t < tubes; t++) renderTube(vol, g, rng);
  for (let n = 0; n < nuclei; n++) renderNucleus(vol, g, rng);
  addBackground(vol, g, rng);
  return vol;
}

/** Vessel signal above which a voxel belongs to a vessel: the two-channel sample keeps nuclei off it. */
const VESSEL_LEVEL = 0.05;

/**
 * The phantom as two stains, as the paper's two-channel LSFM data has them: `vessels` (the tubes)
 * and `nuclei` (the textured ellipsoids, cut away wherever a vessel runs, so the channels lie apart),
 * each on its own dim background. Same densities and draws as `renderPhantom`, in the same order.
 */
export function renderPhantomChannels(g: Grid, rng: Rng): { vessels: Float32Array; nuclei: Float32Array } {
  const vessels = new Float32Array(g.nx * g.ny * g.nz);
  const nuclei = new Float32Array(vessels.length);
  const volumeUm3 = g.nx * g.ny * g.nz * g.pixel ** 3;
  const tubes = Math.max(2, Math.round(volumeUm3 / 40_000));
  const nucleusCount = Math.max(2, Math.round(volumeUm3 / 25_000));
  for (let t = 0; t < tubes; t++) renderTube(vessels, g, rng);
  for (let n = 0; n < nucleusCount; n++) renderNucleus(nuclei, g, rng);
  for (let i = 0; i < nuclei.length; i++) if (vessels[i] > VESSEL_LEVEL) nuclei[i] = 0;
  addBackground(vessels, g, rng);
  addBackground(nuclei, g, rng);
  return { vessels, nuclei };
}

/** Visits the voxels of a box given in (unwrapped) voxel coordinates, wrapping indices. */
function forBox(
  g: Grid,
  lo: number[],
  hi: number[],
  fn: (i: number, x: number, y: number, z: number) => void,
): void {
  const wrap = (v: number, n: number): number => ((v % n) + n) % n;
  for (let z = Math.floor(lo[2]); z <= Math.ceil(hi[2]); z++) {
    const zo = wrap(z, g.nz) * g.nx * g.ny;
    for (let y = Math.floor(lo[1]); y <= Math.ceil(hi[1]); y++) {
      const yo = zo + wrap(y, g.ny) * g.nx;
      for (let x = Math.floor(lo[0]); x <= Math.ceil(hi[0]); x++) fn(yo + wrap(x, g.nx), x, y, z);
    }
  }
}

/** A smooth random curve (random walk with momentum), swept by a capsule of varying radius. */
function renderTube(vol: Float32Array, g: Grid, rng: Rng): void {
  const p = g.pixel;
  const pos = [rng.next() * g.nx * p, rng.next() * g.ny * p, rng.next() * g.nz * p];
  const dir = unit([rng.gauss(), rng.gauss(), rng.gauss() * 0.6]);
  const length = rng.range(40, 200);
  const r0 = 0.5 + 2.5 * rng.next() ** 2; // thin neurites are commoner than thick vessels
  const b0 = rng.range(0.35, 1);
  const phase = rng.range(0, 6.3);
  const step = 1; // µm per segment
  for (let s = 0; s < length; s += step) {
    const next = unit([
      dir[0] + 0.25 * rng.gauss(),
      dir[1] + 0.25 * rng.gauss(),
      dir[2] + 0.25 * rng.gauss(),
    ]);
    dir.splice(0, 3, ...next);
    const end = [pos[0] + step * dir[0], pos[1] + step * dir[1], pos[2] + step * dir[2]];
    const r = r0 * (1 + 0.2 * Math.sin(s / 9 + phase));
    const b = b0 * (0.8 + 0.2 * Math.sin(s / 13 + 2 * phase));
    capsule(vol, g, pos, end, r, b);
    pos.splice(0, 3, ...end);
  }
}

function capsule(vol: Float32Array, g: Grid, a: number[], b: number[], r: number, bright: number): void {
  const p = g.pixel;
  const m = r + p;
  const lo = [0, 1, 2].map((k) => (Math.min(a[k], b[k]) - m) / p);
  const hi = [0, 1, 2].map((k) => (Math.max(a[k], b[k]) + m) / p);
  const ab = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const abab = ab[0] ** 2 + ab[1] ** 2 + ab[2] ** 2;
  forBox(g, lo, hi, (i, x, y, z) => {
    const px = x * p - a[0],
      py = y * p - a[1],
      pz = z * p - a[2];
    const t = Math.min(1, Math.max(0, (px * ab[0] + py * ab[1] + pz * ab[2]) / abab));
    const d = Math.hypot(px - t * ab[0], py - t * ab[1], pz - t * ab[2]);
    const cover = Math.min(1, Math.max(0, 0.5 - (d - r) / p)); // one-voxel anti-aliased edge
    const v = cover * bright;
    if (v > vol[i]) vol[i] = v;
  });
}

/** An ellipsoid (semi-axes 1.5–4 µm, random orientation) with chromatin-like texture and nucleoli. */
function renderNucleus(vol: Float32Array, g: Grid, rng: Rng): void {
  const p = g.pixel;
  const c = [rng.next() * g.nx * p, rng.next() * g.ny * p, rng.next() * g.nz * p];
  const axes = [rng.range(1.5, 4), rng.range(1.5, 4), rng.range(1.5, 4)];
  const u = unit([rng.gauss(), rng.gauss(), rng.gauss()]);
  const v = unit(cross(u, unit([rng.gauss(), rng.gauss(), rng.gauss()])));
  const w = cross(u, v);
  const bright = rng.range(0.2, 0.6);
  const freq = [0, 1, 2].map(() => rng.range(0.8, 2.2));
  const ph = [0, 1, 2].map(() => rng.range(0, 6.3));
  const nucleoli = Array.from({ length: 1 + Math.floor(rng.next() * 3) }, () => ({
    at: [rng.gauss() * 0.3, rng.gauss() * 0.3, rng.gauss() * 0.3],
    r: rng.range(0.12, 0.28),
  }));
  const m = Math.max(...axes) + p;
  forBox(
    g,
    c.map((x) => (x - m) / p),
    c.map((x) => (x + m) / p),
    (i, x, y, z) => {
      const d = [x * p - c[0], y * p - c[1], z * p - c[2]];
      const q = [dot(d, u) / axes[0], dot(d, v) / axes[1], dot(d, w) / axes[2]];
      const rho = Math.hypot(q[0], q[1], q[2]);
      const edge = Math.min(1, Math.max(0, 0.5 - ((rho - 1) * Math.min(...axes)) / p));
      if (edge <= 0) return;
      let tex =
        0.75 +
        0.25 *
          Math.sin(freq[0] * d[0] + ph[0]) *
          Math.sin(freq[1] * d[1] + ph[1]) *
          Math.sin(freq[2] * d[2] + ph[2]);
      for (const n of nucleoli) {
        if (Math.hypot(q[0] - n.at[0], q[1] - n.at[1], q[2] - n.at[2]) < n.r) tex = 1.6;
      }
      const val = edge * bright * tex;
      if (val > vol[i]) vol[i] = val;
    },
  );
}

/** Adds 0.02–0.08 of smooth, periodic background (autofluorescence, out-of-focus haze). */
function addBackground(vol: Float32Array, g: Grid, rng: Rng): void {
  const wave = (n: number): Float32Array => {
    const f = new Float32Array(n);
    const k1 = 1 + Math.floor(rng.next() * 2),
      k2 = 2 + Math.floor(rng.next() * 3);
    const p1 = rng.range(0, 6.3),
      p2 = rng.range(0, 6.3);
    for (let i = 0; i < n; i++)
      f[i] =
        0.6 * Math.sin((2 * Math.PI * k1 * i) / n + p1) + 0.4 * Math.sin((2 * Math.PI * k2 * i) / n + p2);
    return f;
  };
  const fx = wave(g.nx),
    fy = wave(g.ny),
    fz = wave(g.nz);
  let i = 0;
  for (let z = 0; z < g.nz; z++) {
    for (let y = 0; y < g.ny; y++) {
      for (let x = 0; x < g.nx; x++, i++) vol[i] += 0.05 + 0.01 * (fx[x] + fy[y] + fz[z]);
    }
  }
}

function unit(v: number[]): number[] {
  const n = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / n, v[1] / n, v[2] / n];
}
function dot(a: number[], b: number[]): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
function cross(a: number[], b: number[]): number[] {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
