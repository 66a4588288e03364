/**
 * The multiscale pyramid, built as units complete rather than only at finalize: a chunk of
 * level L covers a 2^L × 2^L block of units (units are one chunk in y and z, and span x), so
 * once every unit of that block is done, level L's chunks over it are final and are written
 * from level L − 1. A block whose units are done by another shard is completed by whichever
 * process sees it complete (identical bytes if two do); finalize rebuilds everything anyway,
 * so incomplete knowledge only delays the live view.
 */
import { levelFactor } from '../image/index.js';
import type { Box } from '../volume/index.js';
import type { OutputStore, PlanePosition } from './output-store.js';
import { gridCounts, unitsPerPlane, type UnitGrid } from './unit-grid.js';

/** Writes every pyramid level whose block around unit `id` (of the plane at `position` in the store) is now complete. */
export async function extendPyramid(
  store: OutputStore,
  grid: UnitGrid,
  done: ReadonlySet<number>,
  id: number,
  position?: PlanePosition,
): Promise<void> {
  const counts = gridCounts(grid);
  // Ids of other planes are offset by whole planes; the block test stays within this one.
  const first = id - (id % unitsPerPlane(grid));
  const local = id - first;
  const unitY = Math.floor(local / counts.z);
  const unitZ = local % counts.z;
  for (let level = 1; level < store.levels.length; level++) {
    // Units per chunk of this level, along y and z (the pyramid's 2^L; app/image/pyramid.ts).
    const factor = levelFactor(level);
    const y0 = Math.floor(unitY / factor) * factor;
    const z0 = Math.floor(unitZ / factor) * factor;
    for (let y = y0; y < Math.min(y0 + factor, counts.y); y++) {
      for (let z = z0; z < Math.min(z0 + factor, counts.z); z++)
        if (!done.has(first + y * counts.z + z)) return;
    }
    const from = store.levels[level - 1].shape;
    const scale = levelFactor(level - 1);
    const span = (block0: number, unit: number, size: number) => ({
      start: Math.min(size, (block0 * unit) / scale),
      end: Math.min(size, ((block0 + factor) * unit) / scale),
    });
    const box: Box = {
      x: { start: 0, end: from.x },
      y: span(y0, grid.unit.y, from.y),
      z: span(z0, grid.unit.z, from.z),
    };
    if (box.y.start >= box.y.end || box.z.start >= box.z.end) return;
    await store.downsample(level - 1, box, { cascade: false, ...(position ? { plane: position } : {}) });
  }
}
