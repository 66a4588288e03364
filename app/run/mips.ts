/**
 * Maximum-intensity projections, accumulated unit by unit. A MIP is a max, so a unit can
 * project its own slab and the whole-volume MIP is the max over units in any order. Each unit
 * writes its partial projections (SR and bicubic, along z, y and x) to mips/unit-<id>.f32
 * before it is journaled; `assembleMips` folds whatever exists, so the UI can show a MIP that
 * fills in live and finalize produces the full one.
 */
import { join } from 'node:path';
import type { FloatImage } from '../image/index.js';
import { bytesOf, writeDurable } from '../volume/index.js';
import { readPartial } from './partial-file.js';
import { unitOf, unitsOfPlane, type Dims, type UnitGrid } from './unit-grid.js';

export type Axis = 'z' | 'y' | 'x';
export const AXES: readonly Axis[] = ['z', 'y', 'x'];

/** A projection image: row-major, width × height (app/image's float image). */
export type Projection = FloatImage;

/** Projections of one volume along z (X × Y), y (X × Z) and x (Y × Z; z on rows). */
export type Projections = Record<Axis, Projection>;

/** The projected images: SR and bicubic share a partial file, the disagreement has its own. */
export type MipImage = 'sr' | 'disagreement';

export function mipFile(runDir: string, unit: number, image: MipImage = 'sr'): string {
  return join(runDir, 'mips', image === 'sr' ? `unit-${unit}.f32` : `unit-${unit}.${image}.f32`);
}

/** The three projections of a slab of dims d (x fastest). */
export function projectSlab(slab: Float32Array, d: Dims): Projections {
  const z = new Float32Array(d.x * d.y).fill(-Infinity);
  const y = new Float32Array(d.x * d.z).fill(-Infinity);
  const x = new Float32Array(d.y * d.z).fill(-Infinity);
  for (let k = 0; k < d.z; k++)
    for (let j = 0; j < d.y; j++) {
      const o = (k * d.y + j) * d.x;
      let rowMax = -Infinity;
      for (let i = 0; i < d.x; i++) {
        const v = slab[o + i];
        if (v > z[j * d.x + i]) z[j * d.x + i] = v;
        if (v > y[k * d.x + i]) y[k * d.x + i] = v;
        if (v > rowMax) rowMax = v;
      }
      x[k * d.y + j] = rowMax;
    }
  return {
    z: { width: d.x, height: d.y, data: z },
    y: { width: d.x, height: d.z, data: y },
    x: { width: d.y, height: d.z, data: x },
  };
}

/** Writes a unit's SR and bicubic projections durably (SR z, y, x then bicubic z, y, x). */
export async function writeUnitMips(
  runDir: string,
  unit: number,
  sr: Projections,
  bicubic: Projections,
): Promise<void> {
  await writeProjections(mipFile(runDir, unit), [sr, bicubic]);
}

/** Writes a unit's disagreement projections (z, y, x) durably to their own partial file. */
export async function writeUnitDisagreementMips(
  runDir: string,
  unit: number,
  disagreement: Projections,
): Promise<void> {
  await writeProjections(mipFile(runDir, unit, 'disagreement'), [disagreement]);
}

/** The projections one after the other, each z, y, x. */
async function writeProjections(file: string, projections: Projections[]): Promise<void> {
  const parts = projections.flatMap((p) => AXES.map((a) => p[a].data));
  const all = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  await writeDurable(file, bytesOf(all));
}

/** Empty whole-volume projections (NaN = not yet computed; PNGs show it black). */
export function emptyProjections(shape: Dims): Projections {
  const p = (width: number, height: number): Projection => ({
    width,
    height,
    data: new Float32Array(width * height).fill(NaN),
  });
  return { z: p(shape.x, shape.y), y: p(shape.x, shape.z), x: p(shape.y, shape.z) };
}

/**
 * Whole-volume SR and bicubic projections of one plane (a channel and time point, run-planes.ts)
 * from the partial files of those of `units` in it (those missing on disk are skipped and stay NaN).
 */
export async function assembleMips(
  runDir: string,
  grid: UnitGrid,
  units: Iterable<number>,
  plane = 0,
): Promise<{ sr: Projections; bicubic: Projections }> {
  const mips = { sr: emptyProjections(grid.shape), bicubic: emptyProjections(grid.shape) };
  for (const id of unitsOfPlane(grid, plane, units)) await foldUnitMips(mips, runDir, grid, id);
  return mips;
}

/**
 * Folds one unit's partial projections into `mips` (max; a missing file changes nothing and
 * returns false; an unreadable one throws a RunError). A max does not depend on order, so folding units one by one as they finish
 * gives exactly what assembleMips gives.
 */
export async function foldUnitMips(
  mips: { sr: Projections; bicubic: Projections },
  runDir: string,
  grid: UnitGrid,
  id: number,
): Promise<boolean> {
  return foldPartial([mips.sr, mips.bicubic], mipFile(runDir, id), grid, id);
}

/** The disagreement's whole-volume projections of one plane, as assembleMips (NaN where no unit wrote one). */
export async function assembleDisagreementMips(
  runDir: string,
  grid: UnitGrid,
  units: Iterable<number>,
  plane = 0,
): Promise<Projections> {
  const mips = emptyProjections(grid.shape);
  for (const id of unitsOfPlane(grid, plane, units)) await foldUnitDisagreementMips(mips, runDir, grid, id);
  return mips;
}

/** foldUnitMips for the disagreement's partial file. */
export async function foldUnitDisagreementMips(
  mips: Projections,
  runDir: string,
  grid: UnitGrid,
  id: number,
): Promise<boolean> {
  return foldPartial([mips], mipFile(runDir, id, 'disagreement'), grid, id);
}

/** Folds the projections in `file` (as writeProjections wrote them) into `targets`, in order. */
async function foldPartial(
  targets: Projections[],
  file: string,
  grid: UnitGrid,
  id: number,
): Promise<boolean> {
  const buf = await readPartial(file, 'MIP partial');
  if (!buf) return false;
  const values = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const { box } = unitOf(grid, id);
  const y0 = box.y.start;
  const z0 = box.z.start;
  const ny = box.y.end - y0;
  const nz = box.z.end - z0;
  const X = grid.shape.x;
  let o = 0;
  for (const target of targets) {
    // Along z: rows y0.. of X; along y: rows z0.. of X; along x: rows z0.., columns y0.. of Y.
    const place = (p: Projection, w: number, h: number, col0: number, row0: number): void => {
      for (let r = 0; r < h; r++)
        for (let c = 0; c < w; c++) {
          const v = values[o + r * w + c];
          const i = (row0 + r) * p.width + col0 + c;
          if (!(p.data[i] >= v)) p.data[i] = v;
        }
      o += w * h;
    };
    place(target.z, X, ny, 0, y0);
    place(target.y, X, nz, 0, z0);
    place(target.x, ny, nz, y0, z0);
  }
  return true;
}
