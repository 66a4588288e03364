/**
 * The store layout a run gets: sharded only above 10,000 level-0 chunk files (all planes
 * counted), one shard per unit (all of x rounded up to whole chunks, the unit's y and z).
 */
import { describe, expect, it } from 'vitest';
import { chunkFiles, defaultStoreLayout, unitShard } from '../../app/run/output-store.js';

const cube = { x: 64, y: 64, z: 64 };

describe('store layout of a run', () => {
  it('counts level-0 chunk files, edge chunks and planes included', () => {
    expect(chunkFiles({ x: 2048, y: 2048, z: 954 }, cube)).toBe(32 * 32 * 15);
    expect(chunkFiles({ x: 70, y: 60, z: 27 }, { x: 64, y: 16, z: 8 }, 3)).toBe(2 * 4 * 4 * 3);
  });

  it('is a file per chunk up to 10,000 chunks and sharded above', () => {
    expect(defaultStoreLayout({ x: 70, y: 60, z: 27 }, cube)).toBe('chunks');
    // 10 × 10 × 100 = 10,000 chunks: still chunks; one more z band: sharded.
    expect(defaultStoreLayout({ x: 640, y: 640, z: 6400 }, cube)).toBe('chunks');
    expect(defaultStoreLayout({ x: 640, y: 640, z: 6401 }, cube)).toBe('sharded');
    expect(defaultStoreLayout({ x: 640, y: 640, z: 3200 }, cube, 2)).toBe('chunks');
    expect(defaultStoreLayout({ x: 640, y: 640, z: 3201 }, cube, 2)).toBe('sharded');
    expect(defaultStoreLayout({ x: 2048, y: 2048, z: 954 }, cube)).toBe('sharded');
  });

  it('puts one unit in a shard: all of x in whole chunks, the unit along y and z', () => {
    expect(unitShard('sharded', { x: 2000, y: 2000, z: 5839 }, cube)).toEqual({ x: 2048, y: 64, z: 64 });
    expect(unitShard('sharded', { x: 70, y: 60, z: 27 }, { x: 64, y: 16, z: 8 })).toEqual({
      x: 128,
      y: 16,
      z: 8,
    });
    expect(unitShard('chunks', { x: 70, y: 60, z: 27 }, cube)).toBeUndefined();
  });
});
