/**
 * The multiscale pyramid, built as units complete rather than only at finalize: a chunk of
 * level L covers a 2^L × 2^L block of units (units are one chunk in y and z, and span x), so
 * once every unit of that block is done, level L's chunks over it are final and are written
 * from level L − 1. A block whose units are done by another shard is completed by whichever
 * process sees it complete (identical bytes if two do); finalize rebuilds everything anyway,
 * so incomplete knowledge only delays the live view.
 */
import type { Box } from '../volume/types.js';
import type { OutputStore } from './output-store.js';
import { gridCounts, type UnitGrid } from './unit-grid.js';

/** Writes every pyramid level whose block around unit `id` is now complete. */
export async function extendPyramid(store: OutputStore, grid: UnitGrid, done: ReadonlySet<number>, id: number): Promise<void> {
  const c = gridCounts(grid);
  const yb = Math.floor(id / c.z);
  const zb = id % c.z;
  for (let level = 1; level < store.levels.length; level++) {
    const f = 2 ** level;
    const y0 = Math.floor(yb / f) * f;
    const z0 = Math.floor(zb / f) * f;
    for (let y = y0; y < Math.min(y0 + f, c.y); y++) {
      for (let z = z0; z < Math.min(z0 + f, c.z); z++) if (!done.has(y * c.z + z)) return;
    }
    const from = store.levels[level - 1].shape;
    const scale = 2 ** (level - 1);
    const span = (b0: number, unit: number, n: number) => ({ start: Math.min(n, (b0 * unit) / scale), end: Math.min(n, ((b0 + f) * unit) / scale) });
    const box: Box = { x: { start: 0, end: from.x }, y: span(y0, grid.unit.y, from.y), z: span(z0, grid.unit.z, from.z) };
    if (box.y.start >= box.y.end || box.z.start >= box.z.end) return;
    await store.downsample(level - 1, box, { cascade: false });
  }
}
