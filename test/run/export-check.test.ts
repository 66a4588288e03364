/**
 * What finalize and export check of a run's store: an incomplete run is exported only when a
 * partial export is asked for (and says how partial), a journaled unit whose chunk is gone is
 * refused by both, and a folder that is not a run is exported as it is.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runExportSource } from '../../app/run/export-check.js';
import { finalizeRun } from '../../app/run/finalize.js';
import { missingJournaledChunks } from '../../app/run/journaled-chunks.js';
import { readManifest } from '../../app/run/manifest.js';
import { openOmeZarr } from '../../app/volume/zarr/index.js';
import { tempDir } from '../helpers/fixtures.js';
import { handmadeRun } from './handmade-run.js';

const tmp = tempDir('isotrope-export-check-');
afterAll(() => tmp.remove());

describe('runExportSource', () => {
  it('a complete run exports its output.zarr, unmarked', async () => {
    const runDir = join(tmp.path, 'complete');
    await handmadeRun(runDir, [0, 1, 2, 3]);
    expect(await runExportSource(runDir)).toEqual({ path: join(runDir, 'output.zarr') });
  });

  it('an incomplete run is refused with one line, unless partial: then it says how partial', async () => {
    const runDir = join(tmp.path, 'half');
    await handmadeRun(runDir, [0, 3]);
    const refusal = await runExportSource(runDir).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ name: 'RunError', tag: 'incomplete' });
    expect((refusal as Error).message).toMatch(/2 of 4 units are not done yet \(units 1, 2\).*--partial/);
    expect((refusal as Error).message.split('\n')).toHaveLength(1);
    expect(await runExportSource(runDir, { partial: true })).toEqual({
      path: join(runDir, 'output.zarr'),
      partial: { unitsDone: 2, unitsTotal: 4 },
    });
  });

  it('a journaled unit whose chunk is gone is refused by export and finalize, naming the unit', async () => {
    const runDir = join(tmp.path, 'lost-chunk');
    await handmadeRun(runDir, [0, 1, 2, 3]);
    // Unit 2 is rows 6..12, planes 0..4: chunk (x 1, y 1, z 0).
    rmSync(join(runDir, 'output.zarr', '0', 'c', '0', '1', '1'));
    const store = await openOmeZarr(join(runDir, 'output.zarr'));
    expect(await missingJournaledChunks(store, await readManifest(runDir), [0, 1, 2, 3])).toEqual([
      { unit: 2, chunk: { x: 1, y: 1, z: 0 } },
    ]);
    for (const refusal of [
      await runExportSource(runDir).catch((e: unknown) => e),
      await runExportSource(runDir, { partial: true }).catch((e: unknown) => e),
      await finalizeRun(runDir).catch((e: unknown) => e),
    ]) {
      expect(refusal).toMatchObject({ name: 'RunError', tag: 'incomplete' });
      expect((refusal as Error).message).toMatch(
        /1 journaled unit\(s\) have chunks missing .*units 2;.*0\/c\/0\/1\/1/,
      );
      expect((refusal as Error).message.split('\n')).toHaveLength(1);
    }
  });

  it('a store or stack given directly (no manifest) is exported as it is', async () => {
    const runDir = join(tmp.path, 'complete');
    const store = join(runDir, 'output.zarr');
    expect(await runExportSource(store)).toEqual({ path: store });
  });
});
