/** Pyramid levels are written as soon as the units under one of their chunks are all done. */
import { describe, expect, it } from 'vitest';
import { extendPyramid } from '../../app/run/live-pyramid.js';
import type { OutputStore } from '../../app/run/output-store.js';
import type { Box } from '../../app/volume/types.js';

function recordingStore(
  levels: number,
): OutputStore & { calls: { level: number; box: Box; cascade?: boolean }[] } {
  const calls: { level: number; box: Box; cascade?: boolean }[] = [];
  const shape = (k: number) => ({
    x: Math.ceil(100 / 2 ** k),
    y: Math.ceil(128 / 2 ** k),
    z: Math.ceil(120 / 2 ** k),
  });
  return {
    calls,
    levels: Array.from({ length: levels }, (_, k) => ({ shape: shape(k), chunk: { x: 100, y: 32, z: 32 } })),
    async writeBox() {},
    async readBox() {
      return new Uint16Array(0);
    },
    async hasChunk() {
      return true;
    },
    async close() {},
    async downsample(level: number, box?: Box, options?: { cascade?: boolean }) {
      calls.push({ level, box: box!, cascade: options?.cascade });
    },
  };
}

describe('extendPyramid', () => {
  const grid = { shape: { x: 100, y: 128, z: 120 }, unit: { y: 32, z: 32 } }; // 4 × 4 units (last z band short)

  it('waits for a 2×2 block of units, then writes level 1 over it; 4×4 for level 2', async () => {
    const store = recordingStore(3);
    const done = new Set<number>();
    for (const id of [0, 1, 4]) {
      done.add(id);
      await extendPyramid(store, grid, done, id);
    }
    expect(store.calls).toEqual([]);
    done.add(5);
    await extendPyramid(store, grid, done, 5);
    expect(store.calls).toEqual([
      {
        level: 0,
        box: { x: { start: 0, end: 100 }, y: { start: 0, end: 64 }, z: { start: 0, end: 64 } },
        cascade: false,
      },
    ]);
    for (let id = 0; id < 16; id++) {
      if (!done.has(id)) {
        done.add(id);
        await extendPyramid(store, grid, done, id);
      }
    }
    const level1 = store.calls.filter((c) => c.level === 1);
    expect(level1).toEqual([
      {
        level: 1,
        box: { x: { start: 0, end: 50 }, y: { start: 0, end: 64 }, z: { start: 0, end: 60 } },
        cascade: false,
      },
    ]);
    expect(store.calls.filter((c) => c.level === 0)).toHaveLength(4);
  });
});
