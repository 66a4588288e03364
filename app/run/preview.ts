/**
 * A downsampled preview volume that fits a 3D texture (≤ 256 per side): block means with one
 * integer factor f = ceil(longest side / 256). Units need not align with f, so each unit
 * stores the sums (float64) of its voxels per preview cell it touches (preview/unit-<id>.f64);
 * assembly adds them in unit-id order, so the preview is the same whatever order units finished
 * in or where a run was interrupted, and divides by the cell's voxel count. The bicubic
 * baseline gets its own partials (unit-<id>.bicubic.f64) so the UI can show both side by side;
 * runs made before those existed simply have none (their bicubic preview is NaN).
 */
import { join } from 'node:path';
import { bytesOf, writeDurable } from '../volume/index.js';
import { readPartial } from './partial-file.js';
import { unitOf, unitsOfPlane, type Dims, type UnitGrid } from './unit-grid.js';

export const PREVIEW_MAX_SIDE = 256;

export interface PreviewGeometry {
  factor: number;
  dims: Dims;
}

export function previewGeometry(shape: Dims): PreviewGeometry {
  const factor = Math.max(1, Math.ceil(Math.max(shape.x, shape.y, shape.z) / PREVIEW_MAX_SIDE));
  return {
    factor,
    dims: { x: Math.ceil(shape.x / factor), y: Math.ceil(shape.y / factor), z: Math.ceil(shape.z / factor) },
  };
}

/** Which volume a preview partial sums: the network's output or the bicubic baseline. */
export type PreviewSource = 'sr' | 'bicubic';

export function previewFile(runDir: string, unit: number, source: PreviewSource = 'sr'): string {
  return join(runDir, 'preview', source === 'sr' ? `unit-${unit}.f64` : `unit-${unit}.bicubic.f64`);
}

/** Cells [first, first + count) a span [start, end) touches at factor f. */
export function touchedCells(start: number, end: number, f: number): { first: number; count: number } {
  const first = Math.floor(start / f);
  return { first, count: Math.floor((end - 1) / f) - first + 1 };
}

/**
 * Per-cell sums of a unit's slab (dims x × ny × nz, at y0, z0 of the output).
 * Layout: cells along x fastest, then y, then z, over the cells the slab touches.
 */
export function unitPreviewSums(
  slab: Float32Array,
  d: Dims,
  y0: number,
  z0: number,
  g: PreviewGeometry,
): Float64Array {
  const f = g.factor;
  const cy = touchedCells(y0, y0 + d.y, f);
  const cz = touchedCells(z0, z0 + d.z, f);
  const sums = new Float64Array(g.dims.x * cy.count * cz.count);
  for (let k = 0; k < d.z; k++) {
    const kz = Math.floor((z0 + k) / f) - cz.first;
    for (let j = 0; j < d.y; j++) {
      const row = (kz * cy.count + Math.floor((y0 + j) / f) - cy.first) * g.dims.x;
      const o = (k * d.y + j) * d.x;
      for (let i = 0; i < d.x; i++) sums[row + Math.floor(i / f)] += slab[o + i];
    }
  }
  return sums;
}

export async function writeUnitPreview(
  runDir: string,
  unit: number,
  sums: Float64Array,
  source: PreviewSource = 'sr',
): Promise<void> {
  await writeDurable(previewFile(runDir, unit, source), bytesOf(sums));
}

/**
 * A unit's partial sums as written by writeUnitPreview; undefined when the unit has none (runs
 * from before bicubic partials). A file that exists but cannot be read throws a RunError.
 */
export async function readUnitPreview(
  runDir: string,
  unit: number,
  source: PreviewSource = 'sr',
): Promise<Float64Array | undefined> {
  const buf = await readPartial(previewFile(runDir, unit, source), 'preview partial');
  return buf && new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

/**
 * The preview (block means, float32, x fastest) of one plane from the partial sums of those of `units` in it; missing cells
 * are NaN. Reads every partial: for a preview kept up to date as units finish, PreviewAssembly
 * (preview-assembly.ts) folds in only the new ones and gives the same bits.
 */
export async function assemblePreview(
  runDir: string,
  grid: UnitGrid,
  units: Iterable<number>,
  source: PreviewSource = 'sr',
  plane = 0,
): Promise<{ geometry: PreviewGeometry; data: Float32Array }> {
  const g = previewGeometry(grid.shape);
  const f = g.factor;
  const total = new Float64Array(g.dims.x * g.dims.y * g.dims.z);
  const seen = new Uint8Array(total.length);
  for (const id of unitsOfPlane(grid, plane, units)) {
    const sums = await readUnitPreview(runDir, id, source);
    if (!sums) continue;
    const { box } = unitOf(grid, id);
    const cy = touchedCells(box.y.start, box.y.end, f);
    const cz = touchedCells(box.z.start, box.z.end, f);
    for (let k = 0; k < cz.count; k++)
      for (let j = 0; j < cy.count; j++)
        for (let i = 0; i < g.dims.x; i++) {
          const t = ((cz.first + k) * g.dims.y + cy.first + j) * g.dims.x + i;
          total[t] += sums[(k * cy.count + j) * g.dims.x + i];
          seen[t] = 1;
        }
  }
  const span = (c: number, n: number): number => Math.min(n, (c + 1) * f) - c * f;
  const data = new Float32Array(total.length);
  for (let k = 0; k < g.dims.z; k++)
    for (let j = 0; j < g.dims.y; j++)
      for (let i = 0; i < g.dims.x; i++) {
        const t = (k * g.dims.y + j) * g.dims.x + i;
        data[t] = seen[t]
          ? total[t] / (span(i, grid.shape.x) * span(j, grid.shape.y) * span(k, grid.shape.z))
          : NaN;
      }
  return { geometry: g, data };
}
