// Tile geometry and reflect padding, without tensors.
import { describe, expect, test } from 'vitest';
import { planTiles } from '../../app/sr/tile-plan.js';
import { reflectIndex } from '../../app/math/index.js';
import { reflectPad } from '../../app/sr/plane.js';

describe('reflect', () => {
  test('matches numpy reflect, and repeats for pads wider than the plane', () => {
    expect([-3, -2, -1, 0, 1, 2, 3, 4, 5, 6].map((i) => reflectIndex(i, 4))).toEqual([
      3, 2, 1, 0, 1, 2, 3, 2, 1, 0,
    ]);
    expect([-5, -4, -3, -2, -1, 0, 1, 2, 3, 4].map((i) => reflectIndex(i, 2))).toEqual([
      1, 0, 1, 0, 1, 0, 1, 0, 1, 0,
    ]);
    expect([-2, 0, 3].map((i) => reflectIndex(i, 1))).toEqual([0, 0, 0]);
  });
  test('pads a 3×2 plane by 4', () => {
    const p = reflectPad({ width: 3, height: 2, data: Float32Array.of(1, 2, 3, 4, 5, 6) }, 4);
    expect([p.width, p.height]).toEqual([11, 10]);
    expect(Array.from(p.data.subarray(4 * 11, 5 * 11))).toEqual([1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3]);
  });
});

describe('planTiles', () => {
  test.each([
    [97, 61, 16, 64],
    [130, 257, 16, 34],
    [5, 3, 8, 256],
    [64, 64, 16, 96],
    [300, 7, 0, 32],
  ])('plane %i×%i margin %i tile %i: tiles cover the output, stay inside the padded plane', (w, h, m, n) => {
    const plan = planTiles(w, h, m, n);
    const hits = new Uint8Array(w * h);
    for (const t of plan.tiles) {
      expect(t.x).toBeGreaterThanOrEqual(0);
      expect(t.y).toBeGreaterThanOrEqual(0);
      expect(t.x + plan.tileWidth).toBeLessThanOrEqual(w + 2 * m);
      expect(t.y + plan.tileHeight).toBeLessThanOrEqual(h + 2 * m);
      for (let y = 0; y < plan.outHeight; y++)
        for (let x = 0; x < plan.outWidth; x++) hits[(t.y + y) * w + t.x + x] = 1;
    }
    expect(hits.every((v) => v === 1)).toBe(true);
    expect(plan.tileWidth - plan.outWidth).toBe(2 * m);
  });
  test('a plane smaller than a tile is one tile of the padded size', () => {
    expect(planTiles(5, 3, 8, 256)).toMatchObject({ tileWidth: 21, tileHeight: 19, tiles: [{ x: 0, y: 0 }] });
  });
  test('97×61, margin 16, tile 64: stride 32, last tiles shifted inward', () => {
    const p = planTiles(97, 61, 16, 64);
    expect([...new Set(p.tiles.map((t) => t.x))]).toEqual([0, 32, 64, 65]);
    expect([...new Set(p.tiles.map((t) => t.y))]).toEqual([0, 29]);
  });
  test('tiles too small for the margin are refused', () => {
    expect(() => planTiles(10, 10, 16, 32)).toThrow(expect.objectContaining({ tag: 'bad-tile' }));
  });
});
