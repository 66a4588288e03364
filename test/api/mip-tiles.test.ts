/** MIP pyramid levels: each level the NaN-aware max over 2^L × 2^L blocks of level 0, until one tile holds it. */
import { describe, expect, it } from 'vitest';
import { halveMax, pyramidOf, sharedRange } from '../../app/api/mip-tiles.js';
import type { Projection } from '../../app/run/mips.js';
import { seeded } from '../helpers/fixtures.js';

/** Brute force: the max of the finite values in each f × f block (NaN when none). */
function blockMax(p: Projection, f: number): Float32Array {
  const w = Math.ceil(p.width / f); const h = Math.ceil(p.height / f);
  const out = new Float32Array(w * h).fill(NaN);
  for (let y = 0; y < p.height; y++) for (let x = 0; x < p.width; x++) {
    const v = p.data[y * p.width + x]; const i = Math.floor(y / f) * w + Math.floor(x / f);
    if (!Number.isNaN(v) && !(out[i] >= v)) out[i] = v;
  }
  return out;
}

describe('MIP pyramids', () => {
  const random = seeded(5);
  const width = 1100; const height = 600;
  const data = Float32Array.from({ length: width * height }, (_, i) => (i % width < 300 && Math.floor(i / width) < 200 ? NaN : random() * 1000 - 200));
  const base: Projection = { width, height, data };

  it('has levels until the coarsest fits a 512 tile, each the block max of level 0', () => {
    const levels = pyramidOf(base, 512);
    expect(levels.map((l) => [l.width, l.height])).toEqual([[1100, 600], [550, 300], [275, 150]]);
    for (let L = 1; L < levels.length; L++) {
      const want = blockMax(base, 2 ** L);
      expect(levels[L].data.every((v, i) => (Number.isNaN(v) ? Number.isNaN(want[i]) : v === want[i])), `level ${L}`).toBe(true);
    }
    expect(Number.isNaN(levels[2].data[0])).toBe(true);
  });

  it('keeps one level for a projection that already fits', () => {
    expect(pyramidOf({ width: 512, height: 100, data: new Float32Array(51200) }, 512)).toHaveLength(1);
  });

  it('halves odd sizes upwards', () => {
    const h = halveMax({ width: 3, height: 1, data: Float32Array.of(1, 5, NaN) });
    expect([h.width, h.height, ...h.data]).toEqual([2, 1, 5, NaN]);
  });

  it('shares one range between SR and bicubic, ignoring NaN; null when nothing is finite', () => {
    const r = sharedRange(Float32Array.from({ length: 1000 }, (_, i) => i), Float32Array.from({ length: 1000 }, (_, i) => (i < 500 ? NaN : 1000 + i)));
    expect(r!.lo).toBeLessThan(5);
    expect(r!.hi).toBeGreaterThan(1990);
    expect(sharedRange(Float32Array.of(NaN), Float32Array.of(NaN))).toBeNull();
  });
});
