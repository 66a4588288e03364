/**
 * The unit grid of a run: how the output volume is cut into units of work. A unit is an
 * output slab — all of x, a band of y rows, a band of output z planes — and its id is its
 * position in y-major, z-minor order (consecutive units of one y band read overlapping input
 * planes, which the OS cache then serves). The grid is a pure function of the output shape and
 * the unit size, both fixed in the manifest, so every process and every resume agrees on it.
 *
 * A run of several channels or time points repeats that grid once per plane (a (t, c) pair, see
 * run-planes.ts): unit ids run through plane 0's units, then plane 1's, so a single-plane run's
 * ids are what they always were, and shards (id mod n) spread every plane over every process.
 */
import type { Box } from '../volume/index.js';
import { RunError } from './errors.js';

export interface Dims {
  x: number;
  y: number;
  z: number;
}

export interface UnitGrid {
  /** Output volume: the input's x and y, zTargetCount(Z, ratio) planes. */
  shape: Dims;
  /** Unit size in y rows and output z planes (the OME-Zarr chunk size along y and z). */
  unit: { y: number; z: number };
  /** (t, c) planes the grid repeats over (default 1; absent in manifests before issue 13). */
  planes?: number;
}

export interface Unit {
  id: number;
  /** The output voxels the unit writes, within its plane. */
  box: Box;
  /** Which plane (index into the run's planes, run-planes.ts) the unit belongs to. */
  plane: number;
}

/** Which units a process works on: those with id mod count === index. */
export interface Shard {
  index: number;
  count: number;
}

export const WHOLE: Shard = { index: 0, count: 1 };

/** Units along y and along z. */
export function gridCounts(grid: UnitGrid): { y: number; z: number } {
  return { y: Math.ceil(grid.shape.y / grid.unit.y), z: Math.ceil(grid.shape.z / grid.unit.z) };
}

/** Units of one plane. */
export function unitsPerPlane(grid: UnitGrid): number {
  const c = gridCounts(grid);
  return c.y * c.z;
}

/** Units of every plane. */
export function unitCount(grid: UnitGrid): number {
  return unitsPerPlane(grid) * (grid.planes ?? 1);
}

/** @example unitOf({ shape: { x: 70, y: 60, z: 27 }, unit: { y: 32, z: 16 } }, 3).box // y 32..60, z 16..27 */
export function unitOf(grid: UnitGrid, id: number): Unit {
  const c = gridCounts(grid);
  const total = unitCount(grid);
  if (!(Number.isInteger(id) && id >= 0 && id < total))
    throw new RangeError(`unit ${id} outside the grid of ${total}`);
  const perPlane = c.y * c.z;
  const local = id % perPlane;
  const yb = Math.floor(local / c.z);
  const zb = local % c.z;
  const span = (b: number, size: number, n: number) => ({
    start: b * size,
    end: Math.min(n, (b + 1) * size),
  });
  return {
    id,
    plane: Math.floor(id / perPlane),
    box: {
      x: { start: 0, end: grid.shape.x },
      y: span(yb, grid.unit.y, grid.shape.y),
      z: span(zb, grid.unit.z, grid.shape.z),
    },
  };
}

/** The ids among `ids` that belong to plane `plane`, in ascending order. */
export function unitsOfPlane(grid: UnitGrid, plane: number, ids: Iterable<number>): number[] {
  const perPlane = unitsPerPlane(grid);
  const first = plane * perPlane;
  return [...ids].filter((id) => id >= first && id < first + perPlane).sort((a, b) => a - b);
}

/** Ids of the shard's units in processing order. */
export function unitsOfShard(grid: UnitGrid, shard: Shard = WHOLE): number[] {
  const ids: number[] = [];
  for (let id = shard.index; id < unitCount(grid); id += shard.count) ids.push(id);
  return ids;
}

/** Parses `--shard i/n` (0 ≤ i < n). @example parseShard('1/4') // { index: 1, count: 4 } */
export function parseShard(text: string | undefined): Shard {
  if (text === undefined) return WHOLE;
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!(count >= 1 && index >= 0 && index < count))
    throw new RunError('bad-input', `--shard ${text}: expected i/n with 0 ≤ i < n, e.g. 0/4`);
  return { index, count };
}

/** Voxels in a box. */
export function boxVoxels(box: Box): number {
  return (box.x.end - box.x.start) * (box.y.end - box.y.start) * (box.z.end - box.z.start);
}
