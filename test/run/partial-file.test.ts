/**
 * Unit partials (MIPs, preview sums): a missing file is "no partial yet", but a file that exists
 * and cannot be read (here a directory where the file should be: EISDIR, as EIO would be) is a
 * tagged RunError naming the file, never silently "not computed".
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isRunError } from '../../app/run/errors.js';
import { assembleMips, mipFile } from '../../app/run/mips.js';
import { readPartial } from '../../app/run/partial-file.js';
import { assemblePreview, previewFile, readUnitPreview } from '../../app/run/preview.js';
import type { UnitGrid } from '../../app/run/unit-grid.js';
import { tempDir } from '../helpers/fixtures.js';

const grid: UnitGrid = { shape: { x: 8, y: 8, z: 8 }, unit: { y: 8, z: 8 } };

describe('unit partials', () => {
  it('read a missing file as absent', async () => {
    const dir = tempDir('isotrope-partial-');
    try {
      expect(await readPartial(join(dir.path, 'nothing.f32'), 'MIP partial')).toBeUndefined();
      expect(await readUnitPreview(dir.path, 0)).toBeUndefined();
      expect(await readUnitPreview(dir.path, 0, 'bicubic')).toBeUndefined();
    } finally {
      dir.remove();
    }
  });

  it('turn any other read failure into a tagged error naming the file', async () => {
    const dir = tempDir('isotrope-partial-');
    try {
      mkdirSync(mipFile(dir.path, 0), { recursive: true });
      mkdirSync(previewFile(dir.path, 0), { recursive: true });
      const mips = await assembleMips(dir.path, grid, [0]).catch((e: unknown) => e);
      expect(isRunError(mips) && mips.tag).toBe('bad-input');
      expect(isRunError(mips) && mips.file).toBe(mipFile(dir.path, 0));
      expect(String((mips as Error).message)).toMatch(/cannot read this MIP partial/);
      const preview = await assemblePreview(dir.path, grid, [0]).catch((e: unknown) => e);
      expect(isRunError(preview) && preview.tag).toBe('bad-input');
      expect(isRunError(preview) && preview.file).toBe(previewFile(dir.path, 0));
    } finally {
      dir.remove();
    }
  });
});
