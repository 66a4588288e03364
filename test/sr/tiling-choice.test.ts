/** Tile and batch choice from a memory budget. */
import { describe, expect, it } from 'vitest';
import { activationBytesPerPixel, chooseTiling } from '../../app/sr/tiling-choice.js';
import { planTiles } from '../../app/sr/tile-plan.js';

const cpu = { kind: 'valid' as const, width: 32, blocks: 3 };
const paper = { kind: 'valid' as const, width: 256, blocks: 7 };

describe('chooseTiling', () => {
  it('takes the whole plane when it fits', () => {
    expect(chooseTiling(512, 512, cpu, 8).tile).toBe(528);
  });

  it('stays within the budget and balances tiles when the plane does not fit', () => {
    const budget = 128 * 2 ** 20;
    const c = chooseTiling(1024, 1024, cpu, 8, budget);
    expect(c.bytes).toBeLessThanOrEqual(budget);
    expect(c.tile).toBe(528); // two tiles a side, each keeping 512 px
    const plan = planTiles(1024, 1024, 8, c.tile);
    expect(plan.tiles).toHaveLength(4);
  });

  it('sizes the paper network on a big GPU and never goes below 2m + 2', () => {
    const c = chooseTiling(2000, 5839, paper, 16, 8 * 2 ** 30);
    expect(c.tile * c.tile * activationBytesPerPixel(paper)).toBeLessThanOrEqual(8 * 2 ** 30);
    expect(chooseTiling(2000, 2000, paper, 16, 1000).tile).toBe(34);
  });
});
