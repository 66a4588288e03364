/**
 * PreviewAssembly folds units in as they finish and must give assemblePreview's bits for the
 * same units whatever the order: units finished in id order, in reverse, interleaved like two
 * shards and shuffled in batches, checked after every batch. The partial sums mix ±2^60 with
 * values below 100 and cells take up to four units, so summing a cell in another order than
 * unit-id order changes the float32 means (the first test shows it does for this data).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assemblePreview,
  previewGeometry,
  readUnitPreview,
  touchedCells,
  unitPreviewSums,
  writeUnitPreview,
} from '../../app/run/preview.js';
import { PreviewAssembly } from '../../app/run/preview-assembly.js';
import { unitCount, unitOf, type UnitGrid } from '../../app/run/unit-grid.js';
import { seeded, tempDir } from '../helpers/fixtures.js';

// x = 520 makes the factor 3; units of 2 × 2 then put up to 4 units in one cell.
const grid: UnitGrid = { shape: { x: 520, y: 12, z: 12 }, unit: { y: 2, z: 2 } };
const UNITS = unitCount(grid);
/** A unit that finished without writing a partial (as runs from before bicubic partials): it adds nothing. */
const NO_PARTIAL = 7;
const dir = tempDir('isotrope-preview-assembly-');

const bits = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

beforeAll(async () => {
  mkdirSync(join(dir.path, 'preview'));
  const rand = seeded(5);
  const g = previewGeometry(grid.shape);
  for (let id = 0; id < UNITS; id++) {
    if (id === NO_PARTIAL) continue;
    const { box } = unitOf(grid, id);
    const d = { x: box.x.end - box.x.start, y: box.y.end - box.y.start, z: box.z.end - box.z.start };
    // One voxel in ten is ±2^60: at that size a float64 sum drops small values (its ulp is 256), so
    // which small values survive in a cell depends on where the big ones come in the sum.
    const slab = Float32Array.from({ length: d.x * d.y * d.z }, () =>
      rand() < 0.1 ? (rand() < 0.5 ? 1 : -1) * 2 ** 60 : rand() * 100,
    );
    await writeUnitPreview(dir.path, id, unitPreviewSums(slab, d, box.y.start, box.z.start, g));
  }
});

afterAll(() => dir.remove());

/** Folds `order` in batches of `batch` ids, checking against the full assembly after each. */
async function foldChecked(order: number[], batch: (i: number) => number): Promise<void> {
  const a = new PreviewAssembly(dir.path, grid);
  const done = new Set<number>();
  for (let i = 0, n = 0; i < order.length; n++) {
    const next = order.slice(i, i + batch(n));
    i += next.length;
    for (const id of next) done.add(id);
    const before = a.data;
    const beforeBits = Buffer.from(bits(before));
    expect(await a.update(done)).toBe(next.length);
    expect(bits(before).equals(beforeBits), 'an array handed out before an update changed').toBe(true);
    expect(a.units).toBe(done.size);
    const want = (await assemblePreview(dir.path, grid, done)).data;
    expect(bits(a.data).equals(bits(want)), `after ${done.size} units`).toBe(true);
  }
  expect(await a.update(done)).toBe(0);
}

describe('PreviewAssembly', () => {
  it("works on data where the order of a cell's sum shows in its float32 value", async () => {
    const g = previewGeometry(grid.shape);
    const rows = new Map<number, number[]>(); // cell row → units touching it
    for (let id = 0; id < UNITS; id++) {
      const { box } = unitOf(grid, id);
      const cy = touchedCells(box.y.start, box.y.end, g.factor);
      const cz = touchedCells(box.z.start, box.z.end, g.factor);
      for (let k = 0; k < cz.count; k++)
        for (let j = 0; j < cy.count; j++) {
          const r = (cz.first + k) * g.dims.y + cy.first + j;
          rows.set(r, [...(rows.get(r) ?? []), id]);
        }
    }
    const sumRow = async (r: number, ids: number[]): Promise<Float64Array> => {
      const out = new Float64Array(g.dims.x);
      for (const id of ids) {
        const sums = await readUnitPreview(dir.path, id);
        if (!sums) continue;
        const { box } = unitOf(grid, id);
        const cy = touchedCells(box.y.start, box.y.end, g.factor);
        const cz = touchedCells(box.z.start, box.z.end, g.factor);
        const n = (Math.floor(r / g.dims.y) - cz.first) * cy.count + (r % g.dims.y) - cy.first;
        for (let i = 0; i < g.dims.x; i++) out[i] += sums[n * g.dims.x + i];
      }
      return out;
    };
    let differing = 0;
    for (const [r, ids] of rows) {
      if (ids.length < 3) continue;
      const inOrder = await sumRow(r, ids);
      const reversed = await sumRow(r, [...ids].reverse());
      differing += inOrder.filter((v, i) => Math.fround(v) !== Math.fround(reversed[i])).length;
    }
    expect(differing).toBeGreaterThan(0);
  });

  it('equals the full assembly after every step, units in id order, one at a time', async () => {
    await foldChecked(
      Array.from({ length: UNITS }, (_, i) => i),
      () => 1,
    );
  });

  it('equals the full assembly after every step, units in reverse order', async () => {
    await foldChecked(
      Array.from({ length: UNITS }, (_, i) => UNITS - 1 - i),
      (n) => 1 + (n % 3),
    );
  });

  it('equals the full assembly after every step, two shards out of step', async () => {
    const even = Array.from({ length: UNITS / 2 }, (_, i) => 2 * i);
    const odd = even.map((e) => e + 1);
    await foldChecked(
      [...even.slice(0, 5), ...odd.slice(0, 2), ...even.slice(5), ...odd.slice(2)],
      (n) => 1 + (n % 2),
    );
  });

  it('equals the full assembly after every step, shuffled in batches of 1 to 5', async () => {
    for (const seed of [1, 2, 3]) {
      const rand = seeded(seed);
      const order = Array.from({ length: UNITS }, (_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      await foldChecked(order, () => 1 + Math.floor(rand() * 5));
    }
  });

  it('says when the done set no longer holds what it folded (the run directory was replaced)', async () => {
    const a = new PreviewAssembly(dir.path, grid);
    await a.update([0, 1, 2]);
    expect(a.within(new Set([0, 1, 2, 3]))).toBe(true);
    expect(a.within(new Set([0, 2]))).toBe(false);
  });
});
