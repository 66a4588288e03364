/** The estimate's reading plan: a bounded sample of any stack, and a refusal for one too small. */
import { describe, expect, it } from 'vitest';
import { profilePlan, SEGMENT_MIN } from '../../../app/sr/profile/plan.js';
import { lowResCount } from '../../../app/sr/training/degradation.js';

describe('profilePlan', () => {
  it.each([
    { shape: { x: 2048, y: 2048, z: 119 }, ratio: 2.433 },
    { shape: { x: 4096, y: 3072, z: 2000 }, ratio: 5 },
    { shape: { x: 128, y: 96, z: 48 }, ratio: 1 },
  ])('reads a bounded sample of $shape.x×$shape.y×$shape.z at r = $ratio', ({ shape, ratio }) => {
    const plan = profilePlan(shape, ratio);
    expect(plan.n).toBeGreaterThanOrEqual(SEGMENT_MIN);
    expect(plan.n).toBeLessThanOrEqual(shape.z);
    expect(lowResCount(plan.width, ratio)).toBeGreaterThanOrEqual(plan.n);
    expect(plan.z0).toBeGreaterThanOrEqual(0);
    expect(plan.z0 + plan.zCount).toBeLessThanOrEqual(shape.z);
    for (const tile of plan.tiles) {
      expect(tile.x).toBeGreaterThanOrEqual(0);
      expect(tile.y).toBeGreaterThanOrEqual(0);
      expect(tile.x + plan.width).toBeLessThanOrEqual(shape.x);
      expect(tile.y + plan.width).toBeLessThanOrEqual(shape.y);
    }
    const read = plan.tiles.length * plan.width ** 2 * plan.zCount;
    // At most 25 bricks of ≤ 16 Mi voxels, whatever the stack's size.
    expect(plan.tiles.length).toBeLessThanOrEqual(25);
    expect(plan.width ** 2 * plan.zCount).toBeLessThanOrEqual(16 * 2 ** 20);
    if (shape.x * shape.y * shape.z > 1e8) expect(read / (shape.x * shape.y * shape.z)).toBeLessThan(0.1);
  });

  it('refuses a stack too thin or too narrow to measure', () => {
    expect(() => profilePlan({ x: 256, y: 256, z: SEGMENT_MIN - 1 }, 2)).toThrow(/too small/);
    expect(() => profilePlan({ x: 24, y: 256, z: 64 }, 3)).toThrow(/too small/);
  });
});
