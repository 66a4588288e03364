/**
 * The unit grid and each unit's brick window: units tile the output exactly once, shards
 * partition them, windows read only what the unit needs (its y band ± margin, the B-spline
 * support of its planes ± margin) and reflect about the WHOLE volume's edges.
 */
import { describe, expect, it } from 'vitest';
import {
  gridCounts,
  parseShard,
  unitCount,
  unitOf,
  unitsOfShard,
  type UnitGrid,
} from '../../app/run/unit-grid.js';
import { brickWindow } from '../../app/run/brick-window.js';
import { zTargetCount } from '../../app/sr/inference/z-grid.js';
import { isRunError } from '../../app/run/errors.js';

const ratio = 1 / 0.411;
const input = { x: 70, y: 60, z: 12 };
const grid: UnitGrid = { shape: { x: 70, y: 60, z: zTargetCount(12, ratio) }, unit: { y: 16, z: 8 } };

describe('unit grid', () => {
  it('covers every output voxel exactly once, y-major', () => {
    expect(grid.shape.z).toBe(27);
    expect(gridCounts(grid)).toEqual({ y: 4, z: 4 });
    const hits = new Uint8Array(60 * 27);
    for (let id = 0; id < unitCount(grid); id++) {
      const { box } = unitOf(grid, id);
      expect(box.x).toEqual({ start: 0, end: 70 });
      for (let y = box.y.start; y < box.y.end; y++)
        for (let z = box.z.start; z < box.z.end; z++) hits[z * 60 + y]++;
    }
    expect(hits.every((h) => h === 1)).toBe(true);
    expect(unitOf(grid, 1).box.z).toEqual({ start: 8, end: 16 });
    expect(unitOf(grid, 15).box).toMatchObject({ y: { start: 48, end: 60 }, z: { start: 24, end: 27 } });
    expect(() => unitOf(grid, 16)).toThrow(RangeError);
  });

  it('splits units over shards by id mod n', () => {
    const shards = [0, 1, 2].map((i) => unitsOfShard(grid, { index: i, count: 3 }));
    expect(shards.flat().sort((a, b) => a - b)).toEqual([...Array(16).keys()]);
    expect(shards[1]).toEqual([1, 4, 7, 10, 13]);
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard(undefined)).toEqual({ index: 0, count: 1 });
    for (const bad of ['3/3', '1', '-1/2', 'a/b']) {
      const e = (() => {
        try {
          parseShard(bad);
        } catch (err) {
          return err;
        }
      })();
      expect(isRunError(e) && e.tag, bad).toBe('bad-input');
    }
  });
});

describe('brick window', () => {
  const m = 6;
  it('reads the y band ± margin in the interior, the support of its planes ± margin in z', () => {
    const w = brickWindow(unitOf(grid, 5).box, input, grid.shape.z, ratio, m); // y 16..32, z 8..16
    expect(w.read.y).toEqual({ start: 10, end: 38 });
    expect([...w.rows]).toEqual([...Array(28).keys()]);
    expect(w.coords.length).toBe(8 + 2 * m);
    expect(w.coords[0]).toBe(2 / ratio);
    // planes 2..21 → input coordinates 0.82..8.6; support floor(c) − 17 … floor(c) + 19, mirrored into 0..11.
    expect(w.read.z).toEqual({ start: 0, end: 12 });
  });

  it('reflects about the whole volume at its true edges, never about the brick', () => {
    const w = brickWindow(unitOf(grid, 0).box, input, grid.shape.z, ratio, m); // y 0..16, z 0..8
    expect(w.read.y).toEqual({ start: 0, end: 22 });
    expect([...w.rows.subarray(0, m + 1)]).toEqual([6, 5, 4, 3, 2, 1, 0]);
    // Output plane −1 is output plane 1 (reflect in OUTPUT z, as whole-volume padding does).
    expect(w.coords[m - 1]).toBe(1 / ratio);
    const last = brickWindow(unitOf(grid, 15).box, input, grid.shape.z, ratio, m); // y 48..60, z 24..27
    expect([...last.rows.slice(-m - 1)].map((r) => r + last.read.y.start)).toEqual([
      59, 58, 57, 56, 55, 54, 53,
    ]);
    expect(last.coords[last.coords.length - 1]).toBe((26 - m) / ratio);
  });

  it('a big input reads only a window of planes', () => {
    const big = { x: 8, y: 8, z: 400 };
    const outZ = zTargetCount(400, ratio);
    const w = brickWindow(
      { x: { start: 0, end: 8 }, y: { start: 0, end: 8 }, z: { start: 512, end: 576 } },
      big,
      outZ,
      ratio,
      16,
    );
    expect(w.read.z.start).toBe(Math.floor(496 / ratio) - 17);
    expect(w.read.z.end).toBe(Math.floor(591 / ratio) + 19);
  });
});
