/**
 * finalize's own guarantees (the assembly itself is checked against the run layer in
 * execute-run.test.ts and the API contract): finalized.json is written durably and last, so
 * it exists only when everything before it does; a run with a journaled unit whose chunk is
 * gone is refused before anything is written.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { finalizeRun } from '../../app/run/finalize.js';
import { isTempFile } from '../../app/volume/durable-file.js';
import { tempDir } from '../helpers/fixtures.js';
import { handmadeRun } from './handmade-run.js';

const tmp = tempDir('isotrope-finalize-');
afterAll(() => tmp.remove());

describe('finalizeRun', () => {
  it('writes finalized.json durably (no temp left) with the pyramid it built', async () => {
    const runDir = join(tmp.path, 'complete');
    await handmadeRun(runDir, [0, 1, 2, 3]);
    const result = await finalizeRun(runDir);
    const marker = JSON.parse(readFileSync(join(runDir, 'finalized.json'), 'utf8')) as {
      pyramidLevels: number;
    };
    expect(marker.pyramidLevels).toBe(result.pyramidLevels);
    expect(readdirSync(runDir).filter(isTempFile)).toEqual([]);
  });

  it('refuses a run that lost a journaled chunk, writing nothing', async () => {
    const runDir = join(tmp.path, 'lost');
    await handmadeRun(runDir, [0, 1, 2, 3]);
    rmSync(join(runDir, 'output.zarr', '0', 'c', '1', '0', '0'));
    await expect(finalizeRun(runDir)).rejects.toMatchObject({ tag: 'incomplete', message: /units 1;/ });
    expect(existsSync(join(runDir, 'finalized.json'))).toBe(false);
    expect(readdirSync(join(runDir, 'mips'))).toEqual([]);
  });
});
