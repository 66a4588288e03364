/** doctor's run-probe scaling: the network work of a unit and of a grid, and the narrow view of a stack. */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gridWork, narrowVolume, unitWork } from '../../app/cli/doctor-estimate.js';
import { openVolume } from '../../app/volume/index.js';
import { brickOf, tempDir, writeOmeStack } from '../helpers/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());

describe('unitWork and gridWork', () => {
  it('count the padded yz and xz plane pixels the network runs over', () => {
    // yz: 64 columns × 80 × 80; xz: 64 rows × (64 + 16) × 80.
    expect(unitWork(64, 64, 64, 8)).toBe(64 * 80 * 80 + 64 * 80 * 80);
    expect(unitWork(10, 3, 2, 0)).toBe(10 * 3 * 2 * 2);
  });

  it('sums every unit of the grid, edge units with their own (larger relative) halos', () => {
    const shape = { x: 256, y: 100, z: 70 };
    const expected =
      unitWork(256, 64, 64, 8) + unitWork(256, 64, 6, 8) + unitWork(256, 36, 64, 8) + unitWork(256, 36, 6, 8);
    expect(gridWork(shape, 64, 8)).toBe(expected);
  });
});

describe('narrowVolume', () => {
  it('shows the first columns of a stack, read through its readBrick', async () => {
    const stack = await writeOmeStack(join(dir.path, 'wide.ome.tif'), { x: 40, y: 6, z: 3 });
    const volume = await openVolume(stack.path);
    const narrow = narrowVolume(volume, 16);
    expect(narrow.shape).toEqual({ ...volume.shape, x: 16 });
    const box = { x: { start: 0, end: 16 }, y: { start: 0, end: 6 }, z: { start: 0, end: 3 } };
    expect(await narrow.readBrick(box)).toEqual(brickOf(stack.stackOf(0, 0), { x: 40, y: 6 }, box));
    const plane = { x: { start: 0, end: 16 }, y: { start: 0, end: 6 }, z: { start: 1, end: 2 } };
    expect(await narrow.readPlaneXY(1)).toEqual(brickOf(stack.stackOf(0, 0), { x: 40, y: 6 }, plane));
    await volume.close();
  });
});
